"""Reads of campaigns and projects: lists, the project page, the work waiting for a person."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from gongzhi.campaigns import access
from gongzhi.campaigns.enums import CampaignStatus, HelpStatus, ProjectStatus
from gongzhi.campaigns.models import (
    Campaign,
    CampaignUnit,
    Cluster,
    Flag,
    HelpRequest,
    Notice,
    ProgressReport,
    Project,
    ProjectCategory,
)
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import Unit, User

LIST_RELATED = ("category", "lead_unit", "cluster", "owner")


def campaign_list(*, active_only: bool = False) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.select_related("region")
    if active_only:
        campaigns = campaigns.filter(status=CampaignStatus.ACTIVE)
    return campaigns.order_by("-year", "name")


def campaign_current(*, user: User) -> Campaign | None:
    """The campaign a person most likely means: the newest active one they take part in, else the
    newest active one."""
    campaigns = list(campaign_list(active_only=True)[:20])
    for campaign in campaigns:
        roles = access.roles_for(user, campaign)
        if (
            roles.is_campaign_staff
            or CampaignUnit.objects.filter(campaign=campaign, unit_id__in=roles.member_of_units).exists()
        ):
            return campaign
    return campaigns[0] if campaigns else None


def categories(*, campaign: Campaign) -> QuerySet[ProjectCategory]:
    return ProjectCategory.objects.filter(campaign=campaign).order_by("order", "code")


def clusters(*, campaign: Campaign) -> QuerySet[Cluster]:
    return (
        Cluster.objects.filter(campaign=campaign)
        .annotate(units=Count("participants", distinct=True))
        .order_by("order", "name")
    )


def participating_units(*, campaign: Campaign, cluster: Cluster | None = None) -> QuerySet[CampaignUnit]:
    rows = CampaignUnit.objects.filter(campaign=campaign).select_related("unit", "cluster")
    if cluster is not None:
        rows = rows.filter(cluster=cluster)
    return rows.order_by("cluster__order", "unit__code")


def units_for_proposal(*, user: User, campaign: Campaign) -> list[Unit]:
    """The participating units the person belongs to (they propose for these)."""
    unit_ids = access.roles_for(user, campaign).member_of_units
    return [
        row.unit
        for row in CampaignUnit.objects.filter(campaign=campaign, unit_id__in=unit_ids).select_related("unit")
    ]


@dataclass(frozen=True)
class ProjectFilter:
    status: str = ""
    category: str = ""
    level: str = ""
    cluster: int | None = None
    unit: int | None = None
    q: str = ""
    mine: bool = False


def project_list(
    *, user: User, campaign: Campaign, filters: ProjectFilter | None = None
) -> QuerySet[Project]:
    """The projects of a campaign the person may open, filtered."""
    filters = filters or ProjectFilter()
    projects = access.project_queryset_for_user(user).filter(campaign=campaign).select_related(*LIST_RELATED)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.category:
        projects = projects.filter(category__code=filters.category)
    if filters.level:
        projects = projects.filter(level=filters.level)
    if filters.cluster:
        projects = projects.filter(cluster_id=filters.cluster)
    if filters.unit:
        projects = projects.filter(
            Q(lead_unit_id=filters.unit) | Q(partners__unit_id=filters.unit)
        ).distinct()
    if filters.q:
        projects = projects.filter(
            Q(title__icontains=filters.q) | Q(problem__icontains=filters.q) | Q(code__iexact=filters.q)
        )
    if filters.mine:
        projects = projects.filter(Q(owner=user) | Q(team__user=user)).distinct()
    return projects.annotate(
        open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True), distinct=True)
    ).order_by("code")


def project_detail(*, user: User, project_id: int) -> Project:
    """One project with everything its page shows, in a fixed number of queries."""
    project = access.project_get_for_user(user, project_id)
    return (
        Project.objects.select_related(*LIST_RELATED, "campaign")
        .prefetch_related(
            "targets",
            "milestones",
            "partners__unit",
            "partners__confirmed_by",
            "team__user",
            "evidence__added_by",
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("filed_by").prefetch_related(
                    "readings__target"
                ),
            ),
            Prefetch("flags", queryset=Flag.objects.select_related("milestone")),
            Prefetch("help_requests", queryset=HelpRequest.objects.select_related("asked_by", "answered_by")),
        )
        .get(pk=project.pk)
    )


def project_timeline(*, project: Project) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(subject_type="campaigns.project", subject_id=project.pk).order_by(
        "occurred_at", "id"
    )


@dataclass
class Workload:
    """What waits for a person in a campaign (the campaign workbench's first page)."""

    mine: list[Project] = field(default_factory=list)
    to_confirm: list[Project] = field(default_factory=list)
    unit_review: list[Project] = field(default_factory=list)
    cluster_review: list[Project] = field(default_factory=list)
    definition: list[Project] = field(default_factory=list)
    completion_review: list[Project] = field(default_factory=list)
    evaluation: list[Project] = field(default_factory=list)
    help_to_answer: list[HelpRequest] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    unread: int = 0

    @property
    def reviews(self) -> int:
        return sum(
            len(items)
            for items in (
                self.to_confirm,
                self.unit_review,
                self.cluster_review,
                self.definition,
                self.completion_review,
                self.evaluation,
            )
        )


def workload_for(*, user: User, campaign: Campaign, notices: int = 8) -> Workload:
    roles = access.roles_for(user, campaign)
    projects = Project.objects.filter(campaign=campaign).select_related(*LIST_RELATED)
    work = Workload()
    work.mine = list(
        projects.filter(Q(owner=user) | Q(team__user=user)).exclude(status=ProjectStatus.WITHDRAWN).distinct()
    )
    work.to_confirm = list(
        projects.filter(
            status=ProjectStatus.UNIT_REVIEW,
            partners__unit_id__in=roles.heads_units,
            partners__confirmed_at__isnull=True,
        ).distinct()
    )
    work.unit_review = list(
        projects.filter(status=ProjectStatus.UNIT_REVIEW, lead_unit_id__in=roles.heads_units)
    )
    cluster_q = Q() if roles.steers else Q(cluster_id__in=roles.coordinator_of)
    if roles.steers or roles.coordinator_of:
        work.cluster_review = list(projects.filter(cluster_q, status=ProjectStatus.CLUSTER_REVIEW))
        work.completion_review = [
            p
            for p in projects.filter(cluster_q, status=ProjectStatus.COMPLETION_REVIEW)
            if access.is_completion_reviewer(user, p)
        ]
    if roles.steers:
        work.definition = list(projects.filter(status=ProjectStatus.DEFINITION))
        work.evaluation = list(projects.filter(status=ProjectStatus.COMPLETED))
    work.help_to_answer = list(
        access.help_queryset_for_answerer(user)
        .filter(project__campaign=campaign, status=HelpStatus.OPEN)
        .select_related("project")
        .order_by("due_at")[:50]
    )
    inbox = Notice.objects.filter(recipient=user).select_related("project")
    work.unread = inbox.filter(read_at__isnull=True).count()
    work.notices = list(inbox.order_by("-created_at", "-id")[:notices])
    return work


def notices_for(*, user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user).select_related("project").order_by("-created_at", "-id")


def flags_open(*, user: User, campaign: Campaign) -> QuerySet[Flag]:
    """督导 board: the open flags the person may follow (all for the organisers and leaders, their
    clusters for coordinators, their units for unit heads)."""
    roles = access.roles_for(user, campaign)
    flags = Flag.objects.filter(project__campaign=campaign, resolved_at__isnull=True).select_related(
        "project", "project__lead_unit", "project__cluster", "project__owner", "milestone"
    )
    if not roles.oversees:
        flags = flags.filter(
            Q(project__cluster_id__in=roles.coordinator_of) | Q(project__lead_unit_id__in=roles.heads_units)
        )
    return flags.order_by("raised_at", "id")


def help_requests_open(*, user: User, campaign: Campaign) -> QuerySet[HelpRequest]:
    roles = access.roles_for(user, campaign)
    items = HelpRequest.objects.filter(project__campaign=campaign).exclude(status=HelpStatus.CLOSED)
    if not roles.oversees:
        items = items.filter(
            Q(project__cluster_id__in=roles.coordinator_of) | Q(project__lead_unit_id__in=roles.heads_units)
        )
    return items.select_related("project", "project__lead_unit", "asked_by").order_by("due_at")
