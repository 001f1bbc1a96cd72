"""The flight log, and the emergency launch (应急处突): one click → a mission and an emergency case."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.cases import services as case_services
from gongzhi.cases.enums import CaseKind, Channel, Urgency
from gongzhi.core import audit
from gongzhi.core.errors import InvalidState, NotFound, ValidationFailed
from gongzhi.drones import access, selectors
from gongzhi.drones.enums import DockStatus, FlightPurpose, FlightStatus
from gongzhi.drones.models import Dock, Flight
from gongzhi.grid import selectors as grid_selectors
from gongzhi.grid.services import require_point, system_desk
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User
from gongzhi.routing.models import Category


def _locked_flight(actor: User, flight_id: int) -> Flight:
    access.require_operator(actor)
    flight = (
        Flight.objects.select_for_update(of=("self",)).select_related("dock").filter(pk=flight_id).first()
    )
    if flight is None:
        raise NotFound("架次", "flight")
    return flight


@transaction.atomic
def flight_takeoff(*, actor: User, flight_id: int) -> Flight:
    flight = _locked_flight(actor, flight_id)
    if flight.status != FlightStatus.PLANNED:
        raise InvalidState("该架次不是计划状态", "the flight is not planned", code="not_planned")
    flight.status, flight.takeoff_at = FlightStatus.IN_FLIGHT, timezone.now()
    flight.save(update_fields=["status", "takeoff_at", "updated_at"])
    Dock.objects.filter(pk=flight.dock_id).update(status=DockStatus.IN_MISSION)
    audit.append(subject_type="flight", subject_id=flight.pk, action="flight.takeoff", actor=actor)
    return flight


@transaction.atomic
def flight_track_add(*, actor: User, flight_id: int, points: Sequence[Sequence[float]]) -> Flight:
    """Append fixes ``[lng, lat, altitude_m, unix_seconds]`` to the flight log."""
    flight = _locked_flight(actor, flight_id)
    if flight.status != FlightStatus.IN_FLIGHT:
        raise InvalidState("该架次不在飞行中", "the flight is not airborne", code="not_in_flight")
    for index, point in enumerate(points):
        if len(point) != 4 or not all(isinstance(v, int | float) and math.isfinite(v) for v in point):
            raise ValidationFailed(
                "航迹点须为 [经度, 纬度, 高度, 时间戳]",
                "a fix is [lng, lat, altitude_m, unix seconds]",
                code="invalid_points",
                detail={"field": f"points[{index}]"},
            )
    flight.track = [*flight.track, *([float(v) for v in p] for p in points)]
    flight.save(update_fields=["track", "updated_at"])
    return flight


@transaction.atomic
def flight_land(*, actor: User, flight_id: int) -> Flight:
    flight = _locked_flight(actor, flight_id)
    if flight.status != FlightStatus.IN_FLIGHT:
        raise InvalidState("该架次不在飞行中", "the flight is not airborne", code="not_in_flight")
    flight.status, flight.landing_at = FlightStatus.COMPLETED, timezone.now()
    flight.save(update_fields=["status", "landing_at", "updated_at"])
    if not Flight.objects.filter(dock_id=flight.dock_id, status=FlightStatus.IN_FLIGHT).exists():
        Dock.objects.filter(pk=flight.dock_id, status=DockStatus.IN_MISSION).update(status=DockStatus.IDLE)
    audit.append(
        subject_type="flight",
        subject_id=flight.pk,
        action="flight.land",
        actor=actor,
        after={"fixes": len(flight.track)},
    )
    return flight


@transaction.atomic
def emergency_dispatch(
    *,
    actor: User,
    dock_id: int,
    lng: float,
    lat: float,
    subject: str,
    description: str,
    category: Category | None = None,
) -> Flight:
    """Launch the chosen dock at an incident and open an emergency (特急) case for it.

    1. Only a dock that ``selectors.emergency_options`` says can fly is launched; otherwise the
       refusal names why (weather, no licensed pilot, out of radius, battery margin).
    2. The case is registered by the drone desk at the nearest centre (the incident's grid or
       the district), marked 特急, with the launch and the ETA in its description.
    """
    access.require_operator(actor)
    require_point(lng, lat)
    if len(subject.strip()) < 2 or len(description.strip()) < 4:
        raise ValidationFailed(
            "请填写事件标题和情况",
            "subject and description are required",
            code="missing_description",
            detail={"field": "description"},
        )
    option = next((o for o in selectors.emergency_options(lng=lng, lat=lat) if o.dock.pk == dock_id), None)
    if option is None:
        raise NotFound("机巢", "dock")
    if not option.can_fly:
        raise InvalidState(
            f"机巢 {option.dock.name} 不能出动：{option.why_not}",
            "the dock cannot launch",
            code="dock_cannot_launch",
        )
    now = timezone.now()
    grid = grid_selectors.grid_locate(lng=lng, lat=lat)
    region = grid.region if grid is not None else Region.objects.get(level=RegionLevel.DISTRICT)
    desk, centre = system_desk(username="drone-desk", display_name="无人机巡查（系统）", region=region)
    eta = now + timedelta(seconds=option.eta_s)
    case = case_services.case_intake(
        actor=desk,
        channel=Channel.CALL,
        kind=CaseKind.EVENT,
        urgency=Urgency.CRITICAL,
        subject=subject.strip(),
        description=(
            f"{description.strip()}\n应急处突：{actor} 调度机巢 {option.dock.name} 出动，"
            f"距离 {option.distance_m / 1000:.1f} km，预计 {timezone.localtime(eta):%H:%M:%S} 到场。"
        ),
        region=region,
        category=category,
        reporter_name=str(actor),
        reporter_address="指挥中心应急调度",
        latitude=Decimal(f"{lat:.6f}"),
        longitude=Decimal(f"{lng:.6f}"),
        intake_unit=centre,
    )
    pilot = next(
        (a.pilot for a in selectors.dock_availability(day=selectors.today()) if a.dock.pk == dock_id), None
    )
    assert option.aircraft is not None  # can_fly implies an aircraft  # noqa: S101
    endurance = option.aircraft.endurance_s
    flight = Flight.objects.create(
        dock=option.dock,
        aircraft=option.aircraft,
        pilot=pilot,
        purpose=FlightPurpose.EMERGENCY,
        status=FlightStatus.IN_FLIGHT,
        planned_takeoff=now,
        planned_landing=now + timedelta(seconds=int(endurance * (1 - option.battery_margin))),
        takeoff_at=now,
        distance_m=int(2 * option.distance_m),
        path=[[option.dock.lng, option.dock.lat], [lng, lat], [option.dock.lng, option.dock.lat]],
        incident_lng=lng,
        incident_lat=lat,
        case=case,
    )
    Dock.objects.filter(pk=option.dock.pk).update(status=DockStatus.IN_MISSION)
    audit.append(
        subject_type="flight",
        subject_id=flight.pk,
        action="flight.emergency",
        actor=actor,
        after={
            "dock": option.dock.code,
            "eta_s": round(option.eta_s),
            "margin": round(option.battery_margin, 2),
            "case": case.tracking_code,
        },
    )
    return flight
