"""The deadline sweep: reminders (催办), escalation to supervisors (督办) — of cases and of the
co-units' sub-tasks (联动办理) — finality (终结) and recomputing provisional deadlines once a
year's holiday schedule is confirmed.

Each due row is claimed with a conditional UPDATE before anything is done for it, so two sweeps
running at once, or the same sweep run twice, act once per row (STYLE: deadlines are data).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongzhi.cases import deadlines, joint
from gongzhi.cases.enums import (
    HANDLING_STATUSES,
    OPEN_STATUSES,
    AssignmentRole,
    CaseKind,
    CaseStatus,
    NoticeKind,
    ReviewKind,
)
from gongzhi.cases.events import case_event
from gongzhi.cases.models import Assignment, Case
from gongzhi.cases.services.notices import notice_to_supervisors, notice_to_unit
from gongzhi.core import workdays

BATCH = 500
#: A co-unit acts on its sub-task only while the case is in hand (not while it is returned).
SUBTASK_CASE_STATUSES = (CaseStatus.DISPATCHED, CaseStatus.IN_PROGRESS)


@dataclass
class SweepResult:
    accept_reminders: int = 0
    reminders: int = 0
    supervisions: int = 0
    subtask_reminders: int = 0
    subtask_supervisions: int = 0
    finalised: int = 0
    recomputed: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _claim(case_id: int, condition: dict[str, object], changes: dict[str, object]) -> bool:
    return Case.objects.filter(pk=case_id, **condition).update(**changes) == 1


def _remind_acceptance(now: datetime) -> int:
    count = 0
    due = Case.objects.filter(
        status=CaseStatus.REGISTERED,
        accepted_at__isnull=True,
        accept_due_at__lt=now,
        accept_reminded_at__isnull=True,
    ).values_list("pk", flat=True)[:BATCH]
    for case_id in list(due):
        with transaction.atomic():
            if not _claim(
                case_id,
                {"accept_reminded_at__isnull": True, "accepted_at__isnull": True},
                {"accept_reminded_at": now},
            ):
                continue
            case = Case.objects.select_related("intake_unit").get(pk=case_id)
            notice_to_unit(
                case=case,
                unit=case.intake_unit,
                kind=NoticeKind.REMINDER,
                title="受理超期催办",
                body=f"事项「{case.subject}」已超过受理期限，请尽快作出受理决定。",
            )
            case_event(
                case=case,
                actor=None,
                action="case.accept_remind",
                after={"accept_due_at": case.accept_due_at},
            )
            count += 1
    return count


def _remind_overdue(now: datetime) -> int:
    count = 0
    due = Case.objects.filter(
        status__in=HANDLING_STATUSES, due_at__lt=now, reminded_at__isnull=True
    ).values_list("pk", "due_at")[:BATCH]
    for case_id, due_at in list(due):
        if due_at is None:
            continue
        with transaction.atomic():
            if not _claim(
                case_id,
                {"reminded_at__isnull": True, "due_at": due_at},
                {"reminded_at": now, "supervise_at": deadlines.supervise_time(due_at)},
            ):
                continue
            case = Case.objects.select_related("lead_unit").get(pk=case_id)
            notice_to_unit(
                case=case,
                unit=case.lead_unit,
                kind=NoticeKind.REMINDER,
                title="催办通知",
                body=f"事项「{case.subject}」已超过办理期限，请立即办理并答复。",
            )
            case_event(case=case, actor=None, action="case.remind", after={"due_at": due_at})
            # Issue 4 hook — the one call from the domain into the API layer (allowed by a named
            # exception in the import-linter contract): partner webhooks hear "case.overdue";
            # the sends are queued after this claim commits and can never roll it back.
            from gongzhi.api.webhooks import case_overdue

            case_overdue(case=case)
            count += 1
    return count


def _supervise(now: datetime) -> int:
    count = 0
    due = Case.objects.filter(
        status__in=HANDLING_STATUSES, supervise_at__lt=now, supervised_at__isnull=True
    ).values_list("pk", flat=True)[:BATCH]
    for case_id in list(due):
        with transaction.atomic():
            if not _claim(case_id, {"supervised_at__isnull": True}, {"supervised_at": now}):
                continue
            case = Case.objects.select_related("lead_unit").get(pk=case_id)
            notice_to_supervisors(
                case=case,
                kind=NoticeKind.SUPERVISION,
                title="超期督办",
                body=f"事项「{case.subject}」超期未办结，已提交督办员督办。",
            )
            case_event(case=case, actor=None, action="case.supervise_auto", after={"supervised_at": now})
            count += 1
    return count


def _open_subtasks() -> QuerySet[Assignment]:
    """Co-unit sub-tasks still to answer, on a case the co-unit can act on (``cases/joint.py``)."""
    return Assignment.objects.filter(
        role=AssignmentRole.CO,
        is_active=True,
        status__in=joint.SUBTASK_OPEN_STATUSES,
        case__status__in=SUBTASK_CASE_STATUSES,
    )


def _remind_overdue_subtasks(now: datetime) -> int:
    """催办 of a co-unit whose sub-task is overdue: once per sub-task deadline (联动办理)."""
    count = 0
    due = (
        _open_subtasks().filter(due_at__lt=now, reminded_at__isnull=True).values_list("pk", "due_at")[:BATCH]
    )
    for assignment_id, due_at in list(due):
        if due_at is None:
            continue
        with transaction.atomic():
            claimed = (
                _open_subtasks()
                .filter(pk=assignment_id, reminded_at__isnull=True, due_at=due_at)
                .update(reminded_at=now, supervise_at=deadlines.supervise_time(due_at))
            )
            if claimed != 1:
                continue
            assignment = Assignment.objects.select_related("case", "unit").get(pk=assignment_id)
            case = assignment.case
            notice_to_unit(
                case=case,
                unit=assignment.unit,
                kind=NoticeKind.REMINDER,
                title="协办催办通知",
                body=f"事项「{case.subject}」的协办任务已超过期限，请立即反馈协办意见。",
            )
            case_event(
                case=case,
                actor=None,
                action="subtask.remind",
                after={"unit": assignment.unit.code, "due_at": due_at},
            )
            count += 1
    return count


def _supervise_subtasks(now: datetime) -> int:
    """督办 of a sub-task still open ``SUPERVISE_AFTER_WORKING_DAYS`` after its deadline: once."""
    count = 0
    due = (
        _open_subtasks()
        .filter(supervise_at__lt=now, supervised_at__isnull=True)
        .values_list("pk", flat=True)[:BATCH]
    )
    for assignment_id in list(due):
        with transaction.atomic():
            claimed = (
                _open_subtasks()
                .filter(pk=assignment_id, supervised_at__isnull=True)
                .update(supervised_at=now)
            )
            if claimed != 1:
                continue
            assignment = Assignment.objects.select_related("case", "unit").get(pk=assignment_id)
            case = assignment.case
            notice_to_supervisors(
                case=case,
                kind=NoticeKind.SUPERVISION,
                title="协办超期督办",
                body=f"事项「{case.subject}」的协办单位{assignment.unit.name}超期未反馈，已提交督办员督办。",
            )
            case_event(
                case=case,
                actor=None,
                action="subtask.supervise_auto",
                after={"unit": assignment.unit.code, "supervised_at": now},
            )
            count += 1
    return count


def _finalise(now: datetime) -> int:
    """处理终结 (浙江省信访条例 art. 24 (2)): no 复查/复核 asked within the window after the answer."""
    count = 0
    due = Case.objects.filter(
        kind=CaseKind.PETITION,
        status__in=[CaseStatus.REPLIED, CaseStatus.CLOSED],
        review_window_ends_at__lt=now,
    ).values_list("pk", flat=True)[:BATCH]
    for case_id in list(due):
        with transaction.atomic():
            if not _claim(
                case_id,
                {"status__in": [CaseStatus.REPLIED, CaseStatus.CLOSED], "review_window_ends_at__lt": now},
                {"status": CaseStatus.FINAL, "finalised_at": now, "review_window_ends_at": None},
            ):
                continue
            case = Case.objects.get(pk=case_id)
            if case.closed_at is None:
                Case.objects.filter(pk=case_id).update(closed_at=now, resolved_level=case.level)
            case_event(
                case=case,
                actor=None,
                action="case.finalise",
                after={"status": CaseStatus.FINAL, "review_stage": case.review_stage or ReviewKind.REVIEW},
            )
            count += 1
    return count


def _recompute_provisional(now: datetime) -> int:
    """Deadlines computed on a year without a confirmed schedule are recomputed once it has one."""
    count = 0
    candidates = Case.objects.filter(status__in=OPEN_STATUSES).filter(
        is_due_provisional=True
    ) | Case.objects.filter(status=CaseStatus.REGISTERED, is_accept_due_provisional=True)
    for case in candidates.only(
        "pk",
        "due_base_at",
        "due_days",
        "due_at",
        "is_due_provisional",
        "registered_at",
        "urgency",
        "accept_due_at",
        "is_accept_due_provisional",
    )[: BATCH * 4]:
        changes: dict[str, object] = {}
        if case.is_due_provisional and case.due_base_at is not None:
            due = deadlines.handling_deadline(case.due_base_at, case.due_days)
            if due.at != case.due_at or not due.is_provisional:
                changes |= {
                    "due_at": due.at,
                    "is_due_provisional": due.is_provisional,
                    "warn_at": deadlines.warn_time(due.at),
                }
        if case.is_accept_due_provisional:
            accept = deadlines.accept_deadline(case.registered_at, urgency=case.urgency)
            if accept.at != case.accept_due_at or not accept.is_provisional:
                changes |= {"accept_due_at": accept.at, "is_accept_due_provisional": accept.is_provisional}
        if not changes:
            continue
        with transaction.atomic():
            if not _claim(case.pk, {"due_at": case.due_at, "accept_due_at": case.accept_due_at}, changes):
                continue
            case_event(
                case=case,
                actor=None,
                action="case.deadline_recompute",
                before={"due_at": case.due_at, "accept_due_at": case.accept_due_at},
                after=changes,
                reason="节假日安排已确认 / holiday schedule confirmed",
            )
            count += 1
    return count


def sweep_run(*, now: datetime | None = None) -> SweepResult:
    """Process everything due at ``now`` once. Running it again changes nothing."""
    now = now or timezone.now()
    workdays.invalidate_cache()
    result = SweepResult()
    result.recomputed = _recompute_provisional(now)
    result.accept_reminders = _remind_acceptance(now)
    result.reminders = _remind_overdue(now)
    result.supervisions = _supervise(now)
    result.subtask_reminders = _remind_overdue_subtasks(now)
    result.subtask_supervisions = _supervise_subtasks(now)
    result.finalised = _finalise(now)
    return result
