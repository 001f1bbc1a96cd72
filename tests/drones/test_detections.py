"""识别 → 核查 → 事项, with grouping of repeats (the whole detection-to-case path)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gongzhi.cases.enums import CaseStatus, Channel
from gongzhi.cases.models import Case
from gongzhi.core.errors import InvalidState, NotFound, ValidationFailed
from gongzhi.drones import selectors, services
from gongzhi.drones.enums import DetectionSource, DetectionStatus, TaskType
from gongzhi.drones.models import Detection, DetectionSite
from tests.conftest import MakeStaff, centre
from tests.drones.conftest import World

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
pytestmark = pytest.mark.django_db


def ingest(world: World, lng: float = 120.475, lat: float = 30.055, **kw: object) -> Detection:
    values: dict[str, object] = dict(
        source=DetectionSource.DOCK_API,
        task_type=TaskType.ILLEGAL_BUILDING,
        confidence=0.91,
        lng=lng,
        lat=lat,
        detected_at=timezone.now() - timedelta(minutes=5),
        dock=world.dock,
    )
    values.update(kw)
    return services.detection_ingest(**values)  # type: ignore[arg-type]


def test_repeats_of_one_site_are_grouped_and_become_one_case_routed_by_authority(world: World) -> None:
    # given two detections 20 m apart, one of another kind nearby, and one far away
    first = ingest(world, external_id="dock-1")
    second = ingest(world, lng=120.4752, lat=30.0551, external_id="dock-2")
    other_kind = ingest(world, task_type=TaskType.STRAW_BURNING)
    far = ingest(world, lng=120.49, lat=30.05)
    assert first.site_id == second.site_id != other_kind.site_id
    assert far.site_id not in (first.site_id, other_kind.site_id)
    site = DetectionSite.objects.get(pk=first.site_id)
    assert site.detection_count == 2 and site.grid == world.grids["a"]
    # the grid worker sees the site in the queue and confirms it on the spot
    queue = list(selectors.site_queue(user=world.worker, operator=False))
    assert site in queue and DetectionSite.objects.get(pk=far.site_id) not in queue  # 祝家村's grid
    verified = services.site_verify(
        actor=world.worker, site_id=site.pk, confirmed=True, note="现场确认新增彩钢棚"
    )
    case = Case.objects.get(pk=verified.case_id)
    assert case.channel == Channel.DRONE_DETECTION
    assert case.region == world.grids["a"].region
    assert case.category is not None and case.category.name == "违章建筑"
    assert case.status == CaseStatus.DISPATCHED and case.lead_unit is not None
    assert case.lead_unit.function == "enforcement"  # 违章建筑 → 综合执法 (responsibility list)
    assert set(site.detections.values_list("status", flat=True)) == {DetectionStatus.CONFIRMED}
    # a later detection of the same site joins its case: no new case
    cases_before = Case.objects.count()
    third = ingest(world, lng=120.4751, lat=30.0550)
    assert third.site_id == site.pk and third.status == DetectionStatus.GROUPED
    assert Case.objects.count() == cases_before
    with pytest.raises(InvalidState):
        services.site_verify(actor=world.worker, site_id=site.pk, confirmed=True)


def test_a_false_alarm_is_closed_with_its_reason_and_reopens_when_seen_again(world: World) -> None:
    detection = ingest(world, task_type=TaskType.ILLEGAL_DUMPING)
    with pytest.raises(ValidationFailed):
        services.site_verify(actor=world.worker, site_id=detection.site_id, confirmed=False, note=" ")
    site = services.site_verify(
        actor=world.worker, site_id=detection.site_id, confirmed=False, note="是堆放的农资"
    )
    assert site.status == DetectionStatus.FALSE_ALARM and site.case_id is None
    again = ingest(world, task_type=TaskType.ILLEGAL_DUMPING)
    assert again.site_id == site.pk
    assert DetectionSite.objects.get(pk=site.pk).status == DetectionStatus.PENDING


def test_bad_detections_are_refused_and_repeats_of_a_dock_id_are_idempotent(world: World) -> None:
    with pytest.raises(ValidationFailed, match="不在本区"):
        ingest(world, lng=121.9, lat=31.2)
    with pytest.raises(ValidationFailed, match="置信度"):
        ingest(world, confidence=1.5)
    with pytest.raises(ValidationFailed, match="识别类型"):
        ingest(world, task_type="ufo")
    first = ingest(world, external_id="dock-42")
    assert ingest(world, external_id="dock-42").pk == first.pk
    assert Detection.objects.count() == 1


def test_photos_are_stored_by_their_bytes_with_metadata(world: World) -> None:
    detection = ingest(world)
    photo = services.detection_photo_add(
        detection=detection, range="near", content=JPEG, metadata={"altitude_m": 80, "heading": 135}
    )
    assert photo.content_type == "image/jpeg" and photo.metadata["heading"] == 135
    assert photo.file.read() == JPEG
    with pytest.raises(ValidationFailed, match="JPEG"):
        services.detection_photo_add(detection=detection, range="far", content=b"%PDF-1.4 nope")
    with pytest.raises(InvalidState):
        services.detection_photo_add(detection=detection, range="near", content=JPEG)


def test_only_the_grid_and_the_command_room_may_verify(world: World, make_staff: MakeStaff) -> None:
    detection = ingest(world)
    stranger = make_staff(centre("330603105211"), name="祝家村网格员")
    with pytest.raises(NotFound):
        services.site_verify(actor=stranger, site_id=detection.site_id, confirmed=True)
    assert DetectionSite.objects.get(pk=detection.site_id).status == DetectionStatus.PENDING
    assert services.site_verify(actor=world.command, site_id=detection.site_id, confirmed=True).case_id
