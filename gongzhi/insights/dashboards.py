"""Reads for the leaders' cockpit and the supervision board (read-only, scoped like everything).

Each function aggregates in the database (one GROUP BY each), so the pages cost the same at
20,000 and at 1,000,000 cases apart from the index scans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from gongzhi.cases.enums import FIVE_LISTS, HANDLING_STATUSES, CaseStatus, ExtensionStatus, NoticeKind
from gongzhi.cases.models import Case, Extension, Notice
from gongzhi.insights.selectors import scoped_cases
from gongzhi.org.models import User

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def intake_count(*, user: User | None, start: datetime, end: datetime) -> int:
    return scoped_cases(user=user).filter(registered_at__gte=start, registered_at__lt=end).count()


@dataclass(frozen=True)
class Trend:
    days: list[date]
    series: dict[str, list[int]]  # channel → count per day


def intake_trend(*, user: User | None, start: datetime, end: datetime) -> Trend:
    """Cases registered per local day and channel (the five lists; the rest as "other")."""
    rows = (
        scoped_cases(user=user)
        .filter(registered_at__gte=start, registered_at__lt=end)
        .annotate(day=TruncDate("registered_at", tzinfo=SHANGHAI))
        .values_list("day", "channel")
        .annotate(n=Count("pk"))
    )
    first = timezone.localtime(start, SHANGHAI).date()
    last = timezone.localtime(end - timedelta(microseconds=1), SHANGHAI).date()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    index = {day: i for i, day in enumerate(days)}
    channels = [str(c.value) for c in FIVE_LISTS]
    series = {channel: [0] * len(days) for channel in [*channels, "other"]}
    for day, channel, n in rows:
        key = channel if channel in channels else "other"
        if day in index:
            series[key][index[day]] += n
    if not any(series["other"]):
        del series["other"]
    return Trend(days=days, series=series)


@dataclass(frozen=True)
class Tally:
    key: int
    name: str
    count: int
    latitude: float | None = None
    longitude: float | None = None


def top_categories(*, user: User | None, start: datetime, end: datetime, limit: int = 10) -> list[Tally]:
    rows = (
        scoped_cases(user=user)
        .filter(registered_at__gte=start, registered_at__lt=end, category__isnull=False)
        .values_list("category_id", "category__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:limit]
    )
    return [Tally(key=pk, name=name, count=n) for pk, name, n in rows]


def town_density(*, user: User | None, start: datetime, end: datetime) -> list[Tally]:
    """Cases per town in the period, with the mean position of the town's located cases."""
    rows = (
        scoped_cases(user=user)
        .filter(registered_at__gte=start, registered_at__lt=end, town__isnull=False)
        .values_list("town_id", "town__name")
        .annotate(n=Count("pk"), lat=Avg("latitude"), lng=Avg("longitude"))
        .order_by("-n")
    )
    return [
        Tally(
            key=pk,
            name=name,
            count=n,
            latitude=float(lat) if lat is not None else None,
            longitude=float(lng) if lng is not None else None,
        )
        for pk, name, n, lat, lng in rows
    ]


@dataclass(frozen=True)
class UnitWarnings:
    unit_id: int
    name: str
    red: int
    yellow: int
    supervised: int


def warnings_by_unit(
    *, user: User | None, now: datetime | None = None, limit: int = 30
) -> list[UnitWarnings]:
    """Running cases past their deadline (red) or in the warning window (yellow), per lead unit."""
    now = now or timezone.now()
    rows = (
        scoped_cases(user=user)
        .filter(status__in=HANDLING_STATUSES, lead_unit__isnull=False, warn_at__lte=now)
        .values_list("lead_unit_id", "lead_unit__name")
        .annotate(
            red=Count("pk", filter=Q(due_at__lt=now)),
            yellow=Count("pk", filter=Q(due_at__gte=now)),
            supervised=Count("pk", filter=Q(supervised_at__isnull=False)),
        )
        .order_by("-red", "-yellow")[:limit]
    )
    return [UnitWarnings(pk, name, red, yellow, supervised) for pk, name, red, yellow, supervised in rows]


def returns_awaiting(*, user: User | None, limit: int = 20) -> QuerySet[Case]:
    return (
        scoped_cases(user=user)
        .filter(status=CaseStatus.RETURNED)
        .select_related("town", "village", "category")
        .prefetch_related("returns")
        .order_by("registered_at")[:limit]
    )


def extension_requests(*, user: User | None, limit: int = 20) -> QuerySet[Extension]:
    return (
        Extension.objects.filter(status=ExtensionStatus.REQUESTED, case__in=scoped_cases(user=user))
        .select_related("case", "case__lead_unit", "requested_by")
        .order_by("created_at")[:limit]
    )


def reminders_sent(*, user: User | None, start: datetime, end: datetime) -> dict[str, int]:
    rows = (
        Notice.objects.filter(
            case__in=scoped_cases(user=user),
            kind__in=[NoticeKind.REMINDER, NoticeKind.SUPERVISION],
            created_at__gte=start,
            created_at__lt=end,
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    counts = {str(NoticeKind.REMINDER): 0, str(NoticeKind.SUPERVISION): 0}
    counts.update({kind: n for kind, n in rows})
    return counts
