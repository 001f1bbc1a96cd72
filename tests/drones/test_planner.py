"""The flight planner's constraints, on small hand-made days (pure computation, ~1 s solves)."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import pytest
from shapely.geometry import LineString, Polygon

from gongzhi.drones.enums import UnservedReason
from gongzhi.drones.planning import (
    DockInput,
    PlanInput,
    PlanSettings,
    TaskInput,
    ZoneInput,
    plan_flights,
    plan_with_baseline,
    usable_endurance,
)
from gongzhi.drones.planning.airspace import Airspace, LocalProjection

LNG0, LAT0 = 120.47, 30.05
PROJ = LocalProjection(LNG0, LAT0)
FAST = PlanSettings(seconds=1.0, max_iterations=300, seed=1)


def at(x_m: float, y_m: float) -> tuple[float, float]:
    """A point x metres east and y metres north of the test origin."""
    return PROJ.to_lnglat(x_m, y_m)


def dock(key: str = "D1", x: float = 0, y: float = 0, **kw: object) -> DockInput:
    values: dict[str, object] = dict(
        key=key,
        name=f"机巢{key}",
        lng=at(x, y)[0],
        lat=at(x, y)[1],
        radius_m=5000,
        cruise_speed_mps=10,
        endurance_s=40 * 60,
    )
    values.update(kw)
    return DockInput(**values)  # type: ignore[arg-type]


def point(key: str, x: float, y: float, department: str = "城管", **kw: object) -> TaskInput:
    values: dict[str, object] = dict(
        key=key, department=department, task_type="other", kind="point", coordinates=(at(x, y),), dwell_s=60
    )
    values.update(kw)
    return TaskInput(**values)  # type: ignore[arg-type]


def square_zone(x0: float, y0: float, x1: float, y1: float, **kw: object) -> ZoneInput:
    ring = (at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0))
    values: dict[str, object] = dict(key="Z", name="变电站", polygons=((ring,),))
    values.update(kw)
    return ZoneInput(**values)  # type: ignore[arg-type]


def served_keys(output: object) -> list[str]:
    return [key for f in output.flights for s in f.stops for key in s.task_keys]  # type: ignore[attr-defined]


def test_every_flight_stays_within_usable_endurance_and_targets_beyond_it_are_listed() -> None:
    # given a ring of targets 1–3 km out and one 4.5 km out (inside the radius, beyond the battery)
    tasks = [point(f"T{i}", 2000 * math.cos(i), 2000 * math.sin(i)) for i in range(12)]
    tasks.append(point("FAR", 4500, 0))
    short = dock(endurance_s=20 * 60)  # usable: 14 min at the default 30 % reserve
    # when planned
    output = plan_flights(PlanInput(docks=(short,), tasks=tuple(tasks), settings=FAST))
    # then no flight outlasts the usable endurance, and the far target says why it is left out
    usable = usable_endurance(short, FAST)
    assert output.flights and all(f.flight_s <= usable for f in output.flights)
    far = [u for u in output.unserved if u.task_key == "FAR"]
    assert far and far[0].reason == UnservedReason.OUT_OF_REACH and "续航" in far[0].message
    assert sorted(served_keys(output)) == sorted(f"T{i}" for i in range(12))


def test_sorties_of_one_aircraft_never_overlap() -> None:
    tasks = [point(f"T{i}", 3000 * math.cos(i / 2), 3000 * math.sin(i / 2), dwell_s=240) for i in range(12)]
    output = plan_flights(PlanInput(docks=(dock(endurance_s=20 * 60),), tasks=tuple(tasks), settings=FAST))
    flights = sorted(output.flights, key=lambda f: f.takeoff_s)
    assert len(flights) >= 2
    for first, second in itertools.pairwise(flights):
        assert first.landing_s + 1800 <= second.takeoff_s + 1  # recharge between sorties


def test_out_of_radius_target_is_listed_with_the_nearest_dock() -> None:
    output = plan_flights(
        PlanInput(docks=(dock(),), tasks=(point("A", 1000, 0), point("X", 9000, 0)), settings=FAST)
    )
    (unserved,) = output.unserved
    assert unserved.task_key == "X" and unserved.reason == UnservedReason.OUT_OF_REACH
    assert "作业半径" in unserved.message
    assert served_keys(output) == ["A"]


def test_no_leg_crosses_a_no_fly_zone_and_a_target_inside_one_is_refused() -> None:
    # given a wall-like zone between the dock and the targets, and a target inside it
    zone = square_zone(800, -1500, 1200, 1500)
    tasks = (point("EAST", 2500, 0), point("EAST2", 2500, 400), point("INSIDE", 1000, 0))
    output = plan_flights(PlanInput(docks=(dock(),), tasks=tasks, zones=(zone,), settings=FAST))
    # then the path goes around the zone …
    polygon = Polygon([PROJ.to_xy(*p) for p in zone.polygons[0][0]])
    for flight in output.flights:
        line = LineString([PROJ.to_xy(*p) for p in flight.path])
        assert not line.intersects(polygon)
        assert flight.distance_m > 2 * 2500  # a detour is longer than the straight way
    assert sorted(served_keys(output)) == ["EAST", "EAST2"]
    # … and the target inside it is listed with the zone's name
    inside = next(u for u in output.unserved if u.task_key == "INSIDE")
    assert inside.reason == UnservedReason.INSIDE_NO_FLY and "变电站" in inside.message


def test_a_restricted_zone_above_the_flight_altitude_is_not_an_obstacle() -> None:
    zone = square_zone(800, -1500, 1200, 1500, ceiling_m=110.0)
    output = plan_flights(
        PlanInput(
            docks=(dock(),),
            tasks=(point("E", 2500, 0),),
            zones=(zone,),
            settings=replace(FAST, altitude_m=100),
        )
    )
    assert output.flights[0].distance_m == pytest.approx(5000, abs=5)


def test_time_windows_are_kept_and_impossible_ones_listed() -> None:
    morning = (8 * 3600, 8 * 3600 + 1800)
    afternoon = (15 * 3600, 15 * 3600 + 1800)
    tasks = (
        point("AM", 1500, 0, window=morning),
        point("PM", 1500, 300, window=afternoon),
        point("NIGHT", 1000, 0, window=(22 * 3600, 23 * 3600)),  # the dock closes at 19:00
        point("BAD", 1000, 500, window=(5000, 4000)),
    )
    output = plan_flights(PlanInput(docks=(dock(),), tasks=tasks, settings=FAST))
    stops = {key: s for f in output.flights for s in f.stops for key in s.task_keys}
    assert morning[0] <= stops["AM"].arrive_s and stops["AM"].depart_s <= morning[1]
    assert afternoon[0] <= stops["PM"].arrive_s and stops["PM"].depart_s <= afternoon[1]
    reasons = {u.task_key: u.reason for u in output.unserved}
    assert reasons == {"NIGHT": UnservedReason.TIME_WINDOW, "BAD": UnservedReason.TIME_WINDOW}


def test_each_target_is_visited_once_and_one_visit_serves_several_departments() -> None:
    # given the same site requested by three departments (two by site key, one by being 10 m away)
    tasks = [
        point("CG", 1500, 1500, department="城管", site_key="工地A"),
        point("HB", 1500, 1500, department="环保", site_key="工地A", dwell_s=120),
        point("ZY", 1505, 1508, department="自然资源"),
        *(point(f"T{i}", 1000 * i, -800, department="水利") for i in range(1, 4)),
    ]
    comparison = plan_with_baseline(
        PlanInput(docks=(dock(),), tasks=tuple(tasks), settings=FAST), baseline_seconds=1
    )
    output = comparison.combined
    keys = served_keys(output)
    assert sorted(keys) == sorted(t.key for t in tasks)  # everything once, nothing twice
    shared = next(s for f in output.flights for s in f.stops if "CG" in s.task_keys)
    assert set(shared.task_keys) == {"CG", "HB", "ZY"}
    assert set(shared.departments) == {"城管", "环保", "自然资源"}
    assert shared.depart_s - shared.arrive_s == 120 + 2 * 30  # longest dwell + 30 s per extra task
    # and the per-department baseline visits that site three times
    assert comparison.baseline_figures.visits == comparison.combined_figures.visits + 2
    assert comparison.combined_figures.flight_time_s < comparison.baseline_figures.flight_time_s


def test_docks_that_cannot_fly_give_their_reason() -> None:
    held = dock("HOLD", 0, 0, unavailable=UnservedReason.WEATHER_HOLD, unavailable_note="风速 11 m/s")
    no_pilot = dock("NOP", 20000, 0, unavailable=UnservedReason.NO_LICENSED_PILOT)
    tasks = (point("NEAR_HOLD", 1000, 0), point("NEAR_NOP", 21000, 0))
    output = plan_flights(PlanInput(docks=(held, no_pilot), tasks=tasks, settings=FAST))
    reasons = {u.task_key: (u.reason, u.message) for u in output.unserved}
    assert reasons["NEAR_HOLD"][0] == UnservedReason.WEATHER_HOLD and "风速" in reasons["NEAR_HOLD"][1]
    assert reasons["NEAR_NOP"][0] == UnservedReason.NO_LICENSED_PILOT
    assert output.flights == ()


def test_lines_are_flown_end_to_end_and_bad_geometry_is_refused() -> None:
    river = TaskInput(
        key="RIVER",
        department="水利",
        task_type="river_litter",
        kind="line",
        coordinates=(at(500, 0), at(1500, 0), at(2500, 0)),
        dwell_s=0,
    )
    broken = TaskInput(
        key="BROKEN", department="水利", task_type="other", kind="line", coordinates=(at(1, 1),)
    )
    nowhere = TaskInput(
        key="NAN", department="水利", task_type="other", kind="point", coordinates=((float("nan"), 1),)
    )
    output = plan_flights(PlanInput(docks=(dock(),), tasks=(river, broken, nowhere), settings=FAST))
    (flight,) = output.flights
    (stop,) = flight.stops
    assert stop.depart_s - stop.arrive_s == pytest.approx(2000 / FAST.line_speed_mps, abs=1)
    assert {u.task_key: u.reason for u in output.unserved} == {
        "BROKEN": UnservedReason.INVALID_GEOMETRY,
        "NAN": UnservedReason.INVALID_GEOMETRY,
    }


def test_an_altitude_above_the_ceiling_is_refused() -> None:
    with pytest.raises(ValueError, match="120"):
        plan_flights(PlanInput(docks=(dock(),), tasks=(), settings=replace(FAST, altitude_m=150)))


def test_airspace_detour_is_the_shortest_way_round() -> None:
    # a 200 m square centred between two points 1 km apart: the way round bends at two corners
    square = Polygon([(400, -100), (600, -100), (600, 100), (400, 100)])
    airspace = Airspace([square], clearance_m=10)
    distance = airspace.distance_matrix([[0, 0]], [[1000, 0]])[0, 0]
    assert distance == pytest.approx(2 * math.hypot(400, 100) + 200, rel=0.01)
    path = airspace.path((0.0, 0.0), (1000.0, 0.0))
    assert not LineString(path).intersects(square)
