"""Satisfaction is counted honestly: a redo never erases the 不满意 that caused it.

首次答复满意率 counts the rating of each case's first answer, 最终满意率 each case's latest rating;
the selectors, the cockpit, the league tables and the REST figures show both.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from gongzhi.cases import services
from gongzhi.cases.enums import CaseStatus, Rating, RatingSource
from gongzhi.cases.models import Case, CaseRating
from gongzhi.core.errors import InvalidState
from gongzhi.insights import selectors
from tests.api.conftest import Api
from tests.cases.helpers import accepted, reload
from tests.conftest import WANGHUA, centre

pytestmark = pytest.mark.django_db

ANSWER = "经核查，三盏路灯已于本周更换完毕，恢复照明。"
AGAIN = "重新核查后，另外两盏路灯也已更换，全部恢复照明。"


def _period() -> tuple[datetime, datetime]:
    now = timezone.now()
    return now - timedelta(days=1), now + timedelta(days=1)


def _answered(clerk, head) -> Case:
    case = accepted(clerk, unit=centre(WANGHUA))
    services.case_sign(actor=head, case_id=case.pk)
    services.case_reply(actor=head, case_id=case.pk, text=ANSWER)
    return case


def _redone_and_satisfied(clerk, head) -> Case:
    """Rated 不满意 at the 回访, redone, and the new answer rated 满意 by the reporter."""
    case = _answered(clerk, head)
    services.case_follow_up(actor=clerk, case_id=case.pk, rating=Rating.DISSATISFIED, comment="只修了一盏")
    services.case_reply(actor=head, case_id=case.pk, text=AGAIN)
    services.case_rate_by_reporter(
        tracking_code=case.tracking_code, phone_tail="1234", rating=Rating.SATISFIED, comment="都修好了"
    )
    return reload(case)


def test_a_redo_keeps_the_dissatisfied_first_answer(village_clerk, village_head, frozen_now):
    # given a case rated 不满意, redone, and rated 满意
    case = _redone_and_satisfied(village_clerk, village_head)

    # when the figures of the period are read
    start, end = _period()
    figures = selectors.kpis(start=start, end=end)

    # then the first answer counts as dissatisfied, the final rating as satisfied
    assert figures.first_answer_satisfaction_rate == 0.0
    assert figures.final_satisfaction_rate == 1.0
    assert figures.satisfaction_rate == figures.final_satisfaction_rate
    # and both ratings are kept, in order, with who gave them
    rows = list(case.ratings.order_by("answer_number").values_list("answer_number", "rating", "source"))
    assert rows == [
        (1, Rating.DISSATISFIED, RatingSource.FOLLOW_UP),
        (2, Rating.SATISFIED, RatingSource.CITIZEN),
    ]
    assert case.rating == Rating.SATISFIED and case.redo_count == 1


def test_a_case_still_being_redone_counts_as_dissatisfied(village_clerk, village_head, frozen_now):
    case = _answered(village_clerk, village_head)
    services.case_follow_up(actor=village_clerk, case_id=case.pk, rating=Rating.DISSATISFIED)

    start, end = _period()
    figures = selectors.kpis(start=start, end=end)

    assert reload(case).status == CaseStatus.IN_PROGRESS
    assert reload(case).rating == Rating.DISSATISFIED
    assert (figures.first_answer_satisfaction_rate, figures.final_satisfaction_rate) == (0.0, 0.0)


def test_the_final_figure_of_a_period_is_the_latest_rating_by_its_end(
    village_clerk, village_head, frozen_now
):
    case = _answered(village_clerk, village_head)
    services.case_follow_up(actor=village_clerk, case_id=case.pk, rating=Rating.DISSATISFIED)
    first_rated = timezone.now()
    frozen_now.shift(timedelta(days=10))
    services.case_reply(actor=village_head, case_id=case.pk, text=AGAIN)
    services.case_follow_up(actor=village_clerk, case_id=case.pk, rating=Rating.BASICALLY_SATISFIED)

    before_redo = selectors.satisfaction(
        cases=Case.objects.all(), start=first_rated - timedelta(days=1), end=first_rated + timedelta(days=1)
    )
    whole = selectors.satisfaction(
        cases=Case.objects.all(),
        start=first_rated - timedelta(days=1),
        end=timezone.now() + timedelta(days=1),
    )

    assert (before_redo.first_answer_rate, before_redo.final_rate) == (0.0, 0.0)
    assert (whole.first_answer_rate, whole.final_rate) == (0.0, 1.0)


def test_the_league_table_shows_both(village_clerk, village_head, frozen_now):
    _redone_and_satisfied(village_clerk, village_head)

    start, end = _period()
    row = next(r for r in selectors.league_table(start=start, end=end) if r.key == centre(WANGHUA).pk)

    assert (row.rated, row.first_answer_satisfied, row.satisfied) == (1, 0, 1)
    assert (row.first_answer_satisfaction_rate, row.final_satisfaction_rate) == (0.0, 1.0)
    assert row.satisfaction_rate == 1.0


def test_the_cockpit_shows_both(client, village_clerk, village_head, town_dispatcher, frozen_now):
    _redone_and_satisfied(village_clerk, village_head)
    client.force_login(town_dispatcher)

    page = client.get("/insights/cockpit/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "首次答复满意率" in html and "最终满意率" in html
    assert '<span data-kpi="first_answer_satisfaction_rate">0.0%</span>' in html
    assert '<span data-kpi="final_satisfaction_rate">100.0%</span>' in html


def test_the_board_league_table_shows_both(client, village_clerk, village_head, town_dispatcher, frozen_now):
    _redone_and_satisfied(village_clerk, village_head)
    client.force_login(town_dispatcher)

    page = client.get("/insights/board/")

    row = next(r for r in page.context["league"] if r.key == centre(WANGHUA).pk)
    assert (row.first_answer_satisfaction_rate, row.final_satisfaction_rate) == (0.0, 1.0)
    assert "首次答复满意率" in page.content.decode()


def test_the_api_shows_both(village_clerk, village_head, frozen_now):
    _redone_and_satisfied(village_clerk, village_head)
    api = Api(user=village_clerk)

    kpis = api.get("/metrics/kpis").json()
    league = api.get("/metrics/league-table", by="unit").json()

    assert kpis["first_answer_satisfaction_rate"] == 0.0
    assert kpis["final_satisfaction_rate"] == 1.0
    assert kpis["satisfaction_rate"] == 1.0
    row = next(r for r in league if r["key"] == centre(WANGHUA).pk)
    assert (row["first_answer_satisfaction_rate"], row["final_satisfaction_rate"]) == (0.0, 1.0)
    assert (row["rated"], row["first_answer_satisfied"], row["satisfied"]) == (1, 0, 1)


def test_a_second_rating_of_the_same_answer_changes_nothing(village_clerk, village_head, frozen_now):
    case = _answered(village_clerk, village_head)
    services.case_follow_up(actor=village_clerk, case_id=case.pk, rating=Rating.SATISFIED)

    with pytest.raises(InvalidState) as refused:
        services.case_rate_by_reporter(
            tracking_code=case.tracking_code, phone_tail="1234", rating=Rating.DISSATISFIED
        )

    assert refused.value.code == "already_rated"
    assert list(CaseRating.objects.filter(case=case).values_list("rating", flat=True)) == [Rating.SATISFIED]
    assert reload(case).rating == Rating.SATISFIED
