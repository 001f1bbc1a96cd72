"""Who may see and do what in a campaign: the one place where campaign permissions are decided.

1. The organisers (组织部,活动办) and administrators see and may steer everything in the campaign;
   the county leaders see everything and answer help requests addressed to the county.
2. A cluster's coordinators (the liaison division's staff) review the cluster's proposals, accept
   the completion of unit and cluster projects, run its meetings and answer its help requests.
3. A unit head (单位负责人 of a participating unit) reviews the unit's proposals, confirms taking
   part in joint projects, answers help requests addressed to the unit and gets its reports.
4. A project's owner and team write it, report on it and ask for help; members of its lead and
   partner units follow it.
5. Defined projects (破题中 and after) are open to every staff member of the county network
   (晾晒: progress is public inside the county); proposals, evidence files and help requests stay
   with the people above. A project nobody may see answers "not found".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from gongzhi.campaigns.enums import (
    DEFINED_STATUSES,
    CampaignRole,
    CaseStudyStatus,
    HelpLevel,
    HelpStatus,
    ProjectLevel,
    ProjectStatus,
)
from gongzhi.campaigns.models import Campaign, CampaignMember, CaseStudy, Cluster, HelpRequest, Project
from gongzhi.cases import access as case_access
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import Role
from gongzhi.org.models import User


@dataclass(frozen=True)
class CampaignRoles:
    """What one person is in one campaign."""

    is_administrator: bool = False
    is_organiser: bool = False
    is_leader: bool = False
    coordinator_of: frozenset[int] = field(default_factory=frozenset)  # cluster ids
    heads_units: frozenset[int] = field(default_factory=frozenset)  # unit ids (unit_head)
    member_of_units: frozenset[int] = field(default_factory=frozenset)  # unit ids (any role)

    @property
    def steers(self) -> bool:
        """Organiser or administrator: may do every organiser's step."""
        return self.is_administrator or self.is_organiser

    @property
    def oversees(self) -> bool:
        """Sees the whole campaign: organisers, administrators, county leaders."""
        return self.steers or self.is_leader

    @property
    def is_campaign_staff(self) -> bool:
        return self.oversees or bool(self.coordinator_of)


def is_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not getattr(user, "is_citizen", False))


def roles_for(user: User, campaign: Campaign | int) -> CampaignRoles:
    """The person's roles in the campaign (cached on the user object for the request)."""
    campaign_id = campaign if isinstance(campaign, int) else campaign.pk
    if not is_staff(user):
        return CampaignRoles()
    cache: dict[int, CampaignRoles] = user.__dict__.setdefault("_gongzhi_campaign_roles", {})
    if campaign_id in cache:
        return cache[campaign_id]
    memberships = org_selectors.memberships_for_user(user=user)
    rows = list(
        CampaignMember.objects.filter(campaign_id=campaign_id, user=user, is_active=True).values_list(
            "role", "cluster_id"
        )
    )
    roles = CampaignRoles(
        is_administrator=case_access.is_administrator(user),
        is_organiser=any(role == CampaignRole.ORGANISER for role, _ in rows),
        is_leader=any(role == CampaignRole.LEADER for role, _ in rows),
        coordinator_of=frozenset(c for role, c in rows if role == CampaignRole.COORDINATOR and c),
        heads_units=frozenset(m.unit_id for m in memberships if m.role == Role.UNIT_HEAD),
        member_of_units=frozenset(m.unit_id for m in memberships),
    )
    cache[campaign_id] = roles
    return roles


def forget_roles(user: User) -> None:
    """Drop the cached roles (after a grant in the same request or test)."""
    user.__dict__.pop("_gongzhi_campaign_roles", None)


# --- campaigns ---------------------------------------------------------------------------------


