"""The campaign cast: a campaign of two clusters on the Keqiao organisation.

Cluster 一片组 (干部一科): the housing bureau, the transport bureau and the natural-resources
bureau. Cluster 二片组 (干部二科): 平水镇's centre and the market-supervision bureau.
People: an administrator, an organiser (组织部), a county leader, a coordinator per cluster, the
heads of housing, transport and 平水镇, a section chief of housing (the owner) with a colleague,
a section chief of transport, and a stranger (staff of a unit outside the campaign).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from gongzhi.campaigns import services
from gongzhi.campaigns.enums import CampaignRole, ProjectLevel
from gongzhi.campaigns.models import Campaign, Cluster, Project
from gongzhi.campaigns.services import MilestoneInput, PartnerInput, ProjectContent, TargetInput
from gongzhi.org.enums import Role
from gongzhi.org.models import Unit, User
from tests.conftest import PINGSHUI, MakeStaff, centre, district_unit, region

DISTRICT = "330603000000"


@dataclass
class Cast:
    campaign: Campaign
    cluster_one: Cluster
    cluster_two: Cluster
    housing: Unit
    transport: Unit
    resources: Unit
    town: Unit
    market: Unit
    administrator: User
    organiser: User
    leader: User
    coordinator_one: User
    coordinator_two: User
    housing_head: User
    transport_head: User
    town_head: User
    chief: User
    colleague: User
    transport_chief: User
    stranger: User


@pytest.fixture
def cast(make_staff: MakeStaff) -> Cast:
    administrator = make_staff(centre(DISTRICT), Role.ADMINISTRATOR, name="系统管理员")
    housing = district_unit("housing")
    transport = district_unit("transport")
    resources = district_unit("natural_resources")
    town = centre(PINGSHUI)
    market = district_unit("market")
    campaign = services.campaign_create(
        actor=administrator,
        name="百名科长破百难 2026",
        year=2026,
        region=region(DISTRICT),
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    organiser = make_staff(centre(DISTRICT), name="组织部干部")
    services.campaign_member_grant(
        actor=administrator, campaign=campaign, user=organiser, role=CampaignRole.ORGANISER
    )
    one = services.cluster_create(
        actor=organiser, campaign=campaign, name="一片组", liaison_division="干部一科"
    )
    two = services.cluster_create(
        actor=organiser, campaign=campaign, name="二片组", liaison_division="干部二科"
    )
    services.campaign_units_assign(actor=organiser, cluster=one, units=[housing, transport, resources])
    services.campaign_units_assign(actor=organiser, cluster=two, units=[town, market])
    leader = make_staff(centre(DISTRICT), name="县领导")
    coordinator_one = make_staff(centre(DISTRICT), name="一片组联络员")
    coordinator_two = make_staff(centre(DISTRICT), name="二片组联络员")
    services.campaign_member_grant(actor=organiser, campaign=campaign, user=leader, role=CampaignRole.LEADER)
    services.campaign_member_grant(
        actor=organiser, campaign=campaign, user=coordinator_one, role=CampaignRole.COORDINATOR, cluster=one
    )
    services.campaign_member_grant(
        actor=organiser, campaign=campaign, user=coordinator_two, role=CampaignRole.COORDINATOR, cluster=two
    )
    return Cast(
        campaign=campaign,
        cluster_one=one,
        cluster_two=two,
        housing=housing,
        transport=transport,
        resources=resources,
        town=town,
        market=market,
        administrator=administrator,
        organiser=organiser,
        leader=leader,
        coordinator_one=coordinator_one,
        coordinator_two=coordinator_two,
        housing_head=make_staff(housing, Role.UNIT_HEAD, name="住建局局长"),
        transport_head=make_staff(transport, Role.UNIT_HEAD, name="交通局局长"),
        town_head=make_staff(town, Role.UNIT_HEAD, name="平水镇书记"),
        chief=make_staff(housing, Role.HANDLER, name="审批科科长"),
        colleague=make_staff(housing, Role.HANDLER, name="审批科干部"),
        transport_chief=make_staff(transport, Role.HANDLER, name="交通局科长"),
        stranger=make_staff(district_unit("police"), Role.HANDLER, name="公安分局民警"),
    )


def content(
    cast: Cast,
    *,
    title: str = "工业项目审批提速",
    partners: list[Unit] | None = None,
    targets: list[TargetInput] | None = None,
    milestones: list[MilestoneInput] | None = None,
    level: str = ProjectLevel.UNIT,
    criteria: bool = True,
    team: list[User] | None = None,
) -> ProjectContent:
    return ProjectContent(
        title=title,
        problem="工业项目从立项到施工许可平均需要60天，企业反映环节多、材料重复提交，是营商环境的难点。",
        category=cast.campaign.categories.get(code="economic_development"),
        level=level,
        planned_start=date(2026, 3, 1),
        planned_end=date(2026, 10, 31),
        small_entry=criteria,
        difficult=criteria,
        feasible=criteria,
        criteria_note="聚焦施工许可一个环节",
        targets=targets
        if targets is not None
        else [
            TargetInput(
                name="施工许可审批天数",
                baseline=Decimal(60),
                target=Decimal(43),
                unit_label="天",
                measures_time=True,
            )
        ],
        milestones=milestones
        if milestones is not None
        else [
            MilestoneInput(title="梳理审批环节", due_on=date(2026, 4, 15)),
            MilestoneInput(title="并联审批上线", due_on=date(2026, 7, 31)),
        ],
        partners=[PartnerInput(unit=unit, task="并联审批") for unit in partners or []],
        team=team or [],
    )


def defined_project(cast: Cast, **kwargs: object) -> Project:
    """A project taken through the reviews to 破题中 (the caller freezes time if it matters)."""
    project = services.project_propose(
        actor=cast.chief,
        campaign=cast.campaign,
        lead_unit=cast.housing,
        content=content(cast, **kwargs),  # type: ignore[arg-type]
    )
    services.project_submit(actor=cast.chief, project_id=project.pk)
    for partner in project.partners.all():
        head = cast.transport_head if partner.unit_id == cast.transport.pk else None
        assert head is not None
        services.project_partner_confirm(actor=head, project_id=project.pk, unit=partner.unit, accept=True)
    services.project_unit_review(actor=cast.housing_head, project_id=project.pk, approve=True)
    services.project_cluster_review(actor=cast.coordinator_one, project_id=project.pk, approve=True)
    return services.project_define(actor=cast.organiser, project_id=project.pk, approve=True)
