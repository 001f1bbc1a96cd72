"""``gongzhi drones …``: the flight planner from the command line.

- ``solve-vrplib FILE --seconds N [--seed S]``: run the planner's solving core on a VRPLIB or
  Solomon instance and print the cost (BKS convention) and the routes (customers 1..n), and the
  gap when a ``.sol`` file with the best-known solution lies beside the instance.
- ``plan [--date D] [--seconds N]``: plan the combined flights for a day from the database.
- ``demo [--seed S]``: load the drone demo (docks, zones, requests, a day's plan).
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Drone flight planning: solve-vrplib, plan, demo"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        solve = sub.add_parser("solve-vrplib", help="solve a VRPLIB/Solomon instance with the planner's core")
        solve.add_argument("file")
        solve.add_argument("--seconds", type=float, default=10.0)
        solve.add_argument("--seed", type=int, default=0)
        solve.add_argument("--cpu", action="store_true", help="count --seconds as CPU time, not wall clock")
        solve.add_argument("--bks", default=None, help="the .sol file (default: beside the instance)")
        plan = sub.add_parser("plan", help="plan the day's combined flights")
        plan.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
        plan.add_argument("--seconds", type=float, default=None)
        demo = sub.add_parser("demo", help="load the drone demo")
        demo.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "solve-vrplib":
            self._solve(options)
        elif action == "plan":
            self._plan(options)
        elif action == "demo":
            from gongzhi.drones.demo import drones_demo_load

            self.stdout.write(str(drones_demo_load(seed=options["seed"])))

    def _solve(self, options: dict[str, Any]) -> None:
        from gongzhi.drones.planning.core import solve_data
        from gongzhi.drones.planning.instances import (
            bks_path,
            gap_percent,
            read_bks,
            read_instance,
            routes_as_customers,
            solution_cost,
        )

        if options["seconds"] <= 0:
            raise CommandError("--seconds must be positive")
        try:
            instance = read_instance(options["file"])
        except (OSError, ValueError, KeyError, IndexError) as error:
            raise CommandError(f"cannot read {options['file']}: {error}") from error
        outcome = solve_data(
            instance.data, seconds=options["seconds"], seed=options["seed"], cpu_time=options["cpu"]
        )
        routes = routes_as_customers(instance, outcome.solution)
        for number, route in enumerate(routes, start=1):
            self.stdout.write(f"Route #{number}: {' '.join(map(str, route))}")
        cost = solution_cost(instance, outcome.solution)
        self.stdout.write(f"Cost {cost:g}")
        bks = read_bks(options["bks"] or bks_path(options["file"]))
        gap = gap_percent(cost, bks)
        self.stdout.write(
            f"# instance {instance.name}: {instance.data.num_clients} customers, {len(routes)} routes, "
            f"feasible={outcome.feasible}, {outcome.iterations} iterations in {outcome.wall_seconds:.1f} s "
            f"(cpu {outcome.cpu_seconds:.1f} s), seed {options['seed']}"
            + (f", BKS {bks:g}, gap {gap:.2f}%" if gap is not None and bks is not None else "")
        )
        if not outcome.feasible:
            raise CommandError("no feasible solution found within the time limit")

    def _plan(self, options: dict[str, Any]) -> None:
        from gongzhi.drones import services

        day = date.fromisoformat(options["date"]) if options["date"] else None
        try:
            plan = services.flight_plan_create(day=day, actor=None, seconds=options["seconds"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"plan #{plan.pk} {plan.day}: {plan.flight_count} flights, {plan.flight_time_s / 60:.0f} min, "
            f"{plan.tasks_served} tasks served, {plan.tasks_unserved} unserved"
        )
