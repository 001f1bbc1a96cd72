"""The flight planner: pure computation (no database), shared by the services, the CLI and bench/."""

from gongzhi.drones.planning.compare import Comparison, Figures, plan_with_baseline
from gongzhi.drones.planning.planner import Planner, plan_flights, sortie_starts, usable_endurance
from gongzhi.drones.planning.problem import (
    DockInput,
    FlightOutput,
    PlanInput,
    PlanOutput,
    PlanSettings,
    StopOutput,
    TaskInput,
    UnservedOutput,
    ZoneInput,
)

__all__ = [
    "Comparison",
    "DockInput",
    "Figures",
    "FlightOutput",
    "PlanInput",
    "PlanOutput",
    "PlanSettings",
    "Planner",
    "StopOutput",
    "TaskInput",
    "UnservedOutput",
    "ZoneInput",
    "plan_flights",
    "plan_with_baseline",
    "sortie_starts",
    "usable_endurance",
]
