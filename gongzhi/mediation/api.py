"""REST v1 for people's mediation (``/api/v1/mediation``).

Thin: check the key's scope, fetch through ``mediation.access`` / the selectors (a mediation
outside the caller's scope answers 404, like a missing one), call one service, render.
Organisations, mediators and the dispute-type catalogue are reference data every caller with
``mediation:read`` may see; mediations, agreements and what follows them are scoped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.mediation import access, documents, selectors, services
from gongzhi.mediation.enums import MemberPosition
from gongzhi.mediation.models import (
    Agreement,
    DisputeType,
    Mediation,
    MediationOrganisation,
    Mediator,
    Session,
)
from gongzhi.mediation.schemas import (
    AgreementDraftIn,
    AgreementOut,
    AssignIn,
    BoardOut,
    ConfirmationApplyIn,
    ConfirmationOut,
    CourtAcceptIn,
    DangerIn,
    DecideIn,
    DisputeTypeOut,
    EscalateIn,
    ExtensionIn,
    FromCaseIn,
    MediationDetailOut,
    MediationIn,
    MediationOut,
    MediatorDetailOut,
    MediatorOut,
    ObjectionIn,
    OralAgreementIn,
    OrganisationDetailOut,
    OrganisationOut,
    PerformanceIn,
    PerformanceItemOut,
    PerformanceRecordIn,
    ReasonIn,
    SatisfactionIn,
    SessionIn,
    SessionOut,
    SessionRecordIn,
    SignIn,
    SuggestionsOut,
    TerminateIn,
)
from gongzhi.mediation.services.agreements import missing_statutory_fields
from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import User

router = Router(tags=["mediation"])
READ, WRITE = Scope.MEDIATION_READ, Scope.MEDIATION_WRITE


# --- rendering -----------------------------------------------------------------------------------


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


# --- look-ups ------------------------------------------------------------------------------------


def _input(lookup: Callable[[], Any], field: str, what_zh: str, what_en: str) -> Any:
    """A referenced object named in the request body: unknown → 400 naming the field."""
    try:
        return lookup()
    except NotFound:
        raise ValidationFailed(
            f"{what_zh}不存在", f"unknown {what_en}", code=f"unknown_{field}", detail={"field": field}
        ) from None


def _organisation_in(code: str | None, field: str = "organisation") -> MediationOrganisation | None:
    if not code:
        return None
    return _input(lambda: selectors.organisation_get(code=code), field, "调解组织", "organisation")


def _dispute_type_in(code: str | None) -> DisputeType | None:
    if not code:
        return None
    return _input(lambda: selectors.dispute_type_get(code=code), "dispute_type", "纠纷类型", "dispute type")


def _detail(user: User, mediation_id: int) -> dict[str, Any]:
    return mediation_detail_out(selectors.mediation_detail(user=user, mediation_id=mediation_id), user)


def _items(performance_items: list[PerformanceIn]) -> list[services.PerformanceInput]:
    return [
        services.PerformanceInput(
            description=i.description, due_date=i.due_date, obligor_party_id=i.obligor_party_id
        )
        for i in performance_items
    ]


# --- reference data ------------------------------------------------------------------------------


@router.get(
    "/dispute-types", response={200: list[DisputeTypeOut], **ERRORS}, summary="the dispute-type catalogue"
)
def dispute_types(request: HttpRequest, mediable: bool | None = None) -> list[dict[str, Any]]:
    require_scope(request, READ)
    return [dispute_type_out(t) for t in selectors.dispute_type_list(mediable=mediable)]


@router.get(
    "/organisations", response={200: list[OrganisationOut], **ERRORS}, summary="committees and studios"
)
def organisation_list(
    request: HttpRequest,
    org_type: str | None = None,
    level: str | None = None,
    featured: bool | None = None,
    rating: str | None = None,
    region: Code | None = None,
) -> list[dict[str, Any]]:
    require_scope(request, READ)
    found = selectors.organisation_list(org_type=org_type, level=level, featured=featured, rating=rating)
    if region:
        place = _input(lambda: org_selectors.region_get(code=region), "region", "地区", "region")
        found = found.filter(region_path__startswith=place.path)
    return [organisation_out(o) for o in found[:1000]]


@router.get(
    "/organisations/{code}",
    response={200: OrganisationDetailOut, **ERRORS},
    summary="one organisation: members, figures (cases, success rate, average days, satisfaction), warnings",
)
def organisation_get(request: HttpRequest, code: str) -> dict[str, Any]:
    require_scope(request, READ)
    return organisation_detail_out(selectors.organisation_get(code=code))


@router.get(
    "/mediators",
    response={200: list[MediatorOut], **ERRORS},
    summary="the mediator directory (language, speciality, studio, region, name)",
)
def mediator_list(
    request: HttpRequest,
    language: str = "",
    speciality: str | None = None,
    studio: str | None = None,
    region: Code | None = None,
    q: str = "",
    foreign: bool = False,
    limit: int = 200,
) -> list[dict[str, Any]]:
    require_scope(request, READ)
    place = (
        _input(lambda: org_selectors.region_get(code=region), "region", "地区", "region") if region else None
    )
    found = selectors.mediator_directory(
        language=language[:20],
        dispute_type=_input(
            lambda: selectors.dispute_type_get(code=speciality), "speciality", "纠纷类型", "dispute type"
        )
        if speciality
        else None,
        organisation=_organisation_in(studio, "studio"),
        region=place,
        text=q[:60],
        foreign_only=foreign,
    )
    return [mediator_out(m) for m in found[: max(1, min(limit, 500))]]


@router.get("/mediators/{mediator_id}", response={200: MediatorDetailOut, **ERRORS}, summary="one mediator")
def mediator_get(request: HttpRequest, mediator_id: int) -> dict[str, Any]:
    require_scope(request, READ)
    return mediator_detail_out(selectors.mediator_get(mediator_id=mediator_id))


# --- mediations ----------------------------------------------------------------------------------


@router.get("/board", response={200: BoardOut, **ERRORS}, summary="the mediation board of the caller's scope")
def board(
    request: HttpRequest, organisation: str | None = None, region: Code | None = None
) -> dict[str, Any]:
    principal = require_scope(request, READ)
    place = (
        _input(lambda: org_selectors.region_get(code=region), "region", "地区", "region") if region else None
    )
    found = selectors.mediation_board(
        user=principal.user,
        organisation=_organisation_in(organisation),
        region_path=place.path if place else None,
    )
    return {
        "new": [mediation_out(m) for m in found.new],
        "in_progress": [mediation_out(m) for m in found.in_progress],
        "due_soon": [mediation_out(m) for m in found.due_soon],
        "overdue": [mediation_out(m) for m in found.overdue],
        "awaiting_signatures": [mediation_out(m) for m in found.awaiting_signatures],
        "case_sync_pending": [mediation_out(m) for m in found.case_sync_pending],
        "confirmation_closing": [
            {
                "id": c.agreement.mediation.pk,
                "number": c.agreement.mediation.number,
                "subject": c.agreement.mediation.subject,
                "status": c.status,
                "due_at": c.window_ends_at,
                "when": c.window_ends_at,
            }
            for c in found.confirmation_closing
        ],
        "performance_due": [
            {
                "id": i.agreement.mediation.pk,
                "number": i.agreement.mediation.number,
                "subject": i.description,
                "status": i.status,
                "due_at": i.overdue_at,
                "when": i.overdue_at,
            }
            for i in found.performance_due
        ],
    }


@router.get(
    "/mediations", response={200: list[MediationOut], **ERRORS}, summary="mediations the caller may see"
)
def mediation_list(
    request: HttpRequest,
    organisation: str | None = None,
    status: str | None = None,
    region: Code | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    principal = require_scope(request, READ)
    place = (
        _input(lambda: org_selectors.region_get(code=region), "region", "地区", "region") if region else None
    )
    found = selectors.mediation_list(
        user=principal.user,
        organisation=_organisation_in(organisation),
        status=status,
        region_path=place.path if place else None,
    )
    start = max(0, offset)
    return [mediation_out(m) for m in found[start : start + max(1, min(limit, 500))]]


@router.post(
    "/mediations", response={201: MediationDetailOut, **ERRORS}, summary="an application or a referral"
)
def mediation_apply(request: HttpRequest, payload: MediationIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    organisation = _organisation_in(payload.organisation)
    assert organisation is not None  # noqa: S101 - the schema requires it
    region = (
        _input(lambda: org_selectors.region_get(code=payload.region or ""), "region", "地区", "region")
        if payload.region
        else None
    )
    mediation = services.mediation_apply(
        actor=principal.user,
        organisation=organisation,
        subject=payload.subject,
        description=payload.description,
        parties=[services.PartyData(**p.dict()) for p in payload.parties],
        region=region,
        dispute_type=_dispute_type_in(payload.dispute_type),
        source=payload.source,
        source_reference=payload.source_reference,
        is_public=payload.is_public,
        is_major=payload.is_major,
        written_requested=payload.written_requested,
    )
    return Status(201, _detail(principal.user, mediation.pk))


@router.post(
    "/mediations/from-case", response={201: MediationDetailOut, **ERRORS}, summary="send a dispute case"
)
def mediation_from_case(request: HttpRequest, payload: FromCaseIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    mediation = services.mediation_from_case(
        actor=principal.user,
        case_id=payload.case_id,
        organisation=_organisation_in(payload.organisation),
        dispute_type=_dispute_type_in(payload.dispute_type),
    )
    return Status(201, _detail(principal.user, mediation.pk))


@router.get(
    "/mediations/{mediation_id}", response={200: MediationDetailOut, **ERRORS}, summary="one mediation"
)
def mediation_get(request: HttpRequest, mediation_id: int) -> dict[str, Any]:
    principal = require_scope(request, READ)
    return _detail(principal.user, mediation_id)


@router.get(
    "/mediations/{mediation_id}/suggestions",
    response={200: SuggestionsOut, **ERRORS},
    summary="mediators ranked by fit, with reasons; conflicts of interest left out",
)
def mediation_suggestions(request: HttpRequest, mediation_id: int, limit: int = 10) -> dict[str, Any]:
    principal = require_scope(request, READ)
    mediation = access.mediation_get_for_user(principal.user, mediation_id)
    result = selectors.mediator_suggest(mediation=mediation, limit=max(1, min(limit, 50)))
    return {
        "suggestions": [
            {
                "mediator": mediator_out(s.mediator, load=s.load),
                "score": s.score,
                "reasons": s.reasons,
                "organisation": s.organisation.code if s.organisation else None,
                "speaks_languages": s.speaks_languages,
            }
            for s in result.suggestions
        ],
        "excluded": result.excluded,
        "required_languages": result.required_languages,
        "needs_interpreter": result.needs_interpreter,
    }


def _act(request: HttpRequest, mediation_id: int, run: Callable[[User], Any]) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    run(principal.user)
    return _detail(principal.user, mediation_id)


@router.post(
    "/mediations/{mediation_id}/accept", response={200: MediationDetailOut, **ERRORS}, summary="受理"
)
def mediation_accept(request: HttpRequest, mediation_id: int) -> dict[str, Any]:
    return _act(
        request, mediation_id, lambda u: services.mediation_accept(actor=u, mediation_id=mediation_id)
    )


@router.post(
    "/mediations/{mediation_id}/not-accept", response={200: MediationDetailOut, **ERRORS}, summary="不予受理"
)
def mediation_not_accept(request: HttpRequest, mediation_id: int, payload: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        mediation_id,
        lambda u: services.mediation_not_accept(actor=u, mediation_id=mediation_id, reason=payload.reason),
    )


@router.post(
    "/mediations/{mediation_id}/mediators",
    response={200: MediationDetailOut, **ERRORS},
    summary="designate a mediator, or record the one a party chose (conflicts refused)",
)
def mediation_assign(request: HttpRequest, mediation_id: int, payload: AssignIn) -> dict[str, Any]:
    return _act(
        request,
        mediation_id,
        lambda u: services.mediator_assign(
            actor=u,
            mediation_id=mediation_id,
            mediator_id=payload.mediator_id,
            chosen_by_party_id=payload.chosen_by_party_id,
            is_lead=payload.is_lead,
        ),
    )


@router.post(
    "/mediations/{mediation_id}/objections",
    response={200: MediationDetailOut, **ERRORS},
    summary="a party does not accept a mediator (art. 23)",
)
def mediation_object(request: HttpRequest, mediation_id: int, payload: ObjectionIn) -> dict[str, Any]:
    return _act(
        request,
        mediation_id,
        lambda u: services.mediator_object(
            actor=u,
            mediation_id=mediation_id,
            party_id=payload.party_id,
            mediator_id=payload.mediator_id,
            reason=payload.reason,
        ),
    )


@router.post(
    "/mediations/{mediation_id}/parties/{party_id}/refuse",
    response={200: MediationDetailOut, **ERRORS},
    summary="a party refuses mediation: it ends (art. 17)",
)
def mediation_party_refuse(
    request: HttpRequest, mediation_id: int, party_id: int, payload: ReasonIn
) -> dict[str, Any]:
    return _act(
        request,
        mediation_id,
        lambda u: services.mediation_party_refuse(
            actor=u, mediation_id=mediation_id, party_id=party_id, reason=payload.reason
        ),
    )


@router.post(
    "/mediations/{mediation_id}/sessions", response={201: SessionOut, **ERRORS}, summary="schedule a session"
)
def session_schedule(request: HttpRequest, mediation_id: int, payload: SessionIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    session = services.session_schedule(
        actor=principal.user,
        mediation_id=mediation_id,
        scheduled_at=payload.scheduled_at,
        place=payload.place,
        invitees=[services.Invitee(name=i.name, relation=i.relation, note=i.note) for i in payload.invitees],
        parties_consent_to_invitees=payload.parties_consent_to_invitees,
        is_public=payload.is_public,
    )
    return Status(201, session_out(session))


@router.post(
    "/sessions/{session_id}/record", response={200: SessionOut, **ERRORS}, summary="the session's record"
)
def session_record(request: HttpRequest, session_id: int, payload: SessionRecordIn) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    session = services.session_record(
        actor=principal.user,
        session_id=session_id,
        record=payload.record,
        attended_participant_ids=payload.attended_participant_ids,
        held_at=payload.held_at,
    )
    return session_out(session)


@router.post(
    "/sessions/{session_id}/cancel", response={200: SessionOut, **ERRORS}, summary="cancel a session"
)
def session_cancel(request: HttpRequest, session_id: int, payload: ReasonIn) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    return session_out(
        services.session_cancel(actor=principal.user, session_id=session_id, reason=payload.reason)
    )


@router.post(
    "/mediations/{mediation_id}/extensions",
    response={200: MediationDetailOut, **ERRORS},
    summary="extend the time limit at every party's request",
)
def mediation_extend(request: HttpRequest, mediation_id: int, payload: ExtensionIn) -> dict[str, Any]:
    return _act(
        request,
        mediation_id,
        lambda u: services.mediation_extend(
            actor=u,
            mediation_id=mediation_id,
            days=payload.days,
            reason=payload.reason,
            requested_by_party_ids=payload.requested_by_party_ids,
        ),
    )


@router.post(
    "/mediations/{mediation_id}/terminate",
    response={200: MediationDetailOut, **ERRORS},
    summary="failure: termination notice with the routes (art. 26)",
)
def mediation_terminate(request: HttpRequest, mediation_id: int, payload: TerminateIn) -> dict[str, Any]:
    return _act(
        request,
        mediation_id,
        lambda u: services.mediation_terminate(
            actor=u,
            mediation_id=mediation_id,
            reason=payload.reason,
            note=payload.note,
            routes=payload.routes,
        ),
    )


@router.post(
    "/mediations/{mediation_id}/escalate",
    response={201: MediationDetailOut, **ERRORS},
    summary="escalate to the next level; answers the new mediation",
)
def mediation_escalate(
    request: HttpRequest, mediation_id: int, payload: EscalateIn
) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    upper = services.mediation_escalate(
        actor=principal.user,
        mediation_id=mediation_id,
        reason=payload.reason,
        organisation=_organisation_in(payload.organisation),
    )
    try:
        return Status(201, _detail(principal.user, upper.pk))
    except NotFound:  # the next level lies outside the caller's scope: show what they still see
        return Status(201, _detail(principal.user, mediation_id))


@router.post(
    "/mediations/{mediation_id}/danger",
    response={200: MediationDetailOut, **ERRORS},
    summary="report a danger of violence to the police at once (art. 25)",
)
def mediation_danger(request: HttpRequest, mediation_id: int, payload: DangerIn) -> dict[str, Any]:
    return _act(
        request,
        mediation_id,
        lambda u: services.mediation_report_danger(
            actor=u, mediation_id=mediation_id, description=payload.description
        ),
    )


@router.post(
    "/mediations/{mediation_id}/satisfaction", response={200: MediationDetailOut, **ERRORS}, summary="满意度"
)
def mediation_satisfaction(
    request: HttpRequest, mediation_id: int, payload: SatisfactionIn
) -> dict[str, Any]:
    return _act(
        request,
        mediation_id,
        lambda u: services.mediation_record_satisfaction(
            actor=u, mediation_id=mediation_id, rating=payload.rating
        ),
    )


@router.post(
    "/mediations/{mediation_id}/case-sync",
    response={200: MediationDetailOut, **ERRORS},
    summary="finish what the mediation owes its case",
)
def mediation_case_sync(request: HttpRequest, mediation_id: int) -> dict[str, Any]:
    return _act(
        request, mediation_id, lambda u: services.mediation_case_sync(actor=u, mediation_id=mediation_id)
    )


# --- agreements ----------------------------------------------------------------------------------


def _agreement(user: User, agreement_id: int) -> dict[str, Any]:
    agreement = selectors.agreement_get_for_user(user=user, agreement_id=agreement_id)
    mediation = selectors.mediation_detail(user=user, mediation_id=agreement.mediation_id)
    return agreement_out(mediation.agreement, mediation)


@router.post(
    "/mediations/{mediation_id}/agreement",
    response={200: AgreementOut, **ERRORS},
    summary="draft or redraft the written agreement (statutory fields of art. 29)",
)
def agreement_draft(request: HttpRequest, mediation_id: int, payload: AgreementDraftIn) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    data = payload.dict(exclude={"performance_items"})
    agreement = services.agreement_draft(
        actor=principal.user,
        mediation_id=mediation_id,
        performance_items=_items(payload.performance_items),
        **data,
    )
    return _agreement(principal.user, agreement.pk)


@router.post(
    "/mediations/{mediation_id}/oral-agreement",
    response={200: AgreementOut, **ERRORS},
    summary="record an oral agreement (effective at once, art. 30)",
)
def agreement_oral(request: HttpRequest, mediation_id: int, payload: OralAgreementIn) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    agreement = services.agreement_record_oral(
        actor=principal.user,
        mediation_id=mediation_id,
        terms=payload.terms,
        facts=payload.facts,
        performed_on_the_spot=payload.performed_on_the_spot,
        performance_items=_items(payload.performance_items),
    )
    return _agreement(principal.user, agreement.pk)


@router.get("/agreements/{agreement_id}", response={200: AgreementOut, **ERRORS}, summary="one agreement")
def agreement_get(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    principal = require_scope(request, READ)
    return _agreement(principal.user, agreement_id)


@router.post(
    "/agreements/{agreement_id}/finalise",
    response={200: AgreementOut, **ERRORS},
    summary="fix the text for signature (every statutory field present)",
)
def agreement_finalise(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    services.agreement_finalise(actor=principal.user, agreement_id=agreement_id)
    return _agreement(principal.user, agreement_id)


@router.post(
    "/agreements/{agreement_id}/signatures",
    response={200: AgreementOut, **ERRORS},
    summary="a party's signature, seal or fingerprint, the mediator's signature or the committee's seal",
)
def agreement_sign(request: HttpRequest, agreement_id: int, payload: SignIn) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    services.agreement_sign(
        actor=principal.user,
        agreement_id=agreement_id,
        signer_kind=payload.signer_kind,
        method=payload.method,
        party_id=payload.party_id,
        mediator_id=payload.mediator_id,
        signed_at=payload.signed_at,
    )
    return _agreement(principal.user, agreement_id)


def _download(request: HttpRequest, agreement_id: int, fmt: str) -> HttpResponse:
    principal = require_scope(request, READ)
    agreement = selectors.agreement_get_for_user(user=principal.user, agreement_id=agreement_id)
    if fmt == "pdf":
        body, content_type = documents.agreement_render_pdf(agreement), "application/pdf"
    else:
        body = documents.agreement_render_docx(agreement)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="agreement-{agreement.mediation.number}.{fmt}"'
    return response


@router.get("/agreements/{agreement_id}/pdf", response={200: None, **ERRORS}, summary="调解协议书 (PDF)")
def agreement_pdf(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return _download(request, agreement_id, "pdf")


@router.get("/agreements/{agreement_id}/docx", response={200: None, **ERRORS}, summary="调解协议书 (Word)")
def agreement_docx(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return _download(request, agreement_id, "docx")


# --- judicial confirmation and performance -------------------------------------------------------


def _confirmation(
    request: HttpRequest, agreement_id: int, run: Callable[[User], Any]
) -> dict[str, Any] | None:
    principal = require_scope(request, WRITE)
    run(principal.user)
    agreement = selectors.agreement_get_for_user(user=principal.user, agreement_id=agreement_id)
    return confirmation_out(agreement)


@router.post(
    "/agreements/{agreement_id}/confirmation/apply",
    response={200: ConfirmationOut, **ERRORS},
    summary="the parties' joint application, within 30 days of effect",
)
def confirmation_apply(request: HttpRequest, agreement_id: int, payload: ConfirmationApplyIn) -> Any:
    court_unit = (
        _input(lambda: org_selectors.unit_get(code=payload.court_unit or ""), "court_unit", "法院", "court")
        if payload.court_unit
        else None
    )
    return _confirmation(
        request,
        agreement_id,
        lambda u: services.confirmation_apply(
            actor=u,
            agreement_id=agreement_id,
            all_parties_join=payload.all_parties_join,
            court_name=payload.court_name,
            court_unit=court_unit,
            applied_at=payload.applied_at,
        ),
    )


@router.post(
    "/agreements/{agreement_id}/confirmation/accept",
    response={200: ConfirmationOut, **ERRORS},
    summary="the court accepted the application (3 days)",
)
def confirmation_accept(request: HttpRequest, agreement_id: int, payload: CourtAcceptIn) -> Any:
    return _confirmation(
        request,
        agreement_id,
        lambda u: services.confirmation_court_accept(
            actor=u,
            agreement_id=agreement_id,
            court_case_number=payload.court_case_number,
            accepted_at=payload.accepted_at,
        ),
    )


@router.post(
    "/agreements/{agreement_id}/confirmation/not-accept",
    response={200: ConfirmationOut, **ERRORS},
    summary="the court did not accept the application",
)
def confirmation_not_accept(request: HttpRequest, agreement_id: int, payload: ReasonIn) -> Any:
    return _confirmation(
        request,
        agreement_id,
        lambda u: services.confirmation_court_not_accept(
            actor=u, agreement_id=agreement_id, reason=payload.reason
        ),
    )


@router.post(
    "/agreements/{agreement_id}/confirmation/extend",
    response={200: ConfirmationOut, **ERRORS},
    summary="the court extended its decision period (+10 days, once)",
)
def confirmation_extend(request: HttpRequest, agreement_id: int) -> Any:
    return _confirmation(
        request,
        agreement_id,
        lambda u: services.confirmation_extend_decision(actor=u, agreement_id=agreement_id),
    )


@router.post(
    "/agreements/{agreement_id}/confirmation/decide",
    response={200: ConfirmationOut, **ERRORS},
    summary="the ruling: valid, or the application rejected",
)
def confirmation_decide(request: HttpRequest, agreement_id: int, payload: DecideIn) -> Any:
    return _confirmation(
        request,
        agreement_id,
        lambda u: services.confirmation_decide(
            actor=u, agreement_id=agreement_id, confirmed=payload.confirmed, note=payload.note
        ),
    )


@router.post(
    "/agreements/{agreement_id}/confirmation/waive",
    response={200: ConfirmationOut, **ERRORS},
    summary="the parties will not apply",
)
def confirmation_waive(request: HttpRequest, agreement_id: int, payload: ReasonIn) -> Any:
    return _confirmation(
        request,
        agreement_id,
        lambda u: services.confirmation_waive(actor=u, agreement_id=agreement_id, note=payload.reason),
    )


@router.post(
    "/performance-items/{item_id}",
    response={200: PerformanceItemOut, **ERRORS},
    summary="履行回访: performed, or not (a next-step case opens)",
)
def performance_record(request: HttpRequest, item_id: int, payload: PerformanceRecordIn) -> dict[str, Any]:
    principal = require_scope(request, WRITE)
    item = services.performance_record(
        actor=principal.user,
        item_id=item_id,
        performed=payload.performed,
        note=payload.note,
        performed_at=payload.performed_at,
    )
    return item_out(item)
