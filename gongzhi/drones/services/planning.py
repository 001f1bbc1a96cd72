"""Turn the day's due requests, docks and zones into a stored combined plan (综合飞一次)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from shapely.geometry import shape

from gongzhi.core import audit
from gongzhi.core.errors import ValidationFailed
from gongzhi.drones import selectors
from gongzhi.drones.conf import drone_setting
from gongzhi.drones.models import Flight, FlightPlan, FlightStop, InspectionRequest, UnservedTarget
from gongzhi.drones.planning import (
    Comparison,
    DockInput,
    Figures,
    PlanInput,
    PlanSettings,
    TaskInput,
    ZoneInput,
    plan_with_baseline,
)
from gongzhi.drones.services.requests import target_coordinates
from gongzhi.org.models import User


def _seconds(value: Any) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def plan_settings(*, seconds: float | None = None, seed: int = 0) -> PlanSettings:
    return PlanSettings(
        altitude_m=float(drone_setting("FLIGHT_ALTITUDE_M")),
        ceiling_m=float(drone_setting("CEILING_M")),
        safety_reserve=float(drone_setting("SAFETY_RESERVE")),
        clearance_m=float(drone_setting("CLEARANCE_M")),
        merge_radius_m=float(drone_setting("MERGE_RADIUS_M")),
        extra_task_dwell_s=int(drone_setting("EXTRA_TASK_DWELL_S")),
        flight_fixed_cost_s=int(drone_setting("FLIGHT_FIXED_COST_S")),
        seconds=float(seconds if seconds is not None else drone_setting("PLAN_SECONDS")),
        seed=seed,
    )


def plan_input_for_day(
    *, day: date, seconds: float | None = None, seed: int = 0
) -> tuple[PlanInput, dict[str, Any]]:
    """The planner's input from the database, and the lookups to store its answer."""
    availability = selectors.dock_availability(day=day)
    docks = []
    for item in availability:
        aircraft = item.aircraft
        docks.append(
            DockInput(
                key=str(item.dock.pk),
                name=item.dock.name,
                lng=item.dock.lng,
                lat=item.dock.lat,
                radius_m=float(item.dock.radius_m),
                cruise_speed_mps=min((a.cruise_speed_mps for a in aircraft), default=10.0),
                endurance_s=min((a.endurance_s for a in aircraft), default=0),
                aircraft_count=len(aircraft),
                recharge_s=item.dock.recharge_s,
                open_s=_seconds(item.dock.open_time),
                close_s=_seconds(item.dock.close_time),
                unavailable=item.reason,
                unavailable_note=item.note,
            )
        )
    requests = selectors.requests_due(day=day)
    tasks = []
    for request in requests:
        window = None
        if request.window_start is not None and request.window_end is not None:
            window = (_seconds(request.window_start), _seconds(request.window_end))
        tasks.append(
            TaskInput(
                key=str(request.pk),
                department=request.department.name,
                task_type=request.task_type,
                kind=request.target_kind,
                coordinates=tuple(target_coordinates(request.geometry)),
                dwell_s=request.dwell_s,
                window=window,
                site_key=request.site_key,
                label=request.title,
            )
        )
    zones = []
    for zone in selectors.zones_active(day=day):
        geometry = shape(zone.geometry)
        polygons = tuple(
            (tuple(p.exterior.coords), *(tuple(r.coords) for r in p.interiors))
            for p in getattr(geometry, "geoms", [geometry])
        )
        zones.append(ZoneInput(key=zone.code, name=zone.name, polygons=polygons, ceiling_m=zone.ceiling_m))
    problem = PlanInput(
        docks=tuple(docks),
        tasks=tuple(tasks),
        zones=tuple(zones),
        settings=plan_settings(seconds=seconds, seed=seed),
    )
    lookups = {
        "availability": {str(item.dock.pk): item for item in availability},
        "requests": {str(r.pk): r for r in requests},
    }
    return problem, lookups


def _figures(figures: Figures) -> dict[str, Any]:
    return {**asdict(figures), "tasks_per_flight_hour": round(figures.tasks_per_flight_hour, 2)}


