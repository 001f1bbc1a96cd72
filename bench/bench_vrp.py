"""Planner quality on published instances: the planner's solving core beside OR-Tools, same time limit.

    .venv/bin/python bench/bench_vrp.py                       # the default selection, 30 s each
    .venv/bin/python bench/bench_vrp.py --seconds 5 X-n101-k25 C101
    nice -n 10 .venv/bin/python bench/bench_vrp.py --json artefacts/bench_vrp.json

For each instance: the best-known solution (BKS, from the ``.sol`` beside it), our cost and gap,
OR-Tools' routing solver (PATH_CHEAPEST_ARC — parallel cheapest insertion with time windows —
then GUIDED_LOCAL_SEARCH) cost and gap, and the CPU
seconds each used. The limits are CPU seconds of the solving process ("30 s on one core"), not
wall clock, so a loaded shared machine slows the run down but does not shorten either search:
PyVRP stops through a CPU-time criterion; OR-Tools through a solution callback that ends the
search once its CPU budget is spent (checked at every solution it accepts, so it may overrun by
a fraction of a second — in its favour), with a generous wall-clock limit as a backstop.
Both solvers are single-threaded and see the very same integer data (CVRP: rounded distances;
VRPTW: DIMACS, one decimal, ×10); every OR-Tools solution is re-checked for feasibility by
PyVRP's evaluator, so neither side can claim a cost its routes do not have.

Needs ``ortools`` (the ``bench`` extra: ``pip install -e .[bench]``); ``--no-ortools`` skips it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from pathlib import Path
from statistics import mean
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyvrp import Activity, ActivityType, Route, Solution  # noqa: E402

from gongzhi.drones.planning.core import solve_data  # noqa: E402
from gongzhi.drones.planning.instances import (  # noqa: E402
    Instance,
    bks_path,
    gap_percent,
    read_bks,
    read_instance,
    solution_cost,
)

DATA = ROOT.parent / "shared" / "data" / "vrp"
DEFAULT = [
    "cvrplib_X/X-n101-k25.vrp",
    "cvrplib_X/X-n256-k16.vrp",
    "cvrplib_X/X-n401-k29.vrp",
    "solomon/C101.txt",
    "solomon/R101.txt",
    "solomon/RC101.txt",
    "gehring_homberger_1000/RC1_10_1.vrp",
]


def _find(name: str, data_dir: Path) -> Path:
    path = Path(name)
    if path.is_file():
        return path
    for candidate in [data_dir / name, *data_dir.glob(f"*/{name}"), *data_dir.glob(f"*/{name}.*")]:
        if candidate.is_file() and candidate.suffix in (".vrp", ".txt"):
            return candidate
    raise SystemExit(f"instance not found: {name} (looked under {data_dir})")


def ortools_solve(instance: Instance, seconds: float) -> tuple[Solution | None, float]:
    """OR-Tools' routing solver on the same data; returns the routes as a PyVRP solution."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    data = instance.data
    distance = data.distance_matrix(0)
    duration = data.duration_matrix(0)
    clients = data.clients()
    depot = data.depots()[0]
    vehicle_type = data.vehicle_types()[0]
    n = data.num_locations
    demand = [0] * n
    service = [0] * n
    windows = [(0, 0)] * n
    horizon = min(int(vehicle_type.tw_late), int(depot.tw_late), 10**9)
    windows[depot.location] = (int(max(depot.tw_early, vehicle_type.tw_early)), horizon)
    for client in clients:
        demand[client.location] = int(client.delivery[0]) if client.delivery else 0
        service[client.location] = int(client.service_duration)
        windows[client.location] = (int(client.tw_early), int(min(client.tw_late, horizon)))
    capacity = int(vehicle_type.capacity[0]) if vehicle_type.capacity else 10**9
    fleet = sum(int(vt.num_available) for vt in data.vehicle_types())
    lower_bound = math.ceil(sum(demand) / capacity) if capacity else 1
    # CVRPLIB gives no fleet (PyVRP reads one vehicle per customer); a few hundred idle vehicles only
    # slow OR-Tools down, so it gets 1.5 × the bin-packing bound + 5. Time-window instances keep
    # their stated fleet: the time windows, not the load, decide how many routes they need.
    vehicles = fleet if instance.has_time_windows else min(fleet, int(1.5 * lower_bound) + 5)

    manager = pywrapcp.RoutingIndexManager(n, vehicles, depot.location)
    routing = pywrapcp.RoutingModel(manager)

    def arc(i: int, j: int) -> int:
        return int(distance[manager.IndexToNode(i), manager.IndexToNode(j)])

    arc_index = routing.RegisterTransitCallback(arc)
    routing.SetArcCostEvaluatorOfAllVehicles(arc_index)
    demand_index = routing.RegisterUnaryTransitCallback(lambda i: demand[manager.IndexToNode(i)])
    routing.AddDimensionWithVehicleCapacity(demand_index, 0, [capacity] * vehicles, True, "load")
    if instance.has_time_windows:

        def transit(i: int, j: int) -> int:
            a, b = manager.IndexToNode(i), manager.IndexToNode(j)
            return int(service[a] + duration[a, b])

        time_index = routing.RegisterTransitCallback(transit)
        routing.AddDimension(time_index, horizon, horizon, False, "time")
        time_dimension = routing.GetDimensionOrDie("time")
        for node in range(n):
            if node == depot.location:
                continue
            time_dimension.CumulVar(manager.NodeToIndex(node)).SetRange(*windows[node])
        for vehicle in range(vehicles):
            time_dimension.CumulVar(routing.Start(vehicle)).SetRange(*windows[depot.location])
            time_dimension.CumulVar(routing.End(vehicle)).SetRange(*windows[depot.location])
    params = pywrapcp.DefaultRoutingSearchParameters()
    # PATH_CHEAPEST_ARC is the documented default for CVRP; with tight time windows it often finds
    # no first solution at all, and OR-Tools' own VRPTW guidance is parallel cheapest insertion.
    strategies = routing_enums_pb2.FirstSolutionStrategy
    params.first_solution_strategy = (
        strategies.PARALLEL_CHEAPEST_INSERTION if instance.has_time_windows else strategies.PATH_CHEAPEST_ARC
    )
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(seconds * 1000 * 30))  # backstop only; see the note
    cpu = time.process_time()

    def out_of_budget() -> None:
        if time.process_time() - cpu >= seconds:
            routing.solver().FinishCurrentSearch()

    routing.AddAtSolutionCallback(out_of_budget)
    assignment = routing.SolveWithParameters(params)
    cpu = time.process_time() - cpu
    if assignment is None:
        return None, cpu
    location_to_client = {client.location: index for index, client in enumerate(clients)}
    routes = []
    for vehicle in range(vehicles):
        index = routing.Start(vehicle)
        visits = []
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node != depot.location:
                visits.append(Activity(ActivityType.CLIENT, location_to_client[node]))
            index = assignment.Value(routing.NextVar(index))
        if visits:
            routes.append(Route(data, visits, 0))
    return Solution(data, routes), cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("instances", nargs="*", help="names or paths (default: the selection in the issue)")
    parser.add_argument("--seconds", type=float, default=30.0, help="limit for instances up to 400 customers")
    parser.add_argument("--large-seconds", type=float, default=120.0, help="limit above 400 customers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-ortools", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=DATA)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here")
    args = parser.parse_args()

    names = args.instances or DEFAULT
    print(
        f"# bench_vrp — {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
        f"load {os.getloadavg()}"
    )
    print(
        f"# limits: {args.seconds:g} CPU s (≤ 400 customers), {args.large_seconds:g} CPU s (larger); "
        f"seed {args.seed}"
    )
    header = f"{'instance':<14}{'n':>6}{'BKS':>11}{'ours':>11}{'gap%':>7}{'cpu s':>7}"
    header += "" if args.no_ortools else f"{'OR-Tools':>11}{'gap%':>7}{'cpu s':>7}  better"
    print(header)
    rows: list[dict[str, Any]] = []
    for name in names:
        path = _find(name, args.data_dir)
        instance = read_instance(path)
        n = instance.data.num_clients
        seconds = args.seconds if n <= 400 else args.large_seconds
        bks = read_bks(bks_path(path))
        outcome = solve_data(instance.data, seconds=seconds, seed=args.seed, cpu_time=True)
        ours = solution_cost(instance, outcome.solution) if outcome.feasible else math.inf
        row: dict[str, Any] = {
            "instance": instance.name,
            "customers": n,
            "seconds": seconds,
            "bks": bks,
            "ours": ours,
            "ours_gap": gap_percent(ours, bks),
            "ours_cpu": round(outcome.cpu_seconds, 1),
        }
        line = f"{instance.name:<14}{n:>6}{bks or 0:>11g}{ours:>11g}"
        line += f"{row['ours_gap'] or 0:>7.2f}{outcome.cpu_seconds:>7.1f}"
        if not args.no_ortools:
            solution, cpu = ortools_solve(instance, seconds)
            feasible = solution is not None and solution.is_feasible() and solution.is_complete()
            theirs = solution_cost(instance, solution) if feasible and solution is not None else math.inf
            row.update(ortools=theirs, ortools_gap=gap_percent(theirs, bks), ortools_cpu=round(cpu, 1))
            better = "ours" if ours < theirs else ("tie" if ours == theirs else "OR-Tools")
            gap_text = f"{row['ortools_gap']:>7.2f}" if math.isfinite(theirs) else f"{'—':>7}"
            line += f"{theirs:>11g}{gap_text}{cpu:>7.1f}  {better}"
        rows.append(row)
        print(line, flush=True)
    x_small = [r["ours_gap"] for r in rows if r["instance"].startswith("X-") and r["customers"] <= 400]
    if x_small:
        print(f"mean gap on X instances ≤ 400 customers: ours {mean(x_small):.2f}%", end="")
        if not args.no_ortools:
            theirs_gaps = [
                r["ortools_gap"]
                for r in rows
                if r["instance"].startswith("X-") and r["customers"] <= 400 and r["ortools_gap"] is not None
            ]
            if theirs_gaps:
                print(f", OR-Tools {mean(theirs_gaps):.2f}%", end="")
        print()
    if not args.no_ortools:
        wins = sum(1 for r in rows if r["ours"] < r.get("ortools", math.inf))
        print(f"ours better on {wins} of {len(rows)} instances")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
