"""Grids in the database: placement, import, roles, patrols, 即采即办 and reports that become cases."""

from __future__ import annotations

import json

import pytest

from gongzhi.cases.enums import Channel
from gongzhi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from gongzhi.core.models import AuditEvent
from gongzhi.grid import selectors, services
from gongzhi.grid.enums import GridKind, GridRole, ReportStatus
from gongzhi.grid.models import Grid, GridReport
from gongzhi.org.enums import RegionLevel, Role
from gongzhi.org.models import Region
from tests.conftest import WANGHUA, MakeStaff, centre, region
from tests.grid.helpers import make_grids, square

pytestmark = pytest.mark.django_db


def test_points_are_placed_in_the_smallest_grid_and_its_village() -> None:
    grids = make_grids()
    assert selectors.grid_locate(lng=120.467, lat=30.047) == grids["micro"]
    assert selectors.grid_locate(lng=120.475, lat=30.055) == grids["a"]
    assert selectors.grid_locate(lng=120.49, lat=30.05) == grids["b"]
    assert selectors.grid_locate(lng=120.40, lat=30.10) is None
    # the grid is a Region of level grid under its village, the micro-grid under its grid
    assert grids["a"].region.level == RegionLevel.GRID and grids["a"].region.parent == region(WANGHUA)
    assert grids["micro"].region.path.startswith(grids["a"].region.path + "/")
    ids = selectors.grid_locate_many(lngs=[120.467, 120.49, 0.0], lats=[30.047, 30.05, 0.0])
    assert ids.tolist() == [grids["micro"].pk, grids["b"].pk, -1]


def test_a_grid_outside_the_district_or_beyond_its_parent_is_refused() -> None:
    grids = make_grids()
    with pytest.raises(ValidationFailed, match="不在本区"):
        services.grid_create(
            village=region(WANGHUA),
            code="X1",
            name="外",
            kind=GridKind.RURAL,
            geometry=square(121.5, 31, 121.6, 31.1),
        )
    with pytest.raises(ValidationFailed, match="超出所属网格"):
        services.grid_create(
            village=region(WANGHUA),
            code="X2",
            name="外溢",
            kind=GridKind.MICRO,
            parent=grids["a"],
            geometry=square(120.475, 30.05, 120.49, 30.055),
        )
    with pytest.raises(ValidationFailed, match="专属网格"):
        services.grid_create(
            village=region(WANGHUA),
            code="X3",
            name="学校",
            kind=GridKind.DEDICATED,
            geometry=square(120.461, 30.041, 120.462, 30.042),
        )
    assert not Region.objects.filter(code__in=["X1", "X2", "X3"]).exists()


def test_import_is_all_or_nothing_and_names_every_problem() -> None:
    good = {
        "type": "Feature",
        "properties": {"code": "IMP1", "name": "一", "village_code": WANGHUA},
        "geometry": square(120.46, 30.0, 120.47, 30.01),
    }
    bad_village = {
        "type": "Feature",
        "properties": {"code": "IMP2", "name": "二", "village_code": "999"},
        "geometry": square(120.47, 30.0, 120.48, 30.01),
    }
    data = json.dumps({"type": "FeatureCollection", "features": [good, bad_village]}).encode()
    with pytest.raises(ValidationFailed) as refused:
        services.grids_import(data=data, file_format="geojson")
    assert "999" in refused.value.message_zh and len(refused.value.detail["problems"]) == 1
    assert not Grid.objects.exists()
    single = json.dumps({"type": "FeatureCollection", "features": [good]}).encode()
    assert services.grids_import(data=single, file_format="geojson") == {"created": 1}
    with pytest.raises(ValidationFailed, match="GeoJSON"):
        services.grids_import(data=b"{oops", file_format="geojson")


def test_patrol_track_and_check_ins(make_staff: MakeStaff) -> None:
    grids = make_grids()
    worker = make_staff(centre(WANGHUA), name="网格员")
    services.grid_member_assign(grid=grids["a"], user=worker, role=GridRole.FULL_TIME)
    assert worker.memberships.filter(role=Role.GRID_WORKER).exists()
    patrol = services.patrol_start(worker=worker, grid=grids["a"])
    with pytest.raises(InvalidState):
        services.patrol_start(worker=worker, grid=grids["a"])
    services.patrol_track_add(worker=worker, points=[[120.47, 30.05, 1000], [120.471, 30.05, 1060]])
    inside = services.patrol_check_in(worker=worker, lng=120.467, lat=30.047, note="微网格")
    outside = services.patrol_check_in(worker=worker, lng=120.49, lat=30.05)
    ended = services.patrol_end(worker=worker)
    assert ended.pk == patrol.pk and ended.status == "done"
    assert 90 < ended.distance_m < 100  # 0.001° of longitude at 30° N ≈ 96 m
    assert inside.is_inside_grid and not outside.is_inside_grid


def test_fix_on_spot_waits_for_a_leader_who_is_not_the_reporter(make_staff: MakeStaff) -> None:
    grids = make_grids()
    worker = make_staff(centre(WANGHUA), name="网格员")
    leader = make_staff(centre(WANGHUA), name="网格长")
    services.grid_member_assign(grid=grids["a"], user=worker, role=GridRole.PART_TIME)
    services.grid_member_assign(grid=grids["a"], user=leader, role=GridRole.GRID_LEADER)
    report = services.report_fix_on_spot(
        reporter=worker,
        lng=120.475,
        lat=30.055,
        subject="井盖缺失",
        description="路口井盖缺失",
        action_taken="已放置警示锥并通知维修",
    )
    assert report.status == ReportStatus.AWAITING_VERIFICATION and report.grid == grids["a"]
    assert list(selectors.reports_awaiting_verification(user=leader)) == [report]
    with pytest.raises(ValidationFailed):
        services.report_verify(actor=leader, report_id=report.pk, approved=False, note="")
    verified = services.report_verify(actor=leader, report_id=report.pk, approved=True, note="已复核")
    assert verified.status == ReportStatus.VERIFIED and verified.verified_by == leader
    with pytest.raises(PermissionDenied):
        services.report_fix_on_spot(
            reporter=make_staff(centre(WANGHUA)),
            lng=120.475,
            lat=30.055,
            subject="x",
            description="xxxx",
            action_taken="y",
        )


def test_a_grid_report_becomes_a_case_placed_in_its_grid(make_staff: MakeStaff) -> None:
    grids = make_grids()
    worker = make_staff(centre(WANGHUA), name="网格员")
    services.grid_member_assign(grid=grids["a"], user=worker, role=GridRole.FULL_TIME)
    report, case = services.report_submit(
        reporter=worker, lng=120.467, lat=30.047, subject="占道堆物", description="村道旁堆放建筑垃圾"
    )
    case.refresh_from_db()
    assert case.channel == Channel.GRID_REPORT
    assert case.region == grids["micro"].region and case.village == region(WANGHUA)
    assert case.intake_unit == centre(WANGHUA)
    assert GridReport.objects.get(pk=report.pk).case == case
    assert AuditEvent.objects.filter(subject_type="grid_report", subject_id=report.pk).exists()
    with pytest.raises(ValidationFailed, match="不在本区"):
        services.report_submit(reporter=worker, lng=121.9, lat=31.2, subject="外", description="区外的点位")
