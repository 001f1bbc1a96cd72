"""Writes for the grid: shapes, people, patrols, and reports (即采即办 and reports that become cases)."""

from __future__ import annotations

import itertools
import math
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from shapely.geometry import shape

from gongzhi.cases import services as case_services
from gongzhi.cases.enums import CaseKind, Channel
from gongzhi.cases.models import Case
from gongzhi.core import audit
from gongzhi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from gongzhi.grid import selectors
from gongzhi.grid.enums import (
    FIELD_ROLES,
    DedicatedKind,
    GridKind,
    GridRole,
    PatrolStatus,
    ReportKind,
    ReportStatus,
)
from gongzhi.grid.models import CheckIn, Grid, GridMember, GridReport, Patrol
from gongzhi.grid.spatial import ShapeError, read_geojson, read_shapefile, to_geojson
from gongzhi.org import selectors as org_selectors
from gongzhi.org import services as org_services
from gongzhi.org.enums import RegionLevel, Role
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing.models import Category

VERIFIER_ROLES = (GridRole.GRID_LEADER, GridRole.INSTRUCTOR)


def _invalid(field: str, zh: str, en: str, code: str = "") -> ValidationFailed:
    return ValidationFailed(zh, en, code=code or f"invalid_{field}", detail={"field": field})


def _haversine_m(a: Sequence[float], b: Sequence[float]) -> float:
    lng1, lat1, lng2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def require_point(lng: float, lat: float, *, field: str = "lng") -> None:
    """Coordinates must be numbers inside the district (WGS-84)."""
    if not (isinstance(lng, int | float) and isinstance(lat, int | float)) or not (
        math.isfinite(lng) and math.isfinite(lat)
    ):
        raise _invalid(field, "坐标无效", "invalid coordinates")
    if not selectors.point_in_district(lng=lng, lat=lat):
        raise _invalid(
            field,
            f"坐标 ({lng:.6f}, {lat:.6f}) 不在本区范围内（请确认是 WGS-84 坐标）",
            "the point lies outside the district (coordinates must be WGS-84)",
            "outside_district",
        )


