"""The mediation board of a centre or organisation, the mediation page, and the 631 view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gongzhi.core.errors import NotFound
from gongzhi.mediation import access
from gongzhi.mediation.enums import (
    AgreementStatus,
    CaseSync,
    ConfirmationStatus,
    MediationStatus,
    PerformanceStatus,
)
from gongzhi.mediation.models import (
    Agreement,
    JudicialConfirmation,
    Mediation,
    MediationNotice,
    MediationOrganisation,
    MediatorAssignment,
    PerformanceItem,
    Session,
)
from gongzhi.org.models import User


def mediation_list(
    *,
    user: User,
    organisation: MediationOrganisation | None = None,
    status: str | None = None,
    region_path: str | None = None,
) -> QuerySet[Mediation]:
    qs = access.mediation_queryset_for_user(user)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if status:
        qs = qs.filter(status=status)
    if region_path:
        qs = qs.filter(Q(region_path=region_path) | Q(region_path__startswith=region_path + "/"))
    return qs.select_related("organisation", "dispute_type", "region").order_by("-applied_at", "-id")


@dataclass
class Board:
    new: list[Mediation] = field(default_factory=list)
    in_progress: list[Mediation] = field(default_factory=list)
    due_soon: list[Mediation] = field(default_factory=list)
    overdue: list[Mediation] = field(default_factory=list)
    awaiting_signatures: list[Mediation] = field(default_factory=list)
    confirmation_closing: list[JudicialConfirmation] = field(default_factory=list)
    performance_due: list[PerformanceItem] = field(default_factory=list)
    case_sync_pending: list[Mediation] = field(default_factory=list)
    flagged_notices: list[MediationNotice] = field(default_factory=list)


def mediation_board(
    *,
    user: User,
    organisation: MediationOrganisation | None = None,
    region_path: str | None = None,
    now: datetime | None = None,
    warn_days: int = 5,
    limit: int = 50,
) -> Board:
    """A centre's (or an organisation's) board: new, in progress, due, agreements awaiting
    signatures, confirmation windows closing, performance due, case answers still owed."""
    now = now or timezone.now()
    soon = now + timedelta(days=warn_days)
    base = mediation_list(user=user, organisation=organisation, region_path=region_path)
    open_clock = base.filter(status__in=[MediationStatus.IN_PROGRESS, MediationStatus.AGREEMENT_PENDING])
    board = Board(
        new=list(base.filter(status=MediationStatus.APPLIED)[:limit]),
        in_progress=list(base.filter(status=MediationStatus.IN_PROGRESS).order_by("due_at")[:limit]),
        due_soon=list(open_clock.filter(due_at__gte=now, due_at__lt=soon).order_by("due_at")[:limit]),
        overdue=list(open_clock.filter(due_at__lt=now).order_by("due_at")[:limit]),
        awaiting_signatures=list(
            base.filter(agreement__status=AgreementStatus.AWAITING_SIGNATURES).order_by(
                "agreement__finalised_at"
            )[:limit]
        ),
        case_sync_pending=list(base.filter(case_sync=CaseSync.PENDING)[:limit]),
    )
    visible = base.values("pk")
    board.confirmation_closing = list(
        JudicialConfirmation.objects.filter(
            agreement__mediation__in=visible,
            status=ConfirmationStatus.WINDOW_OPEN,
            window_ends_at__gte=now,
            window_ends_at__lt=now + timedelta(days=max(warn_days, 7)),
        )
        .select_related("agreement__mediation")
        .order_by("window_ends_at")[:limit]
    )
    board.performance_due = list(
        PerformanceItem.objects.filter(
            agreement__mediation__in=visible,
            status__in=[PerformanceStatus.PENDING, PerformanceStatus.OVERDUE],
            overdue_at__lt=soon,
        )
        .select_related("agreement__mediation", "obligor")
        .order_by("due_date")[:limit]
    )
    unit_ids = access.user_unit_ids(user)
    board.flagged_notices = list(
        MediationNotice.objects.filter(recipient_unit_id__in=unit_ids, is_flagged=True)
        .select_related("mediation")
        .order_by("-created_at")[:limit]
    )
    return board


def mediation_detail(*, user: User, mediation_id: int) -> Mediation:
    """The mediation page: parties, mediators, sessions with participants, agreement with
    signatures, performance and confirmation, notices, the chain of levels."""
    mediation = access.mediation_get_for_user(user, mediation_id)
    return (
        Mediation.objects.select_related(
            "organisation",
            "dispute_type",
            "region",
            "case",
            "previous",
            "agreement",
            "agreement__confirmation",
        )
        .prefetch_related(
            "parties",
            Prefetch("assignments", queryset=MediatorAssignment.objects.select_related("mediator")),
            Prefetch("sessions", queryset=Session.objects.prefetch_related("participants")),
            "agreement__signatures",
            "agreement__performance_items",
            "notices",
            "extensions",
            "police_reports",
            "objections",
        )
        .get(pk=mediation.pk)
    )


def mediation_resolution_shares(
    *, start: datetime, end: datetime, region_path: str | None = None
) -> dict[str, int]:
    """Mediations resolved in the period, by the level where the agreement was reached (the
    mediation-side view of 631; the case-side one is ``insights.resolution_shares``)."""
    qs = Mediation.objects.filter(
        status=MediationStatus.RESOLVED, concluded_at__gte=start, concluded_at__lt=end
    )
    if region_path:
        qs = qs.filter(Q(region_path=region_path) | Q(region_path__startswith=region_path + "/"))
    counts = dict(qs.values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
    return {level: counts.get(level, 0) for level in ("village", "town", "district")}


def agreement_get_for_user(*, user: User, agreement_id: int) -> Agreement:
    """The agreement if ``user`` may see its mediation; NotFound otherwise (never a hint)."""
    found = Agreement.objects.filter(pk=agreement_id).values_list("mediation_id", flat=True).first()
    if found is None:
        raise NotFound("调解协议", "agreement")
    access.mediation_get_for_user(user, found)
    return (
        Agreement.objects.select_related("mediation__organisation", "confirmation")
        .prefetch_related("signatures", "performance_items")
        .get(pk=agreement_id)
    )