def flight_plan_create(
    *,
    actor: User | None,
    day: date | None = None,
    seconds: float | None = None,
    baseline_seconds: float | None = None,
    seed: int = 0,
) -> FlightPlan:
    """Plan ``day`` (default today): the combined flights, the unserved targets with reasons, and
    the per-department baseline measured with the same planner (see planning.compare).

    The solver runs before the transaction opens (it takes seconds; no row is locked meanwhile);
    the plan, its flights, stops and unserved targets are then written in one transaction.
    """
    day = day or selectors.today()
    problem, lookups = plan_input_for_day(day=day, seconds=seconds, seed=seed)
    if not problem.tasks:
        raise ValidationFailed(
            "当日没有到期的巡查需求", "no inspection request is due that day", code="nothing_due"
        )
    try:
        comparison = plan_with_baseline(
            problem,
            baseline_seconds=baseline_seconds
            if baseline_seconds is not None
            else float(drone_setting("BASELINE_SECONDS")),
        )
    except ValueError as error:
        raise ValidationFailed(
            str(error), "the plan settings are invalid", code="invalid_plan_settings"
        ) from None
    with transaction.atomic():
        return _plan_store(day=day, actor=actor, problem=problem, lookups=lookups, comparison=comparison)


def _plan_store(
    *, day: date, actor: User | None, problem: PlanInput, lookups: dict[str, Any], comparison: Comparison
) -> FlightPlan:
    combined = comparison.combined
    midnight = selectors.local_midnight(day)
    plan = FlightPlan.objects.create(
        day=day,
        created_by=actor if actor is not None and actor.pk else None,
        flight_count=len(combined.flights),
        flight_time_s=combined.flight_time_s,
        distance_m=combined.distance_m,
        visits=combined.visits_served,
        tasks_served=combined.tasks_served,
        tasks_unserved=len(combined.unserved),
        solve_seconds=round(combined.solve_seconds, 2),
        warnings=list(combined.warnings),
        baseline={
            "combined": _figures(comparison.combined_figures),
            "baseline": _figures(comparison.baseline_figures),
            "per_department": {
                name: _figures(Figures.of([output])) for name, output in comparison.per_department.items()
            },
            "change_percent": {k: round(v, 1) for k, v in comparison.change_percent().items()},
        },
        parameters={**asdict(problem.settings), "usable_endurance_s": combined.usable_endurance_s},
    )
    requests: dict[str, InspectionRequest] = lookups["requests"]
    for flight_output in combined.flights:
        item = lookups["availability"][flight_output.dock_key]
        aircraft = (
            item.aircraft[flight_output.aircraft] if flight_output.aircraft < len(item.aircraft) else None
        )
        flight = Flight.objects.create(
            plan=plan,
            dock=item.dock,
            aircraft=aircraft,
            pilot=item.pilot,
            sortie=flight_output.sortie,
            planned_takeoff=midnight + timedelta(seconds=flight_output.takeoff_s),
            planned_landing=midnight + timedelta(seconds=flight_output.landing_s),
            distance_m=flight_output.distance_m,
            path=[list(p) for p in flight_output.path],
        )
        for order, stop in enumerate(flight_output.stops):
            row = FlightStop.objects.create(
                flight=flight,
                order=order,
                lng=stop.lng,
                lat=stop.lat,
                arrive_at=midnight + timedelta(seconds=stop.arrive_s),
                depart_at=midnight + timedelta(seconds=stop.depart_s),
            )
            row.requests.set([requests[key] for key in stop.task_keys])
    UnservedTarget.objects.bulk_create(
        [
            UnservedTarget(plan=plan, request=requests[u.task_key], reason=u.reason, message=u.message[:300])
            for u in combined.unserved
        ]
    )
    audit.append(
        subject_type="flight_plan",
        subject_id=plan.pk,
        action="flight_plan.create",
        actor=actor,
        after={
            "day": day,
            "flights": plan.flight_count,
            "served": plan.tasks_served,
            "unserved": plan.tasks_unserved,
        },
    )
    return plan