def system_desk(*, username: str, display_name: str, region: Region) -> tuple[User, Unit]:
    """A system account with the intake role at the centre nearest ``region`` (village → town → district).

    Like the online desk (cases.services.public): the account, not a person who did not act, is
    the actor on record when a grid report or a verified drone detection is registered.
    """
    centre = None
    for level in (RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT):
        centre = org_selectors.centre_at_level(region=region, level=level)
        if centre is not None:
            break
    if centre is None:
        raise InvalidState(
            "该属地没有社会治理中心", "no governance centre covers this place", code="no_centre"
        )
    user = User.objects.filter(username=username).first()
    if user is None:
        user = org_services.staff_create(
            username=username,
            display_name=display_name,
            password=secrets.token_urlsafe(32),
            check_password_strength=False,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    org_services.membership_grant(user=user, unit=centre, role=Role.INTAKE_CLERK)
    org_services.membership_grant(user=user, unit=centre, role=Role.DISPATCHER)
    return user, centre


# --- shapes ------------------------------------------------------------------------------------


@transaction.atomic
def grid_create(
    *,
    village: Region,
    code: str,
    name: str,
    kind: str,
    geometry: dict[str, Any],
    households: int = 0,
    residents: int = 0,
    dedicated_kind: str = "",
    parent: Grid | None = None,
    is_generated: bool = False,
    source: str = "",
    actor: User | None = None,
) -> Grid:
    """A grid (or micro-grid) with its shape; its Region (level grid / micro_grid) is created with it."""
    code, name = code.strip(), name.strip()
    if kind not in GridKind.values:
        raise _invalid("kind", "网格类型无效", "unknown grid kind")
    if village.level != RegionLevel.VILLAGE:
        raise _invalid("village", "网格须属于一个村（社区）", "a grid belongs to a village or community")
    if kind == GridKind.DEDICATED and dedicated_kind not in DedicatedKind.values:
        raise _invalid("dedicated_kind", "专属网格须注明类型", "a dedicated grid needs its kind")
    if (kind == GridKind.MICRO) != (parent is not None):
        raise _invalid("parent", "微网格须属于一个网格", "a micro-grid (and only it) has a parent grid")
    if not code or len(code) > 20 or not name:
        raise _invalid("code", "网格编码（≤20 位）和名称必填", "code (≤ 20 characters) and name are required")
    if Region.objects.filter(code=code).exists():
        raise _invalid("code", f"编码 {code} 已存在", "the code is already used", "duplicate_code")
    if households < 0 or residents < 0:
        raise _invalid("households", "户数和人数不能为负", "households and residents cannot be negative")
    try:
        polygon = read_geojson(geometry)[0][1]
    except ShapeError as error:
        raise _invalid("geometry", str(error), "invalid grid shape", "invalid_geometry") from None
    if not selectors.point_in_district(
        lng=polygon.representative_point().x, lat=polygon.representative_point().y
    ):
        raise _invalid(
            "geometry",
            "网格不在本区范围内（须为 WGS-84）",
            "the grid lies outside the district",
            "outside_district",
        )
    if parent is not None:
        outside = polygon.difference(shape(parent.geometry)).area
        if outside > 0.05 * polygon.area:
            raise _invalid(
                "geometry",
                "微网格超出所属网格范围",
                "the micro-grid extends beyond its grid",
                "outside_parent",
            )
    parent_region = parent.region if parent is not None else village
    region = Region.objects.create(
        code=code,
        name=name,
        level=RegionLevel.MICRO_GRID if parent is not None else RegionLevel.GRID,
        parent=parent_region,
        path=f"{parent_region.path}/{code}",
        urban_rural_code=village.urban_rural_code,
        population=residents or None,
    )
    minx, miny, maxx, maxy = polygon.bounds
    centre = polygon.representative_point()
    grid = Grid.objects.create(
        region=region,
        village=village,
        parent=parent,
        kind=kind,
        dedicated_kind=dedicated_kind,
        households=households,
        residents=residents,
        geometry=to_geojson(polygon),
        min_lng=minx,
        min_lat=miny,
        max_lng=maxx,
        max_lat=maxy,
        centre_lng=centre.x,
        centre_lat=centre.y,
        is_generated=is_generated,
        source=source[:200],
    )
    audit.append(
        subject_type="grid",
        subject_id=grid.pk,
        action="grid.create",
        actor=actor,
        after={"code": code, "name": name, "kind": kind, "village": village.code, "generated": is_generated},
    )
    return grid


@transaction.atomic
def grids_import(
    *,
    data: bytes,
    file_format: str,
    datum: str = "wgs84",
    actor: User | None = None,
    source: str = "",
    default_kind: str = GridKind.RURAL,
) -> dict[str, int]:
    """Import grid polygons from GeoJSON or a zipped Shapefile — all or nothing.

    Each feature needs ``code``, ``name`` and ``village_code`` (12-digit 统计用区划代码);
    optional ``kind``, ``households``, ``residents``, ``dedicated_kind``, ``parent_code``
    (micro-grids). ``datum="gcj02"`` converts Chinese web-map coordinates to WGS-84 first.
    Any bad feature refuses the whole file with every problem listed, so nothing half-lands.
    """
    try:
        features = (
            read_shapefile(data, datum=datum)
            if file_format == "shapefile"
            else read_geojson(data, datum=datum)
        )
    except ShapeError as error:
        raise _invalid("file", str(error), "the file cannot be read", "invalid_file") from None
    problems: list[str] = []
    created = 0
    for number, (props, polygon) in enumerate(features, start=1):
        village = Region.objects.filter(
            code=str(props.get("village_code", "")).strip(), level="village"
        ).first()
        parent_code = str(props.get("parent_code") or "").strip()
        parent = Grid.objects.filter(region__code=parent_code).first() if parent_code else None
        if village is None:
            problems.append(f"第 {number} 个要素：村社代码 {props.get('village_code')!r} 不存在")
            continue
        if parent_code and parent is None:
            problems.append(f"第 {number} 个要素：上级网格 {parent_code} 不存在")
            continue
        try:
            with transaction.atomic():
                grid_create(
                    village=village,
                    code=str(props.get("code") or ""),
                    name=str(props.get("name") or ""),
                    kind=str(props.get("kind") or (GridKind.MICRO if parent else default_kind)),
                    geometry=to_geojson(polygon),
                    households=int(props.get("households") or 0),
                    residents=int(props.get("residents") or 0),
                    dedicated_kind=str(props.get("dedicated_kind") or ""),
                    parent=parent,
                    source=source,
                    actor=actor,
                )
            created += 1
        except (ValidationFailed, ValueError, TypeError) as error:
            problems.append(f"第 {number} 个要素：{getattr(error, 'message_zh', error)}")
    if problems:
        raise ValidationFailed(
            f"导入失败，共 {len(problems)} 处问题：" + "；".join(problems[:10]),
            f"import refused: {len(problems)} problems",
            code="import_failed",
            detail={"field": "file", "problems": problems},
        )
    return {"created": created}


@transaction.atomic
def grid_member_assign(*, grid: Grid, user: User, role: str, actor: User | None = None) -> GridMember:
    if role not in GridRole.values:
        raise _invalid("role", "网格岗位无效", "unknown grid role")
    if role == GridRole.MICRO_LEADER and grid.parent_id is None:
        raise _invalid("role", "微网格长只设在微网格", "a micro-grid leader belongs to a micro-grid")
    member, created = GridMember.objects.update_or_create(
        grid=grid, user=user, role=role, defaults={"is_active": True}
    )
    audit.append(
        subject_type="grid",
        subject_id=grid.pk,
        action="grid.member_assign",
        actor=actor,
        after={"user": user.pk, "role": role, "new": created},
    )
    # The org role that lets the person into the staff pages of their village.
    centre = org_selectors.centre_at_level(region=grid.village, level=RegionLevel.VILLAGE)
    if centre is not None and role in FIELD_ROLES:
        org_services.membership_grant(user=user, unit=centre, role=Role.GRID_WORKER, actor=actor)
    return member


# --- patrols -----------------------------------------------------------------------------------


def _require_field_role(worker: User, grid: Grid) -> None:
    if not selectors.user_has_grid_role(user=worker, grid=grid, roles=[*FIELD_ROLES, GridRole.INSTRUCTOR]):
        raise PermissionDenied("您不是该网格的网格员", "you hold no role in this grid")


@transaction.atomic
def patrol_start(*, worker: User, grid: Grid) -> Patrol:
    _require_field_role(worker, grid)
    if selectors.open_patrol(worker=worker) is not None:
        raise InvalidState("已有进行中的巡查", "a patrol is already open", code="patrol_open")
    patrol = Patrol.objects.create(grid=grid, worker=worker, started_at=timezone.now())
    audit.append(
        subject_type="patrol",
        subject_id=patrol.pk,
        action="patrol.start",
        actor=worker,
        after={"grid": grid.pk},
    )
    return patrol


def _open_patrol_locked(worker: User) -> Patrol:
    patrol = (
        Patrol.objects.select_for_update(of=("self",)).filter(worker=worker, status=PatrolStatus.OPEN).first()
    )
    if patrol is None:
        raise InvalidState("没有进行中的巡查", "no open patrol", code="no_open_patrol")
    return patrol


@transaction.atomic
def patrol_track_add(*, worker: User, points: Sequence[Sequence[float]]) -> Patrol:
    """Append GPS fixes ``[lng, lat, unix_seconds]`` (WGS-84) to the worker's open patrol."""
    patrol = _open_patrol_locked(worker)
    clean: list[list[float]] = []
    for index, point in enumerate(points):
        if len(point) != 3 or not all(isinstance(v, int | float) and math.isfinite(v) for v in point):
            raise _invalid(
                f"points[{index}]", "轨迹点须为 [经度, 纬度, 时间戳]", "a fix is [lng, lat, unix seconds]"
            )
        if not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90):
            raise _invalid(f"points[{index}]", "轨迹点坐标超出范围", "a fix is out of range")
        clean.append([float(point[0]), float(point[1]), float(point[2])])
    track = [*patrol.track, *clean]
    track.sort(key=lambda p: p[2])
    patrol.track = track
    patrol.distance_m = int(sum(_haversine_m(a, b) for a, b in itertools.pairwise(track)))
    patrol.save(update_fields=["track", "distance_m", "updated_at"])
    return patrol