def campaign_get(*, campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_related("region").filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound("破题活动", "campaign")
    return campaign


def campaign_get_for_user(user: User, campaign_id: int) -> Campaign:
    """Any staff member of the county network may open a campaign (its ranking is public there)."""
    if not is_staff(user):
        raise NotFound("破题活动", "campaign")
    return campaign_get(campaign_id=campaign_id)


def require_steering(user: User, campaign: Campaign) -> CampaignRoles:
    roles = roles_for(user, campaign)
    if not roles.steers:
        raise PermissionDenied(
            "只有活动组织部门可以进行此操作",
            "only the campaign's organisers may do this",
            code="not_organiser",
        )
    return roles


def require_cluster_staff(user: User, cluster: Cluster) -> None:
    """Coordinators of the cluster, or the organisers."""
    roles = roles_for(user, cluster.campaign_id)
    if not (roles.steers or cluster.pk in roles.coordinator_of):
        raise PermissionDenied(
            "只有本片组联络员或活动组织部门可以进行此操作",
            "only the cluster's coordinators or the organisers may do this",
            code="not_cluster_staff",
        )


def may_see_supervision(user: User, campaign: Campaign) -> bool:
    roles = roles_for(user, campaign)
    return roles.is_campaign_staff or bool(roles.heads_units)


# --- projects ----------------------------------------------------------------------------------


def insider_q(user: User, campaign_ids: list[int] | None = None) -> Q:
    """Projects the person works on or steers (proposals included)."""
    if not is_staff(user):
        return Q(pk__in=[])
    memberships = org_selectors.memberships_for_user(user=user)
    unit_ids = {m.unit_id for m in memberships}
    rows = CampaignMember.objects.filter(user=user, is_active=True)
    if campaign_ids is not None:
        rows = rows.filter(campaign_id__in=campaign_ids)
    overseen = {c for c, role in rows.values_list("campaign_id", "role") if role != CampaignRole.COORDINATOR}
    clusters = set(rows.filter(role=CampaignRole.COORDINATOR).values_list("cluster_id", flat=True))
    if case_access.is_administrator(user):
        return Q(pk__isnull=False)  # everything (an empty Q() would vanish when OR-ed)
    visible = Q(owner=user) | Q(team__user=user) | Q(campaign_id__in=overseen) | Q(cluster_id__in=clusters)
    if unit_ids:
        visible |= Q(lead_unit_id__in=unit_ids) | Q(partners__unit_id__in=unit_ids)
    return visible


def project_queryset_for_user(user: User) -> QuerySet[Project]:
    """Every project the person may open: defined projects for all staff, proposals for insiders."""
    if not is_staff(user):
        return Project.objects.none()
    ids = Project.objects.filter(Q(status__in=DEFINED_STATUSES) | insider_q(user)).values("pk")
    return Project.objects.filter(pk__in=ids)


def project_get_for_user(user: User, project_id: int, *, for_update: bool = False) -> Project:
    if not project_queryset_for_user(user).filter(pk=project_id).exists():
        raise NotFound("破题项目", "project")
    queryset = Project.objects.select_related("campaign", "category", "lead_unit", "cluster", "owner")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=project_id)


def is_insider(user: User, project: Project) -> bool:
    return Project.objects.filter(pk=project.pk).filter(insider_q(user, [project.campaign_id])).exists()


def is_team(user: User, project: Project) -> bool:
    return project.owner_id == user.pk or project.team.filter(user=user).exists()


def pending_partner_units(user: User, project: Project) -> list[int]:
    """Partner units headed by ``user`` whose confirmation is still due."""
    heads = roles_for(user, project.campaign_id).heads_units
    return [
        unit_id
        for unit_id in project.partners.filter(confirmed_at__isnull=True).values_list("unit_id", flat=True)
        if unit_id in heads
    ]


def is_completion_reviewer(user: User, project: Project) -> bool:
    """County key projects are accepted by the organisers; the others by their cluster too."""
    roles = roles_for(user, project.campaign_id)
    if roles.steers:
        return True
    return project.level != ProjectLevel.COUNTY and project.cluster_id in roles.coordinator_of


