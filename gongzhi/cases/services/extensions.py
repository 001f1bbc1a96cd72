"""延期: the lead unit asks for more time; an approver decides; the petitioner is told why."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongzhi.cases import access, deadlines
from gongzhi.cases.enums import CaseStatus, ExtensionStatus, NoticeKind
from gongzhi.cases.events import case_event, snapshot
from gongzhi.cases.models import Extension
from gongzhi.cases.services._common import lock_case, require_status, require_text
from gongzhi.cases.services.notices import notice_to_reporter
from gongzhi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from gongzhi.org.enums import Role
from gongzhi.org.models import User


@transaction.atomic
def case_request_extension(*, actor: User, case_id: int, days: int, reason: str) -> Extension:
    """Ask for ``days`` more calendar days, within the preset's cap.

    信访工作条例 art. 34: one extension of at most 30 days (national preset);
    浙江省信访条例 art. 23: extended by at most 60 days in total (Zhejiang preset).
    """
    reason = require_text(reason, field="reason", label_zh="延期理由", label_en="reason", min_length=4)
    case = lock_case(actor, case_id)
    require_status(
        case, [CaseStatus.DISPATCHED, CaseStatus.IN_PROGRESS], action_zh="申请延期", action_en="extend"
    )
    access.require_case_unit_role(actor, case)
    rules = deadlines.preset()
    if case.extensions.filter(status=ExtensionStatus.REQUESTED).exists():
        raise InvalidState(
            "已有待审批的延期申请", "an extension request is already waiting", code="extension_pending"
        )
    approved = case.extensions.filter(status=ExtensionStatus.APPROVED).count()
    if approved >= rules.max_extensions:
        raise InvalidState("延期次数已达上限", "no further extension is allowed", code="extension_limit")
    remaining = rules.max_extension_days - case.extended_days
    if not isinstance(days, int) or days < 1 or days > remaining:
        raise ValidationFailed(
            f"延期天数须在 1 至 {remaining} 天之间",
            f"days must be between 1 and {remaining}",
            code="invalid_days",
            detail={"field": "days", "max": remaining},
        )
    extension = Extension.objects.create(case=case, days=days, reason=reason, requested_by=actor)
    case_event(
        case=case,
        actor=actor,
        action="case.extension_request",
        after={"extension": extension.pk, "days": days},
        reason=reason,
    )
    return extension


@transaction.atomic
def case_decide_extension(*, actor: User, extension_id: int, approve: bool, note: str = "") -> Extension:
    """Approve or reject an extension; approval moves the deadline and tells the petitioner."""
    extension = Extension.objects.filter(pk=extension_id).only("case_id").first()
    if extension is None:
        raise NotFound("延期申请", "extension request")
    case = lock_case(actor, extension.case_id)
    extension = Extension.objects.select_for_update(of=("self",)).get(pk=extension_id)
    if extension.status != ExtensionStatus.REQUESTED:
        raise InvalidState("该延期申请已审批", "the request has been decided already", code="already_decided")
    if extension.requested_by_id == actor.pk:
        raise PermissionDenied("不能审批本人提出的延期申请", "you cannot approve your own request")
    try:
        access.require_case_unit_role(actor, case, (Role.UNIT_HEAD,))
    except (PermissionDenied, InvalidState):
        access.require_centre_role(actor, case, (Role.SUPERVISOR, Role.CENTRE_LEADER))
    if not approve:
        note = require_text(note, field="note", label_zh="驳回理由", label_en="reason for rejecting")
    before = snapshot(case, "due_at", "extended_days")
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_note = note
    extension.save()
    if approve:
        case.extended_days += extension.days
        case.due_days += extension.days
        base = case.due_base_at or case.accepted_at or case.registered_at
        due = deadlines.handling_deadline(base, case.due_days)
        case.due_at = due.at
        case.is_due_provisional = due.is_provisional
        case.warn_at = deadlines.warn_time(due.at)
        if case.due_at > timezone.now():
            case.reminded_at = None
            case.supervise_at = None
        case.save()
        case.assignments.filter(is_active=True, role="lead").update(due_at=case.due_at)
        notice_to_reporter(
            case=case,
            kind=NoticeKind.EXTENSION,
            title="延期告知书",
            body=(
                f"您反映的「{case.subject}」因{extension.reason}，办理期限延长{extension.days}日，"
                f"至{timezone.localtime(case.due_at):%Y年%m月%d日}。"
            ),
        )
    case_event(
        case=case,
        actor=actor,
        action="case.extension_approve" if approve else "case.extension_reject",
        before=before,
        after=snapshot(case, "due_at", "extended_days") | {"extension": extension.pk},
        reason=note,
    )
    return extension
