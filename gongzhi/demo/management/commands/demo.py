"""``gongzhi demo``: a populated Gongzhi on http://127.0.0.1:8000 in one command.

1. Create or upgrade the database (``migrate``); ``DATABASE_URL`` chooses it as everywhere.
2. Load the Keqiao organisation through the org and routing services (idempotent).
3. Create one login per role (known password) and the staff of the generated history.
4. Generate the case history if the database holds fewer generated cases than ``--cases``, then
   the last days' cases through the services, and the town centres' duty roster for 30 days.
5. Print the logins and the address, then serve (``serve --with-worker``) unless ``--no-serve``.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from gongzhi.cases.services import sweep_run
from gongzhi.core.workdays import local_date
from gongzhi.demo.accounts import DEMO_PASSWORD, demo_accounts_ensure
from gongzhi.demo.generator import generated_case_count, history_generate
from gongzhi.demo.organisation import organisation_load
from gongzhi.demo.tail import tail_case_count, tail_generate
from gongzhi.org import services as org_services
from gongzhi.org.enums import RegionLevel, UnitKind
from gongzhi.org.models import Unit, User

ROSTER_DAYS = 30


class Command(BaseCommand):
    help = "Prepare a demo database (organisation, logins, a generated year of cases) and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cases", type=int, default=20000, help="size of the generated history (default 20000)"
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="random seed of the history (default 2026)"
        )
        parser.add_argument(
            "--tail", type=int, default=50, help="recent cases made through the services (default 50)"
        )
        parser.add_argument("--no-serve", action="store_true", help="prepare only, do not start the server")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        database = connection.settings_dict
        self._step(f"数据库 database: {connection.vendor} {database.get('NAME')}")
        call_command("migrate", interactive=False, verbosity=0)

        self._step("组织 organisation (16 towns, 341 villages, units, categories, responsibility list)")
        loaded = organisation_load(progress=True)
        created = {name: counts["created"] for name, counts in loaded.items()}
        self.stdout.write("  created: " + ", ".join(f"{name} {count}" for name, count in created.items()))

        self._step("演示账号 demo accounts")
        accounts = demo_accounts_ensure()

        self._step(f"案例历史 case history ({options['cases']} cases, seed {options['seed']})")
        before = generated_case_count()
        result = history_generate(cases=options["cases"], seed=options["seed"], progress=True)
        if result.created:
            self.stdout.write(
                f"  {result.created} cases generated in {result.seconds:.1f} s "
                f"({sum(result.rows.values())} rows)"
            )
        else:
            self.stdout.write(f"  {before} generated cases already there: nothing to add")

        missing_tail = options["tail"] - tail_case_count()
        if missing_tail > 0:
            self._step(f"近日事项 last days through the services ({missing_tail} cases)")
            citizen = User.objects.filter(username="citizen_demo").first()
            tail = tail_generate(count=missing_tail, seed=options["seed"], citizen=citizen, progress=True)
            stages = ", ".join(f"{k} {v}" for k, v in sorted(tail.stages.items()))
            self.stdout.write(f"  {tail.created} cases: {stages}")
            for failure in tail.failures:
                self.stderr.write(f"  refused: {failure}")

        self._step(f"值班表 duty roster of the town centres ({ROSTER_DAYS} days)")
        today = local_date(timezone.now())
        shifts = sum(
            org_services.duty_roster_generate(unit=unit, start=today, days=ROSTER_DAYS)
            for unit in Unit.objects.filter(kind=UnitKind.CENTRE, level=RegionLevel.TOWN, is_active=True)
        )
        self.stdout.write(f"  {shifts} shifts written")

        for path in settings.GONGZHI_DEMO_LOADERS:
            self._step(f"模块演示数据 module demo data: {path.rsplit('.', 1)[-1]}")
            loaded = import_string(path)(seed=options["seed"])
            self.stdout.write(f"  {loaded}")

        self._step("期限巡检 deadline sweep (finds nothing left to do in a consistent history)")
        swept = sweep_run()
        self.stdout.write(f"  {swept.as_dict()}")
        self._step(None)

        elapsed = timedelta(seconds=round(time.monotonic() - started))
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Gongzhi demo ready in {elapsed} — {url}  (admin: {url}admin/)")
        )
        self._accounts_table(accounts)
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"], with_worker=True)

    def _step(self, text: str | None) -> None:
        """Close the previous step with its time, and open the next (None: just close)."""
        now = time.monotonic()
        started: float | None = getattr(self, "_step_started", None)
        if started is not None:
            self.stdout.write(f"  ({now - started:.1f} s)")
        self._step_started = now
        if text is not None:
            self.stdout.write(self.style.MIGRATE_HEADING(f"▸ {text}"))

    def _accounts_table(self, rows: list[Any]) -> None:
        headers = ("username", "role", "unit", "password")
        table = [(r.username, r.label, r.unit, r.password) for r in rows]
        widths = [max(_width(str(x)) for x in column) for column in zip(headers, *table, strict=False)]
        self.stdout.write("")
        self.stdout.write(_pad(headers, widths))
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in table:
            self.stdout.write(_pad(row, widths))
        self.stdout.write(f"\nAll demo accounts use the password {DEMO_PASSWORD!r}.")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(values: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))
