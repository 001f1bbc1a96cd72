"""Publications, objections answered within 15 days, and the figures per village and town."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from gongzhi.core.errors import InvalidState
from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.enums import MemberBasis
from gongzhi.deliberation.models import Objection
from tests.conftest import region
from tests.deliberation.helpers import XIALU, at, pass_meeting, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(register):
    matter = services.matter_propose(
        village=register.village,
        matter_type=selectors.matter_type_get(region=register.village, code="collective_income_use"),
        title="集体收益分配",
        proposed_on=date(2026, 5, 4),
    )
    services.team_form(
        matter=matter,
        members=[
            services.MemberSpec(person=p, basis=MemberBasis.REPRESENTATIVE, reason="村民代表")
            for p in register.representatives[:5]
        ],
        formed_on=date(2026, 5, 4),
    )
    for order, day in ((1, 5), (2, 6), (3, 11), (4, 15)):
        pass_meeting(matter, order, register, date(2026, 5, day))
    return matter


def publish_decision(matter):
    return services.publication_publish(
        step=step(matter, 5), title="决议公告", content="分配方案已通过。", published_on=date(2026, 5, 18)
    )


def test_objections_are_taken_during_the_period_and_tracked_to_their_deadline(decided):
    publication = publish_decision(decided)
    late = datetime.fromisoformat("2026-05-26T09:00:00+08:00")  # period ended 05-25
    with pytest.raises(InvalidState) as refused:
        services.objection_raise(publication=publication, name="村民", content="有意见", raised_at=late)
    assert refused.value.code == "publicity_period_over"
    assert Objection.objects.count() == 0

    raised = datetime.fromisoformat("2026-05-20T09:00:00+08:00")
    objection = services.objection_raise(
        publication=publication, name="村民老王", content="分配依据？", raised_at=raised
    )
    # 15 days from 05-20 is 06-04, a Thursday.
    assert objection.due_at.isoformat().startswith("2026-06-04T23:59:59")
    with time_machine.travel(datetime.fromisoformat("2026-06-05T09:00:00+08:00"), tick=False):
        from django.utils import timezone

        overdue = selectors.objection_overdue_list(now=timezone.now(), region=region(XIALU))
        assert [o.pk for o in overdue] == [objection.pk]
        # The result cannot be published while it is unanswered.
        with pytest.raises(InvalidState) as refused:
            services.publication_publish(
                step=step(decided, 6), title="结果", content="已分配", published_on=date(2026, 6, 5)
            )
        assert refused.value.code == "objections_open"
        answered = services.objection_answer(objection=objection, answer="按2025年底在册股份分配。")
    assert answered.status == "answered" and answered.answered_at > answered.due_at
    figures = selectors.figures_for(
        region=region(XIALU), start=date(2026, 1, 1), end=date(2026, 12, 31), now=answered.answered_at
    )
    assert (
        figures.objections == 1 and figures.objections_answered_on_time == 0 and figures.objections_open == 0
    )


def test_the_result_waits_for_the_decisions_publicity_period(decided):
    publish_decision(decided)  # 05-18 + 7 days: ends 05-25
    with pytest.raises(InvalidState) as refused:
        services.publication_publish(
            step=step(decided, 6), title="结果", content="已分配", published_on=date(2026, 5, 25)
        )
    assert refused.value.code == "publicity_period_running"
    services.publication_publish(
        step=step(decided, 6), title="结果", content="已分配", published_on=date(2026, 5, 26)
    )
    decided.refresh_from_db()
    assert decided.status == "completed"


def test_figures_per_village_and_town(decided, register):
    services.session_record(
        step=step(
            services.matter_propose(
                village=register.village,
                matter_type=selectors.matter_type_get(region=register.village, code="homestead_plan"),
                title="宅基地方案",
                proposed_on=date(2026, 6, 1),
            ),
            1,
        ),
        held_at=at(date(2026, 6, 2)),
        expected=3,
        present=1,
    )
    town = selectors.figures_for(
        region=region(XIALU), start=date(2026, 1, 1), end=date(2026, 12, 31), now=at(date(2026, 7, 1))
    )
    assert town.matters == 2 and town.teams == 1 and town.team_members == 5
    assert town.sessions == 5 and town.sessions_without_quorum == 1
    counts = register.counts()
    assert town.participants == sum(counts.values()) + 1
    assert town.days_to_decision_median == 11.0  # 05-04 → 05-15
    assert sorted(code for code, _, _ in town.matters_by_type) == ["collective_income_use", "homestead_plan"]
    villages = selectors.figures_by_village(
        town=region(XIALU), start=date(2026, 1, 1), end=date(2026, 12, 31), now=at(date(2026, 7, 1))
    )
    assert sum(f.matters for f in villages) == 2
    assert [f.matters for f in villages if f.region == register.village] == [2]
