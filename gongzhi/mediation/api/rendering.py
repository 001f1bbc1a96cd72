"""How the mediation API renders its objects: plain dicts matching the schemas' shapes."""

from __future__ import annotations

from typing import Any

from gongzhi.mediation import access, selectors
from gongzhi.mediation.enums import MemberPosition
from gongzhi.mediation.models import (
    Agreement,
    DisputeType,
    Mediation,
    MediationOrganisation,
    Mediator,
    Session,
)
from gongzhi.mediation.services.agreements import missing_statutory_fields
from gongzhi.org.models import User


def _ref(obj: Any) -> dict[str, str] | None:
    return None if obj is None else {"code": obj.code, "name": obj.name}


def dispute_type_out(t: DisputeType) -> dict[str, Any]:
    fields = ("code", "name", "description", "is_mediable", "committee_functions", "statutory_route")
    return {f: getattr(t, f) for f in fields} | {"route_note": t.route_note}


def organisation_out(o: MediationOrganisation) -> dict[str, Any]:
    return {
        "code": o.code,
        "name": o.name,
        "org_type": o.org_type,
        "org_type_label": o.get_org_type_display(),
        "level": o.level,
        "region": _ref(o.region),
        "unit": _ref(o.unit),
        "host_unit": _ref(o.host_unit),
        "namesake": o.namesake,
        "theme": o.theme,
        "rating": o.rating,
        "is_featured": o.is_featured,
        "languages": o.languages,
        "address": o.address,
        "phone": o.phone,
    }


def organisation_detail_out(o: MediationOrganisation) -> dict[str, Any]:
    figures = selectors.organisation_figures(organisation=o)
    return {
        **organisation_out(o),
        "description": o.description,
        "term_start": o.term_start,
        "term_end": o.term_end,
        "specialities": [t.name for t in o.specialities.all()],
        "members": [
            {
                "mediator": m.mediator_id,
                "name": m.mediator.name,
                "position": m.position,
                "position_label": MemberPosition(m.position).label,
                "gender": m.mediator.gender,
                "term_start": m.term_start,
                "term_end": m.term_end,
            }
            for m in o.members.all()
        ],
        "figures": figures.__dict__,
        "warnings": [w.__dict__ for w in selectors.organisation_warnings(o)],
    }


def mediator_out(m: Mediator, load: int | None = None) -> dict[str, Any]:
    return {
        "id": m.pk,
        "name": m.name,
        "gender": m.gender,
        "ethnicity": m.ethnicity,
        "nationality": m.nationality,
        "title": m.title,
        "languages": m.languages,
        "specialities": [t.name for t in m.specialities.all()],
        "home_region": _ref(m.home_region),
        "organisations": [
            {"organisation": ms.organisation.code, "name": ms.organisation.name, "position": ms.position}
            for ms in m.memberships.all()
            if ms.is_active
        ],
        "load": load if load is not None else getattr(m, "load", 0),
        "max_load": m.max_load,
    }


def mediator_detail_out(m: Mediator) -> dict[str, Any]:
    resolved, concluded = selectors.mediator_outcomes([m.pk]).get(m.pk, (0, 0))
    return {
        **mediator_out(m),
        "bio": m.bio,
        "resolved": resolved,
        "concluded": concluded,
        "unavailability": [
            {"start": u.start, "end": u.end, "reason": u.reason} for u in m.unavailability.all()
        ],
        "history": [
            {
                "mediation": a.mediation_id,
                "number": a.mediation.number,
                "subject": a.mediation.subject,
                "organisation": a.mediation.organisation.name,
                "status": a.mediation.status,
                "is_lead": a.is_lead,
                "assigned_at": a.created_at,
            }
            for a in selectors.mediator_history(mediator=m)
        ],
    }


def mediation_out(m: Mediation) -> dict[str, Any]:
    return {
        "id": m.pk,
        "number": m.number,
        "source": m.source,
        "source_reference": m.source_reference,
        "organisation": _ref(m.organisation),
        "level": m.level,
        "region": _ref(m.region),
        "dispute_type": _ref(m.dispute_type),
        "subject": m.subject,
        "status": m.status,
        "applied_at": m.applied_at,
        "accepted_at": m.accepted_at,
        "due_at": m.due_at,
        "concluded_at": m.concluded_at,
        "case_id": m.case_id,
        "case_sync": m.case_sync,
    }


