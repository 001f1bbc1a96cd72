"""After the agreement: judicial confirmation (司法确认) and performance follow-up (履行回访).

人民调解法 art. 33: the parties apply jointly within 30 days of the agreement taking effect.
法释〔2011〕5号 art. 4: the court decides within 3 days whether to accept; art. 5: it decides
within 15 days of acceptance, extendable by 10 with the president's approval.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gongzhi.core import workdays
from gongzhi.core.errors import InvalidState, NotFound, ValidationFailed
from gongzhi.mediation import events
from gongzhi.mediation.conf import rule_int
from gongzhi.mediation.enums import ConfirmationStatus, PerformanceStatus
from gongzhi.mediation.models import JudicialConfirmation, Mediation, PerformanceItem
from gongzhi.mediation.services import case_link
from gongzhi.mediation.services._common import lock_mediation, require_text
from gongzhi.org.models import Unit, User


def _lock(actor: User, agreement_id: int) -> tuple[JudicialConfirmation, Mediation]:
    confirmation = (
        JudicialConfirmation.objects.select_related("agreement").filter(agreement_id=agreement_id).first()
    )
    if confirmation is None:
        raise NotFound("司法确认记录", "judicial confirmation")
    mediation = lock_mediation(actor, confirmation.agreement.mediation_id)
    return JudicialConfirmation.objects.select_for_update(of=("self",)).select_related("agreement").get(
        pk=confirmation.pk
    ), mediation


def _require(confirmation: JudicialConfirmation, status: str, zh: str, en: str) -> None:
    if confirmation.status != status:
        raise InvalidState(
            f"司法确认当前为「{confirmation.get_status_display()}」，不能{zh}",
            f"cannot {en} now",
            code="confirmation_wrong_status",
            detail={"status": confirmation.status},
        )


@transaction.atomic
def confirmation_apply(
    *,
    actor: User,
    agreement_id: int,
    all_parties_join: bool,
    court_name: str = "",
    court_unit: Unit | None = None,
    applied_at: datetime | None = None,
) -> JudicialConfirmation:
    """The parties' joint application to the court, within 30 days of effect (art. 33)."""
    if not all_parties_join:
        raise ValidationFailed(
            "司法确认须由双方当事人共同申请（人民调解法第三十三条）",
            "the parties apply jointly",
            code="confirmation_needs_all_parties",
        )
    confirmation, _mediation = _lock(actor, agreement_id)
    _require(confirmation, ConfirmationStatus.WINDOW_OPEN, "申请", "apply")
    applied_at = applied_at or timezone.now()
    if applied_at > confirmation.window_ends_at:
        raise InvalidState(
            f"已超过30日的司法确认申请期限（{timezone.localtime(confirmation.window_ends_at):%Y年%m月%d日}届满），"
            "当事人可就协议履行或内容争议向人民法院起诉（人民调解法第三十二条）",
            "the 30-day window for judicial confirmation has closed",
            code="confirmation_window_closed",
        )
    court_name = court_name.strip() or (court_unit.name if court_unit is not None else "")
    if not court_name:
        raise ValidationFailed(
            "请填写受理法院", "name the court", code="missing_court", detail={"field": "court_name"}
        )
    confirmation.status = ConfirmationStatus.APPLIED
    confirmation.applied_at = applied_at
    confirmation.court_name = court_name
    confirmation.court_unit = court_unit
    confirmation.accept_due_at = workdays.add_calendar_days(applied_at, rule_int("COURT_ACCEPT_DAYS")).at
    confirmation.save()
    events.record(
        subject=confirmation.agreement,
        action="confirmation.apply",
        actor=actor,
        after={"court": court_name, "applied_at": applied_at, "accept_due_at": confirmation.accept_due_at},
    )
    return confirmation


@transaction.atomic
def confirmation_court_accept(
    *, actor: User, agreement_id: int, court_case_number: str, accepted_at: datetime | None = None
) -> JudicialConfirmation:
    court_case_number = require_text(
        court_case_number, field="court_case_number", label_zh="法院案号", label_en="case number"
    )
    confirmation, _ = _lock(actor, agreement_id)
    _require(confirmation, ConfirmationStatus.APPLIED, "登记立案", "record acceptance")
    accepted_at = accepted_at or timezone.now()
    confirmation.status = ConfirmationStatus.ACCEPTED
    confirmation.accepted_at = accepted_at
    confirmation.court_case_number = court_case_number
    confirmation.decide_due_at = workdays.add_calendar_days(accepted_at, rule_int("COURT_DECIDE_DAYS")).at
    confirmation.save()
    events.record(
        subject=confirmation.agreement,
        action="confirmation.court_accept",
        actor=actor,
        after={"court_case_number": court_case_number, "decide_due_at": confirmation.decide_due_at},
    )
    return confirmation


