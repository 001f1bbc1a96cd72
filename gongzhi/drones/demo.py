"""The drone demo: docks, zones, departments' requests, a day's combined plan, detections, an emergency.

Everything here is GENERATED for the demo and labelled so: dock sites, zone shapes (名称带「演示」)
and targets are placed inside the real Keqiao outline but are not real facilities. The figures the
plan page shows (combined vs per-department flights) are measured on this generated day by the
same planner, not claimed.
"""

from __future__ import annotations

import math
import random
import secrets
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point

from gongzhi.drones import selectors, services
from gongzhi.drones.enums import DetectionSource, DockStatus, TargetKind, TaskType, ZoneKind, ZoneSource
from gongzhi.drones.models import Dock, FlightPlan
from gongzhi.grid import selectors as grid_selectors
from gongzhi.grid import services as grid_services
from gongzhi.grid.demo import grid_demo_load
from gongzhi.grid.enums import GridRole
from gongzhi.grid.models import Grid
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role
from gongzhi.org.models import Region, Unit, User

DOCKS = 6


@dataclass(frozen=True)
class Need:
    function: str
    task_type: str
    title: str
    count: int
    kind: str = TargetKind.POINT


NEEDS = (
    Need("enforcement", TaskType.ILLEGAL_BUILDING, "山区违建巡查", 26),
    Need("enforcement", TaskType.STREET_VENDING, "占道经营巡查", 10),
    Need("environment", TaskType.CONSTRUCTION_DUST, "工地扬尘巡查", 14),
    Need("environment", TaskType.RIVER_LITTER, "河道垃圾巡查", 8, TargetKind.LINE),
    Need("agriculture", TaskType.STRAW_BURNING, "秸秆焚烧巡查", 18, TargetKind.AREA),
    Need("natural_resources", TaskType.ILLEGAL_LAND_USE, "违法用地巡查", 16),
    Need("emergency", TaskType.FOREST_FIRE, "森林防火巡查", 12),
)


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - demo data, not secrets


