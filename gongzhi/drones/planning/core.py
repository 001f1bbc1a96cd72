"""The solving core: one call that every planner, the CLI and the benchmarks go through.

PyVRP (Wouters et al., 2024; iterated local search with the SWAP* / relocate / exchange
neighbourhoods of HGS-CVRP, granular neighbourhoods and adaptive penalties) is used as it is,
with its published default parameters — they were tuned on exactly these benchmark sets, and a
wrapper that re-tunes them on the same instances would only be fitting the benchmark.

The wrapper adds what a production planner needs around it:
1. a time limit — wall clock for the app (a person is waiting), or CPU seconds of this process
   for benchmarks, so that "30 s on one core" means that on a shared, loaded machine too —
   and an optional iteration cap for reproducible tests;
2. a warm start (e.g. yesterday's plan mapped onto today's data), used only when it is a valid
   solution of the data;
3. a result that never reports an infeasible solution as if it were one: ``feasible`` is False
   and the caller decides (the drone planner drops the offending routes and says why).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyvrp
from pyvrp import ProblemData, Solution
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion


class CpuTime:
    """Stop after ``seconds`` of this process's CPU time (PyVRP calls this every iteration)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.process_time()

    def __call__(self, best_cost: float) -> bool:
        return time.process_time() - self.start >= self.seconds


@dataclass(frozen=True)
class SolveOutcome:
    solution: Solution
    feasible: bool
    objective: int
    distance: int
    iterations: int
    wall_seconds: float
    cpu_seconds: float


def solve_data(
    data: ProblemData,
    *,
    seconds: float,
    seed: int = 0,
    max_iterations: int | None = None,
    initial: Solution | None = None,
    cpu_time: bool = False,
) -> SolveOutcome:
    """Solve ``data`` within ``seconds`` (wall clock, or CPU time) from ``seed``; see the module note."""
    if seconds <= 0:
        raise ValueError("seconds must be positive")
    stop: StoppingCriterion = CpuTime(seconds) if cpu_time else MaxRuntime(seconds)
    if max_iterations is not None:
        stop = MultipleCriteria([stop, MaxIterations(max_iterations)])
    wall, cpu = time.perf_counter(), time.process_time()
    result = pyvrp.solve(
        data, stop=stop, seed=seed, collect_stats=False, display=False, initial_solution=initial
    )
    best = result.best
    feasible = best.is_feasible()
    objective = int(result.cost()) if feasible else -1
    return SolveOutcome(
        solution=best,
        feasible=feasible,
        objective=objective,
        distance=int(best.distance()),
        iterations=result.num_iterations,
        wall_seconds=time.perf_counter() - wall,
        cpu_seconds=time.process_time() - cpu,
    )
