"""选题 → 定题: proposing a project, the reviews at unit and cluster, and the definition.

1. The owner (a section chief of a participating unit) drafts the project and submits it; the
   submission needs the three criteria ticked (小切口、有难度、能落实), at least one measurable
   target and at least one milestone.
2. The heads of the partner units of a joint project confirm taking part; then the head of the
   lead unit approves or sends it back with a reason.
3. The cluster's coordinators approve or send it back; the organisers define it (定题), and may
   set its level (e.g. make it a county key project), or send it back. Defined, it is 破题中.
A project sent back returns to its owner with the reason, to revise and submit again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.campaigns import access, events
from gongzhi.campaigns.conf import rule_int
from gongzhi.campaigns.enums import (
    PROPOSAL_STATUSES,
    CampaignStatus,
    NoticeKind,
    ProjectLevel,
    ProjectStatus,
    TargetDirection,
)
from gongzhi.campaigns.models import (
    Campaign,
    CampaignUnit,
    Milestone,
    Project,
    ProjectCategory,
    ProjectMember,
    ProjectPartner,
    Target,
)
from gongzhi.campaigns.services._common import (
    coordinators,
    lock_project,
    month_start,
    notify,
    organisers,
    report_due,
    require_owner,
    require_status,
    require_text,
    today,
    unit_heads,
)
from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.org.models import Unit, User


@dataclass(frozen=True)
class TargetInput:
    name: str
    baseline: Decimal
    target: Decimal
    unit_label: str = ""
    measures_time: bool = False


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: date


@dataclass(frozen=True)
class PartnerInput:
    unit: Unit
    task: str = ""


@dataclass(frozen=True)
class ProjectContent:
    """Everything the owner writes in a proposal."""

    title: str
    problem: str
    category: ProjectCategory
    level: str
    planned_start: date
    planned_end: date
    small_entry: bool = False
    difficult: bool = False
    feasible: bool = False
    criteria_note: str = ""
    targets: list[TargetInput] = field(default_factory=list)
    milestones: list[MilestoneInput] = field(default_factory=list)
    partners: list[PartnerInput] = field(default_factory=list)
    team: list[User] = field(default_factory=list)


def _invalid(zh: str, en: str, code: str, field_name: str) -> ValidationFailed:
    return ValidationFailed(zh, en, code=code, detail={"field": field_name})


def _check_content(campaign: Campaign, lead_unit: Unit, owner: User, content: ProjectContent) -> None:
    if content.category.campaign_id != campaign.pk:
        raise _invalid("类别不属于该活动", "category of another campaign", "bad_category", "category")
    if content.level not in ProjectLevel.values:
        raise _invalid("未知项目层级", "unknown level", "bad_level", "level")
    if content.planned_end < content.planned_start:
        raise _invalid(
            "计划完成日期须不早于开始日期", "the end precedes the start", "bad_dates", "planned_end"
        )
    for index, item in enumerate(content.targets):
        require_text(item.name, field="targets", label_zh=f"第{index + 1}个指标名称", label_en="target name")
        if item.target == item.baseline:
            raise _invalid(
                f"指标「{item.name}」的目标值须不同于基线值",
                "a target must differ from its baseline",
                "target_equals_baseline",
                "targets",
            )
    for milestone in content.milestones:
        require_text(milestone.title, field="milestones", label_zh="节点名称", label_en="milestone title")
        if not content.planned_start <= milestone.due_on <= content.planned_end:
            raise _invalid(
                f"节点「{milestone.title}」须在项目计划期内",
                "milestones lie within the planned period",
                "milestone_outside_plan",
                "milestones",
            )
    partner_ids = [p.unit.pk for p in content.partners]
    if lead_unit.pk in partner_ids or len(set(partner_ids)) != len(partner_ids):
        raise _invalid(
            "联合单位不能重复，也不能是牵头单位", "partners repeat the lead unit", "bad_partners", "partners"
        )
    taking_part = set(
        CampaignUnit.objects.filter(campaign=campaign, unit_id__in=partner_ids).values_list(
            "unit_id", flat=True
        )
    )
    outside = [p.unit.name for p in content.partners if p.unit.pk not in taking_part]
    if outside:
        raise ValidationFailed(
            f"联合单位未参加本次活动：{'、'.join(outside)}",
            "partner units must take part in the campaign",
            code="partner_not_participating",
            detail={"field": "partners", "units": outside},
        )
    if any(member.pk == owner.pk for member in content.team):
        raise _invalid("负责人不必列入团队成员", "the owner is not a team member", "owner_in_team", "team")


def _write_content(project: Project, content: ProjectContent) -> None:
    """Replace the project's editable content (targets, milestones, partners, team included)."""
    project.title = require_text(content.title, field="title", label_zh="项目名称", label_en="title")
    project.problem = require_text(
        content.problem, field="problem", label_zh="问题描述", label_en="problem", min_length=10
    )
    project.category = content.category
    project.level = content.level
    project.planned_start = content.planned_start
    project.planned_end = content.planned_end
    project.criterion_small_entry = content.small_entry
    project.criterion_difficult = content.difficult
    project.criterion_feasible = content.feasible
    project.criteria_note = content.criteria_note.strip()
    project.save()
    project.targets.all().delete()
    project.milestones.all().delete()
    project.partners.all().delete()
    project.team.all().delete()
    Target.objects.bulk_create(
        Target(
            project=project,
            order=index,
            name=item.name.strip(),
            unit_label=item.unit_label.strip(),
            baseline=item.baseline,
            target=item.target,
            direction=TargetDirection.INCREASE if item.target > item.baseline else TargetDirection.DECREASE,
            measures_time=item.measures_time,
        )
        for index, item in enumerate(content.targets)
    )
    Milestone.objects.bulk_create(
        Milestone(project=project, order=index, title=item.title.strip(), due_on=item.due_on)
        for index, item in enumerate(content.milestones)
    )
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=project, unit=item.unit, task=item.task.strip()) for item in content.partners
    )
    ProjectMember.objects.bulk_create(ProjectMember(project=project, user=user) for user in content.team)


