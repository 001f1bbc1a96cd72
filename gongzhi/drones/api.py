"""REST v1 for drones: docks, zones, inspection requests, plans, emergencies, detections, flight logs.

Thin endpoints: check the key's scope, call one service or selector (which check who may act
through ``gongzhi.drones.access``), render. Coordinates are WGS-84.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.drones import access, selectors, services
from gongzhi.drones.enums import TaskType
from gongzhi.drones.models import Dock, Flight, FlightPlan, InspectionRequest
from gongzhi.drones.schemas import (
    DetectionIn,
    DetectionOut,
    DockOut,
    EmergencyIn,
    EmergencyOut,
    OptionOut,
    PlanIn,
    PlanOut,
    RequestIn,
    RequestOut,
    SiteOut,
    TrackIn,
    VerifyIn,
    WeatherIn,
    ZoneImportIn,
)
from gongzhi.org import selectors as org_selectors
from gongzhi.routing import selectors as routing_selectors

router = Router(tags=["drones"])


def dock_out(item: selectors.DockAvailability) -> dict[str, Any]:
    dock = item.dock
    return {
        "id": dock.pk,
        "code": dock.code,
        "name": dock.name,
        "lng": dock.lng,
        "lat": dock.lat,
        "radius_m": dock.radius_m,
        "status": dock.status,
        "status_label": dock.get_status_display(),
        "status_note": dock.status_note,
        "wind_mps": dock.wind_mps,
        "max_wind_mps": dock.max_wind_mps,
        "is_raining": dock.is_raining,
        "can_fly_today": item.available,
        "why_not": f"{item.reason.label}：{item.note}" if item.reason else "",
        "aircraft": [
            {
                "code": a.code,
                "model": a.model,
                "endurance_s": a.endurance_s,
                "cruise_speed_mps": a.cruise_speed_mps,
            }
            for a in item.aircraft
        ],
    }


def request_out(request: InspectionRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "department": request.department.name,
        "title": request.title,
        "task_type": request.task_type,
        "target_kind": request.target_kind,
        "geometry": request.geometry,
        "frequency": request.frequency,
        "status": request.status,
        "window_start": request.window_start,
        "window_end": request.window_end,
        "dwell_s": request.dwell_s,
        "site_key": request.site_key,
    }


def flight_out(flight: Flight) -> dict[str, Any]:
    return {
        "id": flight.pk,
        "dock": flight.dock.name,
        "sortie": flight.sortie,
        "status": flight.status,
        "purpose": flight.purpose,
        "planned_takeoff": flight.planned_takeoff,
        "planned_landing": flight.planned_landing,
        "flight_minutes": round((flight.planned_landing - flight.planned_takeoff).total_seconds() / 60, 1),
        "distance_m": flight.distance_m,
        "path": flight.path,
        "stops": [
            {
                "order": stop.order,
                "lng": stop.lng,
                "lat": stop.lat,
                "arrive_at": stop.arrive_at,
                "depart_at": stop.depart_at,
                "requests": [r.pk for r in stop.requests.all()],
                "departments": sorted({r.department.name for r in stop.requests.all()}),
            }
            for stop in flight.stops.all()
        ],
    }


def plan_out(plan: FlightPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "day": plan.day,
        "flight_count": plan.flight_count,
        "flight_time_s": plan.flight_time_s,
        "distance_m": plan.distance_m,
        "visits": plan.visits,
        "tasks_served": plan.tasks_served,
        "tasks_unserved": plan.tasks_unserved,
        "tasks_per_flight_hour": round(plan.tasks_per_flight_hour, 2),
        "solve_seconds": plan.solve_seconds,
        "baseline": plan.baseline,
        "warnings": plan.warnings,
        "flights": [flight_out(f) for f in selectors.plan_flights(plan=plan)],
        "unserved": [
            {
                "request": u.request_id,
                "title": u.request.title,
                "department": u.request.department.name,
                "reason": u.reason,
                "reason_label": u.get_reason_display(),
                "message": u.message,
            }
            for u in plan.unserved.select_related("request__department")
        ],
    }


def site_out(site: Any) -> dict[str, Any]:
    return {
        "id": site.pk,
        "task_type": site.task_type,
        "task_label": TaskType(site.task_type).label,
        "lng": site.lng,
        "lat": site.lat,
        "grid": site.grid.region.name if site.grid else None,
        "status": site.status,
        "detection_count": site.detection_count,
        "first_seen": site.first_seen,
        "last_seen": site.last_seen,
        "case_id": site.case_id,
    }


def _operator(request: HttpRequest, scope: str) -> Any:
    principal = require_scope(request, scope)
    access.require_operator(principal.user)
    return principal.user


# --- docks and airspace ------------------------------------------------------------------------


@router.get("/docks", response={200: list[DockOut], **ERRORS}, summary="机巢 docks with today's status")
def docks(request: HttpRequest) -> list[dict[str, Any]]:
    require_scope(request, Scope.DRONES_READ)
    return [dock_out(item) for item in selectors.dock_availability(day=selectors.today())]


@router.post("/docks/{dock_id}/weather", response={200: DockOut, **ERRORS}, summary="record a dock's weather")
def dock_weather(request: HttpRequest, dock_id: int, payload: WeatherIn) -> dict[str, Any]:
    user = _operator(request, Scope.DRONES_WRITE)
    if not Dock.objects.filter(pk=dock_id).exists():
        raise NotFound("机巢", "dock")
    services.dock_weather_update(
        dock_id=dock_id, wind_mps=payload.wind_mps, is_raining=payload.is_raining, actor=user
    )
    item = next(a for a in selectors.dock_availability(day=selectors.today()) if a.dock.pk == dock_id)
    return dock_out(item)


@router.get("/zones", summary="禁飞/限飞区 as a GeoJSON FeatureCollection")
def zones(request: HttpRequest) -> dict[str, Any]:
    require_scope(request, Scope.DRONES_READ)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": z.geometry,
                "properties": {"code": z.code, "name": z.name, "kind": z.kind, "ceiling_m": z.ceiling_m},
            }
            for z in selectors.zones_active(day=selectors.today())
        ],
    }


@router.post("/zones/import", response={200: dict[str, int], **ERRORS}, summary="import zones from GeoJSON")
def zones_import(request: HttpRequest, payload: ZoneImportIn) -> dict[str, int]:
    user = _operator(request, Scope.DRONES_WRITE)
    return services.zones_import(data=payload.geojson, datum=payload.datum, actor=user)  # type: ignore[arg-type]


# --- requests and plans ------------------------------------------------------------------------


@router.get("/requests", response={200: list[RequestOut], **ERRORS}, summary="巡查需求, by department")
def requests(request: HttpRequest, department: str | None = None) -> list[dict[str, Any]]:
    require_scope(request, Scope.DRONES_READ)
    unit = org_selectors.unit_get(code=department) if department else None
    return [request_out(r) for r in selectors.request_list(department=unit)]


@router.post("/requests", response={201: RequestOut, **ERRORS}, summary="a department's inspection request")
def request_create(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, Scope.DRONES_WRITE)
    try:
        department = org_selectors.unit_get(code=payload.department)
    except NotFound:
        raise ValidationFailed(
            "单位不存在", "unknown unit", code="unknown_unit", detail={"field": "department"}
        ) from None
    category = routing_selectors.category_get(code=payload.category) if payload.category else None
    created = services.inspection_request_create(
        actor=principal.user,
        department=department,
        title=payload.title,
        task_type=payload.task_type,
        target_kind=payload.target_kind,
        geometry=payload.geometry,
        start_date=payload.start_date,
        end_date=payload.end_date,
        frequency=payload.frequency,
        weekday=payload.weekday,
        window_start=payload.window_start,
        window_end=payload.window_end,
        dwell_s=payload.dwell_s,
        site_key=payload.site_key,
        category=category,
    )
    return Status(201, request_out(created))


@router.post("/plans", response={201: PlanOut, **ERRORS}, summary="plan a day: 综合飞一次 and its baseline")
def plan_create(request: HttpRequest, payload: PlanIn) -> Status[dict[str, Any]]:
    user = _operator(request, Scope.DRONES_WRITE)
    plan = services.flight_plan_create(actor=user, day=payload.day, seconds=payload.seconds)
    return Status(201, plan_out(plan))


@router.get("/plans/latest", response={200: PlanOut, **ERRORS}, summary="the latest plan (of a day)")
def plan_latest(request: HttpRequest, day: str | None = None) -> dict[str, Any]:
    require_scope(request, Scope.DRONES_READ)
    from datetime import date

    try:
        parsed = date.fromisoformat(day) if day else None
    except ValueError:
        raise ValidationFailed(
            "日期格式应为 YYYY-MM-DD", "day must be YYYY-MM-DD", detail={"field": "day"}
        ) from None
    plan = selectors.plan_latest(day=parsed)
    if plan is None:
        raise NotFound("飞行计划", "plan")
    return plan_out(plan)


# --- emergencies and the flight log ------------------------------------------------------------


@router.get(
    "/emergency/options", response={200: list[OptionOut], **ERRORS}, summary="docks against an incident"
)
def emergency_options(request: HttpRequest, lng: float, lat: float) -> list[dict[str, Any]]:
    _operator(request, Scope.DRONES_READ)
    return [
        {
            "dock_id": o.dock.pk,
            "dock": o.dock.name,
            "can_fly": o.can_fly,
            "why_not": o.why_not,
            "distance_m": round(o.distance_m) if o.distance_m != float("inf") else None,
            "eta_s": round(o.eta_s) if o.eta_s != float("inf") else None,
            "battery_margin": round(o.battery_margin, 3),
            "weather": o.weather,
        }
        for o in selectors.emergency_options(lng=lng, lat=lat)
    ]


@router.post("/emergency", response={201: EmergencyOut, **ERRORS}, summary="launch + open an emergency case")
def emergency(request: HttpRequest, payload: EmergencyIn) -> Status[dict[str, Any]]:
    user = _operator(request, Scope.DRONES_WRITE)
    flight = services.emergency_dispatch(
        actor=user,
        dock_id=payload.dock_id,
        lng=payload.lng,
        lat=payload.lat,
        subject=payload.subject,
        description=payload.description,
    )
    assert flight.case is not None  # noqa: S101 - emergency_dispatch always opens one
    return Status(
        201, {"flight_id": flight.pk, "case_id": flight.case.pk, "tracking_code": flight.case.tracking_code}
    )


@router.post(
    "/flights/{flight_id}/takeoff", response={200: dict[str, str], **ERRORS}, summary="flight log: airborne"
)
def flight_takeoff(request: HttpRequest, flight_id: int) -> dict[str, str]:
    user = _operator(request, Scope.DRONES_WRITE)
    return {"status": services.flight_takeoff(actor=user, flight_id=flight_id).status}


@router.post(
    "/flights/{flight_id}/track", response={200: dict[str, int], **ERRORS}, summary="flight log: fixes"
)
def flight_track(request: HttpRequest, flight_id: int, payload: TrackIn) -> dict[str, int]:
    user = _operator(request, Scope.DRONES_WRITE)
    flight = services.flight_track_add(actor=user, flight_id=flight_id, points=payload.points)
    return {"fixes": len(flight.track)}


@router.post(
    "/flights/{flight_id}/land", response={200: dict[str, str], **ERRORS}, summary="flight log: landed"
)
def flight_land(request: HttpRequest, flight_id: int) -> dict[str, str]:
    user = _operator(request, Scope.DRONES_WRITE)
    return {"status": services.flight_land(actor=user, flight_id=flight_id).status}


# --- detections --------------------------------------------------------------------------------


@router.post(
    "/detections", response={201: DetectionOut, **ERRORS}, summary="识别 from a dock's software or a pilot"
)
def detection_create(request: HttpRequest, payload: DetectionIn) -> Status[dict[str, Any]]:
    user = _operator(request, Scope.DRONES_WRITE)
    dock = Dock.objects.filter(code=payload.dock).first() if payload.dock else None
    if payload.dock and dock is None:
        raise ValidationFailed("机巢不存在", "unknown dock", code="unknown_dock", detail={"field": "dock"})
    flight = Flight.objects.filter(pk=payload.flight_id).first() if payload.flight_id else None
    photos = []
    for index, photo in enumerate(payload.photos):
        try:
            photos.append((photo, base64.b64decode(photo.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                "照片须为 base64 编码",
                "photos must be base64",
                code="invalid_photo",
                detail={"field": f"photos[{index}]"},
            ) from None
    detection = services.detection_ingest(
        source=payload.source,
        task_type=payload.task_type,
        confidence=payload.confidence,
        lng=payload.lng,
        lat=payload.lat,
        detected_at=payload.detected_at,
        external_id=payload.external_id,
        flight=flight,
        dock=dock,
        reported_by=user,
    )
    stored = {p.range for p in detection.photos.all()}
    for photo, content in photos:
        if photo.range not in stored:
            services.detection_photo_add(
                detection=detection,
                range=photo.range,
                content=content,
                taken_at=photo.taken_at,
                metadata=photo.metadata,
                actor=user,
            )
    return Status(
        201,
        {
            "id": detection.pk,
            "site_id": detection.site_id,
            "status": detection.status,
            "grouped_into_case": detection.site.case_id,
        },
    )


@router.get("/sites", response={200: list[SiteOut], **ERRORS}, summary="the verification queue (识别点位)")
def sites(request: HttpRequest) -> list[dict[str, Any]]:
    principal = require_scope(request, Scope.DRONES_READ)
    user = principal.user
    return [site_out(s) for s in selectors.site_queue(user=user, operator=access.is_operator(user))]


@router.post(
    "/sites/{site_id}/verify", response={200: SiteOut, **ERRORS}, summary="核查: confirm or false alarm"
)
def site_verify(request: HttpRequest, site_id: int, payload: VerifyIn) -> dict[str, Any]:
    principal = require_scope(request, Scope.DRONES_WRITE)
    site = services.site_verify(
        actor=principal.user, site_id=site_id, confirmed=payload.confirmed, note=payload.note
    )
    return site_out(site)
