"""Repeats are counted as repeats (重复件), not as late acceptances.

A case merged into its master (``Case.master`` set) was never accepted; it leaves every rate and
is counted in the ``repeat`` figure of the KPIs, the league tables and the metrics API.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from gongzhi.cases import services
from gongzhi.cases.models import Case
from gongzhi.insights import selectors
from tests.api.conftest import Api
from tests.cases.helpers import accepted, intake
from tests.conftest import WANGHUA, centre

pytestmark = pytest.mark.django_db

RATES = ("timely_acceptance_rate", "completion_rate", "on_time_rate", "rating_participation_rate")


def _period() -> tuple[datetime, datetime]:
    now = timezone.now()
    return now - timedelta(days=1), now + timedelta(days=1)


def _merged_repeat(clerk, master: Case) -> Case:
    repeat = intake(clerk, subject=master.subject)
    return services.case_merge(actor=clerk, repeat_id=repeat.pk, master_id=master.pk, reason="同一事项")


def test_merging_a_repeat_does_not_lower_the_timely_acceptance_rate(village_clerk, frozen_now):
    """及时受理率 timely_acceptance_rate: the same before and after a repeat is merged."""
    # given a master accepted in time, and the figures read after every acceptance window has passed
    master = accepted(village_clerk, unit=centre(WANGHUA))
    start, end = _period()
    later = timezone.now() + timedelta(days=20)
    before = selectors.kpis(start=start, end=end, now=later)

    # when a repeat is registered and merged into it
    _merged_repeat(village_clerk, master)
    after = selectors.kpis(start=start, end=end, now=later)

    # then no rate moved, and the repeat is counted as one
    assert before.timely_acceptance_rate == 1.0
    assert {name: getattr(after, name) for name in RATES} == {name: getattr(before, name) for name in RATES}
    assert (before.repeat, after.repeat) == (0, 1)
    assert after.intake == before.intake + 1


def test_the_repeat_figure_is_in_the_league_table(village_clerk, frozen_now):
    """重复件 repeat: the town's league row counts the repeat, and dispatches only the master."""
    master = accepted(village_clerk, unit=centre(WANGHUA))
    _merged_repeat(village_clerk, master)
    start, end = _period()

    rows = selectors.league_table(start=start, end=end, by="town")

    assert [(row.dispatched, row.repeat) for row in rows] == [(1, 1)]


def test_the_metrics_api_counts_the_repeat(village_clerk, frozen_now):
    """重复件 repeat in GET /metrics/kpis and /metrics/league-table; 及时受理率 stays whole."""
    master = accepted(village_clerk, unit=centre(WANGHUA))
    _merged_repeat(village_clerk, master)
    frozen_now.shift(timedelta(days=20))
    api = Api(user=village_clerk)

    kpis = api.get("/metrics/kpis").json()
    league = api.get("/metrics/league-table", by="town").json()

    assert (kpis["repeat"], kpis["intake"], kpis["timely_acceptance_rate"]) == (1, 2, 1.0)
    assert [(row["dispatched"], row["repeat"]) for row in league] == [(1, 1)]


def test_the_cockpit_shows_the_repeat_figure(client, village_clerk, town_dispatcher, frozen_now):
    """重复件 repeat on the cockpit page."""
    master = accepted(village_clerk, unit=centre(WANGHUA))
    _merged_repeat(village_clerk, master)
    client.force_login(town_dispatcher)

    page = client.get("/insights/cockpit/")

    assert page.status_code == 200
    assert 'data-kpi="repeat">1<' in page.content.decode()
