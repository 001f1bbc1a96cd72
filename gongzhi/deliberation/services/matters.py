"""Matters and their meeting steps: proposal, sessions (meetings) with quorum, notice and vote.

A step of kind *meeting* passes through a session whose record satisfies, in this order:

1. the matter is open and the step is the next one (the previous step passed);
2. the counts are consistent: present ≤ expected; for + against + abstentions ≤ present;
   households present ≤ households expected; the attendance list, if given, agrees;
3. ``expected`` is the register's number for the body (应到: 组成人员, 党员, adult villagers …)
   whenever the register knows it — the denominator cannot be lowered to reach a quorum;
4. notice was given at least the body's ``notice_days`` before the meeting (3 days for the
   村民代表会议, 10 for the 村民会议), and not before the previous step passed;
5. a 村民代表会议 needs the Zhejiang minimum number of representatives on the register;
6. the quorum and the majority, per the body's rules (``rules.evaluate``).

Refusals under 1–5 change nothing. Under 6, ``session_record`` keeps the meeting on record —
no quorum (流会: the step stays open for a retry) or a lost vote (the matter is not adopted) —
while ``step_pass``, which asserts the step passes, refuses and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongzhi.core.i18n import zh
from gongzhi.core.ids import tracking_code
from gongzhi.core.workdays import local_date
from gongzhi.deliberation import events, rules
from gongzhi.deliberation.enums import (
    AttendanceStatus,
    MatterStatus,
    Membership,
    SessionOutcome,
    StepKind,
    StepStatus,
)
from gongzhi.deliberation.models import Attendance, Body, Matter, MatterStep, MatterType, Session, Signature
from gongzhi.deliberation.selectors import catalogue as catalogue_selectors
from gongzhi.deliberation.selectors import register as register_selectors
from gongzhi.deliberation.services._common import invalid, lock_matter, require_previous_passed, state
from gongzhi.kinship.models import Person
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region, User


@dataclass(frozen=True)
class SignatureSpec:
    name: str
    capacity: str = "参会人员"
    person: Person | None = None


@transaction.atomic
def matter_propose(
    *,
    village: Region,
    matter_type: MatterType,
    title: str,
    proposed_on: date,
    description: str = "",
    budget: Decimal | None = None,
    actor: User | None = None,
    is_generated: bool = False,
) -> Matter:
    """Put a matter on the table; its steps are copied from the type's procedure as of today."""
    if village.level != RegionLevel.VILLAGE:
        raise invalid("not_a_village", "议事事项须属于村社", "a matter belongs to a village")
    in_force = {row.pk for row in catalogue_selectors.matter_type_catalogue(region=village)}
    if matter_type.pk not in in_force:
        raise invalid(
            "matter_type_not_in_force",
            "该事项类型不适用于本村",
            "this matter type is not in force in this village",
        )
    if not title.strip():
        raise invalid("title_required", "请填写事项名称", "a title is required", field="title")
    if budget is not None and budget < 0:
        raise invalid("invalid_budget", "预算不能为负", "the budget cannot be negative", field="budget")
    matter = Matter.objects.create(
        reference=tracking_code(timezone.now(), prefix="YS"),
        village=village,
        matter_type=matter_type,
        procedure=matter_type.procedure,
        title=title.strip(),
        description=description.strip(),
        proposed_on=proposed_on,
        budget=budget,
        involves_tender=matter_type.involves_tender,
        exclusion_predicate=matter_type.exclusion_predicate,
        is_generated=is_generated,
        created_by=actor if actor is not None and actor.pk else None,
    )
    MatterStep.objects.bulk_create(
        MatterStep(
            matter=matter,
            order=step.order,
            name=step.name,
            kind=step.kind,
            body=(matter_type.deciding_body or step.body) if step.is_decision else step.body,
            publication_kind=step.publication_kind,
            is_decision=step.is_decision,
        )
        for step in matter_type.procedure.steps.order_by("order")
    )
    events.matter_event(
        matter=matter,
        action="matter.propose",
        actor=actor,
        after={
            "village": village.code,
            "matter_type": matter_type.code,
            "procedure": matter_type.procedure.code,
            "title": matter.title,
            "proposed_on": proposed_on,
            "budget": budget,
        },
    )
    return matter


