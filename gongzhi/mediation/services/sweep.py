"""The mediation deadline sweep: time limits, judicial-confirmation windows, the court's
periods, and performance deadlines.

Each due row is claimed with a conditional UPDATE before anything is done for it, so two sweeps
running at once, or the same sweep run twice, act once per row (STYLE: deadlines are data).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gongzhi.mediation import events
from gongzhi.mediation.conf import rule_int
from gongzhi.mediation.enums import ConfirmationStatus, MediationStatus, NoticeKind, PerformanceStatus
from gongzhi.mediation.models import JudicialConfirmation, Mediation, PerformanceItem
from gongzhi.mediation.services._common import notice_to_parties, notice_to_party, notice_to_unit
from gongzhi.mediation.services.case_link import organisation_unit

BATCH = 500
OPEN_WITH_CLOCK = (MediationStatus.IN_PROGRESS, MediationStatus.AGREEMENT_PENDING)


@dataclass
class MediationSweepResult:
    due_reminders: int = 0
    confirmation_reminders: int = 0
    confirmation_lapsed: int = 0
    court_accept_overdue: int = 0
    court_decision_overdue: int = 0
    performance_reminders: int = 0
    performance_overdue: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _local(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日}" if moment else ""


def _due_reminders(now: datetime) -> int:
    warn = timedelta(days=rule_int("MEDIATION_DUE_WARN_DAYS"))
    count = 0
    due = Mediation.objects.filter(
        status__in=OPEN_WITH_CLOCK, due_at__lte=now + warn, due_reminded_at__isnull=True
    ).values_list("pk", flat=True)[:BATCH]
    for mediation_id in list(due):
        with transaction.atomic():
            if not Mediation.objects.filter(
                pk=mediation_id, due_reminded_at__isnull=True, status__in=OPEN_WITH_CLOCK
            ).update(due_reminded_at=now):
                continue
            mediation = Mediation.objects.select_related("organisation__unit", "organisation__host_unit").get(
                pk=mediation_id
            )
            overdue = mediation.due_at is not None and mediation.due_at < now
            notice_to_unit(
                mediation=mediation,
                unit=organisation_unit(mediation.organisation),
                kind=NoticeKind.DUE_REMINDER,
                title="调解已超期" if overdue else "调解期限将至",
                body=(
                    f"纠纷「{mediation.subject}」的调解期限为{_local(mediation.due_at)}。请在期限内结案；"
                    "当事人同意的可以延长，未能达成协议的应当终止调解并告知其他救济途径。"
                ),
                flagged=overdue,
            )
            events.record(
                subject=mediation,
                action="mediation.due_remind",
                actor=None,
                after={"due_at": mediation.due_at},
            )
            count += 1
    return count


def _confirmation_reminders(now: datetime) -> int:
    count = 0
    due = JudicialConfirmation.objects.filter(
        status=ConfirmationStatus.WINDOW_OPEN,
        remind_at__lte=now,
        reminded_at__isnull=True,
        window_ends_at__gte=now,
    ).values_list("pk", flat=True)[:BATCH]
    for confirmation_id in list(due):
        with transaction.atomic():
            if not JudicialConfirmation.objects.filter(
                pk=confirmation_id, status=ConfirmationStatus.WINDOW_OPEN, reminded_at__isnull=True
            ).update(reminded_at=now):
                continue
            confirmation = JudicialConfirmation.objects.select_related("agreement__mediation").get(
                pk=confirmation_id
            )
            mediation = confirmation.agreement.mediation
            notice_to_parties(
                mediation=mediation,
                kind=NoticeKind.CONFIRMATION_REMINDER,
                title="司法确认申请期限提醒",
                body=(
                    f"调解协议（{confirmation.agreement.number}）自生效之日起30日内，双方当事人可以共同向人民法院"
                    f"申请司法确认，期限至{_local(confirmation.window_ends_at)}。经确认的协议，一方不履行的，"
                    "对方可以申请强制执行（人民调解法第三十三条）。人民法院不收取费用。"
                ),
            )
            events.record(subject=confirmation.agreement, action="confirmation.remind", actor=None)
            count += 1
    return count


def _confirmation_lapse(now: datetime) -> int:
    count = 0
    due = JudicialConfirmation.objects.filter(
        status=ConfirmationStatus.WINDOW_OPEN, window_ends_at__lt=now
    ).values_list("pk", flat=True)[:BATCH]
    for confirmation_id in list(due):
        with transaction.atomic():
            if not JudicialConfirmation.objects.filter(
                pk=confirmation_id, status=ConfirmationStatus.WINDOW_OPEN, window_ends_at__lt=now
            ).update(status=ConfirmationStatus.LAPSED):
                continue
            confirmation = JudicialConfirmation.objects.select_related("agreement").get(pk=confirmation_id)
            events.record(subject=confirmation.agreement, action="confirmation.lapse", actor=None)
            count += 1
    return count


def _court_overdue(now: datetime, *, stage: str) -> int:
    """The court's acceptance (3 days) or decision (15/+10 days) is overdue: flag it once."""
    if stage == "accept":
        status, due_field, flag_field, title = (
            ConfirmationStatus.APPLIED,
            "accept_due_at",
            "accept_flagged_at",
            "法院立案期限已过",
        )
    else:
        status, due_field, flag_field, title = (
            ConfirmationStatus.ACCEPTED,
            "decide_due_at",
            "decide_flagged_at",
            "法院审查期限已过",
        )
    count = 0
    due = JudicialConfirmation.objects.filter(
        status=status, **{f"{due_field}__lt": now, f"{flag_field}__isnull": True}
    ).values_list("pk", flat=True)[:BATCH]
    for confirmation_id in list(due):
        with transaction.atomic():
            if not JudicialConfirmation.objects.filter(
                pk=confirmation_id, status=status, **{f"{flag_field}__isnull": True}
            ).update(**{flag_field: now}):
                continue
            confirmation = JudicialConfirmation.objects.select_related(
                "agreement__mediation__organisation__unit", "agreement__mediation__organisation__host_unit"
            ).get(pk=confirmation_id)
            mediation = confirmation.agreement.mediation
            notice_to_unit(
                mediation=mediation,
                unit=organisation_unit(mediation.organisation),
                kind=NoticeKind.COURT_OVERDUE,
                title=title,
                body=(
                    f"调解协议（{confirmation.agreement.number}）的司法确认申请已向{confirmation.court_name}提出，"
                    f"{title}（{_local(getattr(confirmation, due_field))}），请与法院联系了解进展。"
                ),
            )
            events.record(subject=confirmation.agreement, action=f"confirmation.{stage}_overdue", actor=None)
            count += 1
    return count


