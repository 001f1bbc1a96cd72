"""The acceptance decision (受理 / 不予受理 / 导入法定途径 / 转送), within the statutory window."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gongzhi.cases import access, deadlines
from gongzhi.cases.enums import CaseStatus, NoticeKind, StatutoryRoute
from gongzhi.cases.events import case_event, snapshot
from gongzhi.cases.models import Case
from gongzhi.cases.services._common import lock_case, require_status, require_text
from gongzhi.cases.services.notices import notice_to_reporter
from gongzhi.core.errors import InvalidState, ValidationFailed
from gongzhi.org.models import Unit, User

DECISION_ROLES = access.INTAKE_ROLES


def _require_undecided(case: Case, action_zh: str, action_en: str) -> None:
    require_status(case, [CaseStatus.REGISTERED], action_zh=action_zh, action_en=action_en)
    if case.accepted_at is not None:
        raise InvalidState("该事项已受理", "the case has already been accepted", code="already_accepted")


CONCLUDED_REASON = "同一事实和理由已处理终结，不再受理"


def concluded_matter_of(case: Case) -> Case | None:
    """The final (处理终结) case this undecided case re-petitions, if any.

    浙江省信访条例 art. 20 (5) (and arts. 24–25): a matter already concluded is not accepted again.
    The link is ``Case.master``, set when the clerk confirms a repeat suggestion (or merges on the
    case page): a repeat of an open matter becomes 已并案, a repeat of a final one stays 待受理
    with ``master`` pointing at the final case. So no similarity score refuses an acceptance: only
    the clerk's confirmed link does.
    """
    master = case.master
    if master is not None and master.status == CaseStatus.FINAL:
        return master
    return None


def start_handling_clock(case: Case, *, start: datetime | None = None) -> None:
    """Set the handling deadline from ``start`` (acceptance, or a redo) with the preset's base days."""
    start = start or timezone.now()
    case.due_base_at = start
    case.due_days = deadlines.preset().base_days + case.extended_days
    due = deadlines.handling_deadline(start, case.due_days)
    case.due_at = due.at
    case.is_due_provisional = due.is_provisional
    case.warn_at = deadlines.warn_time(due.at)
    case.reminded_at = None
    case.supervise_at = None
    case.supervised_at = None


@transaction.atomic
def case_accept(
    *, actor: User, case_id: int, dispatch: bool = True, unit: Unit | None = None, note: str = ""
) -> Case:
    """受理: accept, start the handling clock, tell the reporter, and (by default) dispatch (631)."""
    case = lock_case(actor, case_id)
    _require_undecided(case, "受理", "accept")
    access.require_centre_role(actor, case, DECISION_ROLES)
    concluded = concluded_matter_of(case)
    if concluded is not None:
        raise InvalidState(
            f"同一事项已处理终结（{concluded.tracking_code}），不再受理，请作不予受理决定",
            f"the same matter is already concluded ({concluded.tracking_code}) and is not accepted again;"
            " decide not to accept it",
            code="concluded_matter",
            detail={"concluded_case": concluded.pk, "tracking_code": concluded.tracking_code},
        )
    before = snapshot(case, "status", "accepted_at")
    now = timezone.now()
    case.accepted_at = now
    start_handling_clock(case, start=now)
    case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.accept",
        before=before,
        after=snapshot(case, "status", "accepted_at", "due_at"),
        reason=note,
    )
    notice_to_reporter(
        case=case,
        kind=NoticeKind.ACCEPTED,
        title="受理告知书",
        body=f"您反映的「{case.subject}」已受理，将于{timezone.localtime(case.due_at):%Y年%m月%d日}前办理答复。",
    )
    if dispatch:
        from gongzhi.cases.services.handling import dispatch_locked

        dispatch_locked(case=case, actor=actor, unit=unit, reason=note, action="case.dispatch")
    return case


@transaction.atomic
def case_not_accept(*, actor: User, case_id: int, reason: str = "") -> Case:
    """不予受理 with a written reason (浙江省信访条例 art. 20 (5)).

    For a re-petition of a concluded matter (``concluded_matter_of``) the reason may be left out:
    it is then ``CONCLUDED_REASON``, and the decision names the final case.
    """
    case = lock_case(actor, case_id)
    concluded = concluded_matter_of(case)
    if concluded is not None and not (reason or "").strip():
        reason = f"{CONCLUDED_REASON}（原事项 {concluded.tracking_code}）"
    reason = require_text(reason, field="reason", label_zh="不予受理理由", label_en="reason")
    _require_undecided(case, "不予受理", "refuse")
    access.require_centre_role(actor, case, DECISION_ROLES)
    before = snapshot(case, "status", "master")
    case.status = CaseStatus.NOT_ACCEPTED
    case.decision_reason = reason
    case.closed_at = timezone.now()
    case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.not_accept_final" if concluded is not None else "case.not_accept",
        before=before,
        after=snapshot(case, "status", "master"),
        reason=reason,
    )
    notice_to_reporter(
        case=case,
        kind=NoticeKind.NOT_ACCEPTED,
        title="不予受理告知书",
        body=f"您反映的「{case.subject}」不予受理。理由：{reason}",
    )
    return case


@transaction.atomic
def case_redirect(*, actor: User, case_id: int, route: str, reason: str) -> Case:
    """诉访分离: point the reporter to the statutory route (信访工作条例 art. 31; 浙江 art. 20 (1))."""
    if route not in StatutoryRoute.values:
        raise ValidationFailed(
            "请选择法定途径", "choose the statutory route", code="invalid_route", detail={"field": "route"}
        )
    reason = require_text(reason, field="reason", label_zh="导入理由", label_en="reason")
    case = lock_case(actor, case_id)
    _require_undecided(case, "导入法定途径", "redirect")
    access.require_centre_role(actor, case, DECISION_ROLES)
    before = snapshot(case, "status")
    case.status = CaseStatus.REDIRECTED
    case.statutory_route = route
    case.decision_reason = reason
    case.closed_at = timezone.now()
    case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.redirect",
        before=before,
        after=snapshot(case, "status", "statutory_route"),
        reason=reason,
    )
    notice_to_reporter(
        case=case,
        kind=NoticeKind.REDIRECTED,
        title="导入法定途径告知书",
        body=f"您反映的「{case.subject}」应通过{StatutoryRoute(route).label}途径解决。{reason}",
    )
    return case


@transaction.atomic
def case_transfer_out(*, actor: User, case_id: int, body: str, reason: str) -> Case:
    """转送: the matter belongs to another organ outside this platform; the reporter is told which."""
    body = require_text(body, field="body", label_zh="转送机关", label_en="receiving body")
    reason = require_text(reason, field="reason", label_zh="转送理由", label_en="reason")
    case = lock_case(actor, case_id)
    _require_undecided(case, "转送", "transfer out")
    access.require_centre_role(actor, case, DECISION_ROLES)
    before = snapshot(case, "status")
    case.status = CaseStatus.TRANSFERRED_OUT
    case.transferred_to = body[:100]
    case.decision_reason = reason
    case.closed_at = timezone.now()
    case.save()
    case_event(
        case=case,
        actor=actor,
        action="case.transfer_out",
        before=before,
        after=snapshot(case, "status", "transferred_to"),
        reason=reason,
    )
    notice_to_reporter(
        case=case,
        kind=NoticeKind.TRANSFERRED,
        title="转送告知书",
        body=f"您反映的「{case.subject}」已转送{body}办理。{reason}",
    )
    return case
