"""识别 → 核查 → 事项: detections arrive, are grouped by site, checked on the ground, become one case.

1. A detection (from the dock's software through the API, or uploaded by a pilot) must lie in
   the district; a repeat of the dock's own id returns the first one (idempotent).
2. It joins the site of the same kind within ``GROUP_RADIUS_M`` seen in the last ``GROUP_DAYS``
   days (a false-alarm site seen again is reopened for a new check); otherwise a new site.
   A site already confirmed keeps its one case: the new detection is linked to it, never a new case.
3. A grid worker of the site's grid verifies the *site* on the spot: confirmed → one case on the
   drone_detection channel, registered by the drone desk account, accepted, and dispatched to the
   unit with authority: the lowest level whose 权责清单 rule names a unit or a function (综合执法
   for 违章建筑) — the village's own step, finding and checking on the spot, has just been done by
   its grid worker. With no such rule the usual 631 routing applies. False alarm → closed with
   the reason.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongzhi.cases import services as case_services
from gongzhi.cases.enums import CaseKind, Channel
from gongzhi.cases.services.attachments import sniff_content_type
from gongzhi.core import audit
from gongzhi.core.errors import ApplicationError, InvalidState, ValidationFailed
from gongzhi.drones import access
from gongzhi.drones.conf import drone_setting
from gongzhi.drones.enums import DetectionSource, DetectionStatus, PhotoRange, TaskType
from gongzhi.drones.models import Detection, DetectionPhoto, DetectionSite, Dock, Flight
from gongzhi.grid import selectors as grid_selectors
from gongzhi.grid.services import require_point, system_desk
from gongzhi.org.enums import HANDLING_LEVELS, RegionLevel
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing import selectors as routing_selectors
from gongzhi.routing.models import Category

PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
PHOTO_MAX_BYTES = 20 * 1024 * 1024


def _invalid(field: str, zh: str, en: str, code: str = "") -> ValidationFailed:
    return ValidationFailed(zh, en, code=code or f"invalid_{field}", detail={"field": field})


def _distance_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    kx = 111_320.0 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lng2 - lng1) * kx, (lat2 - lat1) * 110_540.0)


def _site_for(*, task_type: str, lng: float, lat: float, at: datetime) -> DetectionSite:
    radius = float(drone_setting("GROUP_RADIUS_M"))
    d_lat = radius / 110_540.0
    d_lng = radius / (111_320.0 * math.cos(math.radians(lat)))
    since = at - timedelta(days=int(drone_setting("GROUP_DAYS")))
    candidates = DetectionSite.objects.select_for_update(of=("self",)).filter(
        task_type=task_type,
        lng__range=(lng - d_lng, lng + d_lng),
        lat__range=(lat - d_lat, lat + d_lat),
        last_seen__gte=since,
    )
    nearest = min(
        (s for s in candidates if _distance_m(s.lng, s.lat, lng, lat) <= radius),
        key=lambda s: _distance_m(s.lng, s.lat, lng, lat),
        default=None,
    )
    if nearest is not None:
        return nearest
    grid = grid_selectors.grid_locate(lng=lng, lat=lat)
    region = grid.region if grid is not None else Region.objects.get(level=RegionLevel.DISTRICT)
    return DetectionSite.objects.create(
        task_type=task_type, lng=lng, lat=lat, grid=grid, region=region, first_seen=at, last_seen=at
    )


@transaction.atomic
def detection_ingest(
    *,
    source: str,
    task_type: str,
    confidence: float,
    lng: float,
    lat: float,
    detected_at: datetime,
    external_id: str = "",
    flight: Flight | None = None,
    dock: Dock | None = None,
    reported_by: User | None = None,
) -> Detection:
    """Take in one detection (see the module note, 1–2); returns it (or the earlier one with its id)."""
    if source not in DetectionSource.values:
        raise _invalid("source", "来源无效", "unknown source")
    if task_type not in TaskType.values:
        raise _invalid("task_type", "识别类型无效", "unknown detection type")
    if not (isinstance(confidence, int | float) and 0 <= confidence <= 1):
        raise _invalid("confidence", "置信度须在 0–1 之间", "confidence must be between 0 and 1")
    if timezone.is_naive(detected_at):
        raise _invalid("detected_at", "识别时间须带时区", "detected_at needs a time zone")
    if detected_at > timezone.now() + timedelta(minutes=5):
        raise _invalid("detected_at", "识别时间晚于当前时间", "detected_at is in the future")
    external_id = external_id.strip()[:80]
    if external_id:
        earlier = Detection.objects.filter(source=source, external_id=external_id).first()
        if earlier is not None:
            return earlier
    require_point(lng, lat)
    site = _site_for(task_type=task_type, lng=lng, lat=lat, at=detected_at)
    grouped = site.case_id is not None and site.status == DetectionStatus.CONFIRMED
    if site.status == DetectionStatus.FALSE_ALARM:
        site.status = DetectionStatus.PENDING  # seen again: look again
    site.detection_count += 1
    site.last_seen = max(site.last_seen, detected_at)
    site.save()
    detection = Detection.objects.create(
        site=site,
        flight=flight,
        dock=dock or (flight.dock if flight else None),
        source=source,
        external_id=external_id,
        task_type=task_type,
        confidence=float(confidence),
        lng=lng,
        lat=lat,
        detected_at=detected_at,
        status=DetectionStatus.GROUPED if grouped else DetectionStatus.PENDING,
        reported_by=reported_by,
    )
    audit.append(
        subject_type="detection",
        subject_id=detection.pk,
        action="detection.ingest",
        actor=reported_by,
        after={
            "site": site.pk,
            "task_type": task_type,
            "confidence": confidence,
            "grouped": grouped,
            "case": site.case_id,
        },
    )
    return detection


@transaction.atomic
def detection_photo_add(
    *,
    detection: Detection,
    range: str,
    content: bytes,
    filename: str = "photo.jpg",
    taken_at: datetime | None = None,
    metadata: dict[str, Any] | None = None,
    actor: User | None = None,
) -> DetectionPhoto:
    """Store a far/middle/near photo by its bytes (type sniffed, not trusted) with its metadata."""
    if range not in PhotoRange.values:
        raise _invalid("range", "照片景别须为远景/中景/近景", "range must be far, middle or near")
    if not content or len(content) > PHOTO_MAX_BYTES:
        raise _invalid("file", "照片为空或超过 20 MB", "the photo is empty or larger than 20 MB")
    content_type = sniff_content_type(content[:32])
    if content_type not in PHOTO_TYPES:
        raise _invalid("file", "只接受 JPEG/PNG/WebP 照片", "only JPEG, PNG or WebP photos")
    if DetectionPhoto.objects.filter(detection=detection, range=range).exists():
        raise InvalidState("该景别照片已上传", "a photo of this range is already stored", code="photo_exists")
    suffix = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}[content_type]
    photo = DetectionPhoto(
        detection=detection,
        range=range,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        taken_at=taken_at,
        metadata=metadata or {},
    )
    photo.file.save(f"{range}{suffix}", ContentFile(content), save=False)
    photo.save()
    audit.append(
        subject_type="detection",
        subject_id=detection.pk,
        action="detection.photo",
        actor=actor,
        after={"range": range, "sha256": photo.sha256, "size": photo.size},
    )
    return photo


def _authority(category: Category | None, region: Region) -> Unit | None:
    if category is None:
        return None
    for level in HANDLING_LEVELS:
        rule = routing_selectors.rule_for(category=category, level=level)
        if rule is not None and (rule.unit_id or rule.unit_function):
            unit = routing_selectors.responsible_unit(category=category, region=region, level=level)
            if unit is not None:
                return unit
    return None


def _category(task_type: str) -> Category | None:
    code = dict(drone_setting("TASK_CATEGORY")).get(task_type)
    return Category.objects.filter(code=code).first() if code else None


@transaction.atomic
def site_verify(*, actor: User, site_id: int, confirmed: bool, note: str = "") -> DetectionSite:
    """核查 on the ground (see the module note, 3). A site confirmed before is not verified twice."""
    site = access.site_get_for_verifier(actor, site_id)
    site = (
        DetectionSite.objects.select_for_update(of=("self",))
        .select_related("grid__region", "region")
        .get(pk=site.pk)
    )
    if site.status != DetectionStatus.PENDING:
        raise InvalidState(
            "该点位不在待核查状态", "the site is not awaiting verification", code="not_pending"
        )
    if not confirmed and not note.strip():
        raise _invalid("note", "误报须说明理由", "a false alarm needs a reason")
    now = timezone.now()
    status = DetectionStatus.CONFIRMED if confirmed else DetectionStatus.FALSE_ALARM
    pending = site.detections.filter(status=DetectionStatus.PENDING)
    count = pending.update(status=status, verified_by=actor, verified_at=now, verification_note=note.strip())
    site.status = status
    if confirmed and site.case_id is None:
        site.case = _open_case(site=site, verifier=actor, note=note)
    site.save()
    audit.append(
        subject_type="detection_site",
        subject_id=site.pk,
        action="detection_site.verify",
        actor=actor,
        after={"status": status, "detections": count, "case": site.case_id},
        reason=note,
    )
    return site


def _open_case(*, site: DetectionSite, verifier: User, note: str) -> Any:
    desk, centre = system_desk(username="drone-desk", display_name="无人机巡查（系统）", region=site.region)
    label = TaskType(site.task_type).label
    place = site.grid.region.name if site.grid is not None else site.region.name
    detections = list(site.detections.order_by("detected_at"))
    lines = [
        f"无人机巡查识别：{label}，位置 {site.lng:.6f}, {site.lat:.6f}（{place}）。",
        f"识别 {len(detections)} 次，首次 {timezone.localtime(site.first_seen):%Y-%m-%d %H:%M}，"
        f"最高置信度 {max((d.confidence for d in detections), default=0):.0%}。",
        f"网格员 {verifier} 现场核查确认。{note.strip()}",
    ]
    category = _category(site.task_type)
    case = case_services.case_intake(
        actor=desk,
        channel=Channel.DRONE_DETECTION,
        kind=CaseKind.EVENT,
        subject=f"无人机识别：{label}（{place}）",
        description="\n".join(lines),
        region=site.region,
        category=category,
        reporter_name="无人机巡查",
        reporter_address=place,
        latitude=Decimal(f"{site.lat:.6f}"),
        longitude=Decimal(f"{site.lng:.6f}"),
        intake_unit=centre,
    )
    case_services.case_accept(
        actor=desk, case_id=case.pk, dispatch=False, note="无人机识别经网格员现场核查确认"
    )
    try:
        with transaction.atomic():
            case = case_services.case_dispatch(
                actor=desk,
                case_id=case.pk,
                unit=_authority(category, site.region),
                reason="按权责清单派至有权处置单位（无人机识别，网格员已现场核查）",
            )
    except ApplicationError:
        pass  # no unit named by the responsibility list: it waits, accepted, for a dispatcher
    return case