def allowed_actions(user: User, project: Project) -> set[str]:
    """The actions the project page offers ``user`` now (the services still decide)."""
    roles = roles_for(user, project.campaign_id)
    team = is_team(user, project)
    owner = project.owner_id == user.pk
    status = project.status
    allowed: set[str] = set()
    if owner and status in (ProjectStatus.DRAFT, ProjectStatus.RETURNED):
        allowed |= {"submit", "withdraw"}
    if owner and status in (
        ProjectStatus.UNIT_REVIEW,
        ProjectStatus.CLUSTER_REVIEW,
        ProjectStatus.DEFINITION,
    ):
        allowed.add("withdraw")
    if status == ProjectStatus.UNIT_REVIEW:
        if pending_partner_units(user, project):
            allowed.add("confirm_partner")
        if project.lead_unit_id in roles.heads_units:
            allowed.add("unit_review")
    if status == ProjectStatus.CLUSTER_REVIEW and (
        roles.steers or project.cluster_id in roles.coordinator_of
    ):
        allowed.add("cluster_review")
    if status == ProjectStatus.DEFINITION and roles.steers:
        allowed.add("define")
    if status == ProjectStatus.SOLVING and team:
        allowed |= {"report", "help", "evidence"}
    if status == ProjectStatus.SOLVING and owner:
        allowed.add("request_completion")
    if status in (ProjectStatus.COMPLETION_REVIEW, ProjectStatus.COMPLETED) and team:
        allowed.add("evidence")
    if status == ProjectStatus.COMPLETION_REVIEW and is_completion_reviewer(user, project):
        allowed.add("completion_review")
    if status == ProjectStatus.COMPLETED and roles.steers:
        allowed.add("evaluate")
    if status in (ProjectStatus.COMPLETED, ProjectStatus.EVALUATED) and (owner or roles.steers):
        study = CaseStudy.objects.filter(project=project).only("status").first()
        if study is None or study.status == CaseStudyStatus.DRAFT:
            allowed.add("write_up")
        if study is not None and study.status == CaseStudyStatus.DRAFT and roles.steers:
            allowed.add("publish_case")
    return allowed


# --- help requests -----------------------------------------------------------------------------


def may_answer_help(user: User, help_request: HelpRequest) -> bool:
    project = help_request.project
    roles = roles_for(user, project.campaign_id)
    if help_request.level == HelpLevel.UNIT:
        return project.lead_unit_id in roles.heads_units or roles.steers
    if help_request.level == HelpLevel.CLUSTER:
        return project.cluster_id in roles.coordinator_of or roles.steers
    return roles.oversees


def help_get_for_user(user: User, help_id: int, *, for_update: bool = False) -> HelpRequest:
    """The help request if ``user`` may see it: the project's insiders and whoever may answer it."""
    queryset = HelpRequest.objects.select_related("project", "project__campaign", "asked_by")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    item = queryset.filter(pk=help_id).first()
    if item is None or not (is_insider(user, item.project) or may_answer_help(user, item)):
        raise NotFound("帮扶请求", "help request")
    return item


def help_queryset_for_answerer(user: User) -> QuerySet[HelpRequest]:
    """Open help requests addressed to something ``user`` answers for."""
    if not is_staff(user):
        return HelpRequest.objects.none()
    memberships = org_selectors.memberships_for_user(user=user)
    heads = [m.unit_id for m in memberships if m.role == Role.UNIT_HEAD]
    rows = CampaignMember.objects.filter(user=user, is_active=True)
    clusters = list(rows.filter(role=CampaignRole.COORDINATOR).values_list("cluster_id", flat=True))
    leads = list(rows.filter(role=CampaignRole.LEADER).values_list("campaign_id", flat=True))
    organised = list(rows.filter(role=CampaignRole.ORGANISER).values_list("campaign_id", flat=True))
    if case_access.is_administrator(user):
        return HelpRequest.objects.filter(status=HelpStatus.OPEN)
    q = (
        Q(level=HelpLevel.UNIT, project__lead_unit_id__in=heads)
        | Q(level=HelpLevel.CLUSTER, project__cluster_id__in=clusters)
        | Q(level=HelpLevel.COUNTY, project__campaign_id__in=leads + organised)
        | Q(project__campaign_id__in=organised)
    )
    return HelpRequest.objects.filter(q, status=HelpStatus.OPEN)


# --- reports -----------------------------------------------------------------------------------


def may_read_unit_report(user: User, campaign: Campaign, unit_id: int, cluster_id: int) -> bool:
    roles = roles_for(user, campaign)
    return roles.oversees or unit_id in roles.heads_units or cluster_id in roles.coordinator_of


# --- the library, the trainer pool, mentoring (county-wide) -------------------------------------


def is_any_organiser(user: User) -> bool:
    """An administrator, or an organiser of any campaign: manages the trainer pool and mentoring."""
    if not is_staff(user):
        return False
    return (
        case_access.is_administrator(user)
        or CampaignMember.objects.filter(user=user, role=CampaignRole.ORGANISER, is_active=True).exists()
    )


def require_any_organiser(user: User) -> None:
    if not is_any_organiser(user):
        raise PermissionDenied(
            "只有活动组织部门可以进行此操作", "only the campaign organisers may do this", code="not_organiser"
        )
