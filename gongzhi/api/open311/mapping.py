"""From the case lifecycle to Open311: status, notes, notices, and the mySociety extended statuses.

Open311 knows only ``open`` and ``closed``; the Chinese workflow state (签收, 退单, 延期, 办结,
回访 …) goes into ``status_notes``, and ``service_notice`` explains the time frame and delays.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongzhi.api.open311.render import w3c
from gongzhi.cases.enums import OPEN_STATUSES, CaseStatus, ReplyOutcome, StatutoryRoute
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent

OPEN = tuple(str(status) for status in OPEN_STATUSES)
CLOSED = tuple(str(status) for status in CaseStatus if status not in OPEN_STATUSES)


def status_of(case: Case) -> str:
    return "open" if case.status in OPEN else "closed"


def _day(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def status_notes(case: Case) -> str:
    label = CaseStatus(case.status).label
    unit = case.lead_unit.name if case.lead_unit_id and case.lead_unit else ""
    notes = {
        CaseStatus.REGISTERED: f"{label}：已登记，待受理",
        CaseStatus.DISPATCHED: f"{label}：已分派{unit}，待签收",
        CaseStatus.RETURNED: f"{label}：承办单位退单，中心重新分派中",
        CaseStatus.IN_PROGRESS: f"{label}：{unit}已签收办理",
        CaseStatus.REPLIED: f"{label}（{ReplyOutcome(case.reply_outcome).label}）"
        if case.reply_outcome
        else label,
        CaseStatus.CLOSED: f"{label}",
        CaseStatus.UNDER_REVIEW: label,
        CaseStatus.FINAL: label,
        CaseStatus.NOT_ACCEPTED: f"{label}：{case.decision_reason[:200]}",
        CaseStatus.REDIRECTED: (
            f"{label}：{StatutoryRoute(case.statutory_route).label}" if case.statutory_route else label
        ),
        CaseStatus.TRANSFERRED_OUT: f"{label}：{case.transferred_to}",
        CaseStatus.MERGED: f"{label}：重复件，与原事项并案办理",
    }
    text = notes.get(CaseStatus(case.status), label)
    if case.redo_count and case.status in OPEN:
        text += f"（群众不满意，第{case.redo_count}次重新办理）"
    if case.rating:
        text += f"；回访：{case.get_rating_display()}"
    return text


def service_notice(case: Case) -> str | None:
    now = timezone.now()
    if case.status == CaseStatus.REGISTERED and case.accept_due_at:
        return f"将于{_day(case.accept_due_at)}前告知是否受理"
    if case.status in (CaseStatus.DISPATCHED, CaseStatus.RETURNED, CaseStatus.IN_PROGRESS) and case.due_at:
        notice = f"办理期限至{_day(case.due_at)}"
        if case.extended_days:
            notice += f"（经批准延期{case.extended_days}日）"
        if case.due_at < now:
            notice += "；已超期，正在催办督办"
        return notice
    if case.status in (CaseStatus.REPLIED, CaseStatus.CLOSED) and case.review_window_ends_at:
        return f"如不服答复，可于{_day(case.review_window_ends_at)}前申请复查"
    return None


def expected_datetime(case: Case) -> str | None:
    if case.status == CaseStatus.REGISTERED:
        return w3c(case.accept_due_at)
    if case.status in OPEN:
        return w3c(case.due_at)
    return None


def request_out(case: Case) -> dict[str, Any]:
    """One ``<request>`` of GET requests / GET request, in the order the spec lists the fields."""
    extra = getattr(case, "open311", None)
    closed = status_of(case) == "closed"
    return {
        "service_request_id": str(case.pk),
        "status": status_of(case),
        "status_notes": status_notes(case),
        "service_name": case.category.name if case.category else None,
        "service_code": case.category.code if case.category else None,
        "description": case.description[:4000],
        "agency_responsible": (case.lead_unit or case.intake_unit).name,
        "service_notice": service_notice(case),
        "requested_datetime": w3c(case.registered_at),
        "updated_datetime": w3c((case.closed_at or case.updated_at) if closed else case.updated_at),
        "expected_datetime": expected_datetime(case),
        "address": case.address or None,
        "address_id": (extra.address_id if extra and extra.address_id else None),
        "lat": float(case.latitude) if case.latitude is not None else None,
        "long": float(case.longitude) if case.longitude is not None else None,
        "media_url": (extra.media_url if extra and extra.media_url else None),
    }


# --- mySociety's servicerequestupdates and extended statuses ------------------------------------

HANDED_ON = ("case.dispatch", "case.arbitrate", "case.transfer", "case.assign_down", "case.escalate")


def update_of(event: AuditEvent, outcome: str) -> tuple[str, str] | None:
    """(extended status, public description) for an event a reporter may see; None if internal."""
    action = event.action
    after = event.after or {}
    if action == "case.intake":
        return "OPEN", "已登记"
    if action == "case.accept":
        return "OPEN", "已受理"
    if action in HANDED_ON or (action == "case.arbitration_decide" and after.get("outcome") == "reassigned"):
        return "ACTION_SCHEDULED", "已分派承办单位"
    if action == "case.sign":
        return "IN_PROGRESS", "承办单位已签收，正在办理"
    if action == "case.extension_approve":
        return "IN_PROGRESS", f"办理期限延长，新期限{_day_text(after.get('due_at'))}"
    if action in ("case.reply", "case.reply_from_master"):
        fixed = (after.get("reply_outcome") or outcome) == ReplyOutcome.SUPPORT
        return ("FIXED" if fixed else "NO_FURTHER_ACTION"), event.reason or "已答复"
    if action in ("case.review_answer", "case.re_review_answer"):
        fixed = after.get("reply_outcome") == ReplyOutcome.SUPPORT
        return ("FIXED" if fixed else "NO_FURTHER_ACTION"), event.reason
    if action in ("case.review_request", "case.re_review_request"):
        return "INVESTIGATING", "已申请复查/复核"
    if action == "case.close":
        return "CLOSED", "已办结"
    if action == "case.finalise":
        return "CLOSED", "已终结"
    if action == "case.redo":
        return "IN_PROGRESS", "群众不满意，重新办理"
    if action == "case.follow_up":
        return "CLOSED", "已回访"
    if action in ("case.not_accept", "case.not_accept_final"):
        return "NO_FURTHER_ACTION", f"不予受理：{event.reason}"
    if action in ("case.redirect", "case.transfer_out"):
        return "NOT_COUNCILS_RESPONSIBILITY", event.reason
    if action == "case.merge":
        return "DUPLICATE", "重复件，已并案办理"
    return None


def _day_text(value: Any) -> str:
    return str(value)[:10] if value else ""


def update_out(event: AuditEvent, outcome: str) -> dict[str, Any] | None:
    mapped = update_of(event, outcome)
    if mapped is None:
        return None
    status, description = mapped
    return {
        "update_id": str(event.pk),
        "service_request_id": str(event.subject_id),
        "status": status,
        "description": description[:4000],
        "updated_datetime": w3c(event.occurred_at),
    }
