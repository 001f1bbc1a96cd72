"""Shared set-up of the benchmarks: a throwaway database, Django, the organisation, timing helpers.

Every benchmark works on a database of its own and never on ``var/gongzhi.sqlite3``:

- SQLite (the default): a file in a new temporary directory, deleted at the end (``--keep`` keeps
  it); with ``--dir DIR`` the file is ``DIR/bench.sqlite3``, kept, and reused by the next run;
- PostgreSQL (``--database-url postgres://postgres@127.0.0.1:5432/gongzhi_bench``): the database
  named in the URL is created with psycopg before the run and dropped after it; an existing
  database of that name is dropped first — unless ``--keep``, which keeps it and reuses it.

Reusing makes a long run resumable: migrations and the organisation load are idempotent, and
the history generator only adds the cases that are missing.

``GONGZHI_VAR_DIR`` points at the temporary directory too, so nothing under ``var/`` is touched.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="postgres://user@host:port/NAME to run on PostgreSQL (NAME is created and dropped); "
        "default: a temporary SQLite file",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (PostgreSQL: and reuse it)"
    )
    parser.add_argument(
        "--dir", default="", help="SQLite: keep the database in DIR and reuse it on the next run"
    )
    return parser


@dataclass
class Database:
    url: str
    vendor: str
    label: str
    folder: Path


@contextmanager
def bench_database(url: str, *, keep: bool = False, directory: str = "") -> Iterator[Database]:
    """Create the throwaway database, set Django up on it, migrate; drop it afterwards."""
    if directory and not url:
        folder = Path(directory).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        keep = True
    else:
        folder = Path(tempfile.mkdtemp(prefix="gongzhi-bench-"))
    os.environ["GONGZHI_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("GONGZHI_LOG_LEVEL", "ERROR")
    pg_name = ""
    if url.startswith(("postgres://", "postgresql://")):
        pg_name = _pg_create(url, reuse=keep)
        vendor, label = "postgresql", f"PostgreSQL {pg_name}"
    elif url:
        raise SystemExit(
            "--database-url must be a postgres:// URL (SQLite is the default, in a temporary file)"
        )
    else:
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        vendor, label = "sqlite", f"SQLite {folder / 'bench.sqlite3'}"
    if (ROOT / "var" / "gongzhi.sqlite3").resolve() == Path(url.removeprefix("sqlite:///")).resolve():
        raise SystemExit("refusing to touch var/gongzhi.sqlite3")
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    database = Database(url=url, vendor=vendor, label=label, folder=folder)
    try:
        yield database
    finally:
        from django.db import connections

        connections.close_all()
        if keep:
            print(f"\nkept: {label}")
        else:
            if pg_name:
                _pg_drop(url, pg_name)
            shutil.rmtree(folder, ignore_errors=True)
        if pg_name and keep:
            shutil.rmtree(folder, ignore_errors=True)  # only the secret key lives there


def _pg_admin(url: str) -> tuple[Any, str]:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params: dict[str, Any] = dict(conninfo_to_dict(url))
    name = str(params.get("dbname") or "gongzhi_bench")
    params["dbname"] = "postgres"
    return psycopg.connect(make_conninfo("", **params), autocommit=True), name


def _pg_create(url: str, *, reuse: bool = False) -> str:
    from psycopg import sql

    admin, name = _pg_admin(url)
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return name
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def _pg_drop(url: str, name: str) -> None:
    from psycopg import sql

    admin, _ = _pg_admin(url)
    with admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def organisation() -> float:
    """Load the Keqiao organisation through the services; returns the seconds it took."""
    from gongzhi.demo.organisation import organisation_load

    started = time.perf_counter()
    organisation_load()
    return time.perf_counter() - started


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (as an operator would)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(function: Callable[[], Any], *, repeat: int) -> tuple[list[float], Any]:
    """Run ``function`` ``repeat`` times; the durations in ms and the last result."""
    durations, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        durations.append((time.perf_counter() - started) * 1000)
    return durations, result


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            kib = int(handle.readline().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load {os.getloadavg()[0]:.1f}"
    return f"{platform.machine()}, {os.cpu_count()} cores{memory}{load}, Python {platform.python_version()}"


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def table(headers: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    cells = [tuple(str(c) for c in headers)] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        lines.append(
            "| "
            + " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
