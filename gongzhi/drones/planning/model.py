"""The PyVRP model of a planning day, and the flights read back from its solution.

See ``planner`` (the module note, 2–5) for the model; this module builds the ``ProblemData``
(one depot per flying dock, one optional client per visit, one routing profile per dock, one
vehicle type per (dock, sortie slot)), runs the solving core and turns the routes into flights
with their detour paths. A route the solver could not make feasible is dropped and said so.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, Solution, VehicleType

from gongzhi.drones.enums import TargetKind
from gongzhi.drones.planning.core import solve_data
from gongzhi.drones.planning.problem import DockInput, FlightOutput, StopOutput, usable_endurance

if TYPE_CHECKING:
    from gongzhi.drones.planning.planner import Planner, _Visit

# Prohibitive but safe to add up: a few hundred of these stay far from int64 overflow.
BIG = 10_000_000


def solve_visits(
    planner: Planner,
    docks: tuple[DockInput, ...],
    visits: list[_Visit],
    slots: dict[int, list[int]],
    dock_xy: np.ndarray,
    seconds: float,
) -> tuple[list[FlightOutput], set[int], float, list[str]]:
    settings = planner.settings
    used = [di for di in sorted(slots) if slots[di]]
    depot_of = {di: k for k, di in enumerate(used)}
    n_dep = len(used)
    start_xy = np.vstack([dock_xy[used], np.array([v.lead.exit for v in visits])])
    end_xy = np.vstack([dock_xy[used], np.array([v.lead.entry for v in visits])])
    metres = planner.airspace.distance_matrix(start_xy, end_xy)
    np.fill_diagonal(metres, 0.0)
    finite = np.isfinite(metres)
    distance = np.where(finite, np.ceil(metres), BIG).astype(np.int64)

    locations = [Location(x=float(x), y=float(y)) for x, y in end_xy]
    depots = [
        Depot(location=k, tw_early=docks[di].open_s, tw_late=docks[di].close_s) for k, di in enumerate(used)
    ]
    max_usable = max(usable_endurance(docks[di], settings) for di in used)
    prize = 10 * (max_usable + settings.flight_fixed_cost_s) + 1
    clients = [
        Client(
            location=n_dep + i,
            service_duration=v.service_s,
            tw_early=v.window[0],
            tw_late=v.window[1] - v.service_s,
            required=False,
            prize=prize,
        )
        for i, v in enumerate(visits)
    ]
    distances, durations, vehicle_types = [], [], []
    for profile, di in enumerate(used):
        dock = docks[di]
        duration = np.where(finite, np.ceil(metres / dock.cruise_speed_mps), BIG).astype(np.int64)
        dist = distance.copy()
        excluded = [n_dep + i for i, v in enumerate(visits) if di not in v.docks]
        excluded += [k for k in range(n_dep) if k != profile]
        duration[excluded, :] = BIG
        duration[:, excluded] = BIG
        dist[excluded, :] = BIG
        dist[:, excluded] = BIG
        np.fill_diagonal(duration, 0)
        np.fill_diagonal(dist, 0)
        distances.append(dist)
        durations.append(duration)
        usable = usable_endurance(dock, settings)
        for k, start in enumerate(slots[di]):
            vehicle_types.append(
                VehicleType(
                    num_available=dock.aircraft_count,
                    start_depot=depot_of[di],
                    end_depot=depot_of[di],
                    fixed_cost=settings.flight_fixed_cost_s,
                    tw_early=start,
                    tw_late=start + usable,
                    shift_duration=usable,
                    unit_distance_cost=0,
                    unit_duration_cost=1,
                    profile=profile,
                    name=f"{di}:{k}",
                )
            )
    data = ProblemData(locations, clients, depots, vehicle_types, distances, durations)  # type: ignore[arg-type]
    # Start from the empty plan (feasible: every visit is optional) and let the search insert.
    outcome = solve_data(
        data,
        seconds=seconds,
        seed=settings.seed,
        max_iterations=settings.max_iterations,
        cpu_time=settings.cpu_time,
        initial=Solution(data, []),
    )
    flights: list[FlightOutput] = []
    served: set[int] = set()
    dropped: list[str] = []
    aircraft_counter: dict[int, int] = defaultdict(int)
    for route in outcome.solution.routes():
        di_text, slot_text = vehicle_types[route.vehicle_type()].name.split(":")
        di = int(di_text)
        if not route.is_feasible():
            dropped.append(
                f"机巢 {docks[di].name} 第 {int(slot_text) + 1} 架次不可行，已放弃"
                " / infeasible sortie dropped"
            )
            continue
        stops, path, extra = [], [planner.projection.to_lnglat(*dock_xy[di])], 0.0
        cursor: tuple[float, float] = (float(dock_xy[di][0]), float(dock_xy[di][1]))
        for activity in route:
            if not activity.is_client():
                continue
            visit = visits[activity.idx]
            served.add(activity.idx)
            extra += visit.lead.extra_distance_m
            leg = planner.airspace.path(cursor, visit.lead.entry)
            path.extend(planner.projection.to_lnglat(x, y) for x, y in leg[1:])
            if visit.lead.task.kind == TargetKind.LINE:
                path.extend(
                    planner.projection.to_lnglat(x, y) for x, y in list(visit.lead.geometry.coords)[1:]
                )
            cursor = visit.lead.exit
            lng, lat = planner.projection.to_lnglat(*visit.lead.entry)
            stops.append(
                StopOutput(
                    visit=activity.idx,
                    task_keys=tuple(t.task.key for t in visit.tasks),
                    departments=tuple(dict.fromkeys(t.task.department for t in visit.tasks)),
                    arrive_s=int(activity.start_time),
                    depart_s=int(activity.end_time),
                    lng=lng,
                    lat=lat,
                )
            )
        leg = planner.airspace.path(cursor, (float(dock_xy[di][0]), float(dock_xy[di][1])))
        path.extend(planner.projection.to_lnglat(x, y) for x, y in leg[1:])
        type_index = route.vehicle_type()
        flights.append(
            FlightOutput(
                dock_key=docks[di].key,
                sortie=int(slot_text),
                aircraft=aircraft_counter[type_index],
                takeoff_s=int(route.start_time()),
                landing_s=int(route.end_time()),
                distance_m=int(route.distance() + extra),
                stops=tuple(stops),
                path=tuple((round(lng, 6), round(lat, 6)) for lng, lat in path),
            )
        )
        aircraft_counter[type_index] += 1
    flights.sort(key=lambda f: (f.dock_key, f.takeoff_s, f.aircraft))
    return flights, served, outcome.wall_seconds, dropped
