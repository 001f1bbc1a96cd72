"""巡查需求: departments' standing requests for a look from the air."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db import transaction

from gongzhi.core import audit
from gongzhi.core.errors import ValidationFailed
from gongzhi.drones import access
from gongzhi.drones.enums import Frequency, RequestStatus, TargetKind, TaskType
from gongzhi.drones.models import InspectionRequest
from gongzhi.grid import selectors as grid_selectors
from gongzhi.org.models import Unit, User
from gongzhi.routing.models import Category

GEOMETRY_OF_KIND = {TargetKind.POINT: "Point", TargetKind.LINE: "LineString", TargetKind.AREA: "Polygon"}


def _invalid(field: str, zh: str, en: str, code: str = "") -> ValidationFailed:
    return ValidationFailed(zh, en, code=code or f"invalid_{field}", detail={"field": field})


def target_coordinates(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    """The (lng, lat) positions of a Point / LineString / Polygon (outer ring)."""
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        coords = [coords]
    elif kind == "Polygon":
        coords = coords[0] if coords else []
    return [(float(c[0]), float(c[1])) for c in coords or []]


def validate_target(kind: str, geometry: dict[str, Any]) -> list[tuple[float, float]]:
    if kind not in TargetKind.values:
        raise _invalid("target_kind", "目标类型无效", "unknown target kind")
    if not isinstance(geometry, dict) or geometry.get("type") != GEOMETRY_OF_KIND[TargetKind(kind)]:
        raise _invalid(
            "geometry",
            f"{TargetKind(kind).label}目标须为 GeoJSON {GEOMETRY_OF_KIND[TargetKind(kind)]}",
            "the geometry does not match the target kind",
        )
    try:
        points = target_coordinates(geometry)
    except (TypeError, ValueError, IndexError, KeyError):
        raise _invalid("geometry", "坐标无法解析", "unreadable coordinates") from None
    needed = {TargetKind.POINT: 1, TargetKind.LINE: 2, TargetKind.AREA: 4}[TargetKind(kind)]
    if len(points) < needed:
        raise _invalid("geometry", "坐标点数不足", "too few positions for this kind of target")
    outside = [p for p in points if not grid_selectors.point_in_district(lng=p[0], lat=p[1])]
    if outside:
        raise _invalid(
            "geometry",
            f"目标有 {len(outside)} 个坐标点不在本区范围内（须为 WGS-84）",
            "part of the target lies outside the district",
            "outside_district",
        )
    return points


@transaction.atomic
def inspection_request_create(
    *,
    actor: User,
    department: Unit,
    title: str,
    task_type: str,
    target_kind: str,
    geometry: dict[str, Any],
    start_date: date,
    frequency: str = Frequency.DAILY,
    weekday: int | None = None,
    end_date: date | None = None,
    window_start: time | None = None,
    window_end: time | None = None,
    dwell_s: int = 60,
    site_key: str = "",
    category: Category | None = None,
) -> InspectionRequest:
    access.require_department(actor, department)
    if not title.strip():
        raise _invalid("title", "请填写需求名称", "a title is required")
    if task_type not in TaskType.values:
        raise _invalid("task_type", "巡查类型无效", "unknown task type")
    if frequency not in Frequency.values:
        raise _invalid("frequency", "频次无效", "unknown frequency")
    if frequency == Frequency.WEEKLY and (weekday is None or not 0 <= weekday <= 6):
        raise _invalid("weekday", "每周巡查须指定星期几", "a weekly request needs its weekday")
    if end_date is not None and end_date < start_date:
        raise _invalid("end_date", "结束日期早于开始日期", "the end is before the start")
    if (window_start is None) != (window_end is None) or (
        window_start and window_end and window_end <= window_start
    ):
        raise _invalid(
            "window_end", "时间窗须有开始和结束，且结束晚于开始", "a window needs a start before its end"
        )
    if not 0 <= dwell_s <= 1800:
        raise _invalid("dwell_s", "悬停时长须在 0–30 分钟", "dwell must be 0–30 minutes")
    validate_target(target_kind, geometry)
    request = InspectionRequest.objects.create(
        department=department,
        title=title.strip()[:120],
        task_type=task_type,
        category=category,
        target_kind=target_kind,
        geometry=geometry,
        site_key=site_key.strip()[:60],
        frequency=frequency,
        weekday=weekday,
        start_date=start_date,
        end_date=end_date,
        window_start=window_start,
        window_end=window_end,
        dwell_s=dwell_s,
        created_by=actor if actor.pk else None,
    )
    audit.append(
        subject_type="inspection_request",
        subject_id=request.pk,
        action="inspection_request.create",
        actor=actor,
        after={
            "department": department.code,
            "task_type": task_type,
            "kind": target_kind,
            "frequency": frequency,
        },
    )
    return request


@transaction.atomic
def inspection_request_set_status(*, actor: User, request_id: int, status: str) -> InspectionRequest:
    request = (
        InspectionRequest.objects.select_for_update(of=("self",))
        .select_related("department")
        .get(pk=request_id)
    )
    access.require_department(actor, request.department)
    if status not in RequestStatus.values:
        raise _invalid("status", "状态无效", "unknown status")
    before = {"status": request.status}
    request.status = status
    request.save(update_fields=["status", "updated_at"])
    audit.append(
        subject_type="inspection_request",
        subject_id=request.pk,
        action="inspection_request.status",
        actor=actor,
        before=before,
        after={"status": status},
    )
    return request