@transaction.atomic
def matter_withdraw(*, matter: Matter, reason: str, actor: User | None = None) -> Matter:
    if not reason.strip():
        raise invalid("reason_required", "须说明撤回理由", "a reason is required", field="reason")
    matter = lock_matter(matter)
    if matter.status != MatterStatus.OPEN:
        raise state("matter_not_open", "只有议事中的事项可以撤回", "only an open matter can be withdrawn")
    matter.status = MatterStatus.WITHDRAWN
    matter.save(update_fields=["status", "updated_at"])
    events.matter_event(
        matter=matter, action="matter.withdraw", actor=actor, after={"status": matter.status}, reason=reason
    )
    return matter


def _body(step: MatterStep) -> Body:
    if step.kind != StepKind.MEETING or step.body is None:
        raise state("not_a_meeting", f"“{step.name}”不是会议步骤", "this step is not a meeting")
    return step.body


def _check_counts(
    *,
    expected: int,
    present: int,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    households_expected: int | None,
    households_present: int | None,
) -> None:
    if min(expected, present, votes_for, votes_against, abstentions) < 0:
        raise invalid("negative_count", "人数和票数不能为负", "counts cannot be negative")
    if expected == 0:
        raise invalid("expected_required", "应到人数须大于零", "the expected number must be positive")
    if present > expected:
        raise invalid(
            "present_exceeds_expected",
            f"实到{present}人超过应到{expected}人",
            "more present than expected",
            present=present,
            expected=expected,
        )
    if votes_for + votes_against + abstentions > present:
        raise invalid(
            "votes_exceed_present",
            f"表决票数（同意{votes_for}、反对{votes_against}、弃权{abstentions}）超过实到人数{present}",
            "the votes cast exceed the number present",
            votes=votes_for + votes_against + abstentions,
            present=present,
        )
    if (households_expected is None) != (households_present is None):
        raise invalid("households_incomplete", "应到户数与实到户数须同时填写", "give both household counts")
    if (
        households_expected is not None
        and households_present is not None
        and households_present > households_expected
    ):
        raise invalid("households_exceed", "实到户数超过应到户数", "more households present than expected")


def _check_notice(
    *, step: MatterStep, held_on: date, notice_given_on: date | None, previous: MatterStep | None
) -> None:
    body = _body(step)
    if notice_given_on is not None and notice_given_on > held_on:
        raise invalid("notice_after_meeting", "通知日期晚于会议日期", "the notice is dated after the meeting")
    if (
        previous is not None
        and previous.passed_on is not None
        and notice_given_on is not None
        and notice_given_on < previous.passed_on
    ):
        raise invalid(
            "notice_before_previous_step",
            f"通知早于上一步“{previous.name}”通过之日，议题尚未确定",
            "notice was given before the previous step passed",
        )
    if body.notice_days == 0:
        return
    if notice_given_on is None:
        raise invalid(
            "notice_required",
            f"{body.name}须提前{body.notice_days}日通知，请填写通知日期",
            f"{body.name} needs {body.notice_days} days' notice; give the notice date",
            notice_days=body.notice_days,
        )
    given = (held_on - notice_given_on).days
    if given < body.notice_days:
        raise invalid(
            "notice_too_short",
            f"{body.name}须提前{body.notice_days}日通知，实际仅提前{given}日，不能召开",
            f"{body.name} needs {body.notice_days} days' notice, only {given} were given",
            notice_days=body.notice_days,
            given_days=given,
        )


