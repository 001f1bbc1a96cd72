"""Benchmark the REST API through the real server: requests/s and p50/p99 latency.

For each database (SQLite, and PostgreSQL when 127.0.0.1:5432 answers) it makes a throwaway
database, loads the Keqiao organisation, creates an application key, starts ``gongzhi serve``
(gunicorn, several workers) on a free 127.0.0.1 port, and measures with concurrent keep-alive
clients:

- ``GET /api/v1/ping``      the trivial endpoint (no database; still rate-limited: one write)
- ``POST /api/v1/cases``    register a case (intake: validation, tracking code, audit, receipt)
- ``GET /api/v1/cases``     a page of 50 cases, newest first, scoped by access.py

The rate limiter stays on (limits set out of reach), so every request pays for its counter.
Run: ``.venv/bin/python bench/bench_api.py [--seconds 10] [--clients 8] [--workers 3]``.
Prints a Markdown table; nothing here is a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("GONGZHI_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DB = "gongzhi_bench_api"

SETUP = """
from gongzhi.org import services as org
from gongzhi.routing import services as routing
from gongzhi.org import selectors
from gongzhi.api.services import api_key_create
org.divisions_import(); org.units_load_defaults()
routing.categories_load_defaults(); routing.responsibility_load_defaults()
district = selectors.region_get(code="330603000000")
unit = selectors.centre_for_region(region=district)
key, secret = api_key_create(unit=unit, name="bench", scopes=["cases:intake", "cases:read", "open311"])
print("KEY=" + secret)
"""

CASE = {
    "channel": "online",
    "kind": "request",
    "subject": "村道路灯损坏",
    "description": "王化村村口到文化礼堂的路灯坏了三盏，晚上出行不便。",
    "region": "330603105210",
    "reporter_name": "李群众",
    "reporter_phone": "13905751234",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


def manage(env: dict[str, str], *args: str, code: str | None = None) -> str:
    command = (
        [sys.executable, "manage.py", *args]
        if code is None
        else [sys.executable, "manage.py", "shell", "-c", code]
    )
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args) or 'setup'} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(database: str, var_dir: str) -> dict[str, str]:
    env = {
        **os.environ,
        "GONGZHI_VAR_DIR": var_dir,
        "GONGZHI_RATE_LIMIT_PER_KEY": "1000000000",
        "GONGZHI_RATE_LIMIT_PER_IP": "1000000000",
        "GONGZHI_TASK_BACKEND": "dummy",
        "GONGZHI_LOG_LEVEL": "ERROR",
    }
    if database == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            connection.execute(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DB
    else:
        env["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
    manage(env, "migrate", "--verbosity", "0")
    output = manage(env, code=SETUP)
    env["BENCH_KEY"] = next(line[4:] for line in output.splitlines() if line.startswith("KEY="))
    return env


def serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gongzhi.cli", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/ping")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start")


Request = Callable[[http.client.HTTPConnection], int]


def measure(port: int, request: Request, *, seconds: float, clients: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status = request(connection)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            mine.append(time.perf_counter() - started)
            failed += status >= 400 or status == 0
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors,
    }


def scenarios(key: str) -> list[tuple[str, Request]]:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    body = json.dumps(CASE).encode()

    def call(method: str, path: str, payload: bytes | None = None) -> Request:
        def run(connection: http.client.HTTPConnection) -> int:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status

        return run

    return [
        ("GET /api/v1/ping (trivial)", call("GET", "/api/v1/ping")),
        ("POST /api/v1/cases (intake)", call("POST", "/api/v1/cases", body)),
        ("GET /api/v1/cases?page_size=50", call("GET", "/api/v1/cases?page_size=50")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--databases", nargs="*", default=["sqlite", "postgresql"])
    options = parser.parse_args()
    rows = []
    for database in options.databases:
        if database == "postgresql" and not postgres_reachable():
            print("PostgreSQL is not reachable on 127.0.0.1:5432: skipped", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory(prefix="gongzhi-bench-api-") as var_dir:
            env = prepare(database, var_dir)
            port = free_port()
            server = serve(env, port, options.workers)
            try:
                for name, request in scenarios(env["BENCH_KEY"]):
                    figures = measure(port, request, seconds=options.seconds, clients=options.clients)
                    rows.append((database, name, figures))
                    print(
                        f"{database:10} {name:32} {figures['rps']:8.1f} req/s  p50 {figures['p50']:7.1f} ms"
                        f"  p99 {figures['p99']:7.1f} ms  ({int(figures['requests'])} requests,"
                        f" {int(figures['errors'])} errors)",
                        flush=True,
                    )
            finally:
                server.terminate()
                server.wait(timeout=30)
    print(
        f"\n{options.workers} gunicorn workers, {options.clients} keep-alive clients, "
        f"{options.seconds:.0f} s per row, {os.cpu_count()} CPUs\n"
    )
    print("| database | request | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---:|---:|---:|---:|")
    for database, name, figures in rows:
        print(
            f"| {database} | {name} | {figures['rps']:.0f} | {figures['p50']:.1f} | {figures['p99']:.1f} |"
            f" {int(figures['errors'])} |"
        )


if __name__ == "__main__":
    main()
