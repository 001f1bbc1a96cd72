"""Reads for drones: docks and their availability, due requests, plans, the detection queue, emergencies."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from gongzhi.core import workdays
from gongzhi.drones.conf import drone_setting
from gongzhi.drones.enums import (
    DetectionStatus,
    DockStatus,
    Frequency,
    RequestStatus,
    UnservedReason,
)
from gongzhi.drones.models import (
    Aircraft,
    AirspaceZone,
    Detection,
    DetectionSite,
    Dock,
    Flight,
    FlightPlan,
    FlightStop,
    InspectionRequest,
    Pilot,
    PilotShift,
)
from gongzhi.drones.planning.airspace import Airspace, LocalProjection
from gongzhi.grid import selectors as grid_selectors
from gongzhi.grid.enums import FIELD_ROLES, GridRole
from gongzhi.org.models import Unit, User


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def today() -> date:
    return workdays.local_date(timezone.now())


def dock_list() -> QuerySet[Dock]:
    return Dock.objects.select_related("unit", "region").prefetch_related(
        Prefetch("aircraft", queryset=Aircraft.objects.filter(is_active=True))
    )


@dataclass(frozen=True)
class DockAvailability:
    dock: Dock
    reason: UnservedReason | None
    note: str
    pilot: Pilot | None
    aircraft: tuple[Aircraft, ...]

    @property
    def available(self) -> bool:
        return self.reason is None


def dock_availability(*, day: date) -> list[DockAvailability]:
    """Whether each dock can fly on ``day``, and if not, why (the planner's unavailable reasons)."""
    shifts = PilotShift.objects.filter(day=day).select_related("pilot__user")
    on_duty: dict[int, list[Pilot]] = {}
    for shift in shifts:
        on_duty.setdefault(shift.dock_id, []).append(shift.pilot)
    result = []
    for dock in dock_list():
        aircraft = tuple(dock.aircraft.all())
        pilots = on_duty.get(dock.pk, [])
        licensed = [p for p in pilots if p.is_active and p.licence_valid_until >= day]
        reason: UnservedReason | None = None
        note = dock.status_note
        if dock.status == DockStatus.MAINTENANCE:
            reason = UnservedReason.MAINTENANCE
        elif dock.status == DockStatus.WEATHER_HOLD:
            reason = UnservedReason.WEATHER_HOLD
            note = note or f"风速 {dock.wind_mps:g} m/s（上限 {dock.max_wind_mps:g}）" + (
                "，降雨" if dock.is_raining else ""
            )
        elif not aircraft:
            reason, note = UnservedReason.MAINTENANCE, "没有可用飞机"
        elif not licensed:
            reason = UnservedReason.NO_LICENSED_PILOT
            note = (
                "值班飞手执照已过期：" + "、".join(f"{p.user}（{p.licence_valid_until}）" for p in pilots)
                if pilots
                else "当日无值班飞手"
            )
        result.append(DockAvailability(dock, reason, note, licensed[0] if licensed else None, aircraft))
    return result


def request_is_due(request: InspectionRequest, day: date) -> bool:
    if request.status != RequestStatus.ACTIVE or request.start_date > day:
        return False
    if request.end_date is not None and request.end_date < day:
        return False
    if request.frequency == Frequency.WEEKDAYS:
        return workdays.is_working_day(day)
    if request.frequency == Frequency.WEEKLY:
        return request.weekday == day.weekday()
    if request.frequency == Frequency.ONCE:
        return request.start_date == day
    return True


def requests_due(*, day: date) -> list[InspectionRequest]:
    candidates = (
        InspectionRequest.objects.filter(status=RequestStatus.ACTIVE, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("department")
        .order_by("department__code", "id")
    )
    return [r for r in candidates if request_is_due(r, day)]


def request_list(*, department: Unit | None = None) -> QuerySet[InspectionRequest]:
    qs = InspectionRequest.objects.select_related("department", "category")
    if department is not None:
        qs = qs.filter(department=department)
    return qs.order_by("department__code", "status", "title")


def zones_active(*, day: date) -> QuerySet[AirspaceZone]:
    return (
        AirspaceZone.objects.filter(is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("code")
    )


def plan_latest(*, day: date | None = None) -> FlightPlan | None:
    qs = FlightPlan.objects.all()
    if day is not None:
        qs = qs.filter(day=day)
    return qs.order_by("-day", "-id").first()


def plan_flights(*, plan: FlightPlan) -> list[Flight]:
    stops = FlightStop.objects.prefetch_related("requests__department").order_by("order")
    return list(
        plan.flights.select_related("dock", "aircraft", "pilot__user").prefetch_related(
            Prefetch("stops", queryset=stops)
        )
    )


def site_queue(*, user: User, operator: bool) -> QuerySet[DetectionSite]:
    """Sites waiting for a check on the ground: in the user's grids (operators see all)."""
    qs = DetectionSite.objects.filter(status=DetectionStatus.PENDING).select_related("grid__region", "region")
    if not operator:
        grids = grid_selectors.grids_of_user(user=user, roles=[*FIELD_ROLES, GridRole.INSTRUCTOR])
        ids = {g.pk for g in grids} | {g.parent_id for g in grids if g.parent_id}
        children = {g.pk for g in grid_selectors.grid_list().filter(parent_id__in=ids)}
        qs = qs.filter(grid_id__in=ids | children)
    return qs.prefetch_related(
        Prefetch("detections", queryset=Detection.objects.prefetch_related("photos").order_by("-detected_at"))
    ).order_by("first_seen")


def site_detail(*, site_id: int) -> DetectionSite | None:
    return (
        DetectionSite.objects.select_related("grid__region", "region", "case")
        .prefetch_related(Prefetch("detections", queryset=Detection.objects.prefetch_related("photos")))
        .filter(pk=site_id)
        .first()
    )


@dataclass(frozen=True)
class EmergencyOption:
    dock: Dock
    aircraft: Aircraft | None
    distance_m: float
    eta_s: float
    battery_margin: float
    weather: str
    can_fly: bool
    why_not: str


def emergency_options(*, lng: float, lat: float, at: datetime | None = None) -> list[EmergencyOption]:
    """Every dock against an incident: can it reach, how soon (take-off + distance / speed), with what
    battery left on landing (after ``EMERGENCY_ON_SCENE_S`` over the scene), in what weather."""
    day = workdays.local_date(at or timezone.now())
    availability = dock_availability(day=day)
    projection = LocalProjection(lng, lat)
    zones = [z for z in zones_active(day=day) if z.ceiling_m < float(drone_setting("FLIGHT_ALTITUDE_M"))]
    obstacles = []
    for zone in zones:
        from shapely.geometry import shape

        geometry = shape(zone.geometry)
        for polygon in getattr(geometry, "geoms", [geometry]):
            obstacles.append(projection.polygon_to_xy([polygon.exterior.coords]))
    airspace = Airspace(obstacles, clearance_m=float(drone_setting("CLEARANCE_M")))
    dock_xy = np.array([projection.to_xy(a.dock.lng, a.dock.lat) for a in availability]).reshape(-1, 2)
    distances: list[float] = (
        [float(d) for d in airspace.distance_matrix(dock_xy, np.zeros((1, 2)))[:, 0]] if availability else []
    )
    on_scene = float(drone_setting("EMERGENCY_ON_SCENE_S"))
    minimum = float(drone_setting("EMERGENCY_MIN_MARGIN"))
    options = []
    for item, distance in zip(availability, distances, strict=True):
        dock = item.dock
        aircraft = max(item.aircraft, key=lambda a: a.endurance_s, default=None)
        weather = f"风 {dock.wind_mps:g}/{dock.max_wind_mps:g} m/s" + ("，雨" if dock.is_raining else "")
        if aircraft is None or not math.isfinite(distance):
            options.append(
                EmergencyOption(
                    dock, aircraft, math.inf, math.inf, 0.0, weather, False, item.note or "不可达"
                )
            )
            continue
        eta = dock.takeoff_s + distance / aircraft.max_speed_mps
        needed = 2 * distance / aircraft.cruise_speed_mps + on_scene
        margin = 1.0 - needed / aircraft.endurance_s
        why = ""
        if item.reason is not None:
            why = f"{item.reason.label}：{item.note}"
        elif dock.status == DockStatus.IN_MISSION:
            why = "正在执行任务"
        elif distance > dock.radius_m:
            why = f"距离 {distance / 1000:.1f} km 超出作业半径 {dock.radius_m / 1000:.1f} km"
        elif margin < minimum:
            why = f"返航后电量余量 {margin:.0%} 低于 {minimum:.0%}"
        options.append(EmergencyOption(dock, aircraft, distance, eta, margin, weather, not why, why))
    options.sort(key=lambda o: (not o.can_fly, o.eta_s))
    return options
