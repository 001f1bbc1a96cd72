"""Mediations: the board, applying, acting on a mediation, its sessions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code
from gongzhi.core.errors import NotFound
from gongzhi.mediation import access, selectors, services
from gongzhi.mediation.api._common import (
    READ,
    WRITE,
    act,
    detail,
    dispute_type_in,
    known,
    organisation_in,
    router,
)
from gongzhi.mediation.api.rendering import mediation_out, mediator_out, session_out
from gongzhi.mediation.schemas import (
    AssignIn,
    BoardOut,
    DangerIn,
    EscalateIn,
    ExtensionIn,
    FromCaseIn,
    MediationDetailOut,
    MediationIn,
    MediationOut,
    ObjectionIn,
    ReasonIn,
    SatisfactionIn,
    SessionIn,
    SessionOut,
    SessionRecordIn,
    SuggestionsOut,
    TerminateIn,
)
from gongzhi.org import selectors as org_selectors


@router.get("/board", response={200: BoardOut, **ERRORS}, summary="the mediation board of the caller's scope")
def board(
    request: HttpRequest, organisation: str | None = None, region: Code | None = None
) -> dict[str, Any]:
    principal = require_scope(request, READ)
    place = (
        known(lambda: org_selectors.region_get(code=region), "region", "地区", "region") if region else None
    )
    found = selectors.mediation_board(
        user=principal.user,
        organisation=organisation_in(organisation),
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
        known(lambda: org_selectors.region_get(code=region), "region", "地区", "region") if region else None
    )
    found = selectors.mediation_list(
        user=principal.user,
        organisation=organisation_in(organisation),
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
    organisation = organisation_in(payload.organisation)
    assert organisation is not None  # noqa: S101 - the schema requires it
    region = (
        known(lambda: org_selectors.region_get(code=payload.region or ""), "region", "地区", "region")
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
        dispute_type=dispute_type_in(payload.dispute_type),
        source=payload.source,
        source_reference=payload.source_reference,
        is_public=payload.is_public,
        is_major=payload.is_major,
        written_requested=payload.written_requested,
    )
    return Status(201, detail(principal.user, mediation.pk))


@router.post(
    "/mediations/from-case",
    response={201: MediationDetailOut, **ERRORS},
    summary="send a dispute case, or a claim petition with consent",
)
def mediation_from_case(request: HttpRequest, payload: FromCaseIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, WRITE)
    mediation = services.mediation_from_case(
        actor=principal.user,
        case_id=payload.case_id,
        organisation=organisation_in(payload.organisation),
        dispute_type=dispute_type_in(payload.dispute_type),
        consent=payload.consent,
        consent_note=payload.consent_note,
    )
    return Status(201, detail(principal.user, mediation.pk))


@router.get(
    "/mediations/{mediation_id}", response={200: MediationDetailOut, **ERRORS}, summary="one mediation"
)
def mediation_get(request: HttpRequest, mediation_id: int) -> dict[str, Any]:
    principal = require_scope(request, READ)
    return detail(principal.user, mediation_id)


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


@router.post(
    "/mediations/{mediation_id}/accept", response={200: MediationDetailOut, **ERRORS}, summary="受理"
)
def mediation_accept(request: HttpRequest, mediation_id: int) -> dict[str, Any]:
    return act(request, mediation_id, lambda u: services.mediation_accept(actor=u, mediation_id=mediation_id))


@router.post(
    "/mediations/{mediation_id}/not-accept", response={200: MediationDetailOut, **ERRORS}, summary="不予受理"
)
def mediation_not_accept(request: HttpRequest, mediation_id: int, payload: ReasonIn) -> dict[str, Any]:
    return act(
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
    return act(
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
    return act(
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
    return act(
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
    return act(
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
    return act(
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
        organisation=organisation_in(payload.organisation),
    )
    try:
        return Status(201, detail(principal.user, upper.pk))
    except NotFound:  # the next level lies outside the caller's scope: show what they still see
        return Status(201, detail(principal.user, mediation_id))


@router.post(
    "/mediations/{mediation_id}/danger",
    response={200: MediationDetailOut, **ERRORS},
    summary="report a danger of violence to the police at once (art. 25)",
)
def mediation_danger(request: HttpRequest, mediation_id: int, payload: DangerIn) -> dict[str, Any]:
    return act(
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
    return act(
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
    return act(
        request, mediation_id, lambda u: services.mediation_case_sync(actor=u, mediation_id=mediation_id)
    )
