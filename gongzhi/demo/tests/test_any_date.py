"""The demo works on whatever day it is run: its history ends "now", never in a fixed year.

The days are the awkward ones: past the holiday library's last year of 调休 data, the first half
hour of a new year in Shanghai (still the old year in UTC), and the eve of 春节.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from gongzhi.cases.models import Case
from gongzhi.cases.services import sweep_run
from gongzhi.demo.generator import history_generate
from gongzhi.demo.tail import tail_generate

pytestmark = pytest.mark.django_db

DAYS = [
    "2028-06-15T10:00:00+08:00",
    "2027-01-01T00:30:00+08:00",
    "2026-02-16T09:00:00+08:00",
]


@pytest.mark.parametrize("day", DAYS)
def test_a_history_generated_on_any_day_ends_that_day_and_leaves_the_sweep_nothing(day: str) -> None:
    now = datetime.fromisoformat(day)
    with time_machine.travel(now, tick=False):
        result = history_generate(cases=150, seed=5)
        tail = tail_generate(count=6, seed=5)
        swept = sweep_run()
    assert result.created == 150 and tail.failures == []
    registered = list(Case.objects.values_list("registered_at", flat=True))
    assert max(registered) <= now
    assert min(registered) >= now - timedelta(days=366)
    assert swept.as_dict() == dict.fromkeys(swept.as_dict(), 0)
