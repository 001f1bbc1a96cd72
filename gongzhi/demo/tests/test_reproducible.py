"""The same seed gives the same history, and running the generator again adds nothing."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import transaction

from gongzhi.cases.models import Case
from gongzhi.demo.generator import history_generate

NOW = datetime.fromisoformat("2026-11-30T09:00:00+08:00")

pytestmark = pytest.mark.django_db


def _generate(cases: int, seed: int) -> list[tuple[str, str, str, str]]:
    with transaction.atomic():
        history_generate(cases=cases, seed=seed, now=NOW)
        found = list(
            Case.objects.order_by("tracking_code").values_list(
                "tracking_code", "subject", "reporter_name", "status"
            )
        )
        transaction.set_rollback(True)
    return found


def test_same_seed_gives_the_same_history() -> None:
    first, second = _generate(120, seed=11), _generate(120, seed=11)
    assert len(first) == 120
    assert first == second


def test_another_seed_gives_another_history() -> None:
    assert _generate(40, seed=11) != _generate(40, seed=12)


def test_running_again_adds_nothing() -> None:
    history_generate(cases=60, seed=11, now=NOW)
    again = history_generate(cases=60, seed=11, now=NOW)
    assert again.created == 0
    assert Case.objects.count() == 60
