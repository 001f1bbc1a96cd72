"""Docks, aircraft, pilots and their roster, weather, and the airspace zones."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongzhi.core import audit
from gongzhi.core.errors import ValidationFailed
from gongzhi.drones.conf import drone_setting
from gongzhi.drones.enums import DockStatus, ZoneKind, ZoneSource
from gongzhi.drones.models import Aircraft, AirspaceZone, Dock, Pilot, PilotShift
from gongzhi.grid import selectors as grid_selectors
from gongzhi.grid.services import require_point
from gongzhi.grid.spatial import ShapeError, read_geojson, to_geojson
from gongzhi.org.models import Region, Unit, User


def _invalid(field: str, zh: str, en: str, code: str = "") -> ValidationFailed:
    return ValidationFailed(zh, en, code=code or f"invalid_{field}", detail={"field": field})


@transaction.atomic
def dock_create(
    *,
    code: str,
    name: str,
    unit: Unit,
    lng: float,
    lat: float,
    radius_m: int = 5000,
    max_wind_mps: float = 8.0,
    actor: User | None = None,
    **options: Any,
) -> Dock:
    require_point(lng, lat)
    if radius_m <= 0 or radius_m > 15000:
        raise _invalid("radius_m", "作业半径须在 0–15 km 之间", "the radius must be within 15 km")
    if Dock.objects.filter(code=code).exists():
        raise _invalid("code", "机巢编码已存在", "the dock code is taken", "duplicate_code")
    grid = grid_selectors.grid_locate(lng=lng, lat=lat)
    region: Region = grid.region if grid is not None else unit.region
    dock = Dock.objects.create(
        code=code,
        name=name,
        unit=unit,
        region=region,
        lng=lng,
        lat=lat,
        radius_m=radius_m,
        max_wind_mps=max_wind_mps,
        **options,
    )
    audit.append(
        subject_type="dock",
        subject_id=dock.pk,
        action="dock.create",
        actor=actor,
        after={"code": code, "lng": lng, "lat": lat, "radius_m": radius_m},
    )
    return dock


@transaction.atomic
def aircraft_add(
    *,
    dock: Dock,
    code: str,
    model: str,
    endurance_s: int,
    cruise_speed_mps: float = 12.0,
    max_speed_mps: float = 21.0,
    camera: str = "",
    actor: User | None = None,
) -> Aircraft:
    if endurance_s < 300 or cruise_speed_mps <= 0 or max_speed_mps < cruise_speed_mps:
        raise _invalid("endurance_s", "续航或速度不合理", "implausible endurance or speed")
    aircraft = Aircraft.objects.create(
        dock=dock,
        code=code,
        model=model,
        endurance_s=endurance_s,
        cruise_speed_mps=cruise_speed_mps,
        max_speed_mps=max_speed_mps,
        camera=camera,
    )
    audit.append(
        subject_type="dock",
        subject_id=dock.pk,
        action="dock.aircraft_add",
        actor=actor,
        after={"aircraft": code, "model": model, "endurance_s": endurance_s},
    )
    return aircraft


@transaction.atomic
def pilot_register(
    *,
    user: User,
    licence_number: str,
    licence_valid_until: date,
    licence_class: str = "",
    actor: User | None = None,
) -> Pilot:
    if not licence_number.strip():
        raise _invalid("licence_number", "请填写执照编号", "the licence number is required")
    pilot, _ = Pilot.objects.update_or_create(
        user=user,
        defaults={
            "licence_number": licence_number.strip(),
            "licence_valid_until": licence_valid_until,
            "licence_class": licence_class,
            "is_active": True,
        },
    )
    audit.append(
        subject_type="pilot",
        subject_id=pilot.pk,
        action="pilot.register",
        actor=actor,
        after={"licence": licence_number, "valid_until": licence_valid_until},
    )
    return pilot


@transaction.atomic
def pilot_shift_assign(*, pilot: Pilot, dock: Dock, day: date, actor: User | None = None) -> PilotShift:
    """Put a pilot on a dock's roster; an expired licence is refused with its date."""
    if pilot.licence_valid_until < day:
        raise ValidationFailed(
            f"飞手 {pilot.user} 的执照已于 {pilot.licence_valid_until} 过期，不能排班",
            f"the pilot's licence expired on {pilot.licence_valid_until}",
            code="licence_expired",
            detail={"field": "pilot"},
        )
    shift, _ = PilotShift.objects.get_or_create(pilot=pilot, dock=dock, day=day)
    audit.append(
        subject_type="dock",
        subject_id=dock.pk,
        action="dock.shift_assign",
        actor=actor,
        after={"pilot": pilot.pk, "day": day},
    )
    return shift


