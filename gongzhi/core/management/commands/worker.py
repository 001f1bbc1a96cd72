"""Background worker: runs queued tasks and the deadline sweep every minute.

Several workers may run at once on several machines: tasks are claimed by the database
backend, and the sweep claims each due row with a conditional UPDATE.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongzhi.core.sweeps import sweeps_format, sweeps_run


class Command(BaseCommand):
    help = "Run background tasks (django-tasks database backend) and a deadline sweep every minute."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sweep-interval", type=float, default=60.0, help="seconds between sweeps")
        parser.add_argument("--once", action="store_true", help="sweep once, run queued tasks, and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        stop = threading.Event()
        tasks_process = None
        if settings.TASK_BACKEND == "database":
            command = [sys.executable, "-m", "gongzhi.cli", "db_worker", "--interval", "1"]
            if options["once"]:
                command.append("--batch")
            tasks_process = subprocess.Popen(command)  # noqa: S603 (our own command line)

        def _stop(*_: object) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        try:
            while not stop.is_set():
                started = time.monotonic()
                self.stdout.write("sweep " + sweeps_format(sweeps_run()))
                if options["once"]:
                    break
                stop.wait(max(0.0, options["sweep_interval"] - (time.monotonic() - started)))
        finally:
            if tasks_process is not None:
                if options["once"]:
                    tasks_process.wait(timeout=300)
                else:
                    tasks_process.terminate()
                    tasks_process.wait(timeout=30)
