"""破题: monthly progress reports, evidence, the completion review and the evaluation.

1. While a project is 破题中 its team files one report a month: a reading of every target, the
   milestones reached, difficulties and, if needed, a help request. A report resolves the
   "no report" flag of its month; a milestone reached resolves its "missed milestone" flag.
2. The owner asks for the completion review with a summary. County key projects are accepted by
   the organisers, the others by their cluster's coordinators, who record the outcome (solved,
   partly solved, not solved) or send it back to 破题中 with a reason.
3. The organisers score an accepted project (0–100), which closes it: 已评价.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongzhi.campaigns import access, events
from gongzhi.campaigns.enums import (
    EvidenceKind,
    FlagKind,
    NoticeKind,
    ProjectLevel,
    ProjectOutcome,
    ProjectStatus,
)
from gongzhi.campaigns.models import Evidence, Flag, Milestone, ProgressReport, Project, TargetReading
from gongzhi.campaigns.services._common import (
    coordinators,
    lock_project,
    month_start,
    notify,
    organisers,
    report_due,
    require_owner,
    require_status,
    require_team,
    require_text,
    today,
)
from gongzhi.campaigns.services.help import HelpInput, help_request_open
from gongzhi.cases.services.attachments import sniff_content_type
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.org.models import User

EVIDENCE_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")


def first_report_period(project: Project) -> date:
    defined = today(project.defined_at) if project.defined_at else project.planned_start
    return month_start(max(defined, project.planned_start))


@dataclass(frozen=True)
class ReportResult:
    report: ProgressReport
    resolved_flags: int


@transaction.atomic
def progress_report_file(
    *,
    actor: User,
    project_id: int,
    period: date,
    summary: str,
    readings: dict[int, Decimal],
    milestones_reached: dict[int, date] | None = None,
    difficulties: str = "",
    help_needed: HelpInput | None = None,
) -> ReportResult:
    """File the monthly report of ``period`` (the first day of the month reported on)."""
    project = lock_project(actor, project_id)
    require_team(actor, project)
    require_status(project, (ProjectStatus.SOLVING,), action_zh="报送进展", action_en="report on")
    summary = require_text(summary, field="summary", label_zh="本月进展", label_en="summary", min_length=5)
    now = timezone.now()
    if period.day != 1 or period > month_start(today(now)) or period < first_report_period(project):
        raise ValidationFailed(
            "报送月份须为项目定题以来、不晚于本月的月份",
            "the period must be a month since the definition, not in the future",
            code="bad_period",
            detail={"field": "period"},
        )
    if ProgressReport.objects.filter(project=project, period=period).exists():
        raise ValidationFailed(
            f"{period:%Y年%m月}的进展已报送",
            "this month was already reported",
            code="report_exists",
            detail={"field": "period"},
        )
    targets = {target.pk: target for target in project.targets.all()}
    missing = [target.name for pk, target in targets.items() if pk not in readings]
    unknown = [pk for pk in readings if pk not in targets]
    if missing or unknown:
        raise ValidationFailed(
            "请填写每个目标指标的本月数值",
            "give a value for every target of the project",
            code="readings_incomplete",
            detail={"field": "readings", "missing": missing},
        )
    reached = milestones_reached or {}
    milestones = {m.pk: m for m in project.milestones.filter(pk__in=list(reached), reached_on__isnull=True)}
    if len(milestones) != len(reached):
        raise ValidationFailed(
            "所选节点不属于本项目或已完成",
            "milestones must be open milestones of the project",
            code="bad_milestones",
            detail={"field": "milestones"},
        )
    if any(day > today(now) for day in reached.values()):
        raise ValidationFailed(
            "完成日期不能晚于今天",
            "a milestone cannot be reached in the future",
            code="future_date",
            detail={"field": "milestones"},
        )
    report = ProgressReport.objects.create(
        project=project,
        period=period,
        filed_by=actor,
        filed_at=now,
        summary=summary,
        difficulties=difficulties.strip(),
        help_needed=help_needed.question.strip() if help_needed else "",
        is_late=now >= report_due(period),
    )
    TargetReading.objects.bulk_create(
        TargetReading(report=report, target_id=pk, value=value) for pk, value in readings.items()
    )
    latest = ProgressReport.objects.filter(project=project).aggregate(latest=Max("period"))["latest"]
    if latest == period:
        for pk, value in readings.items():
            target = targets[pk]
            target.current = value
            target.save(update_fields=["current", "updated_at"])
    for pk, milestone in milestones.items():
        milestone.reached_on = reached[pk]
        milestone.save(update_fields=["reached_on", "updated_at"])
    resolved = Flag.objects.filter(
        project=project, kind=FlagKind.NO_REPORT, period=period, resolved_at__isnull=True
    ).update(resolved_at=now, resolution="已补报进展")
    resolved += Flag.objects.filter(
        kind=FlagKind.MISSED_MILESTONE, milestone_id__in=list(milestones), resolved_at__isnull=True
    ).update(resolved_at=now, resolution="节点已完成")
    events.record(
        subject=project,
        action="project.report",
        actor=actor,
        after={
            "period": period,
            "readings": {str(k): v for k, v in readings.items()},
            "milestones": list(milestones),
            "is_late": report.is_late,
            "resolved_flags": resolved,
        },
    )
    if help_needed is not None:
        help_request_open(actor=actor, project=project, help_input=help_needed, report=report)
    return ReportResult(report=report, resolved_flags=resolved)


@transaction.atomic
def milestone_reach(*, actor: User, milestone_id: int, reached_on: date, note: str = "") -> Milestone:
    """Mark one milestone reached between reports (it resolves its flag)."""
    project_id = Milestone.objects.filter(pk=milestone_id).values_list("project_id", flat=True).first()
    if project_id is None:
        raise NotFound("节点", "milestone")
    project = lock_project(actor, project_id)
    milestone = Milestone.objects.get(pk=milestone_id)
    require_team(actor, project)
    require_status(project, (ProjectStatus.SOLVING,), action_zh="完成节点", action_en="reach a milestone of")
    if milestone.reached_on is not None:
        raise ValidationFailed("节点已完成", "the milestone is already reached", code="milestone_reached")
    if reached_on > today():
        raise ValidationFailed(
            "完成日期不能晚于今天", "not in the future", code="future_date", detail={"field": "reached_on"}
        )
    milestone.reached_on = reached_on
    milestone.reached_note = note.strip()[:200]
    milestone.save(update_fields=["reached_on", "reached_note", "updated_at"])
    Flag.objects.filter(kind=FlagKind.MISSED_MILESTONE, milestone=milestone, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolution="节点已完成"
    )
    events.record(
        subject=project,
        action="project.milestone_reach",
        actor=actor,
        after={"milestone": milestone.pk, "reached_on": reached_on, "on_time": milestone.is_on_time},
    )
    return milestone


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    project_id: int,
    title: str,
    upload: UploadedFile | None = None,
    url: str = "",
    note: str = "",
    milestone_id: int | None = None,
) -> Evidence:
    """Evidence: a file (an image or a PDF, checked by its bytes), a link or a note."""
    project = lock_project(actor, project_id)
    require_team(actor, project)
    require_status(
        project,
        (ProjectStatus.SOLVING, ProjectStatus.COMPLETION_REVIEW, ProjectStatus.COMPLETED),
        action_zh="添加佐证材料",
        action_en="add evidence to",
    )
    title = require_text(title, field="title", label_zh="材料名称", label_en="title")
    if milestone_id is not None and not project.milestones.filter(pk=milestone_id).exists():
        raise ValidationFailed(
            "节点不属于本项目", "unknown milestone", code="bad_milestone", detail={"field": "milestone"}
        )
    evidence = Evidence(
        project=project, milestone_id=milestone_id, title=title, added_by=actor, note=note.strip()
    )
    if upload is not None:
        size = upload.size or 0
        if size == 0 or size > int(settings.ATTACHMENT_MAX_BYTES):
            raise ValidationFailed(
                "文件为空或过大",
                "the file is empty or too large",
                code="bad_file_size",
                detail={"field": "file"},
            )
        upload.seek(0)
        content_type = sniff_content_type(upload.read(32))
        upload.seek(0)
        if content_type not in EVIDENCE_TYPES:
            raise ValidationFailed(
                "只能上传图片或 PDF",
                "only images or PDF files",
                code="bad_file_type",
                detail={"field": "file"},
            )
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        evidence.kind = EvidenceKind.PHOTO if content_type.startswith("image/") else EvidenceKind.DOCUMENT
        evidence.content_type = content_type
        evidence.size = size
        evidence.sha256 = digest.hexdigest()
        evidence.original_name = PurePath(upload.name or "file").name[:200]
        evidence.file.save(
            f"{digest.hexdigest()[:16]}{PurePath(upload.name or '').suffix[:8]}", upload, save=False
        )
    elif url.strip():
        if not url.strip().lower().startswith(("http://", "https://")):
            raise ValidationFailed(
                "链接须以 http(s) 开头", "links must be http(s)", code="bad_url", detail={"field": "url"}
            )
        evidence.kind = EvidenceKind.LINK
        evidence.url = url.strip()[:200]
    elif evidence.note:
        evidence.kind = EvidenceKind.NOTE
    else:
        raise ValidationFailed(
            "请上传文件、填写链接或说明", "give a file, a link or a note", code="empty_evidence"
        )
    evidence.save()
    events.record(
        subject=project,
        action="project.evidence_add",
        actor=actor,
        after={"evidence": evidence.pk, "kind": evidence.kind, "title": title, "sha256": evidence.sha256},
    )
    return evidence


def _reviewers(project: Project) -> list[User]:
    return organisers(project.campaign_id) if project.level == ProjectLevel.COUNTY else coordinators(project)


@transaction.atomic
def project_request_completion(*, actor: User, project_id: int, summary: str) -> Project:
    project = lock_project(actor, project_id)
    require_owner(actor, project)
    require_status(project, (ProjectStatus.SOLVING,), action_zh="申请验收", action_en="request completion of")
    project.completion_summary = require_text(
        summary, field="summary", label_zh="完成情况", label_en="summary", min_length=5
    )
    project.status = ProjectStatus.COMPLETION_REVIEW
    project.completion_requested_at = timezone.now()
    project.save(update_fields=["status", "completion_summary", "completion_requested_at", "updated_at"])
    events.record(
        subject=project,
        action="project.request_completion",
        actor=actor,
        before={"status": ProjectStatus.SOLVING},
        after={"status": project.status},
    )
    notify(
        _reviewers(project),
        kind=NoticeKind.REVIEW,
        project=project,
        title="破题项目申请验收",
        body=f"破题项目「{project.title}」申请验收，请审核。",
    )
    return project


@transaction.atomic
def project_completion_review(
    *, actor: User, project_id: int, accept: bool, outcome: str = "", reason: str = ""
) -> Project:
    """Accept the project as finished with its outcome, or send it back to 破题中 with a reason."""
    project = lock_project(actor, project_id)
    require_status(project, (ProjectStatus.COMPLETION_REVIEW,), action_zh="验收", action_en="review")
    if not access.is_completion_reviewer(actor, project):
        raise PermissionDenied(
            "县级重点项目由活动组织部门验收，其他项目由片组验收",
            "county key projects are accepted by the organisers, others by their cluster",
            code="not_completion_reviewer",
        )
    now = timezone.now()
    if not accept:
        reason = require_text(reason, field="reason", label_zh="退回理由", label_en="reason")
        # Reports fall due again from this month; the months under review are not flagged.
        period = month_start(today(now))
        project.status = ProjectStatus.SOLVING
        project.return_reason = reason
        project.next_report_period = period
        project.report_due_at = report_due(period)
        project.save(
            update_fields=["status", "return_reason", "next_report_period", "report_due_at", "updated_at"]
        )
        events.record(
            subject=project,
            action="project.completion_review",
            actor=actor,
            before={"status": ProjectStatus.COMPLETION_REVIEW},
            after={"status": project.status, "accept": False},
            reason=reason,
        )
        notify(
            [project.owner],
            kind=NoticeKind.REVIEW,
            project=project,
            title="验收未通过",
            body=f"破题项目「{project.title}」验收未通过，继续破题。理由：{reason}",
        )
        return project
    if outcome not in ProjectOutcome.values:
        raise ValidationFailed(
            "请选择破题结果", "choose the outcome", code="missing_outcome", detail={"field": "outcome"}
        )
    project.status = ProjectStatus.COMPLETED
    project.outcome = outcome
    project.completed_at = now
    project.report_due_at = None
    project.save(update_fields=["status", "outcome", "completed_at", "report_due_at", "updated_at"])
    closed = Flag.objects.filter(project=project, resolved_at__isnull=True).update(
        resolved_at=now, resolution="项目已验收"
    )
    events.record(
        subject=project,
        action="project.completion_review",
        actor=actor,
        before={"status": ProjectStatus.COMPLETION_REVIEW},
        after={"status": project.status, "accept": True, "outcome": outcome, "closed_flags": closed},
        reason=reason.strip(),
    )
    notify(
        [project.owner],
        kind=NoticeKind.REVIEW,
        project=project,
        title="破题项目已验收",
        body=f"破题项目「{project.title}」已通过验收（{project.get_outcome_display()}），请撰写破题案例。",
    )
    return project


@transaction.atomic
def project_evaluate(*, actor: User, project_id: int, score: Decimal, comment: str = "") -> Project:
    """The organisers' evaluation score (0–100), which counts in the cadre evaluation."""
    project = lock_project(actor, project_id)
    require_status(project, (ProjectStatus.COMPLETED,), action_zh="评价", action_en="evaluate")
    access.require_steering(actor, project.campaign)
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationFailed(
            "评分须在 0–100 之间", "the score is 0–100", code="bad_score", detail={"field": "score"}
        )
    project.status = ProjectStatus.EVALUATED
    project.score = score.quantize(Decimal("0.1"))
    project.evaluation_comment = comment.strip()
    project.evaluated_at = timezone.now()
    project.save(update_fields=["status", "score", "evaluation_comment", "evaluated_at", "updated_at"])
    events.record(
        subject=project,
        action="project.evaluate",
        actor=actor,
        before={"status": ProjectStatus.COMPLETED},
        after={"status": project.status, "score": project.score},
        reason=project.evaluation_comment,
    )
    return project
