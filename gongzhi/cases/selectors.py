"""Reads of cases: scoped lists, the five lists, a user's queue, the timeline, due rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case as SqlCase
from django.db.models import Q, QuerySet, Value, When
from django.utils import timezone

from gongzhi.cases import access, accusations, joint
from gongzhi.cases.enums import (
    HANDLING_STATUSES,
    URGENCY_ORDER,
    AssignmentRole,
    AssignmentStatus,
    CaseStatus,
    ExtensionStatus,
)
from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel, Role
from gongzhi.org.models import Region, Unit, User


@dataclass(frozen=True)
class CaseFilters:
    channel: str | None = None
    status: str | None = None
    kind: str | None = None
    lead_unit_id: int | None = None
    handler_id: int | None = None
    category_id: int | None = None
    region_path: str | None = None
    warning: str | None = None  # green / yellow / red
    registered_from: date | None = None
    registered_to: date | None = None
    text: str | None = None


def case_list_for_user(
    *, user: User, filters: CaseFilters | None = None, now: datetime | None = None
) -> QuerySet[Case]:
    """The cases ``user`` may see, filtered; ordered newest first."""
    filters = filters or CaseFilters()
    now = now or timezone.now()
    queryset = access.case_queryset_for_user(user).select_related(
        "category", "lead_unit", "region", "handler"
    )
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.lead_unit_id:
        queryset = queryset.filter(lead_unit_id=filters.lead_unit_id)
    if filters.handler_id:
        queryset = queryset.filter(handler_id=filters.handler_id)
    if filters.category_id:
        queryset = queryset.filter(
            Q(category_id=filters.category_id)
            | Q(category__parent_id=filters.category_id)
            | Q(category__parent__parent_id=filters.category_id)
        )
    if filters.region_path:
        queryset = queryset.filter(
            Q(region_path=filters.region_path) | Q(region_path__startswith=filters.region_path + "/")
        )
    if filters.warning:
        running = Q(status__in=HANDLING_STATUSES)
        if filters.warning == "red":
            queryset = queryset.filter(running, due_at__lt=now)
        elif filters.warning == "yellow":
            queryset = queryset.filter(running, due_at__gte=now, warn_at__lte=now)
        elif filters.warning == "green":
            queryset = queryset.filter(running, warn_at__gt=now)
    if filters.registered_from:
        queryset = queryset.filter(registered_at__date__gte=filters.registered_from)
    if filters.registered_to:
        queryset = queryset.filter(registered_at__date__lte=filters.registered_to)
    if filters.text:
        text = filters.text.strip()
        queryset = queryset.filter(
            Q(tracking_code__iexact=text)
            | Q(subject__icontains=text)
            | Q(description__icontains=text)
            | Q(reporter_name=text)
        )
    return queryset.order_by("-registered_at", "-id")


@dataclass(frozen=True)
class QueueCounts:
    to_sign: int
    in_progress: int
    due_soon: int
    overdue: int
    returned: int
    arbitration: int
    awaiting_approval: int


def queue_for_user(*, user: User, now: datetime | None = None) -> dict[str, QuerySet[Case]]:
    """My queue: to sign for, in progress, due soon, overdue, returned to me, asking me to arbitrate
    (申请审定), awaiting my approval."""
    now = now or timezone.now()
    visible = access.case_queryset_for_user(user)
    acting_units = [u.pk for u in access.user_units(user, access.STAFF_ACTING_ROLES)]
    mine = visible.filter(
        Q(lead_unit_id__in=acting_units)
        | Q(handler=user)
        | Q(
            assignments__unit_id__in=acting_units,
            assignments__is_active=True,
            assignments__role=AssignmentRole.CO,
        )
    ).distinct()
    dispatch_units = access.user_units(user, access.CENTRE_DISPATCH_ROLES)
    returned = visible.filter(status=CaseStatus.RETURNED) if dispatch_units else visible.none()
    # 申请审定: open requests, for the dispatchers of a covering centre other than the bound unit.
    arbitration = (
        visible.filter(arbitration_requests__decided_at__isnull=True)
        .exclude(lead_unit_id__in=[u.pk for u in dispatch_units])
        .distinct()
        if dispatch_units
        else visible.none()
    )
    approver_units = [u.pk for u in access.user_units(user, (Role.UNIT_HEAD,))]
    open_extension = Q(extensions__status=ExtensionStatus.REQUESTED)
    if access.user_units(user, (Role.SUPERVISOR, Role.CENTRE_LEADER)):
        approvals = visible.filter(open_extension).distinct()
    else:
        approvals = visible.filter(open_extension, lead_unit_id__in=approver_units).distinct()
    return {
        "to_sign": mine.filter(
            Q(status=CaseStatus.DISPATCHED)
            | Q(
                assignments__unit_id__in=acting_units,
                assignments__role=AssignmentRole.CO,
                assignments__status=AssignmentStatus.PENDING,
                assignments__is_active=True,
            )
        ),
        "in_progress": mine.filter(status=CaseStatus.IN_PROGRESS),
        "due_soon": mine.filter(status__in=HANDLING_STATUSES, due_at__gte=now, warn_at__lte=now),
        # Overdue: the case, or the co-unit's own open sub-task (联动办理, ``cases/joint.py``).
        "overdue": mine.filter(
            Q(status__in=HANDLING_STATUSES, due_at__lt=now)
            | Q(
                status__in=HANDLING_STATUSES,
                assignments__unit_id__in=acting_units,
                assignments__role=AssignmentRole.CO,
                assignments__is_active=True,
                assignments__status__in=joint.SUBTASK_OPEN_STATUSES,
                assignments__due_at__lt=now,
            )
        ).distinct(),
        "returned": returned,
        "arbitration": arbitration,
        "awaiting_approval": approvals,
    }


def queue_ordered(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """The order a queue is worked in: by urgency (特急 first, 信访工作条例 art. 25), then by deadline."""
    rank = SqlCase(
        *(When(urgency=urgency, then=Value(position)) for position, urgency in enumerate(URGENCY_ORDER)),
        default=Value(len(URGENCY_ORDER)),
    )
    return queryset.alias(urgency_rank=rank).order_by("urgency_rank", "due_at", "-registered_at", "id")


def queue_counts_for_user(*, user: User, now: datetime | None = None) -> QueueCounts:
    queues = queue_for_user(user=user, now=now)
    return QueueCounts(**{name: queryset.count() for name, queryset in queues.items()})


def case_timeline(*, case: Case) -> QuerySet[AuditEvent]:
    """The case's history, read from the audit trail (the single source of truth)."""
    return (
        AuditEvent.objects.filter(subject_type="case", subject_id=case.pk)
        .select_related("actor")
        .order_by("occurred_at", "id")
    )