def _check_expected(*, step: MatterStep, matter: Matter, expected: int, held_on: date) -> None:
    body = _body(step)
    team = getattr(matter, "team", None) if body.membership == Membership.TEAM else None
    if body.membership == Membership.TEAM and team is None:
        raise state("team_required", "尚未组建议事团", "the deliberation team has not been formed")
    register = register_selectors.entitled_count(
        village=matter.village, membership=body.membership, on=held_on, team=team
    )
    if register is not None and register != expected:
        raise invalid(
            "expected_mismatch",
            f"应到人数{expected}与登记的{zh(body.get_membership_display())}人数{register}不符",
            "the expected number differs from the register",
            expected=expected,
            register=register,
        )
    if body.membership == Membership.REPRESENTATIVES and register is not None:
        check = register_selectors.representatives_check(village=matter.village)
        if check.short_by:
            raise state(
                "representatives_below_minimum",
                f"本村{check.population}人，村民代表应不少于{check.minimum}名，现仅{check.representatives}名",
                "the village has fewer representatives than the Zhejiang minimum",
                minimum=check.minimum,
                representatives=check.representatives,
            )


def _check_attendance(*, matter: Matter, attendance: Sequence[tuple[Person, str]], present: int) -> None:
    if not attendance:
        return
    people = [person.pk for person, _ in attendance]
    if len(set(people)) != len(people):
        raise invalid(
            "attendance_duplicate", "出席名单有重复人员", "a person appears twice in the attendance"
        )
    if any(status not in AttendanceStatus.values for _, status in attendance):
        raise invalid("attendance_status", "未知的出席状态", "unknown attendance status")
    counted = sum(1 for _, status in attendance if status == AttendanceStatus.PRESENT)
    if counted != present:
        raise invalid(
            "attendance_mismatch",
            f"出席名单中出席{counted}人，与实到人数{present}不符",
            "the attendance list disagrees with the number present",
        )


def _describe(
    evaluation: rules.Evaluation, *, step: MatterStep, expected: int, present: int, votes_for: int
) -> str:
    body = _body(step)
    if not evaluation.quorum_met:
        return (
            f"{body.name}须{body.quorum.describe()}应到人员出席（应到{expected}人，至少{evaluation.quorum_required}人），"
            f"实到{present}人，未达法定人数"
        )
    basis = "实到" if body.majority_basis == "present" else "应到"
    majority = body.majority
    share = majority.describe() if majority else ""
    return (
        f"{body.name}须经{basis}人员{share}同意（{basis}{evaluation.majority_base}人，至少{evaluation.majority_required}票），"
        f"同意{votes_for}票，未通过"
    )


def _rules_snapshot(step: MatterStep) -> dict[str, Any]:
    body = _body(step)
    return {
        "body": body.code,
        "body_name": body.name,
        "quorum": [body.quorum_numerator, body.quorum_denominator, body.quorum_comparison],
        "household_quorum": [
            body.household_quorum_numerator,
            body.household_quorum_denominator,
            body.household_quorum_comparison,
        ]
        if body.household_quorum
        else None,
        "majority": [body.majority_numerator, body.majority_denominator, body.majority_comparison]
        if body.has_vote
        else None,
        "majority_basis": body.majority_basis,
        "notice_days": body.notice_days,
    }