def _content_after(content: ProjectContent) -> dict[str, object]:
    return {
        "title": content.title,
        "category": content.category.code,
        "level": content.level,
        "criteria": [content.small_entry, content.difficult, content.feasible],
        "targets": len(content.targets),
        "milestones": len(content.milestones),
        "partners": [p.unit.pk for p in content.partners],
    }


@transaction.atomic
def project_propose(
    *, actor: User, campaign: Campaign, lead_unit: Unit, content: ProjectContent, is_generated: bool = False
) -> Project:
    """选题: a section chief drafts a project of their unit (status 选题草拟)."""
    campaign = Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
    if campaign.status != CampaignStatus.ACTIVE:
        raise ValidationFailed("活动已结束", "the campaign is closed", code="campaign_closed")
    participation = CampaignUnit.objects.filter(campaign=campaign, unit=lead_unit).first()
    if participation is None:
        raise _invalid(
            "该单位未参加本次活动", "the unit does not take part", "unit_not_participating", "lead_unit"
        )
    if lead_unit.pk not in access.roles_for(actor, campaign).member_of_units:
        raise PermissionDenied(
            "只能以本人所在单位申报项目", "propose only for a unit you belong to", code="not_unit_member"
        )
    _check_content(campaign, lead_unit, actor, content)
    sequence = Project.objects.filter(campaign=campaign).count() + 1
    project = Project(
        campaign=campaign,
        code=f"PT{campaign.year % 100:02d}{campaign.pk:02d}-{sequence:04d}",
        lead_unit=lead_unit,
        cluster_id=participation.cluster_id,
        owner=actor,
        is_generated=is_generated,
    )
    _write_content(project, content)
    events.record(subject=project, action="project.propose", actor=actor, after=_content_after(content))
    return project


@transaction.atomic
def project_revise(*, actor: User, project_id: int, content: ProjectContent) -> Project:
    """The owner changes a draft or a project sent back; partner confirmations start over."""
    project = lock_project(actor, project_id)
    require_owner(actor, project)
    require_status(
        project, (ProjectStatus.DRAFT, ProjectStatus.RETURNED), action_zh="修改", action_en="revise"
    )
    _check_content(project.campaign, project.lead_unit, actor, content)
    _write_content(project, content)
    events.record(subject=project, action="project.revise", actor=actor, after=_content_after(content))
    return project