def _spread(points: list[tuple[float, float]], count: int) -> list[tuple[float, float]]:
    """Farthest-point sampling: ``count`` well spread points from ``points``."""
    chosen = [points[len(points) // 2]]
    while len(chosen) < min(count, len(points)):
        chosen.append(max(points, key=lambda p: min(math.dist(p, c) for c in chosen)))
    return chosen


def _offset(lng: float, lat: float, east_m: float, north_m: float) -> tuple[float, float]:
    return lng + east_m / (111_320 * math.cos(math.radians(lat))), lat + north_m / 110_540


def _near(rng: random.Random, dock: Dock, outline: Any, max_m: float) -> tuple[float, float]:
    for _ in range(200):
        distance, angle = max_m * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
        lng, lat = _offset(dock.lng, dock.lat, distance * math.cos(angle), distance * math.sin(angle))
        if outline.contains(Point(lng, lat)):
            return round(lng, 6), round(lat, 6)
    return dock.lng, dock.lat


def _user(username: str, display_name: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        from gongzhi.org import services as org_services

        user = org_services.staff_create(
            username=username,
            display_name=display_name,
            password=secrets.token_urlsafe(24),
            check_password_strength=False,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _fleet(rng: random.Random, district: Region, owner: Unit) -> list[Dock]:
    grids = list(Grid.objects.filter(parent__isnull=True).exclude(kind="dedicated").order_by("id"))
    centres = _spread([(g.centre_lng, g.centre_lat) for g in grids], DOCKS)
    docks = []
    today = selectors.today()
    for number, (lng, lat) in enumerate(centres, start=1):
        dock = services.dock_create(
            code=f"DEMO-D{number:02d}",
            name=f"演示机巢{number:02d}",
            unit=owner,
            lng=round(lng, 6),
            lat=round(lat, 6),
            radius_m=7000 if number % 2 else 6000,
            max_wind_mps=12.0 if number % 3 == 0 else 8.0,
        )
        model, endurance = ("Matrice 4D", 54 * 60) if number % 2 else ("Matrice 3D", 50 * 60)
        for k in range(2 if number == 1 else 1):
            services.aircraft_add(
                dock=dock,
                code=f"DEMO-UAV{number:02d}{k}",
                model=model,
                endurance_s=endurance,
                cruise_speed_mps=12.0,
                max_speed_mps=21.0,
                camera="广角+长焦+热成像",
            )
        pilot_user = _user(f"demo_pilot{number:02d}", f"演示飞手{number:02d}")
        pilot = services.pilot_register(
            user=pilot_user,
            licence_number=f"UTC-DEMO-{number:04d}",
            licence_valid_until=today + timedelta(days=400),
        )
        for offset in range(7):
            services.pilot_shift_assign(pilot=pilot, dock=dock, day=today + timedelta(days=offset))
        if number == DOCKS:
            # the last dock's only pilot is on the roster, but the licence on record has lapsed
            services.pilot_register(
                user=pilot_user,
                licence_number=f"UTC-DEMO-{number:04d}",
                licence_valid_until=today - timedelta(days=3),
            )
        docks.append(dock)
    services.dock_weather_update(dock_id=docks[2].pk, wind_mps=10.5, is_raining=False)  # over its 8 m/s limit
    return docks


def _zones(docks: list[Dock]) -> int:
    first, second = docks[0], docks[1]
    lng, lat = _offset(first.lng, first.lat, 1800, 600)
    a, b = _offset(lng, lat, -250, -250), _offset(lng, lat, 250, 250)
    square = [[a[0], a[1]], [b[0], a[1]], [b[0], b[1]], [a[0], b[1]], [a[0], a[1]]]
    services.zone_create(
        code="DEMO-Z-POWER",
        name="演示：变电站禁飞区（生成）",
        kind=ZoneKind.NO_FLY,
        source=ZoneSource.POWER,
        geometry={"type": "Polygon", "coordinates": [square]},
    )
    # an expressway corridor (±150 m) between the first two docks, restricted below 60 m
    start, end = _offset(first.lng, first.lat, -3000, 2500), _offset(second.lng, second.lat, 3000, 2500)
    dy = 150 / 110_540
    corridor = [
        [start[0], start[1] - dy],
        [end[0], end[1] - dy],
        [end[0], end[1] + dy],
        [start[0], start[1] + dy],
    ]
    services.zone_create(
        code="DEMO-Z-EXPRESSWAY",
        name="演示：高速公路两侧限飞区（生成）",
        kind=ZoneKind.RESTRICTED,
        source=ZoneSource.EXPRESSWAY,
        ceiling_m=60.0,
        geometry={"type": "Polygon", "coordinates": [[*corridor, corridor[0]]]},
    )
    return 2


def _target(
    rng: random.Random, need: Need, docks: list[Dock], outline: Any, shared: list[tuple[float, float, str]]
) -> dict[str, Any]:
    """A target geometry wholly inside the district near a random dock (a GeoJSON dict + site_key)."""
    for _ in range(50):
        dock = docks[rng.randrange(len(docks))]
        lng, lat = _near(rng, dock, outline, dock.radius_m * 0.8)
        if need.kind == TargetKind.LINE:
            points = [(lng, lat)]
            for _step in range(3):
                points.append(_offset(*points[-1], rng.uniform(200, 500), rng.uniform(-200, 200)))
            coords = [[round(x, 6), round(y, 6)] for x, y in points]
            geometry: dict[str, Any] = {"type": "LineString", "coordinates": coords}
        elif need.kind == TargetKind.AREA:
            a, b = _offset(lng, lat, -150, -150), _offset(lng, lat, 150, 150)
            ring = [[a[0], a[1]], [b[0], a[1]], [b[0], b[1]], [a[0], b[1]], [a[0], a[1]]]
            coords = [[round(x, 6), round(y, 6)] for x, y in ring]
            geometry = {"type": "Polygon", "coordinates": [coords]}
        else:
            if shared and rng.random() < 0.3:
                lng, lat, key = shared[rng.randrange(len(shared))]  # 综合查一次: the same site
                return {"type": "Point", "coordinates": [lng, lat], "site_key": key}
            coords = [[lng, lat]]
            geometry = {"type": "Point", "coordinates": [lng, lat]}
            if rng.random() < 0.3:
                key = f"demo-site-{len(shared) + 1}"
                shared.append((lng, lat, key))
                geometry["site_key"] = key
        if all(outline.contains(Point(x, y)) for x, y in coords):
            return geometry
    return {"type": "Point", "coordinates": [docks[0].lng, docks[0].lat]}


def _requests(rng: random.Random, docks: list[Dock], district: Region) -> int:
    outline = grid_selectors.district_outline()
    planner = _user("demo_drone_planner", "演示巡查需求录入")
    today = selectors.today()
    count = 0
    shared: list[tuple[float, float, str]] = []
    for need in NEEDS:
        unit = org_selectors.unit_by_function(
            region=district, function=need.function, level=RegionLevel.DISTRICT
        )
        if unit is None:
            continue
        from gongzhi.org import services as org_services

        org_services.membership_grant(user=planner, unit=unit, role=Role.LIAISON)
        for number in range(need.count):
            geometry = _target(rng, need, docks, outline, shared)
            site_key = geometry.pop("site_key", "")
            window = (time(9), time(11, 30)) if need.task_type == TaskType.STREET_VENDING else (None, None)
            services.inspection_request_create(
                actor=planner,
                department=unit,
                title=f"{need.title}{number + 1:02d}（演示）",
                task_type=need.task_type,
                target_kind=need.kind,
                geometry=geometry,
                start_date=today - timedelta(days=rng.randrange(30)),
                window_start=window[0],
                window_end=window[1],
                dwell_s=rng.choice([30, 60, 90, 120]),
                site_key=site_key,
            )
            count += 1
    # bad input the plan must explain: inside the no-fly zone, and beyond every dock
    enforcement = org_selectors.unit_by_function(
        region=district, function="enforcement", level=RegionLevel.DISTRICT
    )
    shell = max(getattr(outline, "geoms", [outline]), key=lambda g: g.area)
    inside_zone = Point(*_offset(docks[0].lng, docks[0].lat, 1800, 600))
    farthest = max(
        (Point(c) for c in shell.exterior.coords),
        key=lambda p: min(math.dist((p.x, p.y), (d.lng, d.lat)) for d in docks),
    )
    inner = shell.representative_point()
    beyond = Point(farthest.x + (inner.x - farthest.x) * 0.03, farthest.y + (inner.y - farthest.y) * 0.03)
    examples = (
        ("变电站内违建（演示：禁飞区内）", inside_zone),
        ("边界山林违建（演示：超出机巢范围）", beyond),
    )
    for title, point in examples:
        if enforcement is not None and outline.contains(point):
            services.inspection_request_create(
                actor=planner,
                department=enforcement,
                title=title,
                task_type=TaskType.ILLEGAL_BUILDING,
                target_kind=TargetKind.POINT,
                geometry={"type": "Point", "coordinates": [round(point.x, 6), round(point.y, 6)]},
                start_date=today,
            )
            count += 1
    return count


def _detections(rng: random.Random, docks: list[Dock]) -> dict[str, int]:
    """Pending detections (one site seen three times), and one taken through to a case."""
    grid = (
        Grid.objects.filter(village__code="330603105210", parent__isnull=True).first() or Grid.objects.first()
    )
    if grid is None:
        return {}
    worker = User.objects.filter(username="grid_wanghua").first() or _user("demo_grid_worker", "演示网格员")
    grid_services.grid_member_assign(grid=grid, user=worker, role=GridRole.FULL_TIME)
    now = timezone.now()
    dock = min(docks, key=lambda d: math.dist((d.lng, d.lat), (grid.centre_lng, grid.centre_lat)))
    made = 0
    for kind, repeats in (
        (TaskType.ILLEGAL_BUILDING, 3),
        (TaskType.ILLEGAL_DUMPING, 1),
        (TaskType.STRAW_BURNING, 2),
    ):
        lng, lat = _offset(grid.centre_lng, grid.centre_lat, rng.uniform(-200, 200), rng.uniform(-200, 200))
        for k in range(repeats):
            services.detection_ingest(
                source=DetectionSource.DOCK_API,
                task_type=kind,
                confidence=round(rng.uniform(0.72, 0.97), 2),
                lng=round(lng + k * 0.0001, 6),
                lat=round(lat, 6),
                detected_at=now - timedelta(hours=30 - 8 * k),
                external_id=f"demo-{kind}-{k}",
                dock=dock,
            )
            made += 1
    straw = selectors.site_queue(user=worker, operator=True).filter(task_type=TaskType.STRAW_BURNING).first()
    confirmed = 0
    if straw is not None:
        services.site_verify(actor=worker, site_id=straw.pk, confirmed=True, note="演示：现场确认焚烧痕迹")
        confirmed = 1
    return {"detections": made, "confirmed_sites": confirmed}


def _emergency(docks: list[Dock]) -> int:
    dock = next((d for d in docks if d.status == DockStatus.IDLE), None)
    if dock is None:
        return 0
    pilot_user = User.objects.filter(username="demo_pilot01").first()
    if pilot_user is None:
        return 0
    lng, lat = _offset(dock.lng, dock.lat, 2500, 1500)
    options = selectors.emergency_options(lng=lng, lat=lat)
    usable = next((o for o in options if o.can_fly), None)
    if usable is None:
        return 0
    services.emergency_dispatch(
        actor=pilot_user,
        dock_id=usable.dock.pk,
        lng=round(lng, 6),
        lat=round(lat, 6),
        subject="危化品运输车辆起火（演示）",
        description="演示：指挥中心接报高速公路一辆危化品运输车起火，调度无人机侦察、测距并回传画面。",
    )
    return 1


def drones_demo_load(
    *, seed: int = 2026, plan_seconds: float | None = None, baseline_seconds: float | None = None
) -> dict[str, Any]:
    """Load the drone demo once (a second call changes nothing); plans today with the baseline.

    The planner's time budgets default to the settings (``PLAN_SECONDS``, ``BASELINE_SECONDS``).
    """
    if Dock.objects.filter(code__startswith="DEMO-").exists():
        plan = FlightPlan.objects.order_by("-id").first()
        return {"docks": Dock.objects.count(), "plan": plan.pk if plan else None, "created": 0}
    grids = grid_demo_load(seed=seed)
    rng = _rng(seed)
    district = Region.objects.get(level=RegionLevel.DISTRICT)
    owner = org_selectors.centre_at_level(region=district, level=RegionLevel.DISTRICT)
    if owner is None:
        raise LookupError("no district centre: load the organisation first")
    with transaction.atomic():
        docks = _fleet(rng, district, owner)
        zones = _zones(docks)
        requests = _requests(rng, docks, district)
    plan = services.flight_plan_create(
        actor=None, day=selectors.today(), seconds=plan_seconds, baseline_seconds=baseline_seconds, seed=seed
    )
    detections = _detections(rng, docks)
    emergencies = _emergency([Dock.objects.get(pk=d.pk) for d in docks])
    return {
        "grids": grids,
        "docks": len(docks),
        "zones": zones,
        "requests": requests,
        "plan": plan.pk,
        "flights": plan.flight_count,
        "unserved": plan.tasks_unserved,
        "change_percent": plan.baseline.get("change_percent", {}),
        **detections,
        "emergencies": emergencies,
        "demo_day": str(selectors.today()),
    }
