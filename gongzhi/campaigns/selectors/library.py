"""Reads of the case library, the trainer pool, mentoring and the cluster meetings."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from gongzhi.campaigns import access
from gongzhi.campaigns.enums import CaseStudyStatus
from gongzhi.campaigns.models import (
    CaseStudy,
    Cluster,
    Meeting,
    MeetingDecision,
    MentorCheckIn,
    Mentorship,
    Tag,
    Trainer,
)
from gongzhi.core.errors import NotFound
from gongzhi.org.models import User


def case_study_search(
    *, q: str = "", tag: str = "", category: str = "", campaign_id: int | None = None
) -> QuerySet[CaseStudy]:
    """Published cases matching every word of ``q`` (title, problem, approach, result, reusable
    lessons, project title, unit, tags), a tag and a category code."""
    studies = CaseStudy.objects.filter(status=CaseStudyStatus.PUBLISHED).select_related(
        "project", "project__category", "project__lead_unit", "project__owner"
    )
    for word in q.split()[:8]:
        studies = studies.filter(
            Q(title__icontains=word)
            | Q(problem__icontains=word)
            | Q(approach__icontains=word)
            | Q(result__icontains=word)
            | Q(reusable__icontains=word)
            | Q(project__title__icontains=word)
            | Q(project__lead_unit__name__icontains=word)
            | Q(tags__name__icontains=word)
        )
    if tag:
        studies = studies.filter(tags__name=tag)
    if category:
        studies = studies.filter(project__category__code=category)
    if campaign_id:
        studies = studies.filter(project__campaign_id=campaign_id)
    ids = studies.values("pk")
    return (
        CaseStudy.objects.filter(pk__in=ids)
        .select_related("project", "project__category", "project__lead_unit", "project__owner")
        .prefetch_related("tags")
        .order_by("-published_at", "-id")
    )


def case_study_get(*, user: User, case_study_id: int) -> CaseStudy:
    """A published case for any staff member; a draft only for those who may open its project."""
    study = (
        CaseStudy.objects.select_related("project", "project__category", "project__lead_unit", "author")
        .prefetch_related("tags")
        .filter(pk=case_study_id)
        .first()
    )
    if study is None or not access.is_staff(user):
        raise NotFound("案例", "case study")
    if study.status != CaseStudyStatus.PUBLISHED and not access.is_insider(user, study.project):
        raise NotFound("案例", "case study")
    return study


def tags_in_use(*, limit: int = 40) -> list[Tag]:
    return list(
        Tag.objects.filter(case_studies__status=CaseStudyStatus.PUBLISHED)
        .annotate(n=Count("case_studies"))
        .order_by("-n", "name")[:limit]
    )


def trainer_list(*, active_only: bool = True) -> QuerySet[Trainer]:
    trainers = Trainer.objects.select_related("user", "project")
    if active_only:
        trainers = trainers.filter(is_active=True)
    return trainers.order_by("id")


def mentorship_list(*, user: User) -> QuerySet[Mentorship]:
    """All pairings for the organisers; one's own for a mentor or mentee."""
    pairs = Mentorship.objects.select_related("mentor", "mentee").prefetch_related(
        Prefetch("check_ins", queryset=MentorCheckIn.objects.select_related("recorded_by"))
    )
    if not access.is_any_organiser(user):
        pairs = pairs.filter(Q(mentor=user) | Q(mentee=user))
    return pairs.order_by("-is_active", "-started_on", "id")


def meeting_list(
    *, user: User, cluster: Cluster | None = None, campaign_id: int | None = None
) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("cluster").annotate(
        agenda_items=Count("agenda", distinct=True), decision_count=Count("decisions", distinct=True)
    )
    if cluster is not None:
        meetings = meetings.filter(cluster=cluster)
    if campaign_id is not None:
        meetings = meetings.filter(cluster__campaign_id=campaign_id)
    return meetings.order_by("-held_on", "-id")


def meeting_get(*, user: User, meeting_id: int) -> Meeting:
    """A meeting for the cluster's staff, the campaign's overseers and the heads of its units."""
    meeting = (
        Meeting.objects.select_related("cluster", "cluster__campaign", "created_by", "recorded_by")
        .prefetch_related(
            "agenda__project",
            Prefetch("decisions", queryset=MeetingDecision.objects.select_related("owner", "project")),
            "talks__speaker",
            "talks__project",
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound("会议", "meeting")
    roles = access.roles_for(user, meeting.cluster.campaign_id)
    units = set(meeting.cluster.participants.values_list("unit_id", flat=True))
    if not (roles.oversees or meeting.cluster_id in roles.coordinator_of or units & roles.member_of_units):
        raise NotFound("会议", "meeting")
    return meeting