@transaction.atomic
def project_submit(*, actor: User, project_id: int) -> Project:
    """Submit for review at the unit: the three criteria, a target and a milestone are required."""
    project = lock_project(actor, project_id)
    require_owner(actor, project)
    require_status(
        project, (ProjectStatus.DRAFT, ProjectStatus.RETURNED), action_zh="提交", action_en="submit"
    )
    if not project.criteria_met:
        raise _invalid(
            "选题须符合“小切口、有难度、能落实”三项标准",
            "the three criteria must all be met",
            "criteria_not_met",
            "criteria",
        )
    if not project.targets.exists():
        raise _invalid(
            "请至少设置一个可量化的目标指标", "add at least one measurable target", "no_targets", "targets"
        )
    if not project.milestones.exists():
        raise _invalid("请至少设置一个时间节点", "add at least one milestone", "no_milestones", "milestones")
    before = project.status
    project.status = ProjectStatus.UNIT_REVIEW
    project.submitted_at = timezone.now()
    project.save(update_fields=["status", "submitted_at", "updated_at"])
    project.partners.update(confirmed_at=None, confirmed_by=None)
    events.record(
        subject=project,
        action="project.submit",
        actor=actor,
        before={"status": before},
        after={"status": project.status},
    )
    recipients = unit_heads(project.lead_unit) + [
        head for partner in project.partners.select_related("unit") for head in unit_heads(partner.unit)
    ]
    notify(
        recipients,
        kind=NoticeKind.REVIEW,
        project=project,
        title="破题项目待审核",
        body=f"{project.owner}申报的破题项目「{project.title}」已提交，请审核（联合项目请确认参与）。",
    )
    return project


@transaction.atomic
def project_withdraw(*, actor: User, project_id: int, reason: str) -> Project:
    project = lock_project(actor, project_id)
    require_owner(actor, project)
    require_status(project, PROPOSAL_STATUSES, action_zh="撤回", action_en="withdraw")
    reason = require_text(reason, field="reason", label_zh="撤回理由", label_en="reason")
    before = project.status
    project.status = ProjectStatus.WITHDRAWN
    project.save(update_fields=["status", "updated_at"])
    events.record(
        subject=project,
        action="project.withdraw",
        actor=actor,
        before={"status": before},
        after={"status": project.status},
        reason=reason,
    )
    return project


def _send_back(project: Project, actor: User, *, action: str, reason: str, reason_zh: str) -> Project:
    before = project.status
    project.status = ProjectStatus.RETURNED
    project.return_reason = reason
    project.save(update_fields=["status", "return_reason", "updated_at"])
    events.record(
        subject=project,
        action=action,
        actor=actor,
        before={"status": before},
        after={"status": project.status, "approve": False},
        reason=reason,
    )
    notify(
        [project.owner],
        kind=NoticeKind.REVIEW,
        project=project,
        title="破题项目退回修改",
        body=f"破题项目「{project.title}」{reason_zh}退回修改，理由：{reason}",
    )
    return project


@transaction.atomic
def project_partner_confirm(
    *, actor: User, project_id: int, unit: Unit, accept: bool, reason: str = ""
) -> Project:
    """A partner unit's head confirms taking part in a joint project, or declines (sent back)."""
    project = lock_project(actor, project_id)
    require_status(project, (ProjectStatus.UNIT_REVIEW,), action_zh="确认参与", action_en="confirm")
    if unit.pk not in access.pending_partner_units(actor, project):
        raise PermissionDenied(
            "只有待确认的联合单位负责人可以确认",
            "only the head of a pending partner unit may confirm",
            code="not_partner_head",
        )
    if not accept:
        reason = require_text(reason, field="reason", label_zh="不参与的理由", label_en="reason")
        return _send_back(
            project,
            actor,
            action="project.partner_decline",
            reason=f"{unit.name}：{reason}",
            reason_zh="因联合单位不同意参与，",
        )
    ProjectPartner.objects.filter(project=project, unit=unit).update(
        confirmed_at=timezone.now(), confirmed_by=actor
    )
    events.record(subject=project, action="project.partner_confirm", actor=actor, after={"unit": unit.pk})
    return project


