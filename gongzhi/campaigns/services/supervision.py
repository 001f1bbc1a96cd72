"""督导: the campaign sweep — automatic flags, reminders and escalation.

``campaigns_sweep_run(now=…)`` is called by the worker every minute. Every due row is claimed
with a conditional UPDATE before anything is done for it, so two sweeps at once, or the same sweep
run twice, act once per row (STYLE: deadlines are data).

1. Monthly reports: a project 破题中 whose ``report_due_at`` has passed is claimed by moving
   ``next_report_period``/``report_due_at`` on one month; if the month checked has no report, a
   "no report this month" flag is raised and the owner and the lead unit's heads are reminded.
2. Milestones: an unreached milestone whose date has passed (Asia/Shanghai) is claimed by setting
   ``flagged_at``; a "missed milestone" flag is raised with the same reminders.
3. Escalation: a flag still open at ``escalate_at`` (``CAMPAIGN_ESCALATE_AFTER_DAYS`` after it was
   raised) is claimed by ``escalated_at`` and goes to the cluster's coordinators.
4. Help requests unanswered at ``due_at`` remind their answerers once (``reminded_at``) and tell
   the coordinators; meeting decisions past their date remind their owners once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongzhi.campaigns import events
from gongzhi.campaigns.enums import FlagKind, HelpStatus, NoticeKind, ProjectStatus
from gongzhi.campaigns.models import (
    Flag,
    HelpRequest,
    MeetingDecision,
    Milestone,
    Notice,
    ProgressReport,
    Project,
)
from gongzhi.campaigns.services._common import (
    coordinators,
    escalate_time,
    next_month,
    notify,
    report_due,
    today,
    unit_heads,
)
from gongzhi.campaigns.services.help import help_answerers
from gongzhi.org.models import User

BATCH = 500
MAX_ROUNDS = 24  # catch up at most two years of months per project in one run


@dataclass
class CampaignSweepResult:
    reports_checked: int = 0
    no_report_flags: int = 0
    milestone_flags: int = 0
    escalations: int = 0
    help_reminders: int = 0
    decision_reminders: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _raise_flag(
    project: Project,
    *,
    kind: str,
    now: datetime,
    milestone: Milestone | None = None,
    period: date | None = None,
) -> Flag | None:
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                project=project,
                kind=kind,
                milestone=milestone,
                period=period,
                raised_at=now,
                escalate_at=escalate_time(now),
            )
    except IntegrityError:  # already raised (the unique constraints): nothing twice
        return None
    if kind == FlagKind.NO_REPORT and period is not None:
        due = timezone.localtime(report_due(period))
        what = f"{period:%Y年%m月}的进展未按时报送（应于{due:%m月%d日}前报送）"
    elif milestone is not None:
        what = f"节点「{milestone.title}」已于{milestone.due_on:%m月%d日}到期，尚未完成"
    else:
        what = flag.get_kind_display()
    events.record(
        subject=project,
        action="project.flag",
        actor=None,
        after={
            "flag": flag.pk,
            "kind": kind,
            "period": period,
            "milestone": milestone.pk if milestone else None,
        },
        reason=what,
    )
    notify(
        [project.owner, *unit_heads(project.lead_unit_id)],
        kind=NoticeKind.REMINDER,
        project=project,
        flag=flag,
        title=f"督导提醒：{flag.get_kind_display()}",
        body=f"破题项目「{project.title}」{what}，请抓紧推进并报送。",
    )
    return flag


def _check_reports(now: datetime, result: CampaignSweepResult) -> None:
    for _round in range(MAX_ROUNDS):
        due = list(
            Project.objects.filter(status=ProjectStatus.SOLVING, report_due_at__lte=now)
            .exclude(next_report_period__isnull=True)
            .values_list("pk", "next_report_period")[:BATCH]
        )
        if not due:
            return
        for project_id, period in due:
            if period is None:
                continue
            with transaction.atomic():
                following = next_month(period)
                claimed = Project.objects.filter(
                    pk=project_id, status=ProjectStatus.SOLVING, next_report_period=period
                ).update(next_report_period=following, report_due_at=report_due(following))
                if not claimed:
                    continue
                result.reports_checked += 1
                if ProgressReport.objects.filter(project_id=project_id, period=period).exists():
                    continue
                project = Project.objects.select_related("owner").get(pk=project_id)
                if _raise_flag(project, kind=FlagKind.NO_REPORT, now=now, period=period):
                    result.no_report_flags += 1


def _flag_milestones(now: datetime, result: CampaignSweepResult) -> None:
    due = list(
        Milestone.objects.filter(
            reached_on__isnull=True,
            flagged_at__isnull=True,
            due_on__lt=today(now),
            project__status=ProjectStatus.SOLVING,
        ).values_list("pk", "project_id")[:BATCH]
    )
    for milestone_id, project_id in due:
        with transaction.atomic():
            if not Milestone.objects.filter(
                pk=milestone_id, flagged_at__isnull=True, reached_on__isnull=True
            ).update(flagged_at=now):
                continue
            milestone = Milestone.objects.get(pk=milestone_id)
            project = Project.objects.select_related("owner").get(pk=project_id)
            if _raise_flag(project, kind=FlagKind.MISSED_MILESTONE, now=now, milestone=milestone):
                result.milestone_flags += 1


def _escalate(now: datetime, result: CampaignSweepResult) -> None:
    due = list(
        Flag.objects.filter(
            resolved_at__isnull=True, escalated_at__isnull=True, escalate_at__lte=now
        ).values_list("pk", flat=True)[:BATCH]
    )
    for flag_id in due:
        with transaction.atomic():
            if not Flag.objects.filter(
                pk=flag_id, resolved_at__isnull=True, escalated_at__isnull=True
            ).update(escalated_at=now):
                continue
            flag = Flag.objects.select_related("project", "project__lead_unit", "milestone").get(pk=flag_id)
            project = flag.project
            events.record(
                subject=project, action="project.flag_escalate", actor=None, after={"flag": flag.pk}
            )
            notify(
                coordinators(project),
                kind=NoticeKind.ESCALATION,
                project=project,
                flag=flag,
                title=f"督导上报：{flag.get_kind_display()}",
                body=(
                    f"{project.lead_unit}的破题项目「{project.title}」（负责人{project.owner}）"
                    f"{flag.get_kind_display()}，提醒后{timezone.localtime(flag.raised_at):%m月%d日}至今仍未解决，"
                    "请片组督导。"
                ),
            )
            result.escalations += 1


def _remind_help(now: datetime, result: CampaignSweepResult) -> None:
    due = list(
        HelpRequest.objects.filter(
            status=HelpStatus.OPEN, due_at__lte=now, reminded_at__isnull=True
        ).values_list("pk", flat=True)[:BATCH]
    )
    for help_id in due:
        with transaction.atomic():
            if not HelpRequest.objects.filter(
                pk=help_id, status=HelpStatus.OPEN, reminded_at__isnull=True
            ).update(reminded_at=now):
                continue
            item = HelpRequest.objects.select_related("project", "project__owner").get(pk=help_id)
            events.record(
                subject=item.project,
                action="project.help_overdue",
                actor=None,
                after={"help_request": item.pk},
            )
            notify(
                [*help_answerers(item), *coordinators(item.project)],
                kind=NoticeKind.HELP_OVERDUE,
                project=item.project,
                help_request=item,
                title="帮扶请求超期未答复",
                body=f"破题项目「{item.project.title}」的帮扶请求（{item.get_level_display()}）已超过答复期限：{item.question}",
            )
            result.help_reminders += 1


def _remind_decisions(now: datetime, result: CampaignSweepResult) -> None:
    due = list(
        MeetingDecision.objects.filter(
            done_at__isnull=True, reminded_at__isnull=True, due_on__lt=today(now)
        ).values_list("pk", flat=True)[:BATCH]
    )
    for decision_id in due:
        with transaction.atomic():
            if not MeetingDecision.objects.filter(
                pk=decision_id, done_at__isnull=True, reminded_at__isnull=True
            ).update(reminded_at=now):
                continue
            decision = MeetingDecision.objects.select_related("owner", "meeting").get(pk=decision_id)
            events.record(
                subject=decision.meeting,
                action="meeting.decision_overdue",
                actor=None,
                after={"decision": decision.pk},
            )
            notify(
                [decision.owner],
                kind=NoticeKind.DECISION_DUE,
                project=decision.project,
                title="会议决定事项已到期",
                body=f"{decision.meeting.title}决定事项「{decision.text}」应于{decision.due_on:%m月%d日}前完成，请落实并反馈。",
            )
            result.decision_reminders += 1


def campaigns_sweep_run(*, now: datetime | None = None) -> CampaignSweepResult:
    """One pass of the campaign sweep (see the module doc); safe to run at any time, any number
    of times, in several processes."""
    now = now or timezone.now()
    result = CampaignSweepResult()
    _check_reports(now, result)
    _flag_milestones(now, result)
    _escalate(now, result)
    _remind_help(now, result)
    _remind_decisions(now, result)
    return result


def notices_mark_read(*, actor: User, notice_ids: list[int] | None = None) -> int:
    """Mark the actor's notices read (all unread ones when no ids are given). Inbox bookkeeping,
    not audited, like a key's last use."""
    unread = Notice.objects.filter(recipient=actor, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    return unread.update(read_at=timezone.now())
