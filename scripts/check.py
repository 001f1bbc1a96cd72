"""Every check and test, in order; exits non-zero at the first failure.

1. ruff (lint + format), mypy, import-linter, makemigrations --check.
2. pytest on the embedded SQLite database.
3. pytest on PostgreSQL (127.0.0.1:5432, user postgres) when it is reachable — always in CI
   (CI=true), where a missing server is a failure, never a skip.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
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
    run("pytest (SQLite)", [*pytest, "-m", "not postgres"], env)
    if postgres_reachable():
        run("pytest (PostgreSQL)", pytest, {**env, "DATABASE_URL": PG_URL})
    elif IN_CI:
        print("*** PostgreSQL is not reachable on 127.0.0.1:5432 and CI=true: failing", flush=True)
        sys.exit(1)
    else:
        print("\n--- PostgreSQL not reachable on 127.0.0.1:5432: the PostgreSQL pass is skipped", flush=True)
    print("\nAll checks passed.")


if __name__ == "__main__":
    main()
