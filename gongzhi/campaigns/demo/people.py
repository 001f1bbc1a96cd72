"""The generated campaign's organisation: 84 units in 6 clusters, and its people.

The units are real units of the loaded organisation (the 22 district departments, the 16 town
centres and 46 town offices for building, natural resources and law enforcement); towns are
kept together in a cluster, the departments spread over all six. The people are generated (no
password, so they cannot sign in) except the few demo logins, which get the demo password.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.hashers import make_password

from gongzhi.campaigns.demo.texts import CLUSTER_DIVISIONS, CLUSTER_NAMES, LABEL
from gongzhi.campaigns.enums import DEFAULT_CATEGORIES, CampaignRole
from gongzhi.campaigns.models import Campaign, CampaignMember, CampaignUnit, Cluster, ProjectCategory
from gongzhi.core.models import AuditEvent
from gongzhi.demo import people as names
from gongzhi.org import services as org_services
from gongzhi.org.enums import RegionLevel, Role, UnitKind
from gongzhi.org.models import Membership, Region, Unit, User

PREFIX = "pt."
STATION_FUNCTIONS = ("housing", "natural_resources", "enforcement")
UNITS = 84
# Demo logins (the demo password): who signs in to look at the campaign and the market.
LOGINS = (
    ("campaign.organiser", "组织部活动办（演示）"),
    ("campaign.coordinator", "第一片组联络员（演示）"),
    ("campaign.leader", "县领导（演示）"),
    ("campaign.head", "住建局局长（演示）"),
    ("campaign.chief", "住建局审批科科长（演示）"),
    ("market.bureau", "经济部门招商科（演示）"),
)


@dataclass
class Cast:
    campaign: Campaign
    clusters: list[Cluster]
    units: list[Unit]
    cluster_of: dict[int, Cluster]
    heads: dict[int, User]
    chiefs: dict[int, list[User]]
    coordinators: dict[int, User]
    organiser: User
    leader: User
    logins: dict[str, User] = field(default_factory=dict)


def campaign_units() -> list[Unit]:
    """The 84 participating units: departments, town centres, then town offices until 84."""
    departments = list(
        Unit.objects.filter(kind=UnitKind.DEPARTMENT, level=RegionLevel.DISTRICT, is_active=True).order_by(
            "code"
        )
    )
    centres = list(
        Unit.objects.filter(kind=UnitKind.CENTRE, level=RegionLevel.TOWN, is_active=True).order_by("code")
    )
    offices = list(
        Unit.objects.filter(
            kind=UnitKind.STATION, level=RegionLevel.TOWN, function__in=STATION_FUNCTIONS, is_active=True
        ).order_by("code")
    )
    offices.sort(key=lambda u: (STATION_FUNCTIONS.index(u.function), u.code))
    chosen = departments + centres
    chosen += offices[: max(0, UNITS - len(chosen))]
    return chosen[:UNITS]


def _town_code(unit: Unit) -> str:
    return unit.region.code if unit.region.level == RegionLevel.TOWN else ""


def _balanced(units: list[Unit], clusters: list[Cluster]) -> dict[int, Cluster]:
    """Each town's units stay together; towns, then departments, go to the smallest cluster."""
    load = {cluster.pk: 0 for cluster in clusters}
    by_pk = {cluster.pk: cluster for cluster in clusters}
    towns: dict[str, list[Unit]] = {}
    for unit in units:
        if _town_code(unit):
            towns.setdefault(_town_code(unit), []).append(unit)
    cluster_of: dict[int, Cluster] = {}
    groups = sorted(towns.values(), key=lambda group: (-len(group), group[0].code))
    groups += [[unit] for unit in units if not _town_code(unit)]
    for group in groups:
        target = min(load, key=lambda pk: (load[pk], by_pk[pk].order))
        for unit in group:
            cluster_of[unit.pk] = by_pk[target]
        load[target] += len(group)
    return cluster_of


def _bulk_users(rng: random.Random, usernames: list[str], now: datetime) -> dict[str, User]:
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    unusable = make_password(None)
    new = [
        User(username=name, display_name=names.person_name(rng), password=unusable, date_joined=now)
        for name in usernames
        if name not in existing
    ]
    User.objects.bulk_create(new, batch_size=500)
    existing.update({u.username: u for u in new})
    return existing


