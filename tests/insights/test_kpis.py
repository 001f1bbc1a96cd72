from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from gongzhi.cases import services
from gongzhi.cases.enums import Rating
from gongzhi.insights import selectors
from tests.cases.helpers import accepted, intake
from tests.conftest import PINGSHUI, WANGHUA, centre, district_unit, region

pytestmark = pytest.mark.django_db

START = datetime.fromisoformat("2026-11-01T00:00:00+08:00")
END = datetime.fromisoformat("2027-03-01T00:00:00+08:00")


def answer(case, actor, text="经核查已处理完毕，感谢您的反映。"):
    services.case_sign(actor=actor, case_id=case.pk)
    services.case_reply(actor=actor, case_id=case.pk, text=text)
    return services.case_close(actor=actor, case_id=case.pk)


def test_kpis_count_what_happened(village_clerk, village_head, town_dispatcher, housing_liaison, frozen_now):
    on_time = accepted(village_clerk, unit=centre(WANGHUA))
    answer(on_time, village_head)
    services.case_follow_up(actor=village_clerk, case_id=on_time.pk, rating=Rating.SATISFIED)
    late = accepted(town_dispatcher, unit=district_unit("housing"))
    intake(village_clerk)  # registered, not yet decided, not yet due
    with time_machine.travel(timezone.now() + timedelta(days=45)):
        answer(late, housing_liaison)
        figures = selectors.kpis(start=START, end=END)

    assert figures.intake == 3
    assert figures.accepted == 2
    # Two decided in time; the third is still undecided 45 days later, past its 5-working-day window.
    assert figures.timely_acceptance_rate == 0.6667
    assert figures.completion_rate == 1.0
    assert figures.on_time_rate == 0.5
    assert figures.rating_participation_rate == 0.5
    assert figures.satisfaction_rate == 1.0
    # One answered within minutes, one 45 days later: the mean is half of it, the median (the upper
    # middle of two) the late one — computed by the database on SQLite and PostgreSQL alike.
    assert figures.mean_handling_days == pytest.approx(22.5, abs=0.05)
    assert figures.median_handling_days == pytest.approx(45.0, abs=0.05)


def test_overdue_and_warning_counts(town_dispatcher, frozen_now):
    case = accepted(town_dispatcher, unit=district_unit("housing"))
    assert selectors.kpis(start=START, end=END).overdue == 0
    with time_machine.travel(case.warn_at + timedelta(hours=1)):
        figures = selectors.kpis(start=START, end=END)
        assert (figures.warning, figures.overdue) == (1, 0)
    with time_machine.travel(case.due_at + timedelta(hours=1)):
        figures = selectors.kpis(start=START, end=END)
        assert (figures.warning, figures.overdue) == (0, 1)


def test_631_shares_count_disputes_where_they_were_resolved(
    village_clerk, village_head, town_dispatcher, make_staff, frozen_now
):
    from gongzhi.cases.services import PartyInput
    from gongzhi.org.enums import Role

    parties = [PartyInput(name="甲"), PartyInput(name="乙")]
    for _ in range(3):
        case = accepted(village_clerk, unit=centre(WANGHUA), kind="dispute", parties=parties)
        answer(case, village_head)
    town_handler = make_staff(centre(PINGSHUI), Role.LIAISON, Role.HANDLER)
    escalated = accepted(village_clerk, unit=centre(WANGHUA), kind="dispute", parties=parties)
    services.case_escalate(actor=village_head, case_id=escalated.pk, reason="村级调解不成，上报镇")
    answer(escalated, town_handler)
    shares = {s.level: s for s in selectors.resolution_shares(start=START, end=END)}
    assert (shares["village"].resolved, shares["town"].resolved, shares["district"].resolved) == (3, 1, 0)
    assert shares["village"].share == 0.75 and shares["village"].target == 0.6


def test_scoped_metrics_and_league_table(
    village_clerk, village_head, stranger_clerk, town_dispatcher, frozen_now
):
    answer(accepted(village_clerk, unit=centre(WANGHUA)), village_head)
    intake(stranger_clerk, region=region("330603105211"))
    assert selectors.kpis(start=START, end=END, user=village_clerk).intake == 1
    assert selectors.kpis(start=START, end=END, user=town_dispatcher).intake == 2
    table = selectors.league_table(start=START, end=END, by="unit")
    row = next(r for r in table if r.key == centre(WANGHUA).pk)
    assert (row.dispatched, row.answered, row.on_time) == (1, 1, 1) and row.completion_rate == 1.0
    towns = selectors.league_table(start=START, end=END, by="town")
    assert [r.name for r in towns] == ["平水镇"]
