"""调解会: sessions with a place, participants and invited people, and the record of each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongzhi.core.errors import InvalidState, NotFound, ValidationFailed
from gongzhi.mediation import access, events
from gongzhi.mediation.enums import InviteeRelation, MediationStatus, SessionStatus
from gongzhi.mediation.models import Session, SessionParticipant
from gongzhi.mediation.services._common import lock_mediation, require_status, require_text
from gongzhi.org.models import User


@dataclass(frozen=True)
class Invitee:
    """人民调解法 art. 20: a relative, neighbour, colleague, expert … invited with consent."""

    name: str
    relation: str = InviteeRelation.OTHER
    note: str = ""


@transaction.atomic
def session_schedule(
    *,
    actor: User,
    mediation_id: int,
    scheduled_at: datetime,
    place: str,
    invitees: Sequence[Invitee] = (),
    parties_consent_to_invitees: bool = False,
    is_public: bool | None = None,
) -> Session:
    """Schedule a session: the parties and the assigned mediators take part, plus invitees.

    Invitees need the parties' consent (art. 20); a public session needs the parties' choice
    (art. 23 (3): 要求调解公开进行或者不公开进行), recorded on the mediation.
    """
    place = require_text(place, field="place", label_zh="调解地点", label_en="place")
    if scheduled_at.tzinfo is None:
        raise ValidationFailed("时间须带时区", "an aware datetime is required", code="naive_datetime")
    mediation = lock_mediation(actor, mediation_id)
    require_status(
        mediation,
        [MediationStatus.IN_PROGRESS, MediationStatus.AGREEMENT_PENDING],
        action_zh="安排调解会",
        action_en="schedule a session",
    )
    mediators = [a.mediator for a in mediation.assignments.filter(is_active=True).select_related("mediator")]
    if not mediators:
        raise InvalidState("请先指派调解员", "assign a mediator first", code="no_mediator")
    if invitees and not parties_consent_to_invitees:
        raise ValidationFailed(
            "邀请当事人的亲属、邻里、同事或专业人员参与调解，须经当事人同意（人民调解法第二十条）",
            "invitees need the parties' consent",
            code="invitees_need_consent",
            detail={"field": "invitees"},
        )
    for index, invitee in enumerate(invitees):
        if not invitee.name.strip() or invitee.relation not in InviteeRelation.values:
            raise ValidationFailed(
                "受邀人须有姓名和身份",
                "an invitee needs a name and a relation",
                code="invalid_invitee",
                detail={"field": f"invitees[{index}]"},
            )
    sequence = (mediation.sessions.aggregate(n=Max("sequence"))["n"] or 0) + 1
    session = Session.objects.create(
        mediation=mediation,
        sequence=sequence,
        scheduled_at=scheduled_at,
        place=place,
        is_public=mediation.is_public if is_public is None else is_public,
    )
    rows = [
        SessionParticipant(session=session, party=party, name=party.name, note=party.role)
        for party in mediation.parties.filter(refused_at__isnull=True)
    ]
    rows += [SessionParticipant(session=session, mediator=m, name=m.name, note="调解员") for m in mediators]
    rows += [
        SessionParticipant(session=session, name=i.name.strip(), relation=i.relation, note=i.note.strip())
        for i in invitees
    ]
    SessionParticipant.objects.bulk_create(rows)
    events.record(
        subject=mediation,
        action="mediation.session_schedule",
        actor=actor,
        after={
            "session": session.pk,
            "sequence": sequence,
            "scheduled_at": scheduled_at,
            "place": place,
            "invitees": [i.name for i in invitees],
        },
    )
    return session


def _lock_session(actor: User, session_id: int) -> Session:
    session = Session.objects.select_related("mediation").filter(pk=session_id).first()
    if session is None:
        raise NotFound("调解会", "session")
    access.mediation_get_for_user(actor, session.mediation_id)
    lock_mediation(actor, session.mediation_id)
    return Session.objects.select_for_update(of=("self",)).get(pk=session_id)


@transaction.atomic
def session_record(
    *,
    actor: User,
    session_id: int,
    record: str,
    attended_participant_ids: Iterable[int] | None = None,
    held_at: datetime | None = None,
) -> Session:
    """The session's record (调解笔录, art. 27): who attended and what was said and agreed."""
    record = require_text(record, field="record", label_zh="调解笔录", label_en="record", min_length=10)
    session = _lock_session(actor, session_id)
    if session.status != SessionStatus.SCHEDULED:
        raise InvalidState(
            f"调解会状态为「{session.get_status_display()}」，不能记录",
            "the session is not scheduled",
            code="session_not_scheduled",
        )
    session.status = SessionStatus.HELD
    session.record = record
    session.held_at = held_at or timezone.now()
    session.recorded_by = actor
    session.save()
    if attended_participant_ids is not None:
        attended = set(attended_participant_ids)
        for participant in session.participants.all():
            participant.attended = participant.pk in attended
            participant.save(update_fields=["attended"])
    else:
        session.participants.update(attended=True)
    events.record(
        subject=session.mediation,
        action="mediation.session_record",
        actor=actor,
        after={"session": session.pk, "held_at": session.held_at},
        reason=record[:500],
    )
    return session


@transaction.atomic
def session_cancel(*, actor: User, session_id: int, reason: str) -> Session:
    reason = require_text(reason, field="reason", label_zh="取消理由", label_en="reason")
    session = _lock_session(actor, session_id)
    if session.status != SessionStatus.SCHEDULED:
        raise InvalidState(
            "只能取消尚未召开的调解会",
            "only a scheduled session can be cancelled",
            code="session_not_scheduled",
        )
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    events.record(
        subject=session.mediation,
        action="mediation.session_cancel",
        actor=actor,
        after={"session": session.pk},
        reason=reason,
    )
    return session
