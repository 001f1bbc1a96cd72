"""A drone-shaped benchmark: 3–10 docks across Keqiao, 200–2,000 targets from several departments,
endurance limits and no-fly zones — plan time, flights, flight time, combined vs per-department.

    .venv/bin/python bench/bench_drones.py                 # the three default sizes
    .venv/bin/python bench/bench_drones.py --sizes 6:500 --seconds 20

No database: docks are spread (farthest-point) over the real district outline, targets placed
within the docks' radii (some shared by departments: the same site), two no-fly zones near the
busiest docks. Synthetic, seeded, and labelled so; the figures are what the planner does on it.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shapely.geometry import Point, shape  # noqa: E402
from shapely.ops import unary_union  # noqa: E402

from gongzhi.drones.planning import (  # noqa: E402
    DockInput,
    PlanInput,
    PlanSettings,
    TaskInput,
    ZoneInput,
    plan_with_baseline,
)

OUTLINE = ROOT / "gongzhi" / "web" / "static" / "web" / "data" / "keqiao_330603_wgs84.geojson"
DEPARTMENTS = ("综合执法", "生态环境", "自然资源", "农业农村", "应急管理", "水利")


def offset(lng: float, lat: float, east: float, north: float) -> tuple[float, float]:
    return lng + east / (111_320 * math.cos(math.radians(lat))), lat + north / 110_540


def day(
    docks: int, targets: int, seed: int
) -> tuple[tuple[DockInput, ...], tuple[TaskInput, ...], tuple[ZoneInput, ...]]:
    rng = random.Random(seed)
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    outline = unary_union([shape(f["geometry"]) for f in data["features"]])
    minx, miny, maxx, maxy = outline.bounds
    candidates: list[tuple[float, float]] = []
    while len(candidates) < 400:
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if outline.contains(p):
            candidates.append((p.x, p.y))
    sites = [candidates[0]]
    while len(sites) < docks:
        sites.append(max(candidates, key=lambda c: min(math.dist(c, s) for s in sites)))
    dock_inputs = tuple(
        DockInput(
            key=f"D{i}",
            name=f"机巢{i}",
            lng=lng,
            lat=lat,
            radius_m=7000,
            cruise_speed_mps=12,
            endurance_s=(54 if i % 2 else 50) * 60,
            aircraft_count=2 if i == 0 else 1,
        )
        for i, (lng, lat) in enumerate(sites)
    )
    tasks: list[TaskInput] = []
    shared: list[tuple[float, float, str]] = []
    while len(tasks) < targets:
        dock = dock_inputs[rng.randrange(docks)]
        r, angle = 6000 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
        lng, lat = offset(dock.lng, dock.lat, r * math.cos(angle), r * math.sin(angle))
        if not outline.contains(Point(lng, lat)):
            continue
        site = ""
        if shared and rng.random() < 0.25:
            lng, lat, site = shared[rng.randrange(len(shared))]
        elif rng.random() < 0.25:
            site = f"S{len(shared)}"
            shared.append((lng, lat, site))
        window = (9 * 3600, 11 * 3600) if rng.random() < 0.1 else None
        tasks.append(
            TaskInput(
                key=f"T{len(tasks)}",
                department=rng.choice(DEPARTMENTS),
                task_type="other",
                kind="point",
                coordinates=((lng, lat),),
                dwell_s=rng.choice((30, 60, 90, 120)),
                window=window,
                site_key=site,
            )
        )
    zones = []
    for i, dock in enumerate(dock_inputs[:2]):
        c = offset(dock.lng, dock.lat, 2000, 1000)
        a, b = offset(*c, -400, -400), offset(*c, 400, 400)
        ring = (a, (b[0], a[1]), b, (a[0], b[1]), a)
        zones.append(ZoneInput(key=f"Z{i}", name=f"禁飞区{i}", polygons=((ring,),)))
    return dock_inputs, tuple(tasks), tuple(zones)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="*", default=["3:200", "6:600", "10:2000"], help="docks:targets")
    parser.add_argument("--seconds", type=float, default=20.0, help="combined plan limit (CPU seconds)")
    parser.add_argument("--baseline-seconds", type=float, default=5.0, help="per department (CPU seconds)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print("# limits in CPU seconds (--seconds combined, --baseline-seconds per department); times: all plans")
    print(
        "docks targets | cpu s (wall)  | flights  flight h  visits  served/h | per-dept: flights  flight h  "
        "visits  served/h | flights  time  efficiency"
    )
    for size in args.sizes:
        docks, targets = map(int, size.split(":"))
        dock_inputs, tasks, zones = day(docks, targets, args.seed)
        settings = PlanSettings(seconds=args.seconds, seed=args.seed, cpu_time=True)
        started, cpu = time.perf_counter(), time.process_time()
        comparison = plan_with_baseline(
            PlanInput(docks=dock_inputs, tasks=tasks, zones=zones, settings=settings),
            baseline_seconds=args.baseline_seconds,
        )
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        a, b = comparison.combined_figures, comparison.baseline_figures
        change = comparison.change_percent()
        unserved = len(comparison.combined.unserved)
        print(
            f"{docks:>5} {targets:>7} | {cpu:>5.0f} ({elapsed:>5.0f}) | "
            f"{a.flights:>7} {a.flight_time_s / 3600:>9.1f} {a.visits:>7} {a.tasks_per_flight_hour:>9.1f} | "
            f"{b.flights:>17} {b.flight_time_s / 3600:>9.1f} {b.visits:>7} {b.tasks_per_flight_hour:>9.1f} | "
            f"{change['flights']:>6.0f}% {change['flight_time']:>4.0f}% {change['efficiency']:>+9.0f}%"
            f"  ({unserved} unserved)",
            flush=True,
        )


if __name__ == "__main__":
    main()
