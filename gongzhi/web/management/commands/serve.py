"""Serve Gongzhi with gunicorn: several worker processes, static files through WhiteNoise."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def default_workers() -> int:
    return max(2, min(8, (os.cpu_count() or 1) * 2 + 1))


class Command(BaseCommand):
    help = "Run the production web server (gunicorn, several workers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("GONGZHI_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("GONGZHI_PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("GONGZHI_WORKERS", default_workers()))
        )
        parser.add_argument("--with-worker", action="store_true", help="also run the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if options["with_worker"]:
            import subprocess

            worker = subprocess.Popen([sys.executable, "-m", "gongzhi.cli", "worker"])
        argv = [
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--timeout",
            "60",
            "--graceful-timeout",
            "20",
            "--access-logfile",
            "-",
        ]
        self.stdout.write(
            f"Serving on http://{options['host']}:{options['port']}/ with {options['workers']} workers"
        )
        from gunicorn.app.wsgiapp import run

        sys.argv = argv
        try:
            run()
        finally:
            if worker is not None:
                worker.terminate()