@transaction.atomic
def session_record(
    *,
    step: MatterStep,
    held_at: datetime,
    expected: int,
    present: int,
    notice_given_on: date | None = None,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    households_expected: int | None = None,
    households_present: int | None = None,
    minutes: str = "",
    attendance: Sequence[tuple[Person, str]] = (),
    signatures: Sequence[SignatureSpec] = (),
    actor: User | None = None,
    require_pass: bool = False,
) -> Session:
    """Record one meeting held for ``step`` (see the module docstring for the checks)."""
    matter = lock_matter(step.matter)
    step = MatterStep.objects.select_related("body").get(pk=step.pk)
    step.matter = matter
    if matter.status not in (MatterStatus.OPEN, MatterStatus.DECIDED):
        raise state("matter_closed", "该事项已结束议事", "the matter is no longer under deliberation")
    body = _body(step)
    if step.status != StepStatus.PENDING:
        raise state(
            "step_done", f"“{step.name}”已{zh(step.get_status_display())}", "this step is already decided"
        )
    previous = require_previous_passed(step)
    held_on = local_date(held_at)
    _check_counts(
        expected=expected,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        households_expected=households_expected,
        households_present=households_present,
    )
    _check_attendance(matter=matter, attendance=attendance, present=present)
    if previous is not None and previous.passed_on is not None and held_on < previous.passed_on:
        raise invalid(
            "meeting_before_previous_step",
            "会议日期早于上一步通过之日",
            "the meeting precedes the previous step",
        )
    _check_notice(step=step, held_on=held_on, notice_given_on=notice_given_on, previous=previous)
    _check_expected(step=step, matter=matter, expected=expected, held_on=held_on)
    evaluation = rules.evaluate(
        quorum=body.quorum,
        household_quorum=body.household_quorum,
        majority=body.majority,
        majority_basis=body.majority_basis,
        expected=expected,
        present=present,
        votes_for=votes_for,
        households_expected=households_expected,
        households_present=households_present,
    )
    if not evaluation.quorum_met:
        outcome = SessionOutcome.NO_QUORUM
    elif not evaluation.majority_met:
        outcome = SessionOutcome.REJECTED
    else:
        outcome = SessionOutcome.PASSED
    if require_pass and outcome != SessionOutcome.PASSED:
        raise invalid(
            "quorum_not_met" if outcome == SessionOutcome.NO_QUORUM else "majority_not_met",
            _describe(evaluation, step=step, expected=expected, present=present, votes_for=votes_for),
            "the meeting lacked its quorum"
            if outcome == SessionOutcome.NO_QUORUM
            else "the vote did not carry",
            quorum_required=evaluation.quorum_required,
            majority_required=evaluation.majority_required,
            majority_base=evaluation.majority_base,
        )
    session = Session.objects.create(
        step=step,
        number=step.sessions.count() + 1,
        notice_given_on=notice_given_on,
        held_at=held_at,
        expected=expected,
        present=present,
        households_expected=households_expected,
        households_present=households_present,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        outcome=outcome,
        minutes=minutes.strip(),
        rules=_rules_snapshot(step),
        recorded_by=actor if actor is not None and actor.pk else None,
    )
    Attendance.objects.bulk_create(
        Attendance(session=session, person=person, status=status) for person, status in attendance
    )
    Signature.objects.bulk_create(
        Signature(
            session=session, name=s.name.strip(), capacity=s.capacity, person=s.person, signed_at=held_at
        )
        for s in signatures
        if s.name.strip()
    )
    after: dict[str, Any] = {
        "step": step.order,
        "session": session.number,
        "outcome": outcome,
        "expected": expected,
        "present": present,
        "votes": [votes_for, votes_against, abstentions],
    }
    if outcome == SessionOutcome.PASSED:
        step.status = StepStatus.PASSED
        step.passed_on = held_on
        step.save(update_fields=["status", "passed_on", "updated_at"])
        if step.is_decision:
            matter.status = MatterStatus.DECIDED
            matter.decided_on = held_on
            matter.save(update_fields=["status", "decided_on", "updated_at"])
            after["matter_status"] = matter.status
    elif outcome == SessionOutcome.REJECTED:
        step.status = StepStatus.FAILED
        step.save(update_fields=["status", "updated_at"])
        matter.status = MatterStatus.REJECTED
        matter.save(update_fields=["status", "updated_at"])
        after["matter_status"] = matter.status
    events.matter_event(
        matter=matter,
        action="session.record",
        actor=actor,
        after=after,
        reason=""
        if outcome == SessionOutcome.PASSED
        else _describe(evaluation, step=step, expected=expected, present=present, votes_for=votes_for),
    )
    return session


def step_pass(
    *,
    step: MatterStep,
    held_at: datetime,
    expected: int,
    present: int,
    notice_given_on: date | None = None,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    households_expected: int | None = None,
    households_present: int | None = None,
    minutes: str = "",
    attendance: Sequence[tuple[Person, str]] = (),
    signatures: Sequence[SignatureSpec] = (),
    actor: User | None = None,
) -> Session:
    """Pass ``step`` with this meeting: refused, changing nothing, unless quorum, notice and vote hold."""
    return session_record(
        step=step,
        held_at=held_at,
        expected=expected,
        present=present,
        notice_given_on=notice_given_on,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        households_expected=households_expected,
        households_present=households_present,
        minutes=minutes,
        attendance=attendance,
        signatures=signatures,
        actor=actor,
        require_pass=True,
    )
