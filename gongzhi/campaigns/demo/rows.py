"""Rows of the generated campaign collected in memory and written in bulk, and its help requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from gongzhi.campaigns.conf import help_answer_days
from gongzhi.campaigns.demo.texts import HELP_ANSWERS, HELP_QUESTIONS
from gongzhi.campaigns.enums import HelpLevel, HelpStatus, NoticeKind, NoticeStatus
from gongzhi.campaigns.models import (
    Flag,
    HelpRequest,
    Milestone,
    Notice,
    ProgressReport,
    Project,
    Target,
    TargetReading,
)
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User

if TYPE_CHECKING:
    from gongzhi.campaigns.demo.projects import Year


@dataclass
class Rows:
    """Everything to insert, collected first and written in bulk."""

    events: list[AuditEvent] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def event(
        self, project: Project, at: datetime, action: str, actor: User | None, reason: str = "", **after: Any
    ) -> None:
        self.events.append(
            AuditEvent(
                occurred_at=at,
                actor=actor,
                actor_label=str(actor) if actor else "系统",
                subject_type="campaigns.project",
                subject_id=project.pk,
                action=action,
                after={**after, "generated": True},
                reason=reason,
            )
        )

    def notice(
        self, user: User, at: datetime, kind: str, title: str, body: str, now: datetime, **links: Any
    ) -> None:
        self.notices.append(
            Notice(
                recipient=user,
                kind=kind,
                title=title[:100],
                body=body,
                status=NoticeStatus.SENT,
                delivered_at=at,
                delivery_detail="演示数据",
                read_at=at + timedelta(days=2) if at < now - timedelta(days=7) else None,
                **links,
            )
        )


def help_requests(year: Year, defined: list[Project]) -> list[HelpRequest]:
    rng, cast = year.rng, year.cast
    items = []
    for project in rng.sample(defined, len(defined) // 4):
        start = (project.defined_at or year.now) + timedelta(days=20)
        end = project.completed_at or year.now - timedelta(days=1)
        if end <= start:
            continue
        asked = start + (end - start) * rng.random()
        level = rng.choices((HelpLevel.UNIT, HelpLevel.CLUSTER, HelpLevel.COUNTY), (5, 4, 2))[0]
        answerer = {
            HelpLevel.UNIT: cast.heads[project.lead_unit_id],
            HelpLevel.CLUSTER: cast.coordinators[project.cluster_id],
            HelpLevel.COUNTY: cast.leader,
        }[level]
        due = asked + timedelta(days=help_answer_days(level))
        item = HelpRequest(
            project=project,
            level=level,
            question=rng.choice(HELP_QUESTIONS),
            asked_by=project.owner,
            asked_at=asked,
            due_at=due,
        )
        answered = asked + timedelta(days=rng.uniform(0.5, help_answer_days(level) + 4))
        if answered < year.now and rng.random() < 0.88:
            item.status, item.answer, item.answered_by, item.answered_at = (
                HelpStatus.ANSWERED,
                rng.choice(HELP_ANSWERS),
                answerer,
                answered,
            )
            if answered + timedelta(days=3) < year.now and rng.random() < 0.75:
                item.status, item.closed_at, item.is_resolved = (
                    HelpStatus.CLOSED,
                    answered + timedelta(days=3),
                    rng.random() < 0.85,
                )
        if due <= min(year.now, item.answered_at or year.now):
            item.reminded_at = due
        items.append(item)
        year.rows.event(project, asked, "project.help_request", project.owner, item.question, level=level)
        year.rows.notice(
            answerer,
            asked,
            NoticeKind.HELP_REQUEST,
            f"帮扶请求（{item.get_level_display()}）",
            item.question,
            year.now,
            project=project,
        )
        if item.answered_at:
            year.rows.event(project, item.answered_at, "project.help_answer", answerer, item.answer)
    HelpRequest.objects.bulk_create(items, batch_size=500)
    return items


def write(year: Year, projects: list[Project], created: dict[int, dict[str, list[Any]]]) -> None:
    """Write the collected rows: targets, milestones, reports, readings, flags, events, notices."""
    Project.objects.bulk_update(
        projects,
        [
            "status",
            "level",
            "submitted_at",
            "defined_at",
            "planned_start",
            "completion_requested_at",
            "completed_at",
            "evaluated_at",
            "outcome",
            "score",
            "evaluation_comment",
            "completion_summary",
            "return_reason",
            "next_report_period",
            "report_due_at",
        ],
        batch_size=500,
    )
    Target.objects.bulk_create([t for c in created.values() for t in c.get("targets", [])], batch_size=1000)
    Milestone.objects.bulk_create(
        [m for c in created.values() for m in c.get("milestones", [])], batch_size=1000
    )
    ProgressReport.objects.bulk_create(
        [r for c in created.values() for r in c.get("reports", [])], batch_size=1000
    )
    TargetReading.objects.bulk_create(
        [
            TargetReading(report=r, target=t, value=v)
            for c in created.values()
            for r, t, v in c.get("readings", [])
        ],
        batch_size=2000,
    )
    Target.objects.bulk_update(
        [t for c in created.values() for t in c.get("targets", [])], ["current"], batch_size=1000
    )
    flags = [f for c in created.values() for f in c.get("flags", [])]
    for flag in flags:
        flag.milestone_id = flag.milestone.pk if flag.milestone is not None else None
    Flag.objects.bulk_create(flags, batch_size=1000)
    AuditEvent.objects.bulk_create(year.rows.events, batch_size=2000)


def write_notices(year: Year) -> None:
    Notice.objects.bulk_create(year.rows.notices, batch_size=2000)