@transaction.atomic
def patrol_check_in(*, worker: User, lng: float, lat: float, note: str = "") -> CheckIn:
    patrol = _open_patrol_locked(worker)
    require_point(lng, lat)
    located = selectors.grid_locate(lng=lng, lat=lat)
    inside = located is not None and located.pk in (
        patrol.grid_id,
        *patrol.grid.micro_grids.values_list("id", flat=True),
    )
    check_in = CheckIn.objects.create(
        patrol=patrol, at=timezone.now(), lng=lng, lat=lat, is_inside_grid=inside, note=note[:200]
    )
    audit.append(
        subject_type="patrol",
        subject_id=patrol.pk,
        action="patrol.check_in",
        actor=worker,
        after={"lng": lng, "lat": lat, "inside": inside},
    )
    return check_in


@transaction.atomic
def patrol_end(*, worker: User) -> Patrol:
    patrol = _open_patrol_locked(worker)
    patrol.status = PatrolStatus.DONE
    patrol.ended_at = timezone.now()
    patrol.save(update_fields=["status", "ended_at", "updated_at"])
    audit.append(
        subject_type="patrol",
        subject_id=patrol.pk,
        action="patrol.end",
        actor=worker,
        after={"distance_m": patrol.distance_m, "check_ins": patrol.check_ins.count()},
    )
    return patrol


# --- reports -----------------------------------------------------------------------------------


