from typing import Any

from django.core.management.base import BaseCommand

from gongzhi.cases.services import sweep_run


class Command(BaseCommand):
    help = "Process due deadlines once: reminders, supervision, finality, provisional deadlines. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep_run()
        self.stdout.write(" ".join(f"{name}={count}" for name, count in result.as_dict().items()))
