"""Cases REST v1: every lifecycle action after intake, each one service call."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongzhi.cases import services
from gongzhi.cases.api._common import (
    ACTION,
    DECIDE,
    HANDLE,
    INTAKE,
    SUPERVISE,
    _act,
    _unit,
    router,
)
from gongzhi.cases.models import Extension
from gongzhi.cases.schemas import (
    AcceptIn,
    AnswerIn,
    ArbitrationDecisionIn,
    CoUnitsIn,
    DispatchIn,
    ExtensionDecisionIn,
    ExtensionIn,
    ExternalReviewIn,
    FollowUpIn,
    MergeIn,
    NoteIn,
    ReasonIn,
    RecusalDecisionIn,
    RecusalRequestIn,
    RedirectIn,
    ReplyIn,
    ReturnIn,
    ReviewAnswerIn,
    SignIn,
    SuperviseIn,
    TextIn,
    TransferOutIn,
    UnitReasonIn,
)
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.org.models import User

# --- the acceptance decision -------------------------------------------------------------------


@router.post("/{case_id}/accept", response=ACTION, summary="受理 accept (and dispatch by 631)")
def accept(request: HttpRequest, case_id: int, payload: AcceptIn) -> dict[str, Any]:
    unit = _unit(payload.unit) if payload.unit else None
    return _act(
        request,
        DECIDE,
        case_id,
        lambda user: services.case_accept(
            actor=user, case_id=case_id, dispatch=payload.dispatch, unit=unit, note=payload.note
        ),
    )


@router.post("/{case_id}/not-accept", response=ACTION, summary="不予受理 refuse")
def not_accept(request: HttpRequest, case_id: int, payload: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_not_accept(actor=u, case_id=case_id, reason=payload.reason),
    )


@router.post("/{case_id}/redirect", response=ACTION, summary="导入法定途径 redirect to a statutory route")
def redirect(request: HttpRequest, case_id: int, payload: RedirectIn) -> dict[str, Any]:
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_redirect(
            actor=u, case_id=case_id, route=payload.route, reason=payload.reason
        ),
    )


@router.post("/{case_id}/transfer-out", response=ACTION, summary="转送 to another organ")
def transfer_out(request: HttpRequest, case_id: int, payload: TransferOutIn) -> dict[str, Any]:
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_transfer_out(
            actor=u, case_id=case_id, body=payload.body, reason=payload.reason
        ),
    )


# --- handling ----------------------------------------------------------------------------------


@router.post("/{case_id}/dispatch", response=ACTION, summary="分流 dispatch an accepted or returned case")
def dispatch(request: HttpRequest, case_id: int, payload: DispatchIn) -> dict[str, Any]:
    unit = _unit(payload.unit) if payload.unit else None
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_dispatch(actor=u, case_id=case_id, unit=unit, reason=payload.reason),
    )


@router.post("/{case_id}/sign", response=ACTION, summary="签收 sign for (name a handler)")
def sign(request: HttpRequest, case_id: int, payload: SignIn) -> dict[str, Any]:
    handler = None
    if payload.handler_id is not None:
        handler = User.objects.filter(pk=payload.handler_id, is_active=True).first()
        if handler is None:
            raise ValidationFailed(
                "承办人须是本单位人员",
                "the handler must belong to the unit",
                code="handler_not_in_unit",
                detail={"field": "handler_id"},
            )
    return _act(
        request, HANDLE, case_id, lambda u: services.case_sign(actor=u, case_id=case_id, handler=handler)
    )


@router.post(
    "/{case_id}/return",
    response=ACTION,
    summary="退单 return to the dispatcher",
    description="409 `binding_assignment` (assigned by 审定), `return_limit` (out of returns: ask for "
    "arbitration), `return_window_closed` (more than 5 working days after receipt, 信访工作条例 "
    "art. 23 para. 3; `detail.return_deadline`).",
)
def return_case(request: HttpRequest, case_id: int, payload: ReturnIn) -> dict[str, Any]:
    return _act(
        request,
        HANDLE,
        case_id,
        lambda u: services.case_return(actor=u, case_id=case_id, reason=payload.reason, text=payload.text),
    )


@router.post("/{case_id}/arbitrate", response=ACTION, summary="审定 binding decision on a return")
def arbitrate(request: HttpRequest, case_id: int, payload: UnitReasonIn) -> dict[str, Any]:
    unit = _unit(payload.unit)
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_arbitrate(actor=u, case_id=case_id, unit=unit, reason=payload.reason),
    )


@router.post(
    "/{case_id}/arbitration-request",
    response=ACTION,
    summary="申请审定 the lead unit asks the centre to decide",
    description=(
        "The lead unit's staff ask the centre at the case's level to decide who handles the case, "
        "when the unit may no longer return it: bound by 审定, or out of returns (信访工作条例 "
        "art. 24). Refusals: 400 `missing_reason` (at least 4 characters); 403 not the lead "
        "unit's staff; 404 case not visible; 409 `arbitration_not_needed` (the unit may still "
        "return the case), `arbitration_request_open` (one open request per case), or a status "
        "that is not dispatched / in progress."
    ),
)
def arbitration_request(request: HttpRequest, case_id: int, payload: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        HANDLE,
        case_id,
        lambda u: services.case_request_arbitration(actor=u, case_id=case_id, reason=payload.reason),
        "arbitration_request",
    )


@router.post(
    "/{case_id}/arbitration-decision",
    response=ACTION,
    summary="审定 decide an open arbitration request",
    description=(
        "A dispatcher of a covering centre other than the lead unit decides the open request: with "
        "`unit`, the case goes to that unit as a binding lead; without, the request is refused and "
        "the case stays (now bound). Refusals: 400 `missing_reason`, `unknown_unit`, `same_unit`, "
        "`unit_inactive`; 403 not an arbiter of the case; 404 case not visible; 409 "
        "`no_arbitration_request` or a status that is not dispatched / in progress."
    ),
)
def arbitration_decision(
    request: HttpRequest, case_id: int, payload: ArbitrationDecisionIn
) -> dict[str, Any]:
    unit = _unit(payload.unit) if payload.unit else None
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_arbitration_decide(
            actor=u, case_id=case_id, unit=unit, reason=payload.reason
        ),
        "arbitration_request",
    )


@router.post(
    "/{case_id}/recusal-request",
    response=ACTION,
    summary="申请回避 the petitioner (or the window for them) asks the handler to withdraw",
    description=(
        "信访工作条例 art. 28 para. 3; 浙江省信访条例 art. 9 (3). The reporter, or an intake clerk "
        "of a covering centre on their behalf. Refusals: 400 `missing_grounds`; 403 neither; 404 "
        "case not visible; 409 `no_handler`, `recusal_request_open`, or a status other than in "
        "progress."
    ),
)
def recusal_request(request: HttpRequest, case_id: int, payload: RecusalRequestIn) -> dict[str, Any]:
    return _act(
        request,
        INTAKE,
        case_id,
        lambda u: services.case_recusal_request(actor=u, case_id=case_id, grounds=payload.grounds),
        "recusal_request",
    )


@router.post(
    "/{case_id}/recusal-decision",
    response=ACTION,
    summary="回避决定 the lead unit's head decides the open application",
    description=(
        "浙江省信访条例 art. 27. Granted: the handler is removed and the case waits to be signed for "
        "by someone else; refused: the handler stays. Refusals: 400 `missing_reason`; 403 not a "
        "head of the lead unit, or `recusal` (about oneself); 404 case not visible; 409 "
        "`no_recusal_request`."
    ),
)
def recusal_decision(request: HttpRequest, case_id: int, payload: RecusalDecisionIn) -> dict[str, Any]:
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_recusal_decide(
            actor=u, case_id=case_id, granted=payload.granted, reason=payload.reason
        ),
        "recusal_request",
    )


@router.post("/{case_id}/transfer", response=ACTION, summary="转办 move to another unit")
def transfer(request: HttpRequest, case_id: int, payload: UnitReasonIn) -> dict[str, Any]:
    unit = _unit(payload.unit)
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_transfer(actor=u, case_id=case_id, unit=unit, reason=payload.reason),
    )


@router.post(
    "/{case_id}/escalate",
    response=ACTION,
    summary="上报 one level up",
    description="409 `binding_assignment`: a unit bound by 审定 does not escalate; it may ask for "
    "arbitration (`arbitration-request`). A covering centre's dispatchers still may.",
)
def escalate(request: HttpRequest, case_id: int, payload: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        HANDLE,
        case_id,
        lambda u: services.case_escalate(actor=u, case_id=case_id, reason=payload.reason),
    )


@router.post("/{case_id}/assign-down", response=ACTION, summary="交办 to a unit at the same level or below")
def assign_down(request: HttpRequest, case_id: int, payload: UnitReasonIn) -> dict[str, Any]:
    unit = _unit(payload.unit)
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_assign_down(actor=u, case_id=case_id, unit=unit, reason=payload.reason),
    )


@router.post("/{case_id}/extensions", response=ACTION, summary="延期申请 ask for more days")
def extension_request(request: HttpRequest, case_id: int, payload: ExtensionIn) -> dict[str, Any]:
    return _act(
        request,
        HANDLE,
        case_id,
        lambda u: services.case_request_extension(
            actor=u, case_id=case_id, days=payload.days, reason=payload.reason
        ),
        "extension",
    )


@router.post("/extensions/{extension_id}/decide", response=ACTION, summary="延期审批 approve or reject")
def extension_decide(request: HttpRequest, extension_id: int, payload: ExtensionDecisionIn) -> dict[str, Any]:
    case_id = Extension.objects.filter(pk=extension_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound("延期申请", "extension request")
    return _act(
        request,
        SUPERVISE,
        case_id,
        lambda u: services.case_decide_extension(
            actor=u, extension_id=extension_id, approve=payload.approve, note=payload.note
        ),
        "extension",
    )


@router.post("/{case_id}/co-units", response=ACTION, summary="联动办理 add co-units with sub-tasks")
def co_units(request: HttpRequest, case_id: int, payload: CoUnitsIn) -> dict[str, Any]:
    tasks = [
        services.CoUnitTask(unit=_unit(item.unit, f"tasks[{index}].unit"), task=item.task)
        for index, item in enumerate(payload.tasks)
    ]
    return _act(
        request, DECIDE, case_id, lambda u: services.case_add_co_units(actor=u, case_id=case_id, tasks=tasks)
    )


@router.post("/{case_id}/subtask/sign", response=ACTION, summary="协办签收 sign for my unit's sub-task")
def subtask_sign(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _act(
        request, HANDLE, case_id, lambda u: services.subtask_sign(actor=u, case_id=case_id), "assignment"
    )


@router.post("/{case_id}/subtask/answer", response=ACTION, summary="协办反馈 answer my unit's sub-task")
def subtask_answer(request: HttpRequest, case_id: int, payload: AnswerIn) -> dict[str, Any]:
    return _act(
        request,
        HANDLE,
        case_id,
        lambda u: services.subtask_answer(actor=u, case_id=case_id, answer=payload.answer),
        "assignment",
    )


@router.post("/{case_id}/notes", response=ACTION, summary="办理记录 add a handling note")
def note(request: HttpRequest, case_id: int, payload: TextIn) -> dict[str, Any]:
    return _act(
        request,
        HANDLE,
        case_id,
        lambda u: services.case_add_note(actor=u, case_id=case_id, text=payload.text),
        "note",
    )


@router.post("/{case_id}/supervise", response=ACTION, summary="督办 press the lead unit")
def supervise(request: HttpRequest, case_id: int, payload: SuperviseIn) -> dict[str, Any]:
    return _act(
        request,
        SUPERVISE,
        case_id,
        lambda u: services.case_supervise(actor=u, case_id=case_id, note=payload.note),
    )


# --- answer and after --------------------------------------------------------------------------


@router.post("/{case_id}/reply", response=ACTION, summary="答复 the lead unit's answer")
def reply(request: HttpRequest, case_id: int, payload: ReplyIn) -> dict[str, Any]:
    return _act(
        request,
        HANDLE,
        case_id,
        lambda u: services.case_reply(
            actor=u, case_id=case_id, text=payload.text, outcome=payload.outcome, basis=payload.basis
        ),
        "reply",
    )


@router.post("/{case_id}/close", response=ACTION, summary="办结 close an answered case")
def close(request: HttpRequest, case_id: int, payload: NoteIn) -> dict[str, Any]:
    return _act(
        request, HANDLE, case_id, lambda u: services.case_close(actor=u, case_id=case_id, note=payload.note)
    )


@router.post("/{case_id}/follow-up", response=ACTION, summary="回访 record the reporter's rating")
def follow_up(request: HttpRequest, case_id: int, payload: FollowUpIn) -> dict[str, Any]:
    return _act(
        request,
        INTAKE,
        case_id,
        lambda u: services.case_follow_up(
            actor=u, case_id=case_id, rating=payload.rating, comment=payload.comment
        ),
        "follow_up",
    )


@router.post("/{case_id}/reviews", response=ACTION, summary="复查/复核 ask for a review")
def review_request(request: HttpRequest, case_id: int, payload: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        INTAKE,
        case_id,
        lambda u: services.case_request_review(actor=u, case_id=case_id, reason=payload.reason),
        "review",
    )


@router.post("/{case_id}/reviews/answer", response=ACTION, summary="复查/复核意见 answer the review")
def review_answer(request: HttpRequest, case_id: int, payload: ReviewAnswerIn) -> dict[str, Any]:
    return _act(
        request,
        HANDLE,
        case_id,
        lambda u: services.case_answer_review(
            actor=u, case_id=case_id, opinion=payload.opinion, outcome=payload.outcome
        ),
        "review",
    )


@router.post(
    "/{case_id}/reviews/external-record",
    response=ACTION,
    summary="复核意见 record the outcome of a re-review forwarded to the higher authority",
)
def review_external_record(request: HttpRequest, case_id: int, payload: ExternalReviewIn) -> dict[str, Any]:
    return _act(
        request,
        HANDLE,
        case_id,
        lambda u: services.case_record_external_review(
            actor=u,
            case_id=case_id,
            received_on=payload.received_on,
            outcome=payload.outcome,
            text=payload.text,
        ),
        "review",
    )


@router.post("/{case_id}/merge", response=ACTION, summary="并案 merge this repeat into a master case")
def merge(request: HttpRequest, case_id: int, payload: MergeIn) -> dict[str, Any]:
    return _act(
        request,
        DECIDE,
        case_id,
        lambda u: services.case_merge(
            actor=u, repeat_id=case_id, master_id=payload.master_id, reason=payload.reason
        ),
    )
