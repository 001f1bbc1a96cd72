"""The solving core on published instances: the readers reproduce the best-known costs, and the
CLI prints a feasible solution in the CVRPLIB format (a 1-second run; quality is bench/'s job)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import vrplib
from django.core.management import call_command
from pyvrp import Activity, ActivityType, Route, Solution

from gongzhi.drones.planning.instances import bks_path, read_bks, read_instance, solution_cost

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "vrp"
CASES = ["solomon/C101.txt", "cvrplib_X/X-n101-k25.vrp", "gehring_homberger_1000/RC1_10_1.vrp"]

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/vrp is not beside the repository")


@pytest.mark.parametrize("name", CASES)
def test_the_readers_reproduce_the_best_known_cost(name: str) -> None:
    path = DATA / name
    instance = read_instance(path)
    routes = vrplib.read_solution(str(bks_path(path)))["routes"]
    best = Solution(
        instance.data,
        [Route(instance.data, [Activity(ActivityType.CLIENT, c - 1) for c in r], 0) for r in routes],
    )
    assert best.is_feasible()
    assert solution_cost(instance, best) == pytest.approx(read_bks(bks_path(path)))


def test_solve_vrplib_prints_routes_cost_and_gap() -> None:
    out = StringIO()
    call_command("drones", "solve-vrplib", str(DATA / "solomon" / "C101.txt"), "--seconds", "1", stdout=out)
    text = out.getvalue()
    routes = [line for line in text.splitlines() if line.startswith("Route #")]
    customers = sorted(int(c) for line in routes for c in line.split(":")[1].split())
    assert customers == list(range(1, 101))
    assert "Cost " in text and "BKS 827.3" in text and "feasible=True" in text