@transaction.atomic
def confirmation_court_not_accept(*, actor: User, agreement_id: int, reason: str) -> JudicialConfirmation:
    """不予受理 (e.g. identity, adoption or marriage disputes; outside the court's jurisdiction)."""
    reason = require_text(reason, field="reason", label_zh="不予受理理由", label_en="reason")
    confirmation, _ = _lock(actor, agreement_id)
    _require(confirmation, ConfirmationStatus.APPLIED, "登记不予受理", "record non-acceptance")
    confirmation.status = ConfirmationStatus.NOT_ACCEPTED
    confirmation.decided_at = timezone.now()
    confirmation.result_note = reason
    confirmation.save()
    events.record(
        subject=confirmation.agreement, action="confirmation.court_not_accept", actor=actor, reason=reason
    )
    return confirmation


@transaction.atomic
def confirmation_extend_decision(*, actor: User, agreement_id: int) -> JudicialConfirmation:
    """The court president approves 10 more days for the decision, once."""
    confirmation, _ = _lock(actor, agreement_id)
    _require(confirmation, ConfirmationStatus.ACCEPTED, "延长审查期限", "extend")
    if confirmation.is_decision_extended or confirmation.decide_due_at is None:
        raise InvalidState(
            "审查期限只能延长一次", "the decision period extends once", code="already_extended"
        )
    before = confirmation.decide_due_at
    confirmation.decide_due_at = workdays.add_calendar_days(
        before, rule_int("COURT_DECIDE_EXTENSION_DAYS")
    ).at
    confirmation.is_decision_extended = True
    confirmation.decide_flagged_at = None
    confirmation.save()
    events.record(
        subject=confirmation.agreement,
        action="confirmation.extend",
        actor=actor,
        before={"decide_due_at": before},
        after={"decide_due_at": confirmation.decide_due_at},
    )
    return confirmation


@transaction.atomic
def confirmation_decide(
    *, actor: User, agreement_id: int, confirmed: bool, note: str = ""
) -> JudicialConfirmation:
    """The ruling: valid (enforceable on non-performance) or the application rejected."""
    confirmation, _ = _lock(actor, agreement_id)
    _require(confirmation, ConfirmationStatus.ACCEPTED, "登记裁定", "record the ruling")
    confirmation.status = ConfirmationStatus.CONFIRMED if confirmed else ConfirmationStatus.REJECTED
    confirmation.decided_at = timezone.now()
    confirmation.result_note = note.strip()
    confirmation.save()
    events.record(
        subject=confirmation.agreement,
        action="confirmation.decide",
        actor=actor,
        after={"status": confirmation.status},
        reason=note,
    )
    return confirmation


@transaction.atomic
def confirmation_waive(*, actor: User, agreement_id: int, note: str = "") -> JudicialConfirmation:
    """The parties decide not to apply; the window is closed without reminders."""
    confirmation, _ = _lock(actor, agreement_id)
    _require(confirmation, ConfirmationStatus.WINDOW_OPEN, "登记不申请", "waive")
    confirmation.status = ConfirmationStatus.WAIVED
    confirmation.result_note = note.strip()
    confirmation.save()
    events.record(subject=confirmation.agreement, action="confirmation.waive", actor=actor, reason=note)
    return confirmation


@transaction.atomic
def performance_record(
    *, actor: User, item_id: int, performed: bool, note: str = "", performed_at: datetime | None = None
) -> PerformanceItem:
    """履行回访: the obligation was performed, or not — then a case opens for the next step
    (enforcement of a confirmed agreement, otherwise litigation: 人民调解法 art. 32)."""
    item = PerformanceItem.objects.select_related("agreement").filter(pk=item_id).first()
    if item is None:
        raise NotFound("履行事项", "performance item")
    mediation = lock_mediation(actor, item.agreement.mediation_id)
    item = PerformanceItem.objects.select_for_update(of=("self",)).get(pk=item_id)
    if item.status in (PerformanceStatus.PERFORMED, PerformanceStatus.NOT_PERFORMED):
        raise InvalidState(
            "该履行事项已登记结果", "the result is recorded already", code="performance_recorded"
        )
    if not performed and not note.strip():
        raise ValidationFailed(
            "请说明未履行情况", "describe the non-performance", code="missing_note", detail={"field": "note"}
        )
    before = events.snapshot(item, "status")
    item.status = PerformanceStatus.PERFORMED if performed else PerformanceStatus.NOT_PERFORMED
    item.performed_at = (performed_at or timezone.now()) if performed else None
    item.note = note.strip()
    item.save()
    events.record(
        subject=item.agreement,
        action="performance.record",
        actor=actor,
        before=before,
        after={"item": item.pk, "status": item.status},
        reason=note,
    )
    if not performed:
        case_link.owe(mediation, f"{case_link.NEXT_STEP}:{item.pk}")
        case_link.sync(mediation=mediation, actor=actor)
    return item
