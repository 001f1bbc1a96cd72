"""Benchmark instances: VRPLIB (CVRPLIB X, Gehring–Homberger) and Solomon files → PyVRP data.

Conventions follow the published best-known solutions (BKS), so the costs compare directly:
1. CVRP (no time windows): each edge is the Euclidean distance rounded to the nearest integer.
2. VRPTW (Solomon, Gehring–Homberger): the DIMACS convention — distances and times truncated to
   one decimal; internally scaled by 10 to integers, reported back divided by 10.
3. Route and customer numbers are printed as in the CVRPLIB ``.sol`` files: customers 1..n.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvrp
import vrplib
from pyvrp import Client, Depot, Location, ProblemData, Solution, VehicleType

INT_MAX = int(np.iinfo(np.int64).max)


@dataclass(frozen=True)
class Instance:
    name: str
    data: ProblemData
    scale: int  # internal integer units per reported unit (10 under DIMACS, else 1)
    has_time_windows: bool


def _is_solomon(path: Path) -> bool:
    head = path.read_text(encoding="utf-8", errors="replace")[:2000].upper()
    return "CUSTOMER" in head and "VEHICLE" in head and "NODE_COORD_SECTION" not in head


def _solomon_data(path: Path) -> ProblemData:
    raw = vrplib.read_instance(str(path), instance_format="solomon")
    coords = np.asarray(raw["node_coord"], dtype=float)
    distances = (10 * np.asarray(raw["edge_weight"], dtype=float)).astype(np.int64)
    windows = (10 * np.asarray(raw["time_window"], dtype=float)).astype(np.int64)
    service = (10 * np.asarray(raw["service_time"], dtype=float)).astype(np.int64)
    demand = np.asarray(raw["demand"], dtype=np.int64)
    locations = [Location(x=float(x), y=float(y)) for x, y in coords]
    depot = Depot(location=0, tw_early=int(windows[0, 0]), tw_late=int(windows[0, 1]))
    clients = [
        Client(
            location=i,
            delivery=[int(demand[i])],
            service_duration=int(service[i]),
            tw_early=int(windows[i, 0]),
            tw_late=int(windows[i, 1]),
        )
        for i in range(1, len(coords))
    ]
    vehicles = VehicleType(
        num_available=int(raw["vehicles"]),
        capacity=[int(raw["capacity"])],
        tw_early=int(windows[0, 0]),
        tw_late=int(windows[0, 1]),
    )
    return ProblemData(locations, clients, [depot], [vehicles], [distances], [distances])  # type: ignore[list-item]


def read_instance(path: str | Path) -> Instance:
    """Read a VRPLIB or Solomon file (format detected from the header)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such instance file: {path}")
    if _is_solomon(path):
        return Instance(name=path.stem, data=_solomon_data(path), scale=10, has_time_windows=True)
    text = path.read_text(encoding="utf-8", errors="replace").upper()
    has_tw = "TIME_WINDOW_SECTION" in text
    data = pyvrp.read(str(path), round_func="dimacs" if has_tw else "round")
    return Instance(name=path.stem, data=data, scale=10 if has_tw else 1, has_time_windows=has_tw)


def read_bks(path: str | Path) -> float | None:
    """The cost stated in a CVRPLIB ``.sol`` file (``Cost 27591``), or None."""
    path = Path(path)
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().lower().startswith("cost"):
            return float(line.split()[1])
    return None


def bks_path(instance_path: str | Path) -> Path:
    return Path(instance_path).with_suffix(".sol")


def routes_as_customers(instance: Instance, solution: Solution) -> list[list[int]]:
    """Each route as its customers, numbered 1..n as in the ``.sol`` files."""
    return [[activity.idx + 1 for activity in route if activity.is_client()] for route in solution.routes()]


def solution_cost(instance: Instance, solution: Solution) -> float:
    """The distance in the BKS convention (DIMACS instances divided back by 10)."""
    return solution.distance() / instance.scale


def gap_percent(cost: float, bks: float | None) -> float | None:
    if bks is None or bks <= 0:
        return None
    return 100.0 * (cost - bks) / bks
