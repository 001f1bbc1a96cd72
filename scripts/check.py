"""Every check and test, in order; exits non-zero at the first failure.

1. ruff (lint + format), mypy, import-linter, makemigrations --check.
2. pytest on the embedded SQLite database.
3. pytest on PostgreSQL (127.0.0.1:5432, user postgres) when it is reachable — always in CI
   (CI=true), where a missing server is a failure, never a skip.

The two pytest passes share nothing (each has its own database, scratch directory and in-memory
cache), so on a machine with two or more cores they run side by side: CI takes about as long as
the slower pass instead of both. Each pass's output is printed whole when it finishes.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("GONGZHI_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/gongzhi")


def run(title: str, command: list[str], env: dict[str, str] | None = None) -> None:
    print(f"\n=== {title}: {' '.join(command)}", flush=True)
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, check=False)  # noqa: S603
    if result.returncode != 0:
        print(f"\n*** {title} failed (exit {result.returncode})", flush=True)
        sys.exit(result.returncode)


def run_side_by_side(passes: list[tuple[str, list[str], dict[str, str]]]) -> None:
    """Start every pass at once, print each one's output as it ends, fail if any failed."""
    started = time.perf_counter()
    running = []
    for title, command, env in passes:
        log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (closed below)
        print(f"\n=== {title} (started, runs beside the others): {' '.join(command)}", flush=True)
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        running.append((title, process, log))
    failed: list[str] = []
    while running:
        for entry in list(running):
            title, process, log = entry
            if process.poll() is None:
                continue
            running.remove(entry)
            log.seek(0)
            print(f"\n=== {title}: finished after {time.perf_counter() - started:.0f} s", flush=True)
            sys.stdout.write(log.read())
            log.close()
            if process.returncode != 0:
                print(f"\n*** {title} failed (exit {process.returncode})", flush=True)
                failed.append(title)
        time.sleep(1)
    if failed:
        sys.exit(1)


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


def main() -> None:
    scratch = tempfile.mkdtemp(prefix="gongzhi-check-")
    env = {"GONGZHI_VAR_DIR": scratch}
    run("ruff check", [str(BIN / "ruff"), "check", "."])
    run("ruff format", [str(BIN / "ruff"), "format", "--check", "."])
    run("mypy", [str(BIN / "mypy"), "gongzhi", "config"], env)
    run("import-linter", [str(BIN / "lint-imports")], env)
    run("migrations", [str(BIN / "python"), "manage.py", "makemigrations", "--check", "--dry-run"], env)
    pytest = [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    sqlite = ("pytest (SQLite)", [*pytest, "-m", "not postgres"], env)
    if postgres_reachable():
        scratch_pg = tempfile.mkdtemp(prefix="gongzhi-check-pg-")
        postgres = ("pytest (PostgreSQL)", pytest, {"GONGZHI_VAR_DIR": scratch_pg, "DATABASE_URL": PG_URL})
        if (os.cpu_count() or 1) >= 2:
            run_side_by_side([sqlite, postgres])
        else:
            run(*sqlite)
            run(*postgres)
    elif IN_CI:
        print("*** PostgreSQL is not reachable on 127.0.0.1:5432 and CI=true: failing", flush=True)
        sys.exit(1)
    else:
        run(*sqlite)
        print("\n--- PostgreSQL not reachable on 127.0.0.1:5432: the PostgreSQL pass is skipped", flush=True)
    print("\nAll checks passed.")


if __name__ == "__main__":
    main()
