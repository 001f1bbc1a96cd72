"""REST v1 schemas of cases: the inputs of every lifecycle action and the case as a client sees it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from gongzhi.api.schemas import (
    Code,
    Ref,
    Str20,
    Str40,
    Str60,
    Str200,
    Str2000,
    Str5000,
    Text100,
    Text200,
    Text2000,
    Text20000,
    ref,
)
from gongzhi.cases import deadlines, joint
from gongzhi.cases.enums import CaseStatus
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent

Reason = Text2000
LongText = Text20000


# --- inputs ----------------------------------------------------------------------------------------


class PartyIn(Schema):
    name: Text100
    role: Str40 = ""
    is_representative: bool = False
    phone: Str20 = ""
    id_number: Str20 = ""
    address: Str200 = ""
    nationality: Str40 = ""
    language: Str20 = ""


class SuggestionIn(Schema):
    """What ``POST /api/v1/routing/suggest`` suggested: recorded against the chosen category
    (accepted or corrected) so that the next training learns from it."""

    category: Code = Field(description="the suggested category code (category_code)")
    source: Literal["model", "rules"] = "model"
    model_version: Str40 = ""
    confidence: float | None = Field(None, ge=0, le=1)


class IntakeIn(Schema):
    channel: Literal[
        "letter", "call", "visit", "online", "village_report", "grid_report", "drone_detection", "api"
    ]
    kind: Literal["petition", "dispute", "request", "event"]
    subject: Text200
    description: LongText
    region: Code = Field(description="region code (统计用区划代码), e.g. 330603105210")
    category: Code | None = Field(None, description="category code, e.g. 010204")
    petition_class: Literal["", "suggestion", "accusation", "claim"] = ""
    urgency: Literal["normal", "urgent", "critical"] = "normal"
    is_anonymous: bool = False
    reporter_name: Str60 = ""
    reporter_phone: Str20 = ""
    reporter_id_number: Str20 = ""
    reporter_address: Str200 = ""
    group_size: int = Field(1, ge=1, le=100000)
    parties: list[PartyIn] = Field(default_factory=list, max_length=200)
    address: Str200 = ""
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    accused_unit: Code | None = None
    intake_unit: Code | None = Field(None, description="the window registering it; default: your centre")
    suggestion: SuggestionIn | None = Field(
        None, description="the smart-intake suggestion shown, recorded with the chosen category"
    )


class AcceptIn(Schema):
    dispatch: bool = True
    unit: Code | None = Field(None, description="lead unit; default: the responsibility list (631)")
    note: Str2000 = ""


class ReasonIn(Schema):
    reason: Reason


class RedirectIn(Schema):
    route: Literal[
        "litigation",
        "arbitration",
        "administrative_reconsideration",
        "administrative_ruling",
        "administrative_licensing",
        "procuratorate",
        "police",
        "discipline",
    ]
    reason: Reason


class TransferOutIn(Schema):
    body: Text100
    reason: Reason


class DispatchIn(Schema):
    unit: Code | None = None
    reason: Str2000 = ""


class SignIn(Schema):
    handler_id: int | None = Field(None, ge=1, le=2**62)


class ReturnIn(Schema):
    reason: Literal["wrong_locality", "unclear_authority", "overlapping_functions", "other"]
    text: Reason


class UnitReasonIn(Schema):
    unit: Code
    reason: Reason


class RecusalRequestIn(Schema):
    grounds: Reason


class RecusalDecisionIn(Schema):
    granted: bool
    reason: Reason


class TrackRecusalIn(Schema):
    phone_tail: Str20
    grounds: Str2000


class ArbitrationDecisionIn(Schema):
    unit: Code | None = Field(
        None,
        description="the unit that takes the case, bound by the decision; none: the request is "
        "refused and the case stays with its lead unit",
    )
    reason: Reason


class ExtensionIn(Schema):
    days: int = Field(ge=1, le=365)
    reason: Reason


class ExtensionDecisionIn(Schema):
    approve: bool
    note: Str2000 = ""


class CoUnitIn(Schema):
    unit: Code
    task: Reason


class CoUnitsIn(Schema):
    tasks: list[CoUnitIn] = Field(min_length=1, max_length=20)


class AnswerIn(Schema):
    answer: LongText


class TextIn(Schema):
    text: LongText


class NoteIn(Schema):
    note: Str2000 = ""


class SuperviseIn(Schema):
    note: Reason


class ReplyIn(Schema):
    text: LongText
    outcome: Literal["", "support", "explain", "not_support"] = ""
    basis: Str5000 = ""


class FollowUpIn(Schema):
    rating: Literal["satisfied", "basically_satisfied", "dissatisfied"]
    comment: Str2000 = ""


class ReviewAnswerIn(Schema):
    opinion: LongText
    outcome: Literal["support", "explain", "not_support"]


class ExternalReviewIn(Schema):
    received_on: date = Field(description="the date of the higher authority's 复核意见")
    outcome: Literal["support", "explain", "not_support"]
    text: LongText


class MergeIn(Schema):
    master_id: int = Field(ge=1, le=2**62)
    reason: Str2000 = ""


class TrackRatingIn(Schema):
    phone_tail: Str20
    rating: Literal["satisfied", "basically_satisfied", "dissatisfied"]
    comment: Str2000 = ""


# --- outputs -------------------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    tracking_code: str
    channel: str
    kind: str
    petition_class: str
    status: str
    status_label: str
    urgency: str
    subject: str
    category: Ref | None
    region: Ref
    level: str
    lead_unit: Ref | None
    handler_id: int | None
    registered_at: datetime
    accept_due_at: datetime | None
    accepted_at: datetime | None
    due_at: datetime | None
    warning: str
    replied_at: datetime | None
    closed_at: datetime | None
    rating: str
    reply_outcome: str
    return_count: int
    escalation_count: int
    master_id: int | None


class PartyOut(Schema):
    name: str
    role: str
    is_representative: bool


class AssignmentOut(Schema):
    id: int
    unit: Ref
    role: str
    status: str
    task: str
    due_at: datetime | None
    answer: str
    is_active: bool
    handler: str
    answered_at: datetime | None
    light: str  # a co-unit's open sub-task: green / yellow / red (cases/joint.py); else ""
    reminded_at: datetime | None
    supervised_at: datetime | None


class ExtensionOut(Schema):
    id: int
    days: int
    reason: str
    status: str
    decided_at: datetime | None


class ArbitrationRequestOut(Schema):
    id: int
    unit: Ref
    centre: Ref | None
    reason: str
    requested_at: datetime
    decided_at: datetime | None
    outcome: str
    assigned_unit: Ref | None
    decision_reason: str


class ReplyCoAnswerOut(Schema):
    unit: str
    unit_name: str
    handler: str
    answered_at: str
    answer: str


class ReplyOut(Schema):
    id: int
    unit: Ref
    outcome: str
    text: str
    basis: str
    created_at: datetime
    co_answers: list[ReplyCoAnswerOut]


class ReviewOut(Schema):
    id: int
    kind: str
    unit: Ref | None = Field(description="the reviewing body; null when forwarded outside")
    external_body: str
    forwarded_at: datetime | None
    received_on: date | None
    reason: str
    due_at: datetime
    opinion: str
    outcome: str
    answered_at: datetime | None
    answered_by_id: int | None


class NoteOut(Schema):
    id: int
    text: str
    author_id: int
    created_at: datetime


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int


class CaseDetailOut(CaseOut):
    description: str
    is_anonymous: bool
    reporter_name: str
    reporter_phone: str
    reporter_address: str
    group_size: int
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    intake_unit: Ref
    accused_unit: Ref | None
    decision_reason: str
    statutory_route: str
    transferred_to: str
    review_stage: str
    parties: list[PartyOut]
    assignments: list[AssignmentOut]
    extensions: list[ExtensionOut]
    arbitration_requests: list[ArbitrationRequestOut]
    replies: list[ReplyOut]
    reviews: list[ReviewOut]
    notes: list[NoteOut]
    attachments: list[AttachmentOut]
    allowed_actions: list[str] = Field(
        description="the actions the caller may take now (the services' names without case_)"
    )


class ActionOut(Schema):
    case: CaseOut
    object_type: str | None = None
    object_id: int | None = None


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class TimelineEventOut(Schema):
    id: int
    occurred_at: datetime
    action: str
    actor: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str


class ListCountOut(Schema):
    channel: str
    label: str
    open: int
    total: int


class QueueOut(Schema):
    to_sign: int
    in_progress: int
    due_soon: int
    overdue: int
    returned: int
    arbitration: int
    awaiting_approval: int


class TrackOut(Schema):
    tracking_code: str
    subject: str
    status: str
    status_label: str
    registered_at: datetime
    due_at: datetime | None
    replied_at: datetime | None
    rating: str


class CaseFilterIn(Schema):
    channel: Str40 | None = None
    status: Str40 | None = None
    kind: Str40 | None = None
    lead_unit: Str40 | None = None
    category: Str40 | None = None
    region: Str40 | None = None
    warning: Literal["green", "yellow", "red"] | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    q: Str200 | None = None


# --- builders ----------------------------------------------------------------------------------


def case_out(case: Case, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    return {
        "id": case.pk,
        "tracking_code": case.tracking_code,
        "channel": case.channel,
        "kind": case.kind,
        "petition_class": case.petition_class,
        "status": case.status,
        "status_label": CaseStatus(case.status).label,
        "urgency": case.urgency,
        "subject": case.subject,
        "category": ref(case.category),
        "region": ref(case.region),
        "level": case.level,
        "lead_unit": ref(case.lead_unit),
        "handler_id": case.handler_id,
        "registered_at": case.registered_at,
        "accept_due_at": case.accept_due_at,
        "accepted_at": case.accepted_at,
        "due_at": case.due_at,
        "warning": (
            deadlines.warning_level(due_at=case.due_at, warn_at=case.warn_at, now=now)
            if case.status in ("dispatched", "returned", "in_progress")
            else ""
        ),
        "replied_at": case.replied_at,
        "closed_at": case.closed_at,
        "rating": case.rating,
        "reply_outcome": case.reply_outcome,
        "return_count": case.return_count,
        "escalation_count": case.escalation_count,
        "master_id": case.master_id,
    }


def case_detail_out(case: Case, *, allowed_actions: Iterable[str] = ()) -> dict[str, Any]:
    now = timezone.now()
    return case_out(case, now) | {
        "description": case.description,
        "is_anonymous": case.is_anonymous,
        "reporter_name": case.reporter_name,
        "reporter_phone": case.reporter_phone,
        "reporter_address": case.reporter_address,
        "group_size": case.group_size,
        "address": case.address,
        "latitude": case.latitude,
        "longitude": case.longitude,
        "intake_unit": ref(case.intake_unit),
        "accused_unit": ref(case.accused_unit),
        "decision_reason": case.decision_reason,
        "statutory_route": case.statutory_route,
        "transferred_to": case.transferred_to,
        "review_stage": case.review_stage,
        "parties": [
            {"name": p.name, "role": p.role, "is_representative": p.is_representative}
            for p in case.parties.all()
        ],
        "assignments": [
            {
                "id": a.pk,
                "unit": ref(a.unit),
                "role": a.role,
                "status": a.status,
                "task": a.task,
                "due_at": a.due_at,
                "answer": a.answer,
                "is_active": a.is_active,
                "handler": str(a.handler) if a.handler is not None else "",
                "answered_at": a.answered_at,
                "light": joint.subtask_light(a, now),
                "reminded_at": a.reminded_at,
                "supervised_at": a.supervised_at,
            }
            for a in case.assignments.all()
        ],
        "extensions": [
            {"id": e.pk, "days": e.days, "reason": e.reason, "status": e.status, "decided_at": e.decided_at}
            for e in case.extensions.all()
        ],
        "arbitration_requests": [
            {
                "id": r.pk,
                "unit": ref(r.unit),
                "centre": ref(r.centre),
                "reason": r.reason,
                "requested_at": r.created_at,
                "decided_at": r.decided_at,
                "outcome": r.outcome,
                "assigned_unit": ref(r.assigned_unit),
                "decision_reason": r.decision_reason,
            }
            for r in case.arbitration_requests.all()
        ],
        "replies": [
            {
                "id": r.pk,
                "unit": ref(r.unit),
                "outcome": r.outcome,
                "text": r.text,
                "basis": r.basis,
                "created_at": r.created_at,
                "co_answers": r.co_answers,
            }
            for r in case.replies.all()
        ],
        "reviews": [
            {
                "id": r.pk,
                "kind": r.kind,
                "unit": ref(r.unit) if r.unit is not None else None,
                "external_body": r.external_body,
                "forwarded_at": r.forwarded_at,
                "received_on": r.received_on,
                "reason": r.reason,
                "due_at": r.due_at,
                "opinion": r.opinion,
                "outcome": r.outcome,
                "answered_at": r.answered_at,
                "answered_by_id": r.answered_by_id,
            }
            for r in case.review_requests.all()
        ],
        "notes": [
            {"id": n.pk, "text": n.text, "author_id": n.author_id, "created_at": n.created_at}
            for n in case.notes.all()
        ],
        "attachments": [
            {"id": a.pk, "original_name": a.original_name, "content_type": a.content_type, "size": a.size}
            for a in case.attachments.all()
        ],
        "allowed_actions": sorted(allowed_actions),
    }


def timeline_out(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "occurred_at": event.occurred_at,
        "action": event.action,
        "actor": event.actor_label,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
    }
