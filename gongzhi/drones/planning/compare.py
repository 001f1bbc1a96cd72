"""The measured case for 综合飞一次: the combined plan beside every department flying its own.

The baseline runs the very same planner once per department on that department's tasks alone,
each time with every dock's whole day at its disposal — generous to the baseline (in reality the
departments would compete for the same docks), so the savings reported are a lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongzhi.drones.planning.planner import Planner
from gongzhi.drones.planning.problem import PlanInput, PlanOutput


@dataclass(frozen=True)
class Figures:
    flights: int
    flight_time_s: int
    distance_m: int
    visits: int
    tasks_served: int

    @property
    def tasks_per_flight_hour(self) -> float:
        hours = self.flight_time_s / 3600
        return self.tasks_served / hours if hours else 0.0

    @classmethod
    def of(cls, outputs: list[PlanOutput]) -> Figures:
        return cls(
            flights=sum(len(o.flights) for o in outputs),
            flight_time_s=sum(o.flight_time_s for o in outputs),
            distance_m=sum(o.distance_m for o in outputs),
            visits=sum(o.visits_served for o in outputs),
            tasks_served=sum(o.tasks_served for o in outputs),
        )


@dataclass(frozen=True)
class Comparison:
    combined: PlanOutput
    per_department: dict[str, PlanOutput]

    @property
    def combined_figures(self) -> Figures:
        return Figures.of([self.combined])

    @property
    def baseline_figures(self) -> Figures:
        return Figures.of(list(self.per_department.values()))

    def change_percent(self) -> dict[str, float]:
        """Combined vs baseline, in % (negative = fewer); efficiency = tasks per flight-hour."""
        a, b = self.combined_figures, self.baseline_figures

        def pct(new: float, old: float) -> float:
            return 100.0 * (new - old) / old if old else 0.0

        return {
            "flights": pct(a.flights, b.flights),
            "flight_time": pct(a.flight_time_s, b.flight_time_s),
            "visits": pct(a.visits, b.visits),
            "efficiency": pct(a.tasks_per_flight_hour, b.tasks_per_flight_hour),
        }


def plan_with_baseline(problem: PlanInput, *, baseline_seconds: float | None = None) -> Comparison:
    planner = Planner(problem)
    combined = planner.plan()
    seconds = baseline_seconds if baseline_seconds is not None else max(1.0, problem.settings.seconds / 2)
    departments = sorted({task.department for task in problem.tasks})
    per_department = {
        department: planner.plan(
            tuple(t for t in problem.tasks if t.department == department), seconds=seconds
        )
        for department in departments
    }
    return Comparison(combined=combined, per_department=per_department)
