from typing import Any

from django.core.management.base import BaseCommand

from gongzhi.core.sweeps import sweeps_format, sweeps_run


class Command(BaseCommand):
    help = "Process due deadlines of every module once (reminders, supervision, finality …). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(sweeps_format(sweeps_run()))
