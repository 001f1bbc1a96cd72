"""Figures per town or village: teams, sessions, participants, matters by type, time to decision,
objections. Read-only; each figure is one aggregate query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from django.db.models import Count, F, Q, Sum

from gongzhi.deliberation.enums import AttendanceStatus, MemberBasis, ObjectionStatus, SessionOutcome
from gongzhi.deliberation.models import Attendance, Matter, Objection, Session, Team, TeamMember
from gongzhi.deliberation.selectors.matters import region_q
from gongzhi.org.models import Region


@dataclass(frozen=True)
class Figures:
    region: Region
    start: date
    end: date
    matters: int
    matters_by_type: list[tuple[str, str, int]]
    matters_by_status: dict[str, int]
    teams: int
    team_members: int
    experts: int
    excluded_members: int
    sessions: int
    sessions_without_quorum: int
    participants: int
    distinct_participants: int
    days_to_decision_median: float | None
    days_to_decision_mean: float | None
    objections: int
    objections_open: int
    objections_answered_on_time: int
    objections_overdue: int
    generated_share: float


def figures_for(*, region: Region, start: date, end: date, now: datetime) -> Figures:
    """Figures for the matters proposed in ``[start, end]`` in ``region`` and below.

    ``participants`` counts attendances (人次): the people present, summed over all sessions;
    ``distinct_participants`` the different people on teams or on recorded attendance lists.
    """
    matters = Matter.objects.filter(region_q(region), proposed_on__gte=start, proposed_on__lte=end)
    by_type = list(
        matters.values("matter_type__code", "matter_type__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "matter_type__code")
    )
    by_status = {row["status"]: row["n"] for row in matters.values("status").annotate(n=Count("pk"))}
    teams = Team.objects.filter(matter__in=matters)
    members = TeamMember.objects.filter(team__in=teams)
    sessions = Session.objects.filter(step__matter__in=matters)
    session_figures = sessions.aggregate(
        n=Count("pk"),
        no_quorum=Count("pk", filter=Q(outcome=SessionOutcome.NO_QUORUM)),
        participants=Sum("present"),
    )
    decided = [
        (decided_on - proposed_on).days
        for proposed_on, decided_on in matters.filter(decided_on__isnull=False).values_list(
            "proposed_on", "decided_on"
        )
        if decided_on is not None
    ]
    objections = Objection.objects.filter(matter__in=matters)
    objection_figures = objections.aggregate(
        n=Count("pk"),
        open=Count("pk", filter=Q(status=ObjectionStatus.OPEN)),
        on_time=Count("pk", filter=Q(status=ObjectionStatus.ANSWERED, answered_at__lte=F("due_at"))),
        overdue=Count("pk", filter=Q(status=ObjectionStatus.OPEN, due_at__lt=now)),
    )
    attendees = set(
        Attendance.objects.filter(
            session__step__matter__in=matters, status=AttendanceStatus.PRESENT
        ).values_list("person_id", flat=True)
    )
    attendees |= set(members.values_list("person_id", flat=True))
    total = matters.count()
    generated = matters.filter(is_generated=True).count()
    return Figures(
        region=region,
        start=start,
        end=end,
        matters=total,
        matters_by_type=[(row["matter_type__code"], row["matter_type__name"], row["n"]) for row in by_type],
        matters_by_status=by_status,
        teams=teams.count(),
        team_members=members.count(),
        experts=members.filter(basis=MemberBasis.EXPERT).count(),
        excluded_members=members.filter(status="excluded").count(),
        sessions=session_figures["n"] or 0,
        sessions_without_quorum=session_figures["no_quorum"] or 0,
        participants=session_figures["participants"] or 0,
        distinct_participants=len(attendees),
        days_to_decision_median=float(median(decided)) if decided else None,
        days_to_decision_mean=round(sum(decided) / len(decided), 1) if decided else None,
        objections=objection_figures["n"] or 0,
        objections_open=objection_figures["open"] or 0,
        objections_answered_on_time=objection_figures["on_time"] or 0,
        objections_overdue=objection_figures["overdue"] or 0,
        generated_share=generated / total if total else 0.0,
    )


def figures_by_village(*, town: Region, start: date, end: date, now: datetime) -> list[Figures]:
    return [
        figures_for(region=village, start=start, end=end, now=now)
        for village in Region.objects.filter(parent=town).order_by("code")
    ]
