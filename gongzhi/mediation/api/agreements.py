"""Agreements, their documents, judicial confirmation and performance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS
from gongzhi.mediation import documents, selectors, services
from gongzhi.mediation.api._common import READ, WRITE, known, performance_inputs, router
from gongzhi.mediation.api.rendering import agreement_out, confirmation_out, item_out
from gongzhi.mediation.schemas import (
    AgreementDraftIn,
    AgreementOut,
    ConfirmationApplyIn,
    ConfirmationOut,
    CourtAcceptIn,
    DecideIn,
    OralAgreementIn,
    PerformanceItemOut,
    PerformanceRecordIn,
    ReasonIn,
    SignIn,
)
from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import User


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
        performance_items=performance_inputs(payload.performance_items),
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
        performance_items=performance_inputs(payload.performance_items),
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
        known(lambda: org_selectors.unit_get(code=payload.court_unit or ""), "court_unit", "法院", "court")
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