def case_detail(*, user: User, case_id: int) -> Case:
    case = access.case_get_for_user(user, case_id)
    return (
        Case.objects.select_related(
            "category", "lead_unit", "region", "town", "village", "handler", "intake_unit", "master"
        )
        .prefetch_related(
            "parties",
            "assignments__unit",
            "assignments__handler",
            "extensions",
            "replies",
            "follow_ups",
            "review_requests",
            "notes",
            "attachments",
            "repeats",
            "notices",
            "arbitration_requests__unit",
            "arbitration_requests__centre",
            "arbitration_requests__assigned_unit",
            "recusal_requests",
        )
        .get(pk=case.pk)
    )


def case_candidate_units(*, case: Case) -> list[Unit]:
    """The active units that may take the case: those of its district, town and village
    (centres, departments, stations, committees), most local first. For an accusation, never the
    accused unit or a unit under it (信访工作条例 art. 30)."""
    ancestors = org_selectors.region_ancestors(case.region)
    units = (
        Unit.objects.filter(region__in=ancestors, is_active=True)
        .exclude(pk__in=accusations.barred_unit_ids(case))
        .select_related("region")
    )
    depth = {region.pk: index for index, region in enumerate(ancestors)}
    return sorted(units, key=lambda unit: (-depth.get(unit.region_id, 0), unit.kind != "centre", unit.code))


def intake_regions_for_user(*, user: User, town: Region | None = None) -> QuerySet[Region]:
    """Towns (or, with ``town``, its villages) in which ``user``'s centres may register cases."""
    scope = access.scope_for(user)
    if town is None:
        regions = org_selectors.region_list(level=RegionLevel.TOWN)
    else:
        regions = org_selectors.region_children(region=town).filter(level=RegionLevel.VILLAGE)
    if scope.is_all:
        return regions
    inside = Q(pk__in=[])
    for path in scope.region_paths:
        # Regions inside a centre's region, and the ancestors of a village centre's region.
        inside |= Q(path=path) | Q(path__startswith=path + "/")
        ancestors = path.split("/")
        inside |= Q(path__in=["/".join(ancestors[: i + 1]) for i in range(len(ancestors))])
    return regions.filter(inside)