def _performance_reminders(now: datetime) -> int:
    count = 0
    due = PerformanceItem.objects.filter(
        status=PerformanceStatus.PENDING, remind_at__lte=now, reminded_at__isnull=True, overdue_at__gte=now
    ).values_list("pk", flat=True)[:BATCH]
    for item_id in list(due):
        with transaction.atomic():
            if not PerformanceItem.objects.filter(
                pk=item_id, status=PerformanceStatus.PENDING, reminded_at__isnull=True
            ).update(reminded_at=now):
                continue
            item = PerformanceItem.objects.select_related("agreement__mediation", "obligor").get(pk=item_id)
            mediation = item.agreement.mediation
            body = (
                f"调解协议（{item.agreement.number}）约定：{item.description}，履行期限为"
                f"{item.due_date:%Y年%m月%d日}。调解协议具有法律约束力，当事人应当按照约定履行（人民调解法第三十一条）。"
            )
            if item.obligor is not None:
                notice_to_party(
                    mediation=mediation,
                    party=item.obligor,
                    kind=NoticeKind.PERFORMANCE_REMINDER,
                    title="履行期限提醒",
                    body=body,
                )
            else:
                notice_to_parties(
                    mediation=mediation, kind=NoticeKind.PERFORMANCE_REMINDER, title="履行期限提醒", body=body
                )
            events.record(
                subject=item.agreement, action="performance.remind", actor=None, after={"item": item.pk}
            )
            count += 1
    return count


def _performance_overdue(now: datetime) -> int:
    """The deadline passed with no result on record: the mediator is asked to follow up (回访)."""
    count = 0
    due = PerformanceItem.objects.filter(
        status=PerformanceStatus.PENDING, overdue_at__lt=now, overdue_flagged_at__isnull=True
    ).values_list("pk", flat=True)[:BATCH]
    for item_id in list(due):
        with transaction.atomic():
            if not PerformanceItem.objects.filter(
                pk=item_id, status=PerformanceStatus.PENDING, overdue_flagged_at__isnull=True
            ).update(overdue_flagged_at=now, status=PerformanceStatus.OVERDUE):
                continue
            item = PerformanceItem.objects.select_related(
                "agreement__mediation__organisation__unit", "agreement__mediation__organisation__host_unit"
            ).get(pk=item_id)
            mediation = item.agreement.mediation
            notice_to_unit(
                mediation=mediation,
                unit=organisation_unit(mediation.organisation),
                kind=NoticeKind.PERFORMANCE_OVERDUE,
                title="履行期限已到，请回访",
                body=(
                    f"调解协议（{item.agreement.number}）约定的“{item.description}”已于{item.due_date:%Y年%m月%d日}到期，"
                    "请回访当事人并登记履行情况；未履行的将转入下一步处理。"
                ),
            )
            events.record(
                subject=item.agreement, action="performance.overdue", actor=None, after={"item": item.pk}
            )
            count += 1
    return count


def mediation_sweep_run(*, now: datetime | None = None) -> MediationSweepResult:
    """Process everything due at ``now`` once. Running it again changes nothing."""
    now = now or timezone.now()
    result = MediationSweepResult()
    result.due_reminders = _due_reminders(now)
    result.confirmation_reminders = _confirmation_reminders(now)
    result.confirmation_lapsed = _confirmation_lapse(now)
    result.court_accept_overdue = _court_overdue(now, stage="accept")
    result.court_decision_overdue = _court_overdue(now, stage="decide")
    result.performance_reminders = _performance_reminders(now)
    result.performance_overdue = _performance_overdue(now)
    return result