@transaction.atomic
def project_unit_review(*, actor: User, project_id: int, approve: bool, reason: str = "") -> Project:
    """The lead unit's head approves (to the cluster) or sends back with a reason."""
    project = lock_project(actor, project_id)
    require_status(project, (ProjectStatus.UNIT_REVIEW,), action_zh="单位审核", action_en="review")
    if project.lead_unit_id not in access.roles_for(actor, project.campaign_id).heads_units:
        raise PermissionDenied(
            "只有牵头单位负责人可以审核", "only the lead unit's head may review", code="not_unit_head"
        )
    if not approve:
        reason = require_text(reason, field="reason", label_zh="退回理由", label_en="reason")
        return _send_back(project, actor, action="project.unit_review", reason=reason, reason_zh="经单位审核")
    pending = list(project.partners.filter(confirmed_at__isnull=True).values_list("unit__name", flat=True))
    if pending:
        raise ValidationFailed(
            f"联合单位尚未确认参与：{'、'.join(pending)}",
            "partner units have not confirmed yet",
            code="partners_pending",
            detail={"units": pending},
        )
    project.status = ProjectStatus.CLUSTER_REVIEW
    project.save(update_fields=["status", "updated_at"])
    events.record(
        subject=project,
        action="project.unit_review",
        actor=actor,
        before={"status": ProjectStatus.UNIT_REVIEW},
        after={"status": project.status, "approve": True},
        reason=reason.strip(),
    )
    notify(
        coordinators(project),
        kind=NoticeKind.REVIEW,
        project=project,
        title="破题项目待片组审核",
        body=f"{project.lead_unit}的破题项目「{project.title}」已通过单位审核，请片组审核。",
    )
    return project


@transaction.atomic
def project_cluster_review(*, actor: User, project_id: int, approve: bool, reason: str = "") -> Project:
    """The cluster's coordinators pass the project to the organisers for 定题, or send it back."""
    project = lock_project(actor, project_id)
    require_status(project, (ProjectStatus.CLUSTER_REVIEW,), action_zh="片组审核", action_en="review")
    access.require_cluster_staff(actor, project.cluster)
    if not approve:
        reason = require_text(reason, field="reason", label_zh="退回理由", label_en="reason")
        return _send_back(
            project, actor, action="project.cluster_review", reason=reason, reason_zh="经片组审核"
        )
    project.status = ProjectStatus.DEFINITION
    project.save(update_fields=["status", "updated_at"])
    events.record(
        subject=project,
        action="project.cluster_review",
        actor=actor,
        before={"status": ProjectStatus.CLUSTER_REVIEW},
        after={"status": project.status, "approve": True},
        reason=reason.strip(),
    )
    notify(
        organisers(project.campaign_id),
        kind=NoticeKind.REVIEW,
        project=project,
        title="破题项目待定题",
        body=f"破题项目「{project.title}」已通过{project.cluster}审核，请定题。",
    )
    return project


@transaction.atomic
def project_define(
    *, actor: User, project_id: int, approve: bool, reason: str = "", level: str | None = None
) -> Project:
    """定题: the organisers approve the topic (optionally setting its level) — the project starts
    (破题中) and its monthly reports fall due — or send it back with a reason."""
    project = lock_project(actor, project_id)
    require_status(project, (ProjectStatus.DEFINITION,), action_zh="定题", action_en="define")
    access.require_steering(actor, project.campaign)
    if not approve:
        reason = require_text(reason, field="reason", label_zh="退回理由", label_en="reason")
        return _send_back(project, actor, action="project.define", reason=reason, reason_zh="定题时")
    if level is not None and level not in ProjectLevel.values:
        raise _invalid("未知项目层级", "unknown level", "bad_level", "level")
    now = timezone.now()
    before = events.snapshot(project, "status", "level")
    first = month_start(max(today(now), project.planned_start))
    project.status = ProjectStatus.SOLVING
    project.level = level or project.level
    project.defined_at = now
    project.return_reason = ""
    project.next_report_period = first
    project.report_due_at = report_due(first)
    project.save(
        update_fields=[
            "status",
            "level",
            "defined_at",
            "return_reason",
            "next_report_period",
            "report_due_at",
            "updated_at",
        ]
    )
    events.record(
        subject=project,
        action="project.define",
        actor=actor,
        before=before,
        after={
            "status": project.status,
            "level": project.level,
            "approve": True,
            "report_due_at": project.report_due_at,
        },
        reason=reason.strip(),
    )
    notify(
        [project.owner, *unit_heads(project.lead_unit)],
        kind=NoticeKind.REVIEW,
        project=project,
        title="破题项目已定题",
        body=(
            f"破题项目「{project.title}」已定题，进入破题阶段。"
            f"请于每月{rule_int('CAMPAIGN_REPORT_DUE_DAY')}日前报送上月进展。"
        ),
    )
    return project