@transaction.atomic
def dock_weather_update(
    *, dock_id: int, wind_mps: float, is_raining: bool, actor: User | None = None
) -> Dock:
    """Record the dock's weather; above its wind limit or in rain it is held, and released after."""
    dock = Dock.objects.select_for_update(of=("self",)).get(pk=dock_id)
    before = {"status": dock.status, "wind_mps": dock.wind_mps, "is_raining": dock.is_raining}
    dock.wind_mps, dock.is_raining, dock.weather_at = wind_mps, is_raining, timezone.now()
    hold = wind_mps > dock.max_wind_mps or is_raining
    if hold and dock.status in (DockStatus.IDLE, DockStatus.WEATHER_HOLD):
        dock.status = DockStatus.WEATHER_HOLD
        dock.status_note = f"风速 {wind_mps:g} m/s（上限 {dock.max_wind_mps:g}）" + (
            "，降雨" if is_raining else ""
        )
    elif not hold and dock.status == DockStatus.WEATHER_HOLD:
        dock.status, dock.status_note = DockStatus.IDLE, ""
    dock.save()
    audit.append(
        subject_type="dock",
        subject_id=dock.pk,
        action="dock.weather",
        actor=actor,
        before=before,
        after={"status": dock.status, "wind_mps": wind_mps, "is_raining": is_raining},
    )
    return dock


@transaction.atomic
def dock_status_set(*, dock_id: int, status: str, note: str = "", actor: User | None = None) -> Dock:
    if status not in DockStatus.values:
        raise _invalid("status", "状态无效", "unknown status")
    dock = Dock.objects.select_for_update(of=("self",)).get(pk=dock_id)
    before = {"status": dock.status}
    dock.status, dock.status_note = status, note[:200]
    dock.save(update_fields=["status", "status_note", "updated_at"])
    audit.append(
        subject_type="dock",
        subject_id=dock.pk,
        action="dock.status",
        actor=actor,
        before=before,
        after={"status": status},
        reason=note,
    )
    return dock


@transaction.atomic
def zone_create(
    *,
    code: str,
    name: str,
    kind: str,
    geometry: dict[str, Any],
    ceiling_m: float = 0.0,
    source: str = ZoneSource.OTHER,
    valid_from: date | None = None,
    valid_until: date | None = None,
    note: str = "",
    actor: User | None = None,
) -> AirspaceZone:
    if kind not in ZoneKind.values:
        raise _invalid("kind", "空域类型无效", "unknown zone kind")
    if source not in ZoneSource.values:
        raise _invalid("source", "空域来源无效", "unknown zone source")
    if kind == ZoneKind.NO_FLY:
        ceiling_m = 0.0
    elif not 0 < ceiling_m <= float(drone_setting("CEILING_M")):
        raise _invalid(
            "ceiling_m", "限飞区须给出 0–120 m 的限高", "a restricted zone needs a ceiling of 0–120 m"
        )
    if valid_from and valid_until and valid_until < valid_from:
        raise _invalid("valid_until", "结束日期早于开始日期", "the end is before the start")
    try:
        polygon = read_geojson(geometry)[0][1]
    except ShapeError as error:
        raise _invalid("geometry", str(error), "invalid zone shape", "invalid_geometry") from None
    zone, created = AirspaceZone.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "ceiling_m": ceiling_m,
            "source": source,
            "geometry": to_geojson(polygon),
            "valid_from": valid_from,
            "valid_until": valid_until,
            "note": note,
            "is_active": True,
        },
    )
    audit.append(
        subject_type="zone",
        subject_id=zone.pk,
        action="zone.create" if created else "zone.update",
        actor=actor,
        after={"code": code, "kind": kind, "ceiling_m": ceiling_m},
    )
    return zone


@transaction.atomic
def zones_import(*, data: bytes | str, datum: str = "wgs84", actor: User | None = None) -> dict[str, int]:
    """Import zones from GeoJSON (properties: code, name, kind, ceiling_m, source) — all or nothing."""
    try:
        features = read_geojson(data, datum=datum)
    except ShapeError as error:
        raise _invalid("file", str(error), "the file cannot be read", "invalid_file") from None
    problems: list[str] = []
    count = 0
    for number, (props, polygon) in enumerate(features, start=1):
        try:
            with transaction.atomic():
                zone_create(
                    code=str(props.get("code") or f"Z{number:04d}"),
                    name=str(props.get("name") or f"空域{number}"),
                    kind=str(props.get("kind") or ZoneKind.NO_FLY),
                    ceiling_m=float(props.get("ceiling_m") or 0),
                    source=str(props.get("source") or ZoneSource.OTHER),
                    geometry=to_geojson(polygon),
                    actor=actor,
                )
            count += 1
        except (ValidationFailed, ValueError, TypeError) as error:
            problems.append(f"第 {number} 个要素：{getattr(error, 'message_zh', error)}")
    if problems:
        raise ValidationFailed(
            "导入失败：" + "；".join(problems[:10]),
            f"import refused: {len(problems)} problems",
            code="import_failed",
            detail={"field": "file", "problems": problems},
        )
    return {"zones": count}
