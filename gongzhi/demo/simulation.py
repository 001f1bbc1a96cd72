"""The life of one generated case, replayed step by step as the services would have written it.

Each method mirrors one service of ``gongzhi.cases.services`` (same preconditions, same field
changes, same audit event with the same ``before``/``after`` keys) but works on unsaved objects
that the generator writes in bulk. Between steps, :meth:`CaseRun.until` applies what the deadline
sweep (``sweep_run``) would have done in the meantime — acceptance reminders, 催办, 督办 and
终结 — so that a real sweep run over the generated history finds nothing left to do.

The replay stops at ``now``: a case whose next step lies in the future keeps the state it has,
which is how recent cases end up registered, dispatched or in progress.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Model

from gongzhi.cases.accusations import unit_is_barred
from gongzhi.cases.enums import (
    HANDLING_STATUSES,
    REPORTED_UP_URGENCIES,
    AssignmentRole,
    AssignmentStatus,
    CaseKind,
    CaseStatus,
    ExtensionStatus,
    PetitionClass,
    Rating,
    RatingSource,
    ReplyOutcome,
    ReturnReason,
    ReviewKind,
)
from gongzhi.cases.joint import answers_snapshot, open_subtasks
from gongzhi.cases.models import (
    Assignment,
    Case,
    CaseRating,
    Extension,
    FollowUp,
    HandlingNote,
    Party,
    Reply,
    Return,
    ReviewRequest,
)
from gongzhi.core.workdays import SHANGHAI, is_working_day
from gongzhi.demo import texts
from gongzhi.demo.rows import RowWriter, row_class
from gongzhi.demo.world import LEVELS, SWEEP_DELAY, World, required
from gongzhi.org.enums import RegionLevel, UnitKind
from gongzhi.org.models import Unit, User

ACTIVE_HANDLING = (CaseStatus.DISPATCHED, CaseStatus.IN_PROGRESS)


class Batch:
    """Unsaved rows of a batch of cases, with their ids already assigned, written together."""

    def __init__(self, rows: RowWriter) -> None:
        self.rows = rows
        self.cases: list[Any] = []  # rows of gongzhi.demo.rows, not model instances
        self.by_model: dict[type[Model], list[Any]] = {
            model: []
            for model in (
                Case,
                Party,
                Assignment,
                Return,
                Extension,
                Reply,
                FollowUp,
                CaseRating,
                ReviewRequest,
                HandlingNote,
            )
        }
        self.by_model[Case] = self.cases
        # (subject case, occurred_at, actor, action, before, after, reason)
        self.events: list[tuple[Any, datetime, User | None, str, dict[str, Any], dict[str, Any], str]] = []

    def new(self, model: type[Model], **values: Any) -> Any:
        obj = row_class(model)(id=self.rows.next_id(model), **values)
        self.by_model[model].append(obj)
        return obj

    def __len__(self) -> int:
        return len(self.cases)


@dataclass
class MasterRecord:
    """What a later repeat needs to know about its master (重复件 → 主件)."""

    case: Any  # the master's row
    topic: texts.Topic
    # (time, status, replied_at, reply_outcome) after each change, for the state at the merge.
    log: list[tuple[datetime, str, datetime | None, str]]
    replies: list[tuple[datetime, str, User]]


def hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


def days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


_working: dict[date, bool] = {}


def _is_working(day: date) -> bool:
    known = _working.get(day)
    if known is None:
        known = _working[day] = is_working_day(day)
    return known


def office(at: datetime, rng: random.Random) -> datetime:
    """Move a staff action into office hours (8:30–17:30 Shanghai of a working day), never earlier."""
    local = at.astimezone(SHANGHAI)
    minutes = local.hour * 60 + local.minute
    day = local.date()
    if 510 <= minutes < 1050 and _is_working(day):
        return at
    if minutes >= 1050 or not _is_working(day):
        day += timedelta(days=1)
    while not _is_working(day):
        day += timedelta(days=1)
    start = datetime(day.year, day.month, day.day, 8, 30, tzinfo=SHANGHAI)
    return start + timedelta(minutes=rng.uniform(0, 150))


class Slots(dict[str, str]):
    """Template values; a place-holder without a value becomes empty instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, slots: dict[str, str], **extra: str) -> str:
    return template.format_map(Slots(slots, **extra))


