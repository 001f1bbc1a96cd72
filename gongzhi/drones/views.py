"""The drone pages: dock map, the day's plan, requests per department, the verification queue,
the emergency panel. Thin: read through selectors, act through one service, show refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongzhi.core.errors import ApplicationError
from gongzhi.drones import access, selectors, services
from gongzhi.drones.enums import TaskType
from gongzhi.drones.models import FlightPlan
from gongzhi.org.models import Unit, User

PALETTE = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
]


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User) or getattr(request.user, "is_citizen", False):
        raise Http404
    return request.user


def _zones_geojson() -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": z.geometry, "properties": {"name": z.name, "kind": z.kind}}
            for z in selectors.zones_active(day=selectors.today())
        ],
    }


def _docks_data(availability: list[selectors.DockAvailability]) -> list[dict[str, Any]]:
    return [
        {
            "name": a.dock.name,
            "lng": a.dock.lng,
            "lat": a.dock.lat,
            "radius": a.dock.radius_m,
            "ok": a.available,
            "label": f"{a.dock.name} · {a.dock.get_status_display()}",
        }
        for a in availability
    ]


@login_required
def docks(request: HttpRequest) -> HttpResponse:
    _user(request)
    availability = selectors.dock_availability(day=selectors.today())
    return render(
        request,
        "drones/docks.html",
        {
            "nav": "drones",
            "tab": "docks",
            "availability": availability,
            "map_data": {"docks": _docks_data(availability), "zones": _zones_geojson(), "flights": []},
        },
    )


def _plan_map(plan: FlightPlan | None, availability: list[selectors.DockAvailability]) -> dict[str, Any]:
    flights, legend = [], []
    departments: dict[str, str] = {}
    if plan is not None:
        for index, flight in enumerate(selectors.plan_flights(plan=plan)):
            colour = PALETTE[index % len(PALETTE)]
            stops = []
            for stop in flight.stops.all():
                names = sorted({r.department.name for r in stop.requests.all()})
                for name in names:
                    departments.setdefault(name, PALETTE[(len(departments) + 3) % len(PALETTE)])
                stops.append(
                    {
                        "lng": stop.lng,
                        "lat": stop.lat,
                        "colour": departments[names[0]] if names else colour,
                        "label": f"{timezone.localtime(stop.arrive_at):%H:%M} "
                        + "、".join(names)
                        + (f"（{len(stop.requests.all())} 项合并）" if len(stop.requests.all()) > 1 else ""),
                    }
                )
            takeoff = timezone.localtime(flight.planned_takeoff)
            label = f"{flight.dock.name} 第{flight.sortie + 1}架次 {takeoff:%H:%M}"
            flights.append({"colour": colour, "path": flight.path, "stops": stops, "label": label})
            legend.append((colour, label, flight))
    return {
        "map": {"docks": _docks_data(availability), "zones": _zones_geojson(), "flights": flights},
        "legend": legend,
        "departments": sorted(departments.items()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    operator = access.is_operator(user)
    if request.method == "POST":
        if not operator:
            raise Http404
        try:
            day = date.fromisoformat(request.POST.get("day", "")) if request.POST.get("day") else None
            created = services.flight_plan_create(actor=user, day=day)
            messages.success(request, f"已生成 {created.day} 的综合飞行计划")
        except (ApplicationError, ValueError) as error:
            messages.error(request, getattr(error, "message_zh", str(error)))
        return redirect("drones:plan")
    try:
        day = date.fromisoformat(request.GET["day"]) if request.GET.get("day") else None
    except ValueError:
        day = None
    current = selectors.plan_latest(day=day)
    availability = selectors.dock_availability(day=current.day if current else selectors.today())
    drawn = _plan_map(current, availability)
    return render(
        request,
        "drones/plan.html",
        {
            "nav": "drones",
            "tab": "plan",
            "plan": current,
            "operator": operator,
            "unserved": current.unserved.select_related("request__department") if current else [],
            "map_data": drawn["map"],
            "legend": drawn["legend"],
            "departments": drawn["departments"],
            "today": selectors.today(),
        },
    )


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    _user(request)
    department = Unit.objects.filter(code=request.GET.get("department", "")).first()
    rows = selectors.request_list(department=department)
    units = Unit.objects.filter(inspection_requests__isnull=False).distinct().order_by("code")
    due = {r.pk for r in selectors.requests_due(day=selectors.today())}
    return render(
        request,
        "drones/requests.html",
        {
            "nav": "drones",
            "tab": "requests",
            "rows": rows,
            "units": units,
            "department": department,
            "due": due,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def detections(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        try:
            site = services.site_verify(
                actor=user,
                site_id=int(request.POST.get("site", "0")),
                confirmed=request.POST.get("decision") == "confirm",
                note=request.POST.get("note", ""),
            )
            if site.case_id:
                messages.success(request, "已确认，事项已登记并派至有权处置单位")
            else:
                messages.success(request, "已标记为误报")
        except ApplicationError as error:
            messages.error(request, error.message_zh)
        except ValueError:
            messages.error(request, "请求无效")
        return redirect("drones:detections")
    queue = selectors.site_queue(user=user, operator=access.is_operator(user))
    return render(
        request,
        "drones/detections.html",
        {"nav": "drones", "tab": "detections", "sites": queue, "labels": dict(TaskType.choices)},
    )


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def emergency(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.is_operator(user):
        raise Http404
    source = request.POST if request.method == "POST" else request.GET
    lng, lat = _float(source.get("longitude")), _float(source.get("latitude"))
    if request.method == "POST":
        try:
            flight = services.emergency_dispatch(
                actor=user,
                dock_id=int(request.POST.get("dock", "0")),
                lng=lng or 0.0,
                lat=lat or 0.0,
                subject=request.POST.get("subject", ""),
                description=request.POST.get("description", ""),
            )
            messages.success(
                request,
                f"{flight.dock.name} 已出动；应急事项 {flight.case.tracking_code if flight.case else ''}",
            )
            if flight.case_id:
                return redirect("cases:detail", flight.case_id)
        except (ApplicationError, ValueError) as error:
            messages.error(request, getattr(error, "message_zh", str(error)))
    options = selectors.emergency_options(lng=lng, lat=lat) if lng is not None and lat is not None else []
    availability = selectors.dock_availability(day=selectors.today())
    return render(
        request,
        "drones/emergency.html",
        {
            "nav": "drones",
            "tab": "emergency",
            "options": options,
            "lng": lng,
            "lat": lat,
            "subject": source.get("subject", ""),
            "description": source.get("description", ""),
            "map_data": {
                "docks": _docks_data(availability),
                "zones": _zones_geojson(),
                "flights": [],
                "incident": [lng, lat] if lng is not None and lat is not None else None,
            },
        },
    )


@login_required
@require_POST
def weather(request: HttpRequest, dock_id: int) -> HttpResponse:
    user = _user(request)
    if not access.is_operator(user):
        raise Http404
    try:
        services.dock_weather_update(
            dock_id=dock_id,
            wind_mps=float(request.POST.get("wind_mps", "0")),
            is_raining=request.POST.get("is_raining") == "on",
            actor=user,
        )
    except (ApplicationError, ValueError) as error:
        messages.error(request, getattr(error, "message_zh", str(error)))
    return redirect("drones:docks")