def _place(lng: float, lat: float) -> Grid:
    require_point(lng, lat)
    grid = selectors.grid_locate(lng=lng, lat=lat)
    if grid is None:
        raise _invalid("lng", "该位置不在任何网格内", "the point lies in no grid", "outside_grids")
    return grid


@transaction.atomic
def report_fix_on_spot(
    *,
    reporter: User,
    lng: float,
    lat: float,
    subject: str,
    description: str,
    action_taken: str,
    category: Category | None = None,
) -> GridReport:
    """即采即办: found and fixed on the spot; it waits for the grid leader's (or instructor's) check."""
    if not action_taken.strip():
        raise _invalid("action_taken", "请说明现场处置情况", "say what was done on the spot")
    if not subject.strip():
        raise _invalid("subject", "请填写事项标题", "a subject is required")
    grid = _place(lng, lat)
    _require_field_role(reporter, grid)
    report = GridReport.objects.create(
        grid=grid,
        reporter=reporter,
        kind=ReportKind.FIX_ON_SPOT,
        status=ReportStatus.AWAITING_VERIFICATION,
        subject=subject.strip()[:200],
        description=description.strip(),
        category=category,
        lng=lng,
        lat=lat,
        reported_at=timezone.now(),
        action_taken=action_taken.strip(),
    )
    audit.append(
        subject_type="grid_report",
        subject_id=report.pk,
        action="grid_report.fix_on_spot",
        actor=reporter,
        after={"grid": grid.region.code, "status": report.status},
    )
    return report


@transaction.atomic
def report_verify(*, actor: User, report_id: int, approved: bool, note: str = "") -> GridReport:
    """核查 of an 即采即办 report by the grid leader or instructor (never the reporter)."""
    report = (
        GridReport.objects.select_for_update(of=("self",)).select_related("grid").filter(pk=report_id).first()
    )
    if report is None or not selectors.user_has_grid_role(user=actor, grid=report.grid, roles=VERIFIER_ROLES):
        from gongzhi.core.errors import NotFound

        raise NotFound("上报", "report")
    if report.status != ReportStatus.AWAITING_VERIFICATION:
        raise InvalidState(
            "该上报不在待核查状态", "the report is not awaiting verification", code="not_awaiting"
        )
    if report.reporter_id == actor.pk:
        raise PermissionDenied("不能核查本人的上报", "nobody verifies their own report", code="own_report")
    if not approved and not note.strip():
        raise _invalid("note", "核查未通过须说明理由", "a rejection needs a reason")
    before = {"status": report.status}
    report.status = ReportStatus.VERIFIED if approved else ReportStatus.REJECTED
    report.verified_by, report.verified_at, report.verification_note = actor, timezone.now(), note.strip()
    report.save(update_fields=["status", "verified_by", "verified_at", "verification_note", "updated_at"])
    audit.append(
        subject_type="grid_report",
        subject_id=report.pk,
        action="grid_report.verify",
        actor=actor,
        before=before,
        after={"status": report.status},
        reason=note,
    )
    return report


@transaction.atomic
def report_submit(
    *,
    reporter: User,
    lng: float,
    lat: float,
    subject: str,
    description: str,
    category: Category | None = None,
    kind: str = CaseKind.EVENT,
) -> tuple[GridReport, Case]:
    """网格上报 → a case on the grid_report channel, placed in the grid (and so its village) by
    point-in-polygon and registered at the nearest centre by the grid desk account."""
    grid = _place(lng, lat)
    _require_field_role(reporter, grid)
    desk, centre = system_desk(username="grid-desk", display_name="网格上报（系统）", region=grid.region)
    case = case_services.case_intake(
        actor=desk,
        channel=Channel.GRID_REPORT,
        kind=kind,
        subject=subject,
        description=description,
        region=grid.region,
        category=category,
        reporter_name=str(reporter),
        reporter_phone=reporter.phone or "",
        reporter_address=f"{grid.region.name}（网格员上报）",
        reporter=reporter,
        latitude=Decimal(f"{lat:.6f}"),
        longitude=Decimal(f"{lng:.6f}"),
        intake_unit=centre,
    )
    report = GridReport.objects.create(
        grid=grid,
        reporter=reporter,
        kind=ReportKind.CASE,
        status=ReportStatus.CASE_OPENED,
        subject=case.subject,
        description=case.description,
        category=category,
        lng=lng,
        lat=lat,
        reported_at=timezone.now(),
        case=case,
    )
    audit.append(
        subject_type="grid_report",
        subject_id=report.pk,
        action="grid_report.submit",
        actor=reporter,
        after={"grid": grid.region.code, "case": case.tracking_code},
    )
    return report, case