class CaseRun:
    """Replays one case. ``rng`` is the case's own generator; ``now`` is where the replay stops."""

    def __init__(
        self,
        world: World,
        batch: Batch,
        case: Any,
        *,
        rng: random.Random,
        now: datetime,
        topic: texts.Topic,
        slots: dict[str, str],
        lean: bool = False,
    ) -> None:
        self.w = world
        self.b = batch
        self.c = case
        self.rng = rng
        self.now = now
        self.topic = topic
        self.slots = slots
        self.lean = lean
        self.assignments: list[Assignment] = []
        self.extensions: list[Extension] = []
        self.returns: list[Return] = []
        self.reviews: list[ReviewRequest] = []
        self.log: list[tuple[datetime, str, datetime | None, str]] = []
        self.replies: list[tuple[datetime, str, User]] = []
        self.intake_unit: Unit = case.intake_unit

    # --- bookkeeping -------------------------------------------------------------------------------

    def ev(
        self,
        at: datetime,
        actor: User | None,
        action: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        reason: str = "",
        subject: Any = None,
    ) -> None:
        if self.lean and action != "case.intake":
            return
        self.b.events.append((subject or self.c, at, actor, action, before or {}, after or {}, reason))

    def save(self, at: datetime) -> None:
        self.c.updated_at = at
        self.log.append((at, self.c.status, self.c.replied_at, self.c.reply_outcome))

    def snap(self, *fields: str) -> dict[str, Any]:
        if self.lean:  # the event will not be written
            return {}
        return {name: getattr(self.c, name) for name in fields}

    def lead_assignment(self) -> Assignment | None:
        for assignment in reversed(self.assignments):
            if assignment.role == AssignmentRole.LEAD and assignment.is_active:
                return assignment
        return None

    # --- the deadline sweep (sweep_run), applied between steps ---------------------------------------

    def until(self, at: datetime) -> bool:
        """Apply the sweep's effects due before ``at``; False when ``at`` lies beyond ``now``."""
        limit = min(at, self.now)
        c = self.c
        while True:
            due: datetime | None = None
            action = ""
            if c.status == CaseStatus.REGISTERED and c.accepted_at is None and c.accept_reminded_at is None:
                due, action = c.accept_due_at + SWEEP_DELAY, "accept_remind"
            elif c.status in HANDLING_STATUSES:
                if c.reminded_at is None and c.due_at is not None:
                    due, action = c.due_at + SWEEP_DELAY, "remind"
                elif c.supervise_at is not None and c.supervised_at is None:
                    due, action = c.supervise_at + SWEEP_DELAY, "supervise"
            elif (
                c.kind == CaseKind.PETITION
                and c.status in (CaseStatus.REPLIED, CaseStatus.CLOSED)
                and c.review_window_ends_at is not None
            ):
                due, action = c.review_window_ends_at + SWEEP_DELAY, "finalise"
            subtask, subtask_due, subtask_action = self._subtask_sweep_due()
            if subtask is not None and subtask_due is not None and (due is None or subtask_due < due):
                if subtask_due >= limit:
                    break
                getattr(self, f"_sweep_{subtask_action}")(subtask_due, subtask)
                continue
            if due is None or due >= limit:
                break
            getattr(self, f"_sweep_{action}")(due)
        return at <= self.now

    def _subtask_sweep_due(self) -> tuple[Assignment | None, datetime | None, str]:
        """The co-units' sub-tasks' next sweep step (催办, then 督办), the earliest first."""
        if self.c.status not in ACTIVE_HANDLING:
            return None, None, ""
        best: tuple[Assignment | None, datetime | None, str] = (None, None, "")
        for assignment in open_subtasks(self.assignments):
            if assignment.reminded_at is None and assignment.due_at is not None:
                due, action = assignment.due_at + SWEEP_DELAY, "subtask_remind"
            elif assignment.supervise_at is not None and assignment.supervised_at is None:
                due, action = assignment.supervise_at + SWEEP_DELAY, "subtask_supervise"
            else:
                continue
            if best[1] is None or due < best[1]:
                best = (assignment, due, action)
        return best

    def _sweep_subtask_remind(self, at: datetime, assignment: Assignment) -> None:
        due_at = required(assignment.due_at, "sub-task due_at")
        assignment.reminded_at = at
        assignment.supervise_at = self.w.supervise_time(due_at)
        self.ev(at, None, "subtask.remind", after={"unit": assignment.unit.code, "due_at": assignment.due_at})

    def _sweep_subtask_supervise(self, at: datetime, assignment: Assignment) -> None:
        assignment.supervised_at = at
        self.ev(at, None, "subtask.supervise_auto", after={"unit": assignment.unit.code, "supervised_at": at})

    def _sweep_accept_remind(self, at: datetime) -> None:
        self.c.accept_reminded_at = at
        self.ev(at, None, "case.accept_remind", after={"accept_due_at": self.c.accept_due_at})

    def _sweep_remind(self, at: datetime) -> None:
        c = self.c
        c.reminded_at = at
        c.supervise_at = self.w.supervise_time(c.due_at)
        self.ev(at, None, "case.remind", after={"due_at": c.due_at})

    def _sweep_supervise(self, at: datetime) -> None:
        self.c.supervised_at = at
        self.ev(at, None, "case.supervise_auto", after={"supervised_at": at})

    def _sweep_finalise(self, at: datetime) -> None:
        c = self.c
        c.status = CaseStatus.FINAL
        c.finalised_at = at
        c.review_window_ends_at = None
        if c.closed_at is None:
            c.closed_at = at
            c.resolved_level = c.level
        self.log.append((at, c.status, c.replied_at, c.reply_outcome))
        self.ev(
            at,
            None,
            "case.finalise",
            after={"status": CaseStatus.FINAL, "review_stage": c.review_stage or ReviewKind.REVIEW},
        )

    # --- intake and the acceptance decision --------------------------------------------------------

    def intake(self) -> None:
        c = self.c
        c.updated_at = c.registered_at
        self.log.append((c.registered_at, c.status, None, ""))
        self.ev(
            c.registered_at,
            c.registered_by,
            "case.intake",
            after={
                "tracking_code": c.tracking_code,
                "channel": c.channel,
                "kind": c.kind,
                "status": c.status,
                "region": c.region.code,
                "intake_unit": c.intake_unit.code,
                "accept_due_at": c.accept_due_at,
            },
        )
        if c.urgency in REPORTED_UP_URGENCIES:  # services.urgency.case_report_urgent
            self.ev(
                c.registered_at,
                c.registered_by,
                "case.urgent_report",
                after={
                    "urgency": c.urgency,
                    "intake_unit": c.intake_unit.code,
                    "accept_due_at": c.accept_due_at,
                },
            )

    def start_clock(self, start: datetime) -> None:
        """decisions.start_handling_clock."""
        c = self.c
        c.due_base_at = start
        c.due_days = self.w.preset.base_days + c.extended_days
        due = self.w.handling_deadline(start, c.due_days)
        c.due_at = due.at
        c.is_due_provisional = due.is_provisional
        c.warn_at = self.w.warn_time(due.at)
        c.reminded_at = None
        c.supervise_at = None
        c.supervised_at = None

    def accept(self, at: datetime, actor: User) -> None:
        c = self.c
        before = self.snap("status", "accepted_at")
        c.accepted_at = at
        self.start_clock(at)
        self.save(at)
        self.ev(at, actor, "case.accept", before, self.snap("status", "accepted_at", "due_at"))

    def decide_outside(self, at: datetime, actor: User, status: str) -> None:
        """不予受理 / 导入法定途径 / 转送: the case ends at acceptance."""
        c = self.c
        before = self.snap("status")
        c.status = status
        c.closed_at = at
        if status == CaseStatus.NOT_ACCEPTED:
            c.decision_reason = self.rng.choice(texts.NOT_ACCEPTED_REASONS)
            action, after = "case.not_accept", self.snap("status")
        elif status == CaseStatus.REDIRECTED:
            route = self.topic.route
            c.statutory_route = route
            c.decision_reason = texts.REDIRECT_REASONS.get(route, texts.REDIRECT_REASONS["litigation"])
            action, after = "case.redirect", self.snap("status", "statutory_route")
        else:
            body, reason = self.rng.choice(texts.TRANSFER_OUT)
            c.transferred_to = body
            c.decision_reason = reason
            action, after = "case.transfer_out", self.snap("status", "transferred_to")
        self.save(at)
        self.ev(at, actor, action, before, after, reason=c.decision_reason)

    # --- handling ----------------------------------------------------------------------------------

    def _set_lead(self, unit: Unit, at: datetime, *, binding: bool = False, task: str = "") -> Assignment:
        for assignment in self.assignments:
            if assignment.is_active and (
                assignment.role == AssignmentRole.LEAD or assignment.unit_id == unit.pk
            ):
                assignment.is_active = False
                if assignment.unit_id == unit.pk and assignment.role != AssignmentRole.LEAD:
                    assignment.status = AssignmentStatus.CANCELLED
        c = self.c
        assignment = self.b.new(
            Assignment,
            case=c,
            unit=unit,
            role=AssignmentRole.LEAD,
            status=AssignmentStatus.PENDING,
            task=task,
            due_at=c.due_at,
            is_active=True,
            is_binding=binding,
            created_at=at,
            updated_at=at,
        )
        self.assignments.append(assignment)
        c.lead_unit = unit
        c.level = unit.level if unit.level in LEVELS else RegionLevel.DISTRICT
        c.handler = None
        c.status = CaseStatus.DISPATCHED
        c.dispatched_at = at
        c.signed_at = None
        return assignment

    def _resolve_returns(self, at: datetime, *, arbitrated: bool = False) -> None:
        for item in self.returns:
            if item.resolved_at is None:
                item.resolved_at = at
                item.is_arbitrated = arbitrated or item.is_arbitrated

    def dispatch(self, at: datetime, actor: User, unit: Unit, reason: str = "") -> None:
        before = self.snap("status", "lead_unit", "level")
        self._set_lead(unit, at)
        self.save(at)
        self._resolve_returns(at)
        self.ev(at, actor, "case.dispatch", before, self.snap("status", "lead_unit", "level"), reason)

    def sign(self, at: datetime, actor: User, handler: User | None = None) -> None:
        c = self.c
        handler = handler or actor
        before = self.snap("status", "handler")
        c.status = CaseStatus.IN_PROGRESS
        c.handler = handler
        c.signed_at = at
        self.save(at)
        lead = self.lead_assignment()
        if lead is not None:
            lead.status = AssignmentStatus.IN_PROGRESS
            lead.handler = handler
        self.ev(at, actor, "case.sign", before, self.snap("status", "handler"))

    def return_(self, at: datetime, actor: User, reason: str) -> None:
        c = self.c
        text = texts.RETURN_TEXTS[reason]
        before = self.snap("status", "lead_unit", "return_count")
        item = self.b.new(
            Return,
            case=c,
            unit=c.lead_unit,
            reason=reason,
            text=text,
            returned_by=actor,
            created_at=at,
            updated_at=at,
        )
        self.returns.append(item)
        lead = self.lead_assignment()
        if lead is not None:
            lead.is_active = False
            lead.status = AssignmentStatus.RETURNED
        c.status = CaseStatus.RETURNED
        c.lead_unit = None
        c.handler = None
        c.return_count += 1
        self.save(at)
        self.ev(
            at, actor, "case.return", before, self.snap("status", "return_count") | {"reason": reason}, text
        )

    def arbitrate(self, at: datetime, actor: User, unit: Unit) -> None:
        reason = self.rng.choice(texts.ARBITRATION_REASONS)
        before = self.snap("status", "lead_unit")
        self._set_lead(unit, at, binding=True, task=reason)
        self.save(at)
        self._resolve_returns(at, arbitrated=True)
        self.ev(at, actor, "case.arbitrate", before, self.snap("status", "lead_unit"), reason)

    def transfer(self, at: datetime, actor: User, unit: Unit) -> None:
        reason = self.rng.choice(texts.TRANSFER_REASONS)
        before = self.snap("status", "lead_unit", "level")
        self._set_lead(unit, at)
        self.save(at)
        self.ev(at, actor, "case.transfer", before, self.snap("status", "lead_unit", "level"), reason)

    def escalate(self, at: datetime, actor: User, centre: Unit) -> None:
        reason = self.rng.choice(texts.ESCALATE_REASONS)
        before = self.snap("status", "lead_unit", "level", "escalation_count")
        self._set_lead(centre, at)
        self.c.escalation_count += 1
        self.save(at)
        self.ev(
            at,
            actor,
            "case.escalate",
            before,
            self.snap("status", "lead_unit", "level", "escalation_count"),
            reason,
        )

    def assign_down(self, at: datetime, actor: User, unit: Unit) -> None:
        reason = self.rng.choice(texts.ASSIGN_DOWN_TASKS)
        before = self.snap("status", "lead_unit", "level")
        self._set_lead(unit, at, task=reason)
        self.save(at)
        self.ev(at, actor, "case.assign_down", before, self.snap("status", "lead_unit", "level"), reason)

    def add_co_units(self, at: datetime, actor: User, units: list[Unit]) -> list[Assignment]:
        c = self.c
        due_at = c.due_at
        if due_at is not None:
            due_at = self.w.subtask_due(due_at, at)
        created = []
        for unit in units:
            assignment = self.b.new(
                Assignment,
                case=c,
                unit=unit,
                role=AssignmentRole.CO,
                status=AssignmentStatus.PENDING,
                task=self.rng.choice(texts.CO_TASKS),
                due_at=due_at,
                is_active=True,
                created_at=at,
                updated_at=at,
            )
            self.assignments.append(assignment)
            created.append(assignment)
        self.ev(at, actor, "case.add_co_units", after={"co_units": [u.code for u in units], "due_at": due_at})
        return created

    def subtask_sign(self, at: datetime, assignment: Assignment) -> None:
        actor = self.w.handler(assignment.unit)
        assignment.status = AssignmentStatus.IN_PROGRESS
        assignment.handler = actor
        assignment.updated_at = at
        self.ev(at, actor, "subtask.sign", after={"unit": assignment.unit.code})

    def subtask_answer(self, at: datetime, assignment: Assignment) -> None:
        actor = self.w.handler(assignment.unit)
        answer = self.rng.choice(texts.CO_ANSWERS)
        assignment.status = AssignmentStatus.ANSWERED
        assignment.answer = answer
        assignment.answered_at = at
        assignment.handler = assignment.handler or actor
        assignment.updated_at = at
        self.ev(at, actor, "subtask.answer", after={"unit": assignment.unit.code}, reason=answer)

    def note(self, at: datetime, actor: User) -> None:
        text = self.rng.choice(texts.NOTES)
        note = self.b.new(
            HandlingNote,
            case=self.c,
            unit=self.c.lead_unit,
            text=text,
            author=actor,
            created_at=at,
            updated_at=at,
        )
        self.ev(at, actor, "case.note", after={"note": note}, reason=text)

    def request_extension(self, at: datetime, actor: User, days_wanted: int) -> Extension | None:
        c = self.c
        preset = self.w.preset
        approved = sum(1 for e in self.extensions if e.status == ExtensionStatus.APPROVED)
        pending = any(e.status == ExtensionStatus.REQUESTED for e in self.extensions)
        remaining = preset.max_extension_days - c.extended_days
        if c.status not in ACTIVE_HANDLING or pending or approved >= preset.max_extensions or remaining < 1:
            return None
        reason = self.rng.choice(texts.EXTENSION_REASONS)
        extension = self.b.new(
            Extension,
            case=c,
            days=min(days_wanted, remaining),
            reason=reason,
            status=ExtensionStatus.REQUESTED,
            requested_by=actor,
            created_at=at,
            updated_at=at,
        )
        self.extensions.append(extension)
        self.ev(
            at,
            actor,
            "case.extension_request",
            after={"extension": extension, "days": extension.days},
            reason=reason,
        )
        return extension

    def decide_extension(self, at: datetime, actor: User, extension: Extension, approve: bool) -> None:
        c = self.c
        note = "" if approve else self.rng.choice(texts.EXTENSION_REJECTIONS)
        before = self.snap("due_at", "extended_days")
        extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
        extension.decided_by = actor
        extension.decided_at = at
        extension.decision_note = note
        extension.updated_at = at
        if approve:
            c.extended_days += extension.days
            c.due_days += extension.days
            base = c.due_base_at or c.accepted_at or c.registered_at
            due = self.w.handling_deadline(base, c.due_days)
            c.due_at = due.at
            c.is_due_provisional = due.is_provisional
            c.warn_at = self.w.warn_time(due.at)
            if c.due_at > at:
                c.reminded_at = None
                c.supervise_at = None
            self.save(at)
            for assignment in self.assignments:
                if assignment.is_active and assignment.role == AssignmentRole.LEAD:
                    assignment.due_at = c.due_at
        self.ev(
            at,
            actor,
            "case.extension_approve" if approve else "case.extension_reject",
            before,
            self.snap("due_at", "extended_days") | {"extension": extension},
            note,
        )

    # --- answer and after --------------------------------------------------------------------------

    def reply(self, at: datetime, actor: User) -> None:
        c = self.c
        rng = self.rng
        text = fill(rng.choice(self.topic.replies), self.slots, unit=c.lead_unit.name)
        outcome, basis = "", ""
        if c.kind == CaseKind.PETITION:
            outcome = rng.choices(
                [ReplyOutcome.SUPPORT, ReplyOutcome.EXPLAIN, ReplyOutcome.NOT_SUPPORT], [45, 40, 15]
            )[0]
            if c.petition_class == PetitionClass.CLAIM:
                basis = f"{self.topic.basis or '相关法律法规和政策规定'}；{texts.PETITION_BASIS}"
        # case_reply: the co-units have all answered (the steps above) and the reply keeps their answers.
        reply = self.b.new(
            Reply,
            case=c,
            unit=c.lead_unit,
            outcome=outcome,
            text=text,
            basis=basis,
            co_answers=answers_snapshot(self.assignments),
            replied_by=actor,
            created_at=at,
            updated_at=at,
        )
        before = self.snap("status", "replied_at")
        c.status = CaseStatus.REPLIED
        c.replied_at = at
        c.reply_outcome = outcome
        if c.kind == CaseKind.PETITION:
            c.review_window_ends_at = self.w.review_window(at)
        self.save(at)
        lead = self.lead_assignment()
        if lead is not None:
            lead.status = AssignmentStatus.ANSWERED
            lead.answer = text
            lead.answered_at = at
        self.replies.append((at, outcome, actor))
        self.ev(
            at,
            actor,
            "case.reply",
            before,
            self.snap("status", "replied_at", "reply_outcome") | {"reply": reply},
            text,
        )

    def close(self, at: datetime, actor: User) -> None:
        c = self.c
        note = self.rng.choice(texts.CLOSE_NOTES)
        before = self.snap("status", "closed_at")
        c.status = CaseStatus.CLOSED
        c.closed_at = at
        c.resolved_level = c.level
        self.save(at)
        self.ev(at, actor, "case.close", before, self.snap("status", "closed_at", "resolved_level"), note)

    def follow_up(self, at: datetime, actor: User, rating: str) -> None:
        c = self.c
        comment = self.rng.choice(texts.FOLLOW_UP_COMMENTS[rating])
        self.b.new(
            FollowUp, case=c, rating=rating, comment=comment, recorded_by=actor, created_at=at, updated_at=at
        )
        # The rating history, as case_follow_up appends it: one row per answer, never overwritten.
        answer_number = c.redo_count + 1
        history = self.b.new(
            CaseRating,
            case=c,
            answer_number=answer_number,
            rating=rating,
            source=RatingSource.FOLLOW_UP,
            rated_by=actor,
            rated_at=at,
            comment=comment,
        )
        before = self.snap("status", "rating")
        c.rating = rating
        c.rated_at = at
        action = "case.follow_up"
        if rating == Rating.DISSATISFIED:
            c.status = CaseStatus.IN_PROGRESS if c.handler_id else CaseStatus.DISPATCHED
            c.redo_count += 1
            c.closed_at = None
            c.resolved_level = ""
            c.replied_at = None
            c.review_window_ends_at = None
            self.start_clock(at)
            lead = self.lead_assignment()
            if lead is not None:
                lead.status = AssignmentStatus.IN_PROGRESS
                lead.due_at = c.due_at
            action = "case.redo"
        self.save(at)
        after = self.snap("status", "rating")
        if after:
            after |= {
                "rating_id": history.id,
                "answer_number": answer_number,
                "source": RatingSource.FOLLOW_UP,
            }
        self.ev(at, actor, action, before, after, comment)

    def request_review(self, at: datetime, actor: User) -> ReviewRequest:
        c = self.c
        if c.review_stage == "":
            kind, below, reason = ReviewKind.REVIEW, c.lead_unit, self.rng.choice(texts.REVIEW_REASONS)
        else:
            kind, below, reason = ReviewKind.RE_REVIEW, self.reviews[-1].unit, texts.RE_REVIEW_REASONS[0]
        # As services.answers.review_body: the centre above the lead (复查) or above the 复查 body
        # (复核); a 复核 with none above inside the system goes to the higher authority.
        unit = self.w.parent_centre(below) if below is not None else None
        external_body = ""
        if unit is None and kind == ReviewKind.RE_REVIEW:
            external_body = str(settings.GONGZHI["HIGHER_REVIEW_AUTHORITY"])
        elif unit is None:
            unit = required(self.w.centre_at(c.region, RegionLevel.DISTRICT), "district centre")
        request = self.b.new(
            ReviewRequest,
            case=c,
            kind=kind,
            unit=unit,
            external_body=external_body,
            forwarded_at=at if external_body else None,
            reason=reason,
            due_at=self.w.review_answer_deadline(at),
            created_at=at,
            updated_at=at,
        )
        self.reviews.append(request)
        before = self.snap("status", "review_stage")
        c.status = CaseStatus.UNDER_REVIEW
        c.review_stage = kind
        self.save(at)
        self.ev(
            at,
            actor,
            f"case.{kind}_request",
            before,
            self.snap("status", "review_stage")
            | {"unit": unit.code if unit is not None else "", "due_at": request.due_at}
            | ({"external_body": external_body, "forwarded_at": at} if external_body else {}),
            reason,
        )
        return request

    def answer_review(self, at: datetime, request: ReviewRequest) -> None:
        c = self.c
        district = required(self.w.centre_at(c.region, RegionLevel.DISTRICT), "district centre")
        # An external 复核's outcome is entered by the district centre when it comes back.
        actor = self.w.leader(request.unit if request.unit is not None else district)
        outcome = self.rng.choices(
            [ReplyOutcome.EXPLAIN, ReplyOutcome.NOT_SUPPORT, ReplyOutcome.SUPPORT], [60, 30, 10]
        )[0]
        opinions = texts.RE_REVIEW_OPINIONS if request.kind == ReviewKind.RE_REVIEW else texts.REVIEW_OPINIONS
        opinion = opinions[outcome]
        request.opinion = opinion
        request.outcome = outcome
        request.answered_at = at
        request.answered_by = actor
        if request.unit is None:
            request.received_on = at.astimezone(SHANGHAI).date()
        request.updated_at = at
        before = self.snap("status")
        if request.kind == ReviewKind.RE_REVIEW:
            c.status = CaseStatus.FINAL
            c.finalised_at = at
            c.review_window_ends_at = None
        else:
            c.status = CaseStatus.REPLIED
            c.review_window_ends_at = self.w.review_window(at)
        c.reply_outcome = outcome
        self.save(at)
        extra = (
            {"external_body": request.external_body, "received_on": request.received_on.isoformat()}
            if request.received_on is not None
            else {}
        )
        action = (
            f"case.{request.kind}_answer"
            if request.unit is not None
            else f"case.{request.kind}_record_external"
        )
        self.ev(at, actor, action, before, self.snap("status", "reply_outcome") | extra, opinion)

    # --- 重复件 ------------------------------------------------------------------------------------

    def merge_into(self, at: datetime, actor: User, master: MasterRecord) -> None:
        c = self.c
        state = next((entry for entry in reversed(master.log) if entry[0] <= at), master.log[0])
        _, master_status, master_replied_at, master_outcome = state
        before = self.snap("status", "master")
        c.master = master.case
        c.lead_unit = None
        if master_status == CaseStatus.FINAL:
            c.status = CaseStatus.NOT_ACCEPTED
            c.decision_reason = "同一事实和理由已处理终结，不再受理"
            c.closed_at = at
            self.save(at)
            self.ev(
                at, actor, "case.not_accept_final", before, self.snap("status", "master"), c.decision_reason
            )
            return
        reason = self.rng.choice(texts.MERGE_REASONS)
        c.status = CaseStatus.MERGED
        if master_replied_at is not None:
            c.replied_at = master_replied_at
            c.reply_outcome = master_outcome
        self.save(at)
        self.ev(at, actor, "case.merge", before, self.snap("status", "master"), reason)
        self.ev(at, actor, "case.merge_repeat", after={"repeat": c}, reason=reason, subject=master.case)
        for replied_at, outcome, replier in master.replies:
            if at < replied_at <= self.now:
                c.replied_at = replied_at
                c.reply_outcome = outcome
                c.updated_at = replied_at
                self.ev(replied_at, replier, "case.reply_from_master", after={"master": master.case})

    # --- the script --------------------------------------------------------------------------------

    def run_repeat(self, master: MasterRecord, district_centre: Unit) -> None:
        at = office(self.c.registered_at + hours(self.rng, 1, 40), self.rng)
        if self.until(at):
            self.merge_into(at, self.w.clerk(district_centre), master)
        self.until(self.now)

    def run(self, *, plan: Plan) -> None:
        try:
            self._run(plan)
        finally:
            self.until(self.now)

    def _run(self, plan: Plan) -> None:
        c, w, rng = self.c, self.w, self.rng
        clerk = w.clerk(self.intake_unit)
        t = office(c.registered_at + plan.accept_delay, rng)
        if not self.until(t):
            return
        if plan.outside:
            self.decide_outside(t, clerk, plan.outside)
            return
        self.accept(t, clerk)
        lead = self._not_accused(
            w.responsible(c.category, c.region, plan.start_level)
            or required(w.centre_at(c.region, plan.start_level), "centre")
        )
        self.dispatch(t, clerk, lead)
        # 退单: a station or department sends it back; the dispatcher re-dispatches or arbitrates.
        if plan.returns and lead.kind != UnitKind.CENTRE and lead.level != RegionLevel.VILLAGE:
            centre = required(w.centre_at(c.region, lead.level), "centre")
            dispatcher = w.clerk(centre)
            for round_ in range(plan.returns):
                t = office(t + hours(rng, 2, 30), rng)
                if not self.until(t):
                    return
                self.return_(t, w.handler(lead), rng.choice(ReturnReason.values))
                t = office(t + hours(rng, 1, 20), rng)
                if not self.until(t):
                    return
                if plan.arbitrate or round_ + 1 >= w.max_returns:
                    self.arbitrate(t, dispatcher, lead)
                    break
                lead = self._alternative(lead, centre)
                self.dispatch(t, dispatcher, lead, rng.choice(texts.REDISPATCH_REASONS))
                if lead.kind == UnitKind.CENTRE:
                    break
        t = office(t + hours(rng, 0.5, 30), rng)
        if not self.until(t):
            return
        self.sign(t, w.handler(lead))
        if plan.transfer and lead.kind != UnitKind.CENTRE:
            centre = required(w.centre_at(c.region, lead.level), "centre")
            t = office(t + hours(rng, 4, 60), rng)
            if not self.until(t):
                return
            lead = self._alternative(lead, centre)
            self.transfer(t, w.clerk(centre), lead)
            t = office(t + hours(rng, 1, 24), rng)
            if not self.until(t):
                return
            self.sign(t, w.handler(lead))
        # 上报 to the next level (631: only what the lower level cannot resolve goes up).
        for _ in range(plan.escalations):
            level = LEVELS[LEVELS.index(c.level) + 1]
            centre = required(w.centre_at(c.region, level), "centre")
            t = office(t + days(rng, 1, 8), rng)
            if not self.until(t):
                return
            # A unit bound by 审定 does not escalate; its arbiter does (信访工作条例 art. 24).
            bound = self.lead_assignment()
            arbiter = w.centre_at(c.region, lead.level) if bound is not None and bound.is_binding else None
            self.escalate(t, w.clerk(arbiter) if arbiter is not None else w.handler(lead), centre)
            lead = centre
            t = office(t + hours(rng, 1, 24), rng)
            if not self.until(t):
                return
            target = w.responsible(c.category, c.region, level)
            if target is not None and unit_is_barred(c, target):
                target = None
            if target is not None and target.pk != centre.pk and rng.random() < 0.6:
                self.assign_down(t, w.clerk(centre), target)
                lead = target
                t = office(t + hours(rng, 1, 24), rng)
                if not self.until(t):
                    return
            self.sign(t, w.handler(lead))
        self._handle(t, lead, plan)

    def _not_accused(self, unit: Unit) -> Unit:
        """``unit``, unless an accusation is about it or a unit above it (信访工作条例 art. 30,
        ``cases.accusations``): then the centre of the next level up takes the case."""
        while unit_is_barred(self.c, unit):
            level = LEVELS[LEVELS.index(RegionLevel(unit.level)) + 1]
            unit = required(self.w.centre_at(self.c.region, level), "centre")
        return unit

    def _partners(self, lead: Unit) -> list[Unit]:
        """Other units at the lead's level and place; never the accused of an accusation."""
        return [
            u
            for u in self.w.partners.get(lead.region_id, [])
            if u.pk != lead.pk and not unit_is_barred(self.c, u)
        ]

    def _alternative(self, lead: Unit, centre: Unit) -> Unit:
        """Where a returned or transferred case goes instead: another unit at that level, or the centre."""
        partners = self._partners(lead)
        if partners and self.rng.random() < 0.5:
            return self.rng.choice(partners)
        return centre if centre.pk != lead.pk else (partners[0] if partners else centre)

    def _handle(self, signed: datetime, lead: Unit, plan: Plan, *, redo: bool = False) -> None:
        """From signing to the answer: co-units, extension, notes, reply, close, follow-up, reviews."""
        c, w, rng = self.c, self.w, self.rng
        handler = w.handler(lead)
        if c.due_at is None:
            raise ValueError("a case is handled only after acceptance")
        steps: list[tuple[datetime, int, Any]] = []
        last_needed = signed
        co_units: list[Any] = []
        if plan.joint and not redo and lead.level != RegionLevel.VILLAGE:
            partners = self._partners(lead)
            if partners:
                # 联动办理: each co-unit signs and answers its sub-task before the lead can reply.
                centre = required(w.centre_at(c.region, lead.level), "centre")
                chosen = rng.sample(partners, k=min(len(partners), rng.choice((1, 1, 2))))
                added = office(signed + hours(rng, 2, 40), rng)
                steps.append((added, 0, ("co", centre, chosen)))
                for index in range(len(chosen)):
                    co_signed = office(added + hours(rng, 1, 30), rng)
                    answered = office(co_signed + days(rng, 1, 9), rng)
                    if plan.late and index == 0:
                        # A late case's first co-unit is late too: its sub-task is reminded (催办).
                        answered = max(answered, office(c.due_at - days(rng, 0.5, 3), rng))
                    steps += [(co_signed, 3, ("co_sign", index)), (answered, 4, ("co_answer", index))]
                    last_needed = max(last_needed, answered)
        if plan.extension and not redo:
            span = (c.due_at - signed).total_seconds()
            at = office(signed + timedelta(seconds=span * rng.uniform(0.4, 0.85)), rng)
            steps.append((at, 1, ("extension", rng.choice((10, 15, 15, 20, 30)))))
        for _ in range(plan.notes if not redo else 0):
            steps.append((office(signed + days(rng, 0.2, 6), rng), 2, ("note",)))
        reply_at = self._reply_time(signed, plan, redo=redo)
        pending = sorted(steps, key=lambda item: (item[0], item[1]))
        while pending:
            at, _order, step = pending.pop(0)
            if reply_at is not None and at >= reply_at and step[0] == "note":
                continue
            if not self.until(at):
                return
            if step[0] == "co":
                co_units[:] = self.add_co_units(at, w.clerk(step[1]), step[2])
            elif step[0] == "co_sign":
                self.subtask_sign(at, co_units[step[1]])
            elif step[0] == "co_answer":
                self.subtask_answer(at, co_units[step[1]])
            elif step[0] == "extension":
                extension = self.request_extension(at, handler, step[1])
                if extension is None:
                    continue
                decided = office(at + hours(rng, 3, 60), rng)
                if pending and pending[0][0] < decided:
                    # Let earlier steps (co-units, notes) happen first, then decide.
                    pending.append((decided, 5, ("decide", extension)))
                    pending.sort(key=lambda item: (item[0], item[1]))
                    continue
                going, reply_at = self._decide(decided, lead, extension, plan, reply_at)
                if not going:
                    return
            elif step[0] == "decide":
                going, reply_at = self._decide(at, lead, step[1], plan, reply_at)
                if not going:
                    return
            else:
                self.note(at, handler)
        if reply_at is None:
            return
        reply_at = max(reply_at, last_needed + hours(rng, 2, 30))
        if not self.until(reply_at):
            return
        self.reply(reply_at, handler)
        self._after_reply(reply_at, lead, plan, redo=redo)

    def _decide(
        self, decided: datetime, lead: Unit, extension: Any, plan: Plan, reply_at: datetime | None
    ) -> tuple[bool, datetime | None]:
        """Decide the extension at ``decided``: (False, …) if that is beyond now, else the new reply time."""
        c, w, rng = self.c, self.w, self.rng
        if not self.until(decided):
            return False, reply_at
        approver = w.leader(w.centre_at(c.region, lead.level) or lead)
        approve = plan.extension_approved
        self.decide_extension(decided, approver, extension, approve)
        if reply_at is None:
            return True, None
        if approve and not plan.late:
            return True, office(decided + (c.due_at - decided) * rng.uniform(0.2, 0.9), rng)
        if reply_at <= decided:
            return True, office(decided + hours(rng, 4, 72), rng)
        return True, reply_at

    def _reply_time(self, signed: datetime, plan: Plan, *, redo: bool) -> datetime | None:
        c, rng = self.c, self.rng
        if c.due_at is None:
            raise ValueError("a case is handled only after acceptance")
        if plan.stuck and not redo:
            return None
        if redo:
            return office(signed + days(rng, 2, 14), rng)
        if plan.late:
            return office(c.due_at + days(rng, 0.3, 12), rng)
        wanted = signed + timedelta(days=plan.duration_days)
        if wanted >= c.due_at:
            wanted = signed + (c.due_at - signed) * rng.uniform(0.5, 0.95)
        return office(wanted, rng)

    def _after_reply(self, replied: datetime, lead: Unit, plan: Plan, *, redo: bool) -> None:
        c, w, rng = self.c, self.w, self.rng
        handler = w.handler(lead)
        clerk = w.clerk(self.intake_unit)
        t = replied
        if rng.random() < plan.close_share:
            t = office(t + hours(rng, 1, 72), rng)
            if not self.until(t):
                return
            self.close(t, handler)
        if plan.rating and not c.is_anonymous:
            t = office(t + days(rng, 0.5, 6), rng)
            if not self.until(t):
                return
            rating = (
                plan.rating
                if not redo
                else rng.choices((Rating.SATISFIED, Rating.BASICALLY_SATISFIED), (55, 45))[0]
            )
            self.follow_up(t, clerk, rating)
            if rating == Rating.DISSATISFIED:
                self._handle(t, lead, plan, redo=True)
                return
        if c.kind != CaseKind.PETITION or not plan.reviews or redo:
            return
        for stage in range(plan.reviews):
            window = c.review_window_ends_at
            if window is None:
                return
            asked = office(t + days(rng, 2, 22), rng)
            if asked >= window:
                return
            if not self.until(asked):
                return
            request = self.request_review(asked, clerk)
            t = office(asked + days(rng, 8, 28), rng)
            t = min(t, request.due_at - timedelta(hours=6))
            if not self.until(t):
                return
            self.answer_review(t, request)
            if stage == 1:
                return


@dataclass
class Plan:
    """The case's fate, drawn up front from its own random generator."""

    accept_delay: timedelta
    outside: str = ""  # not_accepted / redirected / transferred_out
    start_level: str = RegionLevel.VILLAGE
    escalations: int = 0
    returns: int = 0
    arbitrate: bool = False
    transfer: bool = False
    joint: bool = False
    extension: bool = False
    extension_approved: bool = True
    notes: int = 0
    duration_days: float = 5.0
    late: bool = False
    stuck: bool = False
    close_share: float = 0.9
    rating: str = ""
    reviews: int = 0