def session_out(s: Session) -> dict[str, Any]:
    fields = ("id", "sequence", "scheduled_at", "place", "status", "is_public", "record", "held_at")
    return {f: getattr(s, f) for f in fields} | {
        "participants": [
            {
                "id": p.pk,
                "name": p.name,
                "party": p.party_id,
                "mediator": p.mediator_id,
                "relation": p.relation,
                "note": p.note,
                "attended": p.attended,
            }
            for p in s.participants.all()
        ]
    }


def confirmation_out(agreement: Agreement) -> dict[str, Any] | None:
    c = getattr(agreement, "confirmation", None)
    if c is None:
        return None
    fields = (
        "status",
        "window_ends_at",
        "applied_at",
        "court_name",
        "accept_due_at",
        "accepted_at",
        "court_case_number",
        "decide_due_at",
        "is_decision_extended",
        "decided_at",
        "result_note",
    )
    return {f: getattr(c, f) for f in fields}


def item_out(i: Any) -> dict[str, Any]:
    fields = ("id", "description", "due_date", "status", "performed_at", "note", "next_case_id")
    return {f: getattr(i, f) for f in fields} | {"obligor": i.obligor_id}


def agreement_out(a: Agreement, mediation: Mediation) -> dict[str, Any]:
    fields = (
        "id",
        "number",
        "form",
        "status",
        "facts",
        "issues",
        "responsibilities",
        "terms",
        "performance_method",
        "performance_deadline",
        "translation_language",
        "translated_terms",
        "interpreter_name",
        "translation_note",
        "finalised_at",
        "effective_at",
        "copies",
    )
    missing = (
        missing_statutory_fields(a, [p for p in mediation.parties.all() if p.refused_at is None])
        if a.status == "draft" and a.form == "written"
        else []
    )
    return {f: getattr(a, f) for f in fields} | {
        "missing": missing,
        "signatures": [
            {
                "signer_kind": s.signer_kind,
                "signer_name": s.signer_name,
                "party": s.party_id,
                "mediator": s.mediator_id,
                "method": s.method,
                "signed_at": s.signed_at,
            }
            for s in a.signatures.all()
        ],
        "performance_items": [item_out(i) for i in a.performance_items.all()],
        "confirmation": confirmation_out(a),
    }


def mediation_detail_out(m: Mediation, user: User) -> dict[str, Any]:
    agreement = getattr(m, "agreement", None)
    following = Mediation.objects.filter(previous=m).values_list("pk", flat=True).first()
    scalar = (
        "description",
        "is_public",
        "is_major",
        "written_requested",
        "extended_days",
        "termination_reason",
        "termination_note",
        "routes",
        "danger_reported_at",
        "satisfaction",
        "case_sync_actions",
    )
    return {
        **mediation_out(m),
        **{f: getattr(m, f) for f in scalar},
        "previous": m.previous_id,
        "next_level": following,
        "parties": [
            {
                "id": p.pk,
                "name": p.name,
                "role": p.role,
                "kind": p.kind,
                "gender": p.gender,
                "nationality": p.nationality,
                "language": p.language,
                "refused_at": p.refused_at,
            }
            for p in m.parties.all()
        ],
        "mediators": [
            {
                "mediator": a.mediator_id,
                "name": a.mediator.name,
                "is_lead": a.is_lead,
                "is_active": a.is_active,
                "chosen_by": a.chosen_by_id,
                "released_at": a.released_at,
                "release_reason": a.release_reason,
            }
            for a in m.assignments.all()
        ],
        "objections": [
            {"party_id": o.party_id, "mediator_id": o.mediator_id, "reason": o.reason}
            for o in m.objections.all()
        ],
        "sessions": [session_out(s) for s in m.sessions.all()],
        "extensions": [
            {"days": e.days, "reason": e.reason, "due_before": e.due_before, "due_after": e.due_after}
            for e in m.extensions.all()
        ],
        "agreement": agreement_out(agreement, m) if agreement is not None else None,
        "allowed_actions": access.allowed_actions(user, m),
    }
