"""Meeting steps: quorum failure and retry, notice periods, order, denominators, bad counts."""

from __future__ import annotations

from datetime import date

import pytest

from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.deliberation import selectors, services
from gongzhi.deliberation.enums import Basis, Comparison, MatterStatus, Membership, SessionOutcome, StepKind
from gongzhi.deliberation.models import Session
from gongzhi.deliberation.services import StepSpec
from tests.deliberation.helpers import at, pass_meeting, snapshot, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(register):
    return services.matter_propose(
        village=register.village,
        matter_type=selectors.matter_type_get(region=register.village, code="collective_income_use"),
        title="2026年集体收益分配方案",
        proposed_on=date(2026, 5, 4),
    )


@pytest.fixture
def at_the_decision(matter, register):
    pass_meeting(matter, 1, register, date(2026, 5, 5))
    pass_meeting(matter, 2, register, date(2026, 5, 6))
    pass_meeting(matter, 3, register, date(2026, 5, 11))
    return matter


def test_a_meeting_without_quorum_is_recorded_and_the_retry_passes(at_the_decision, register):
    matter = at_the_decision
    expected = register.counts()["representatives_meeting"]
    assert expected == 35  # 30 representatives + 5 committee members; 2/3 以上 → 24

    adjourned = services.session_record(
        step=step(matter, 4),
        held_at=at(date(2026, 5, 15)),
        notice_given_on=date(2026, 5, 12),
        expected=expected,
        present=23,
        minutes="到会23人，不足三分之二，流会。",
    )
    assert adjourned.outcome == SessionOutcome.NO_QUORUM
    assert step(matter, 4).status == "pending"
    matter.refresh_from_db()
    assert matter.status == MatterStatus.OPEN

    retry = pass_meeting(
        matter, 4, register, date(2026, 5, 20), notice_given_on=date(2026, 5, 16), present=24, votes_for=13
    )
    assert retry.number == 2 and retry.outcome == SessionOutcome.PASSED
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DECIDED and matter.decided_on == date(2026, 5, 20)
    assert [s.outcome for s in Session.objects.filter(step__matter=matter, step__order=4)] == [
        "no_quorum",
        "passed",
    ]
    assert retry.rules["quorum"] == [2, 3, "at_least"]


def test_passing_without_quorum_is_refused_and_changes_nothing(at_the_decision, register):
    matter = at_the_decision
    before = snapshot(matter)
    with pytest.raises(ValidationFailed) as refused:
        pass_meeting(matter, 4, register, date(2026, 5, 15), present=23, votes_for=23)
    assert refused.value.code == "quorum_not_met"
    assert "至少24人" in refused.value.message_zh
    assert snapshot(matter) == before


def test_passing_without_a_majority_of_those_present_is_refused(at_the_decision, register):
    matter = at_the_decision
    before = snapshot(matter)
    with pytest.raises(ValidationFailed) as refused:
        pass_meeting(matter, 4, register, date(2026, 5, 15), present=24, votes_for=12, votes_against=12)
    assert refused.value.code == "majority_not_met"  # 12 of 24 is not 过半数
    assert snapshot(matter) == before


def test_a_lost_vote_is_recorded_and_the_matter_is_not_adopted(at_the_decision, register):
    matter = at_the_decision
    session = services.session_record(
        step=step(matter, 4),
        held_at=at(date(2026, 5, 15)),
        notice_given_on=date(2026, 5, 12),
        expected=35,
        present=30,
        votes_for=15,
        votes_against=15,
    )
    assert session.outcome == SessionOutcome.REJECTED
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REJECTED
    with pytest.raises(InvalidState):
        pass_meeting(matter, 4, register, date(2026, 5, 20))


@pytest.mark.parametrize(
    ("notice_given_on", "code"),
    [
        (None, "notice_required"),
        (date(2026, 5, 13), "notice_too_short"),
        (date(2026, 5, 16), "notice_after_meeting"),
    ],
)
def test_the_representatives_meeting_needs_three_days_notice(
    at_the_decision, register, notice_given_on, code
):
    matter = at_the_decision
    before = snapshot(matter)
    with pytest.raises(ValidationFailed) as refused:
        pass_meeting(matter, 4, register, date(2026, 5, 15), notice_given_on=notice_given_on)
    assert refused.value.code == code
    assert snapshot(matter) == before
    pass_meeting(matter, 4, register, date(2026, 5, 15), notice_given_on=date(2026, 5, 12))  # exactly 3 days


def test_the_villagers_meeting_needs_ten_days_notice(register):
    reg = register
    rules = selectors.matter_type_get(region=reg.village, code="village_rules_revision")
    matter = services.matter_propose(
        village=reg.village, matter_type=rules, title="修订村规民约", proposed_on=date(2026, 5, 4)
    )
    assert step(matter, 4).body.code == "villagers_meeting"
    pass_meeting(matter, 1, reg, date(2026, 5, 5))
    pass_meeting(matter, 2, reg, date(2026, 5, 6))
    pass_meeting(matter, 3, reg, date(2026, 5, 11))
    adults = selectors.entitled_count(
        village=reg.village, membership=Membership.ADULT_VILLAGERS, on=date(2026, 5, 30)
    )
    assert adults == len(reg.people)
    before = snapshot(matter)
    with pytest.raises(ValidationFailed) as refused:
        services.step_pass(
            step=step(matter, 4),
            held_at=at(date(2026, 5, 30)),
            notice_given_on=date(2026, 5, 21),  # 9 days
            expected=adults,
            present=adults,
            votes_for=adults,
        )
    assert refused.value.code == "notice_too_short" and "10" in refused.value.message_zh
    assert snapshot(matter) == before
    services.step_pass(
        step=step(matter, 4),
        held_at=at(date(2026, 5, 30)),
        notice_given_on=date(2026, 5, 20),
        expected=adults,
        present=adults // 2 + 1,
        votes_for=adults // 4 + 1,
    )


