"""Setting a campaign up: the campaign, its categories and clusters, the units and the roles."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from gongzhi.campaigns import access, events
from gongzhi.campaigns.enums import DEFAULT_CATEGORIES, CampaignRole
from gongzhi.campaigns.models import Campaign, CampaignMember, CampaignUnit, Cluster, ProjectCategory
from gongzhi.campaigns.services._common import require_text
from gongzhi.cases import access as case_access
from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.org.models import Region, Unit, User


def _require_administrator(actor: User) -> None:
    if not case_access.is_administrator(actor):
        raise PermissionDenied(
            "只有系统管理员可以创建破题活动",
            "only an administrator may create a campaign",
            code="not_administrator",
        )


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    name: str,
    year: int,
    region: Region,
    starts_on: date,
    ends_on: date,
    description: str = "",
    categories: tuple[tuple[str, str], ...] = DEFAULT_CATEGORIES,
    is_generated: bool = False,
) -> Campaign:
    """A campaign with its project categories (the three defaults unless others are given)."""
    _require_administrator(actor)
    name = require_text(name, field="name", label_zh="活动名称", label_en="name")
    if ends_on <= starts_on:
        raise ValidationFailed(
            "结束日期须晚于开始日期",
            "the end must follow the start",
            code="bad_dates",
            detail={"field": "ends_on"},
        )
    if Campaign.objects.filter(region=region, name=name).exists():
        raise ValidationFailed(
            "同名活动已存在",
            "a campaign of this name exists",
            code="campaign_exists",
            detail={"field": "name"},
        )
    campaign = Campaign.objects.create(
        name=name,
        year=year,
        region=region,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description.strip(),
        is_generated=is_generated,
    )
    for order, (code, label) in enumerate(categories):
        ProjectCategory.objects.create(campaign=campaign, code=code, name=label, order=order)
    events.record(
        subject=campaign,
        action="campaign.create",
        actor=actor,
        after={"name": name, "year": year, "categories": [code for code, _ in categories]},
    )
    return campaign


@transaction.atomic
def category_add(*, actor: User, campaign: Campaign, code: str, name: str) -> ProjectCategory:
    """Add a project category (categories are configurable per campaign)."""
    access.require_steering(actor, campaign)
    code = require_text(code, field="code", label_zh="类别代码", label_en="code").lower()
    name = require_text(name, field="name", label_zh="类别名称", label_en="name")
    if ProjectCategory.objects.filter(campaign=campaign, code=code).exists():
        raise ValidationFailed("类别代码已存在", "category code exists", code="category_exists")
    order = ProjectCategory.objects.filter(campaign=campaign).count()
    category = ProjectCategory.objects.create(campaign=campaign, code=code, name=name, order=order)
    events.record(subject=campaign, action="campaign.category_add", actor=actor, after={"code": code})
    return category


@transaction.atomic
def cluster_create(*, actor: User, campaign: Campaign, name: str, liaison_division: str) -> Cluster:
    """A cluster group (片组), paired with a division of the organisation department."""
    access.require_steering(actor, campaign)
    name = require_text(name, field="name", label_zh="片组名称", label_en="cluster name")
    division = require_text(
        liaison_division, field="liaison_division", label_zh="联系科室", label_en="liaison division"
    )
    if Cluster.objects.filter(campaign=campaign, name=name).exists():
        raise ValidationFailed(
            "同名片组已存在", "a cluster of this name exists", code="cluster_exists", detail={"field": "name"}
        )
    order = Cluster.objects.filter(campaign=campaign).count()
    cluster = Cluster.objects.create(campaign=campaign, name=name, liaison_division=division, order=order)
    events.record(
        subject=cluster, action="cluster.create", actor=actor, after={"name": name, "division": division}
    )
    return cluster


@transaction.atomic
def campaign_units_assign(*, actor: User, cluster: Cluster, units: list[Unit]) -> list[CampaignUnit]:
    """Put units in a cluster: new participants join, units of another cluster move here."""
    campaign = cluster.campaign
    access.require_steering(actor, campaign)
    if not units:
        raise ValidationFailed("请选择单位", "choose units", code="missing_units", detail={"field": "units"})
    inactive = [unit.name for unit in units if not unit.is_active]
    if inactive:
        raise ValidationFailed(
            "停用单位不能参加活动",
            "inactive units cannot take part",
            code="inactive_unit",
            detail={"units": inactive},
        )
    placed: list[CampaignUnit] = []
    for unit in units:
        current = (
            CampaignUnit.objects.select_for_update(of=("self",)).filter(campaign=campaign, unit=unit).first()
        )
        if current is None:
            placed.append(CampaignUnit.objects.create(campaign=campaign, unit=unit, cluster=cluster))
        elif current.cluster_id != cluster.pk:
            current.cluster = cluster
            current.save(update_fields=["cluster", "updated_at"])
            placed.append(current)
    if placed:
        events.record(
            subject=cluster,
            action="cluster.units_assign",
            actor=actor,
            after={"units": [p.unit_id for p in placed]},
        )
    return placed


@transaction.atomic
def campaign_member_grant(
    *, actor: User | None, campaign: Campaign, user: User, role: str, cluster: Cluster | None = None
) -> CampaignMember:
    """Give a campaign role. Organisers are named by an administrator; the organisers name the
    coordinators and leaders. Granting a role already held changes nothing."""
    if role not in CampaignRole.values:
        raise ValidationFailed("未知岗位", "unknown role", code="unknown_role", detail={"field": "role"})
    if actor is not None:
        if role == CampaignRole.ORGANISER:
            _require_administrator(actor)
        else:
            access.require_steering(actor, campaign)
    if (role == CampaignRole.COORDINATOR) != (cluster is not None):
        raise ValidationFailed(
            "片组联络员须指定片组，其他岗位不指定片组",
            "a coordinator needs a cluster; other roles none",
            code="cluster_mismatch",
            detail={"field": "cluster"},
        )
    if cluster is not None and cluster.campaign_id != campaign.pk:
        raise ValidationFailed("片组不属于该活动", "cluster of another campaign", code="cluster_mismatch")
    if not access.is_staff(user):
        raise ValidationFailed("只能为工作人员设置岗位", "only staff can hold a role", code="not_staff")
    current = CampaignMember.objects.filter(campaign=campaign, user=user, role=role, cluster=cluster).first()
    if current is not None and current.is_active:
        return current
    try:
        with transaction.atomic():
            member, _ = CampaignMember.objects.update_or_create(
                campaign=campaign, user=user, role=role, cluster=cluster, defaults={"is_active": True}
            )
    except IntegrityError:  # granted at the same moment by someone else
        member = CampaignMember.objects.get(campaign=campaign, user=user, role=role, cluster=cluster)
    events.record(
        subject=campaign,
        action="campaign.member_grant",
        actor=actor,
        after={"user": user.pk, "role": role, "cluster": cluster.pk if cluster else None},
    )
    access.forget_roles(user)
    return member


@transaction.atomic
def campaign_member_revoke(*, actor: User, member_id: int, reason: str = "") -> CampaignMember:
    member = (
        CampaignMember.objects.select_for_update(of=("self",))
        .select_related("campaign", "user")
        .get(pk=member_id)
    )
    if member.role == CampaignRole.ORGANISER:
        _require_administrator(actor)
    else:
        access.require_steering(actor, member.campaign)
    if not member.is_active:
        return member
    member.is_active = False
    member.save(update_fields=["is_active", "updated_at"])
    events.record(
        subject=member.campaign,
        action="campaign.member_revoke",
        actor=actor,
        after={"user": member.user_id, "role": member.role},
        reason=reason,
    )
    access.forget_roles(member.user)
    return member