def cast_create(*, rng: random.Random, start: datetime, now: datetime, password: str) -> Cast:
    """The campaign, its categories, clusters, units, roles and people (bulk, with events)."""
    district = Region.objects.get(level=RegionLevel.DISTRICT)
    begin = start.date()
    campaign = Campaign.objects.create(
        name=f"百名科长破百难 {begin.year}（演示）",
        year=begin.year,
        region=district,
        starts_on=begin,
        ends_on=begin.replace(year=begin.year + 1),
        description="科长领衔破解难题：选题—定题—破题，晾晒、督导、帮扶。" + LABEL,
        is_generated=True,
    )
    ProjectCategory.objects.bulk_create(
        ProjectCategory(campaign=campaign, code=code, name=name, order=i)
        for i, (code, name) in enumerate(DEFAULT_CATEGORIES)
    )
    clusters = Cluster.objects.bulk_create(
        Cluster(campaign=campaign, name=name, liaison_division=f"组织部{division}", order=i)
        for i, (name, division) in enumerate(zip(CLUSTER_NAMES, CLUSTER_DIVISIONS, strict=True))
    )
    units = campaign_units()
    cluster_of = _balanced(units, list(clusters))
    CampaignUnit.objects.bulk_create(
        CampaignUnit(campaign=campaign, unit=u, cluster=cluster_of[u.pk]) for u in units
    )

    logins = {
        username: org_services.staff_create(
            username=username, display_name=label, password=password, check_password_strength=False
        )
        for username, label in LOGINS
        if not User.objects.filter(username=username).exists()
    }
    logins.update({u.username: u for u in User.objects.filter(username__in=[name for name, _ in LOGINS])})
    wanted = [f"{PREFIX}{u.code}.head" for u in units]
    wanted += [f"{PREFIX}{u.code}.chief{i}" for u in units for i in (1, 2, 3)]
    wanted += [f"{PREFIX}coordinator{i}" for i in range(2, len(clusters) + 1)] + [f"{PREFIX}leader2"]
    people = _bulk_users(rng, wanted, now)
    housing = next((u for u in units if u.function == "housing" and not _town_code(u)), units[0])
    people[f"{PREFIX}{housing.code}.head"] = logins["campaign.head"]
    people[f"{PREFIX}{housing.code}.chief1"] = logins["campaign.chief"]
    heads = {u.pk: people[f"{PREFIX}{u.code}.head"] for u in units}
    chiefs = {u.pk: [people[f"{PREFIX}{u.code}.chief{i}"] for i in (1, 2, 3)] for u in units}
    held = set(
        Membership.objects.filter(user__in=list(people.values())).values_list("user_id", "unit_id", "role")
    )
    grants = [(heads[u.pk], u, Role.UNIT_HEAD) for u in units]
    grants += [(chief, u, Role.HANDLER) for u in units for chief in chiefs[u.pk]]
    bureau = (
        Unit.objects.filter(function__in=("economy", "commerce"), level=RegionLevel.DISTRICT)
        .order_by("code")
        .first()
    )
    if bureau is not None:
        grants.append((logins["market.bureau"], bureau, Role.HANDLER))
    Membership.objects.bulk_create(
        Membership(user=user, unit=unit, role=role)
        for user, unit, role in grants
        if (user.pk, unit.pk, role) not in held
    )
    coordinators = {clusters[0].pk: logins["campaign.coordinator"]}
    for i, cluster in enumerate(clusters[1:], start=2):
        coordinators[cluster.pk] = people[f"{PREFIX}coordinator{i}"]
    members = [
        CampaignMember(campaign=campaign, user=logins["campaign.organiser"], role=CampaignRole.ORGANISER)
    ]
    members += [CampaignMember(campaign=campaign, user=logins["campaign.leader"], role=CampaignRole.LEADER)]
    members += [CampaignMember(campaign=campaign, user=people[f"{PREFIX}leader2"], role=CampaignRole.LEADER)]
    members += [
        CampaignMember(campaign=campaign, user=user, role=CampaignRole.COORDINATOR, cluster_id=cluster_id)
        for cluster_id, user in coordinators.items()
    ]
    CampaignMember.objects.bulk_create(members)
    AuditEvent.objects.create(
        occurred_at=now,
        actor=None,
        actor_label="演示数据生成",
        subject_type="campaigns.campaign",
        subject_id=campaign.pk,
        action="campaign.create",
        after={"units": len(units), "clusters": len(clusters), "generated": True},
        reason="演示数据，系统生成",
    )
    return Cast(
        campaign=campaign,
        clusters=list(clusters),
        units=units,
        cluster_of=cluster_of,
        heads=heads,
        chiefs=chiefs,
        coordinators=coordinators,
        organiser=logins["campaign.organiser"],
        leader=logins["campaign.leader"],
        logins=logins,
    )
