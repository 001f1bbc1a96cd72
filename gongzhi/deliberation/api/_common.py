"""The router of ``/api/v1/deliberation`` and the renderers and look-ups its endpoints share."""

from __future__ import annotations

from typing import Any

from ninja import Router

from gongzhi.api.enums import Scope
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.deliberation import access, selectors
from gongzhi.deliberation.models import (
    Bidder,
    Matter,
    MatterStep,
    Publication,
    TeamMember,
)
from gongzhi.kinship.models import Person
from gongzhi.org.models import User

router = Router(tags=["deliberation"])
READ, WRITE = Scope.DELIBERATION_READ, Scope.DELIBERATION_WRITE


# --- rendering -----------------------------------------------------------------------------------


def _ref(obj: Any) -> dict[str, str] | None:
    return None if obj is None else {"code": obj.code, "name": obj.name}


def matter_out(matter: Matter) -> dict[str, Any]:
    current = selectors.current_step(matter=matter)
    return {
        "id": matter.pk,
        "reference": matter.reference,
        "village": _ref(matter.village),
        "matter_type": _ref(matter.matter_type),
        "title": matter.title,
        "status": matter.status,
        "proposed_on": matter.proposed_on,
        "decided_on": matter.decided_on,
        "completed_on": matter.completed_on,
        "budget": matter.budget,
        "involves_tender": matter.involves_tender,
        "is_generated": matter.is_generated,
        "current_step": current.name if current is not None else None,
    }


def member_out(member: TeamMember) -> dict[str, Any]:
    return {
        "id": member.pk,
        "person": member.person_id,
        "name": member.person.name,
        "basis": member.basis,
        "reason": member.reason,
        "status": member.status,
        "status_reason": member.status_reason,
        "conflict_relation": member.conflict_relation,
    }


def bidder_out(bidder: Bidder) -> dict[str, Any]:
    return {
        "id": bidder.pk,
        "name": bidder.name,
        "bid_amount": bidder.bid_amount,
        "people": [
            {"person": bp.person_id, "name": bp.person.name, "role": bp.role} for bp in bidder.people.all()
        ],
    }


def publication_out(publication: Publication) -> dict[str, Any]:
    return {
        "id": publication.pk,
        "kind": publication.kind,
        "title": publication.title,
        "content": publication.content,
        "published_on": publication.published_on,
        "ends_on": publication.ends_on,
        "location": publication.location,
    }


def _step_out(step: MatterStep) -> dict[str, Any]:
    publication = getattr(step, "publication", None) if step.kind == "publication" else None
    return {
        "order": step.order,
        "name": step.name,
        "kind": step.kind,
        "body": _ref(step.body),
        "is_decision": step.is_decision,
        "status": step.status,
        "passed_on": step.passed_on,
        "notice_days": step.body.notice_days if step.body else 0,
        "sessions": [
            {
                **{
                    f: getattr(s, f)
                    for f in ("id", "number", "held_at", "notice_given_on", "expected", "present")
                },
                **{
                    f: getattr(s, f)
                    for f in ("votes_for", "votes_against", "abstentions", "outcome", "minutes")
                },
                "rules": s.rules,
                "signatures": [f"{sig.name}（{sig.capacity}）" for sig in s.signatures.all()],
                "attachments": [a.original_name for a in s.attachments.all()],
            }
            for s in step.sessions.all()
        ],
        "publication": publication_out(publication) if publication is not None else None,
    }


def objection_out(objection: Any) -> dict[str, Any]:
    fields = ("id", "raised_by_name", "content", "raised_at", "due_at", "status", "answer", "answered_at")
    return {**{f: getattr(objection, f) for f in fields}, "publication": objection.publication_id}


def matter_detail_out(matter: Matter) -> dict[str, Any]:
    tender = getattr(matter, "tender", None)
    team = getattr(matter, "team", None)
    return {
        **matter_out(matter),
        "description": matter.description,
        "procedure": _ref(matter.procedure),
        "exclusion_predicate": matter.exclusion_predicate,
        "steps": [_step_out(step) for step in matter.steps.all()],
        "team": [member_out(m) for m in team.members.all()] if team is not None else [],
        "tender": None
        if tender is None
        else {
            "id": tender.pk,
            "title": tender.title,
            "status": tender.status,
            "budget": tender.budget,
            "awarded_bidder": tender.awarded_bidder_id,
            "awarded_amount": tender.awarded_amount,
            "awarded_on": tender.awarded_on,
            "bidders": [bidder_out(b) for b in tender.bidders.all()],
        },
        "objections": [objection_out(o) for p in matter.publications.all() for o in p.objections.all()],
    }


# --- lookups -------------------------------------------------------------------------------------


def _person(user: User, person_id: int, field: str = "person") -> Person:
    """A registered person of a village the caller covers, or an outsider (no region)."""
    person = Person.objects.select_related("region").filter(pk=person_id).first()
    if person is None or (person.region is not None and not access.covers(user, person.region)):
        raise ValidationFailed("人员不存在", "unknown person", code="unknown_person", detail={"field": field})
    return person


def _matter(user: User, matter_id: int) -> Matter:
    return access.matter_get_for_user(user, matter_id)


def _step(matter: Matter, order: int) -> MatterStep:
    step = matter.steps.filter(order=order).first()
    if step is None:
        raise NotFound("议事步骤", "step")
    return step


def _detail(matter: Matter) -> dict[str, Any]:
    return matter_detail_out(selectors.matter_detail(matter_id=matter.pk))
