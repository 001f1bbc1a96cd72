"""Reads of matters, their steps and sessions, teams, publications and objections."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch, Q, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.core.models import AuditEvent
from gongzhi.deliberation.enums import MemberStatus, ObjectionStatus
from gongzhi.deliberation.events import MATTER
from gongzhi.deliberation.models import (
    Matter,
    MatterStep,
    Objection,
    Publication,
    Session,
    TeamMember,
    VillageNotice,
)
from gongzhi.org.models import Region


def region_q(region: Region, field: str = "village") -> Q:
    """Matters in ``region`` or below it (a village, a town, the district)."""
    return Q(**{f"{field}__path": region.path}) | Q(**{f"{field}__path__startswith": region.path + "/"})


def matter_list(
    *,
    region: Region,
    status: str | None = None,
    matter_type_code: str | None = None,
    year: int | None = None,
) -> QuerySet[Matter]:
    queryset = Matter.objects.filter(region_q(region)).select_related("village", "matter_type")
    if status:
        queryset = queryset.filter(status=status)
    if matter_type_code:
        queryset = queryset.filter(matter_type__code=matter_type_code)
    if year:
        queryset = queryset.filter(proposed_on__year=year)
    return queryset.order_by("-proposed_on", "-pk")


def matter_detail(*, matter_id: int) -> Matter:
    """One matter with everything its page shows, in a fixed number of queries."""
    sessions = Session.objects.prefetch_related("signatures", "attachments", "attendance__person").order_by(
        "number"
    )
    matter = (
        Matter.objects.select_related(
            "village", "village__parent", "matter_type", "procedure", "team", "tender"
        )
        .prefetch_related(
            Prefetch("steps", queryset=MatterStep.objects.select_related("body").order_by("order")),
            Prefetch("steps__sessions", queryset=sessions),
            "steps__publication",
            Prefetch(
                "team__members",
                queryset=TeamMember.objects.select_related(
                    "person", "expert", "conflict_bidder", "conflict_person"
                ).prefetch_related("declarations"),
            ),
            "tender__bidders__people__person",
            "publications__objections",
        )
        .filter(pk=matter_id)
        .first()
    )
    if matter is None:
        raise NotFound("议事事项", "matter")
    return matter


def matter_timeline(*, matter: Matter) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(subject_type=MATTER, subject_id=matter.pk).order_by("occurred_at", "pk")


def current_step(*, matter: Matter) -> MatterStep | None:
    """The first step not yet passed (``None`` when all passed)."""
    return matter.steps.exclude(status="passed").order_by("order").first()


def team_members(*, matter: Matter, active_only: bool = False) -> list[TeamMember]:
    team = getattr(matter, "team", None)
    if team is None:
        return []
    queryset = team.members.select_related("person", "expert", "conflict_bidder", "conflict_person")
    if active_only:
        queryset = queryset.filter(status=MemberStatus.ACTIVE)
    return list(queryset.order_by("pk"))


def publication_list_public(*, village: Region, on: date | None = None) -> QuerySet[Publication]:
    """What the public village page shows: every publication of the village, newest first."""
    queryset = Publication.objects.filter(matter__village=village).select_related(
        "matter", "matter__matter_type"
    )
    if on is not None:
        queryset = queryset.filter(published_on__lte=on)
    return queryset.order_by("-published_on", "-pk")


def publication_get_public(*, village: Region, publication_id: int) -> Publication:
    publication = (
        Publication.objects.select_related("matter", "matter__matter_type", "matter__tender")
        .filter(pk=publication_id, matter__village=village)
        .first()
    )
    if publication is None:
        raise NotFound("公开事项", "publication")
    return publication


def objection_list(*, region: Region, status: str | None = None) -> QuerySet[Objection]:
    queryset = Objection.objects.filter(region_q(region, "matter__village")).select_related(
        "matter", "publication"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("due_at", "pk")


def objection_overdue_list(*, now: datetime, region: Region | None = None) -> QuerySet[Objection]:
    queryset = Objection.objects.filter(status=ObjectionStatus.OPEN, due_at__lt=now)
    if region is not None:
        queryset = queryset.filter(region_q(region, "matter__village"))
    return queryset.select_related("matter").order_by("due_at")


def village_notice_list(*, region: Region, open_only: bool = True) -> QuerySet[VillageNotice]:
    """Reminders to the villages in ``region``, flagged first; by default only those whose
    objection is still unanswered."""
    queryset = VillageNotice.objects.filter(region_q(region)).select_related("matter", "objection", "village")
    if open_only:
        queryset = queryset.filter(objection__status=ObjectionStatus.OPEN)
    return queryset.order_by("-is_flagged", "-created_at", "-pk")