def test_steps_run_in_order(matter, register):
    before = snapshot(matter)
    with pytest.raises(InvalidState) as refused:
        pass_meeting(matter, 2, register, date(2026, 5, 6))
    assert refused.value.code == "previous_step_not_passed"
    assert snapshot(matter) == before
    pass_meeting(matter, 1, register, date(2026, 5, 6))
    with pytest.raises(ValidationFailed) as refused:
        pass_meeting(matter, 2, register, date(2026, 5, 5))  # before the proposal passed
    assert refused.value.code == "meeting_before_previous_step"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"present": 36}, "present_exceeds_expected"),
        ({"present": 30, "votes_for": 25, "votes_against": 6}, "votes_exceed_present"),
        ({"present": 30, "votes_for": 31}, "votes_exceed_present"),
        ({"expected": 30, "present": 30, "votes_for": 30}, "expected_mismatch"),
    ],
)
def test_impossible_counts_are_refused_and_change_nothing(at_the_decision, register, overrides, code):
    matter = at_the_decision
    before = snapshot(matter)
    with pytest.raises(ValidationFailed) as refused:
        pass_meeting(matter, 4, register, date(2026, 5, 15), **overrides)
    assert refused.value.code == code
    assert snapshot(matter) == before


def test_present_versus_entitled_denominators(register):
    """The same meeting — 30 entitled, 20 present, 11 in favour — carries in the 村民代表会议
    (过半数 of those present) and fails in the 社员代表大会 (过半数 of those entitled)."""
    reg = register
    coop = selectors.body_list(region=reg.village)
    coop_reps = next(b for b in coop if b.code == "coop_reps_assembly")
    assert coop_reps.majority_basis == Basis.ENTITLED
    procedure = services.procedure_define(
        code="coop_plan",
        name="经济合作社决议",
        region=reg.village,
        steps=[
            StepSpec(name="社员代表大会决议", kind=StepKind.MEETING, body=coop_reps, is_decision=True),
            StepSpec(name="决议公开", kind=StepKind.PUBLICATION, publication_kind="decision"),
        ],
    )
    coop_type = services.matter_type_define(
        code="coop_shares", name="股份经济合作社收益分配", procedure=procedure, region=reg.village
    )
    matter = services.matter_propose(
        village=reg.village, matter_type=coop_type, title="2026年股金分红", proposed_on=date(2026, 5, 4)
    )
    before = snapshot(matter)
    with pytest.raises(ValidationFailed) as refused:
        services.step_pass(
            step=step(matter, 1), held_at=at(date(2026, 5, 8)), expected=30, present=20, votes_for=11
        )
    assert refused.value.code == "majority_not_met"
    assert refused.value.detail["majority_base"] == 30 and refused.value.detail["majority_required"] == 16
    assert snapshot(matter) == before
    passed = services.step_pass(
        step=step(matter, 1), held_at=at(date(2026, 5, 8)), expected=30, present=20, votes_for=16
    )
    assert passed.outcome == SessionOutcome.PASSED

    # The representatives' meeting with 30 entitled: 20 present, 11 votes carry.
    services.body_define(
        code="representatives_meeting",
        name="村民代表会议（小村）",
        region=reg.village,
        membership=Membership.ENTERED,
        quorum=(2, 3, Comparison.AT_LEAST),
        majority=(1, 2, Comparison.MORE_THAN),
        majority_basis=Basis.PRESENT,
    )
    small = services.procedure_define(
        code="small_reps",
        name="代表会议决议",
        region=reg.village,
        steps=[
            StepSpec(
                name="村民代表会议决议",
                kind=StepKind.MEETING,
                body=next(
                    b for b in selectors.body_list(region=reg.village) if b.code == "representatives_meeting"
                ),
                is_decision=True,
            )
        ],
    )
    reps_type = services.matter_type_define(
        code="reps_only", name="代表会议事项", procedure=small, region=reg.village
    )
    other = services.matter_propose(
        village=reg.village, matter_type=reps_type, title="误工补贴标准", proposed_on=date(2026, 5, 4)
    )
    carried = services.step_pass(
        step=step(other, 1), held_at=at(date(2026, 5, 8)), expected=30, present=20, votes_for=11
    )
    assert carried.outcome == SessionOutcome.PASSED


def test_the_party_members_meeting_counts_half_of_those_due_inclusive(register, matter):
    """四议两公开: 经应到会党员半数以上同意 — 6 of 12 entitled is enough (以上 includes half)."""
    pass_meeting(matter, 1, register, date(2026, 5, 5))
    pass_meeting(matter, 2, register, date(2026, 5, 6))
    session = pass_meeting(matter, 3, register, date(2026, 5, 11), present=8, votes_for=6, votes_against=2)
    assert session.outcome == SessionOutcome.PASSED
    assert session.expected == 12


def test_a_withdrawn_matter_takes_no_more_meetings(matter, register):
    services.matter_withdraw(matter=matter, reason="并入村庄整治项目")
    before = snapshot(matter)
    with pytest.raises(InvalidState) as refused:
        pass_meeting(matter, 1, register, date(2026, 5, 5))
    assert refused.value.code == "matter_closed"
    assert snapshot(matter) == before


def test_notice_before_the_previous_step_passed_is_refused(matter, register):
    pass_meeting(matter, 1, register, date(2026, 5, 5))
    pass_meeting(matter, 2, register, date(2026, 5, 8))
    with pytest.raises(ValidationFailed) as refused:
        pass_meeting(matter, 3, register, date(2026, 5, 12), notice_given_on=date(2026, 5, 7))
    assert refused.value.code == "notice_before_previous_step"
