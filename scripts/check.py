"""Every check and test; exits non-zero if any fails.

Two lanes run side by side (one per core), each a sequence of steps:

- SQLite lane: ruff (lint + format), mypy, import-linter; every migration run forward on an empty
  SQLite database (the other passes build their databases from the models); the whole suite on
  the embedded SQLite database today, measuring coverage; then the date-heavy apps with the clock
  moved a year and a half ahead, past the holiday library's last year of 调休 data.
- PostgreSQL lane (127.0.0.1:5432, user postgres): the migrations on an empty PostgreSQL
  database; the whole suite today; then the date-heavy apps with the clock moved back to a day
  inside 2026.

CI (CI=true) requires PostgreSQL: a missing server is a failure, never a skip. Without it outside
CI, one lane runs the SQLite steps and both moved clocks. A failing step stops its lane and the
other lane's current step. Each step's output is printed whole when it ends, and a summary gives
every step's time, the coverage and its floor (``[tool.coverage.report] fail_under``).

    scripts/check.py                 as CI runs it
    scripts/check.py --all-clocks    the moved-clock passes run the whole suite, not only the
                                     date-heavy apps (the proof that no test depends on today)
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("GONGZHI_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/gongzhi")

#: A year and a half ahead: no 调休 data in the holiday library, every year provisional.
CLOCK_AHEAD = "2028-06-15T10:00:00+08:00"
#: Back inside 2026: the week before 春节, with its 调休 working Saturday.
CLOCK_BACK = "2026-02-10T10:00:00+08:00"
#: The variable tests/clock.py reads.
CLOCK = "GONGZHI_TEST_CLOCK"
#: The apps whose rules are made of dates (deadlines, windows, terms, the demo's history).
DATE_HEAVY = [
    "tests/cases",
    "tests/deliberation",
    "tests/mediation",
    "tests/campaigns",
    "tests/core",
    "gongzhi/demo",
]


@dataclass
class Step:
    title: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    result: str = "not run"


@dataclass
class Lane:
    name: str
    steps: list[Step]


class Runner:
    """Runs lanes side by side; the first failure stops every lane."""

    def __init__(self) -> None:
        self.failed = threading.Event()
        self.print_lock = threading.Lock()

    def run_lane(self, lane: Lane) -> None:
        for step in lane.steps:
            if self.failed.is_set():
                step.result = "skipped"
                continue
            self.run_step(lane, step)

    def run_step(self, lane: Lane, step: Step) -> None:
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
            started = time.perf_counter()
            process = subprocess.Popen(  # noqa: S603 (our own tools, fixed arguments)
                step.command, cwd=ROOT, env={**os.environ, **step.env}, stdout=log, stderr=subprocess.STDOUT
            )
            while process.poll() is None:
                if self.failed.is_set():
                    process.terminate()
                    process.wait()
                    step.result = "stopped"
                    break
                time.sleep(0.5)
            step.seconds = time.perf_counter() - started
            if step.result != "stopped":
                step.result = "ok" if process.returncode == 0 else f"FAILED (exit {process.returncode})"
            log.seek(0)
            with self.print_lock:
                print(f"\n=== [{lane.name}] {step.title}: {' '.join(step.command)}", flush=True)
                sys.stdout.write(log.read())
                print(f"=== [{lane.name}] {step.title}: {step.result} after {step.seconds:.0f} s", flush=True)
            if step.result.startswith("FAILED"):
                self.failed.set()

    def run(self, lanes: list[Lane], *, side_by_side: bool) -> None:
        if not side_by_side:
            for lane in lanes:
                self.run_lane(lane)
            return
        threads = [threading.Thread(target=self.run_lane, args=(lane,)) for lane in lanes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


def pytest_step(title: str, *arguments: str, env: dict[str, str]) -> Step:
    command = [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments]
    return Step(title, command, env)


def moved(engine: str, clock: str, env: dict[str, str], *, whole: bool) -> Step:
    """A pytest pass with the clock moved (tests/clock.py)."""
    marker = "not migrations" if engine == "PostgreSQL" else "not migrations and not postgres"
    what = "the whole suite" if whole else "the date-heavy apps"
    title = f"pytest ({engine}), {what}, clock at {clock}"
    return pytest_step(title, "-m", marker, *([] if whole else DATE_HEAVY), env={**env, CLOCK: clock})


def migrations(engine: str, env: dict[str, str]) -> Step:
    return pytest_step(f"migrations ({engine})", "-m", "migrations", "tests/migration_check", env=env)


def coverage_summary(data_file: Path) -> tuple[str, bool]:
    """The total coverage of the SQLite pass, and whether it keeps the floor of pyproject."""
    floor = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["coverage"]["report"]["fail_under"]
    report = subprocess.run(  # noqa: S603 (coverage applies fail_under from pyproject)
        [str(BIN / "coverage"), "report", "--format=total", f"--data-file={data_file}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    kept = report.returncode == 0
    verdict = "ok" if kept else "BELOW THE FLOOR"
    return (
        f"coverage of gongzhi/ by the SQLite pass: {report.stdout.strip()} % (floor {floor} %): {verdict}",
        kept,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--all-clocks", action="store_true", help="the whole suite under the moved clocks")
    whole = parser.parse_args().all_clocks
    started = time.perf_counter()

    scratch = Path(tempfile.mkdtemp(prefix="gongzhi-check-"))
    sqlite = {"GONGZHI_VAR_DIR": str(scratch / "sqlite"), "COVERAGE_FILE": str(scratch / ".coverage")}
    static = [
        Step("ruff check", [str(BIN / "ruff"), "check", "."]),
        Step("ruff format", [str(BIN / "ruff"), "format", "--check", "."]),
        Step("mypy", [str(BIN / "mypy"), "gongzhi", "config"], sqlite),
        Step("import-linter", [str(BIN / "lint-imports")], sqlite),
    ]
    measured = ["--cov=gongzhi", "--cov-report="]
    sqlite_today = pytest_step(
        "pytest (SQLite), today", "-m", "not migrations and not postgres", *measured, env=sqlite
    )
    sqlite_ahead = moved("SQLite", CLOCK_AHEAD, sqlite, whole=whole)
    migrations_sqlite = migrations("SQLite", {"GONGZHI_VAR_DIR": str(scratch / "migrations")})

    if postgres_reachable():
        pg = {"GONGZHI_VAR_DIR": str(scratch / "pg"), "DATABASE_URL": PG_URL}
        pg_today = pytest_step("pytest (PostgreSQL), today", "-m", "not migrations", env=pg)
        pg_back = moved("PostgreSQL", CLOCK_BACK, pg, whole=whole)
        lanes = [
            Lane("SQLite", [*static, migrations_sqlite, sqlite_today, sqlite_ahead]),
            Lane("PostgreSQL", [migrations("PostgreSQL", pg), pg_today, pg_back]),
        ]
    elif IN_CI:
        print("*** PostgreSQL is not reachable on 127.0.0.1:5432 and CI=true: failing", flush=True)
        sys.exit(1)
    else:
        print("--- PostgreSQL not reachable on 127.0.0.1:5432: the PostgreSQL lane is skipped", flush=True)
        sqlite_back = moved("SQLite", CLOCK_BACK, sqlite, whole=whole)
        lanes = [Lane("SQLite", [*static, migrations_sqlite, sqlite_today, sqlite_ahead, sqlite_back])]

    runner = Runner()
    runner.run(lanes, side_by_side=len(lanes) > 1 and (os.cpu_count() or 1) >= 2)

    steps = [step for lane in lanes for step in lane.steps]
    coverage, kept = coverage_summary(scratch / ".coverage") if sqlite_today.result == "ok" else ("", True)
    print("\n=== Summary")
    for lane in lanes:
        for step in lane.steps:
            print(f"  {lane.name:<11} {step.title:<78} {step.seconds:6.0f} s  {step.result}")
    if coverage:
        print(f"  {coverage}")
    print(f"  total: {time.perf_counter() - started:.0f} s")
    if not kept or any(step.result != "ok" for step in steps):
        print("\n*** Some checks failed.", flush=True)
        sys.exit(1)
    print("\nAll checks passed.")


if __name__ == "__main__":
    main()
