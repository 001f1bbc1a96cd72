"""Metrics over cases: read-only selectors shared by the cockpit, the API and reports.

Definitions (the official formulas are UNCONFIRMED; these are the working definitions of
docs/metrics.md, each over the cases in scope and in the period [start, end)):

- 及时受理率 timely_acceptance_rate: cases registered in the period whose acceptance decision
  (受理 / 不予受理 / 导入 / 转送) was made by ``accept_due_at`` ÷ those decided or already due.
- 办结率 completion_rate: answered (答复/办结/终结) ÷ accepted, for cases accepted in the period.
- 按期办结率 on_time_rate: answered by ``due_at`` ÷ cases whose deadline fell in the period
  (or that were answered in it).
- mean / median handling days: answer time − acceptance time, for cases answered in the period.
- 参评率 rating_participation_rate: cases answered in the period whose current answer is rated ÷
  cases answered in the period.
- 首次答复满意率 first_answer_satisfaction_rate: first answers rated in the period that were rated
  满意 (and, by setting, 基本满意) ÷ first answers rated in the period.
- 最终满意率 final_satisfaction_rate (also ``satisfaction_rate``): cases rated in the period whose
  latest rating by the end of the period is satisfied ÷ cases rated in the period. Both come from
  the rating history (``CaseRating``), so a redo never erases the 不满意 that caused it.
- 631 resolution_share_by_level: disputes closed in the period, by the level that resolved them.
- overdue / warning: running cases past their deadline / inside the yellow window, now.
- returns / arbitrations: 退单 made in the period, and those settled by 审定.
- 重复件 repeat: cases registered in the period that were merged into a master (``repeat_q``). A
  repeat is one matter told again, not a new one: it leaves the numerators and denominators of
  every rate above (it was never accepted, so it would count as a late acceptance), and is counted
  here instead. ``intake`` still counts every registration, repeats included.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, Exists, F, FloatField, Func, OuterRef, Q, QuerySet
from django.utils import timezone

from gongzhi.cases import access
from gongzhi.cases.enums import DONE_STATUSES, HANDLING_STATUSES, CaseKind, CaseStatus, PetitionClass, Rating
from gongzhi.cases.models import Case, CaseRating, Return
from gongzhi.core.conf import resolution_targets, rule_bool
from gongzhi.org.models import User

DECIDED_OUTSIDE = (CaseStatus.NOT_ACCEPTED, CaseStatus.REDIRECTED, CaseStatus.TRANSFERRED_OUT)
ANSWERED = Q(replied_at__isnull=False) | Q(status__in=DONE_STATUSES)


def repeat_q() -> Q:
    """重复件: the case was merged into a master (``Case.master`` set — a repeat of an open matter,
    or of one already concluded, 浙江省信访条例 art. 20 (5)). Every figure asks this one predicate:
    these cases leave the acceptance and handling rates and are counted as ``repeat``."""
    return Q(master__isnull=False)


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def satisfied_ratings() -> list[str]:
    """The ratings that count as satisfied: 满意, and 基本满意 unless the setting
    ``SATISFACTION_COUNTS_BASIC`` is false. Every satisfaction figure asks this one function."""
    if rule_bool("SATISFACTION_COUNTS_BASIC", True):
        return [Rating.SATISFIED, Rating.BASICALLY_SATISFIED]
    return [Rating.SATISFIED]


def _satisfied_q() -> Q:
    return Q(rating__in=satisfied_ratings())


def _current_answer_rated_q() -> Q:
    """The case's current answer (number ``redo_count + 1``) has its rating in the history."""
    return Q(
        Exists(CaseRating.objects.filter(case_id=OuterRef("pk"), answer_number=OuterRef("redo_count") + 1))
    )


@dataclass(frozen=True)
class Satisfaction:
    """The two satisfaction figures of a period, side by side (docs/metrics.md)."""

    first_answer_rated: int
    first_answer_satisfied: int
    final_rated: int
    final_satisfied: int

    @property
    def first_answer_rate(self) -> float | None:
        return _rate(self.first_answer_satisfied, self.first_answer_rated)

    @property
    def final_rate(self) -> float | None:
        return _rate(self.final_satisfied, self.final_rated)


def satisfaction(*, cases: QuerySet[Case], start: datetime, end: datetime) -> Satisfaction:
    """首次答复满意率 and 最终满意率 of the cases given, from their rating history.

    1. First answer: the rating of each case's first answer (``answer_number`` 1; an answer is
       rated once), for those given in [start, end).
    2. Final: each case rated in [start, end), by its latest rating given before ``end`` — a case
       still being redone after a 不满意 counts as 不满意 until its new answer is rated.
    Two indexed aggregates; the figures of a past period do not change afterwards.
    """
    ratings = CaseRating.objects.filter(case__in=cases, rated_at__gte=start, rated_at__lt=end)
    first = ratings.filter(answer_number=1).aggregate(
        rated=Count("pk"), satisfied=Count("pk", filter=_satisfied_q())
    )
    later = CaseRating.objects.filter(
        case_id=OuterRef("case_id"), answer_number__gt=OuterRef("answer_number"), rated_at__lt=end
    )
    final = ratings.filter(~Exists(later)).aggregate(
        rated=Count("pk"), satisfied=Count("pk", filter=_satisfied_q())
    )
    return Satisfaction(
        first_answer_rated=first["rated"],
        first_answer_satisfied=first["satisfied"],
        final_rated=final["rated"],
        final_satisfied=final["satisfied"],
    )


@dataclass(frozen=True)
class Kpis:
    intake: int
    accepted: int
    timely_acceptance_rate: float | None
    completion_rate: float | None
    on_time_rate: float | None
    mean_handling_days: float | None
    median_handling_days: float | None
    rating_participation_rate: float | None
    first_answer_satisfaction_rate: float | None
    final_satisfaction_rate: float | None
    # The final figure under its old name, for clients that read it before the two were split.
    satisfaction_rate: float | None
    overdue: int
    warning: int
    returns: int
    arbitrations: int
    # 重复件: cases registered in the period and merged into a master (``repeat_q``).
    repeat: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def scoped_cases(
    *, user: User | None = None, region_path: str | None = None, unit_id: int | None = None
) -> QuerySet[Case]:
    queryset = Case.objects.all() if user is None else access.case_queryset_for_user(user)
    if region_path:
        queryset = queryset.filter(Q(region_path=region_path) | Q(region_path__startswith=region_path + "/"))
    if unit_id:
        queryset = queryset.filter(lead_unit_id=unit_id)
    return queryset


class SecondsBetween(Func):
    """Seconds from the second expression to the first, as a float, computed by the database.

    Django's datetime subtraction runs a Python function for every row on SQLite: over a million
    cases the mean and the median (a sort on it) took a minute. julianday() is native SQLite;
    PostgreSQL extracts the epoch of the interval.
    """

    arity = 2
    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _handling_seconds() -> SecondsBetween:
    return SecondsBetween(F("replied_at"), F("accepted_at"))


def _median_days(queryset: QuerySet[Case], count: int) -> float | None:
    if not count:
        return None
    ordered = (
        queryset.annotate(seconds=_handling_seconds()).order_by("seconds").values_list("seconds", flat=True)
    )
    values = list(ordered[count // 2 : count // 2 + 1])
    if not values or values[0] is None:
        return None
    return round(float(values[0]) / 86400, 2)


def kpis(
    *,
    start: datetime,
    end: datetime,
    user: User | None = None,
    region_path: str | None = None,
    unit_id: int | None = None,
    now: datetime | None = None,
) -> Kpis:
    now = now or timezone.now()
    scoped = scoped_cases(user=user, region_path=region_path, unit_id=unit_id)
    registered = scoped.filter(registered_at__gte=start, registered_at__lt=end).aggregate(
        intake=Count("pk"),
        repeat=Count("pk", filter=repeat_q()),
        decided_or_due=Count(
            "pk",
            filter=~repeat_q()
            & (Q(accepted_at__isnull=False) | Q(status__in=DECIDED_OUTSIDE) | Q(accept_due_at__lt=now)),
        ),
        timely=Count(
            "pk",
            filter=~repeat_q()
            & (
                Q(accepted_at__lte=F("accept_due_at"))
                | Q(status__in=DECIDED_OUTSIDE, closed_at__lte=F("accept_due_at"))
            ),
        ),
    )
    cases = scoped.exclude(repeat_q())
    accepted = cases.filter(accepted_at__gte=start, accepted_at__lt=end).aggregate(
        accepted=Count("pk"), answered=Count("pk", filter=ANSWERED)
    )
    due = cases.filter(
        Q(due_at__gte=start, due_at__lt=min(end, now)) | Q(replied_at__gte=start, replied_at__lt=end),
        accepted_at__isnull=False,
    ).aggregate(due=Count("pk"), on_time=Count("pk", filter=Q(replied_at__lte=F("due_at"))))
    answered_qs = cases.filter(replied_at__gte=start, replied_at__lt=end, accepted_at__isnull=False)
    answered = answered_qs.aggregate(
        answered=Count("pk"),
        rated=Count("pk", filter=_current_answer_rated_q()),
    )
    rates = satisfaction(cases=cases, start=start, end=end)
    average = answered_qs.aggregate(avg=Avg(_handling_seconds()))["avg"]
    mean_days = round(float(average) / 86400, 2) if average is not None else None
    running = cases.filter(status__in=HANDLING_STATUSES).aggregate(
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        warning=Count("pk", filter=Q(due_at__gte=now, warn_at__lte=now)),
    )
    returns = Return.objects.filter(case__in=scoped, created_at__gte=start, created_at__lt=end).aggregate(
        returns=Count("pk"), arbitrations=Count("pk", filter=Q(is_arbitrated=True))
    )
    return Kpis(
        intake=registered["intake"],
        accepted=accepted["accepted"],
        timely_acceptance_rate=_rate(registered["timely"], registered["decided_or_due"]),
        completion_rate=_rate(accepted["answered"], accepted["accepted"]),
        on_time_rate=_rate(due["on_time"], due["due"]),
        mean_handling_days=mean_days,
        median_handling_days=_median_days(answered_qs, answered["answered"]),
        rating_participation_rate=_rate(answered["rated"], answered["answered"]),
        first_answer_satisfaction_rate=rates.first_answer_rate,
        final_satisfaction_rate=rates.final_rate,
        satisfaction_rate=rates.final_rate,
        overdue=running["overdue"],
        warning=running["warning"],
        returns=returns["returns"],
        arbitrations=returns["arbitrations"],
        repeat=registered["repeat"],
    )


@dataclass(frozen=True)
class LevelShare:
    level: str
    resolved: int
    share: float | None
    target: float


def resolution_shares(
    *, start: datetime, end: datetime, user: User | None = None, region_path: str | None = None
) -> list[LevelShare]:
    """631: where disputes closed in the period were resolved, against the targets (a setting)."""
    cases = (
        scoped_cases(user=user, region_path=region_path)
        .filter(kind=CaseKind.DISPUTE, closed_at__gte=start, closed_at__lt=end)
        .exclude(resolved_level="")
    )
    counts = dict(
        cases.values_list("resolved_level").annotate(n=Count("pk")).values_list("resolved_level", "n")
    )
    total = sum(counts.values())
    targets = resolution_targets()
    return [
        LevelShare(
            level=level,
            resolved=counts.get(level, 0),
            share=_rate(counts.get(level, 0), total),
            target=targets[level],
        )
        for level in ("village", "town", "district")
    ]


@dataclass(frozen=True)
class LeagueRow:
    key: int | str
    name: str
    dispatched: int
    answered: int
    on_time: int
    overdue: int
    returns: int
    rated: int
    satisfied: int
    first_answer_satisfied: int
    # 重复件 among the row's cases registered in the period (``repeat_q``), outside every figure above.
    repeat: int = 0

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.answered, self.dispatched)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.answered)

    @property
    def first_answer_satisfaction_rate(self) -> float | None:
        return _rate(self.first_answer_satisfied, self.rated)

    @property
    def final_satisfaction_rate(self) -> float | None:
        return _rate(self.satisfied, self.rated)

    @property
    def satisfaction_rate(self) -> float | None:
        """The final figure under its old name."""
        return self.final_satisfaction_rate


def league_table(
    *, start: datetime, end: datetime, by: str = "unit", user: User | None = None, now: datetime | None = None
) -> list[LeagueRow]:
    """The league table of units (or towns) for cases dispatched in the period, in one query.

    ``rated`` counts the cases rated at all; ``satisfied`` those whose latest rating
    (``Case.rating``) is satisfied, ``first_answer_satisfied`` those whose first answer was.
    Repeats (``repeat_q``) are in no figure but ``repeat``: the row's cases registered in the
    period and merged into a master.
    """
    now = now or timezone.now()
    cases = scoped_cases(user=user).filter(
        (Q(dispatched_at__gte=start, dispatched_at__lt=end) & ~repeat_q())
        | (Q(registered_at__gte=start, registered_at__lt=end) & repeat_q())
    )
    if by == "unit":
        key, name = "lead_unit_id", "lead_unit__name"
        # The accused never leads an accusation (信访工作条例 art. 30); should old data say so,
        # the case is not counted in the accused's row.
        cases = cases.exclude(lead_unit__isnull=True).exclude(
            petition_class=PetitionClass.ACCUSATION, lead_unit_id=F("accused_unit_id")
        )
    elif by == "town":
        key, name = "town_id", "town__name"
        cases = cases.exclude(town__isnull=True)
    else:
        raise ValueError("by must be 'unit' or 'town'")
    counted = ~repeat_q()
    rows = cases.values(key, name).annotate(
        dispatched=Count("pk", filter=counted),
        answered=Count("pk", filter=counted & ANSWERED),
        on_time=Count("pk", filter=counted & Q(replied_at__lte=F("due_at"))),
        overdue=Count("pk", filter=counted & Q(status__in=HANDLING_STATUSES, due_at__lt=now)),
        returns=Count("pk", filter=counted & Q(return_count__gt=0)),
        rated=Count("pk", filter=counted & ~Q(rating="")),
        satisfied=Count("pk", filter=counted & _satisfied_q()),
        repeat=Count("pk", filter=repeat_q()),
        first_answer_satisfied=Count(
            "pk",
            filter=counted
            & Q(
                Exists(
                    CaseRating.objects.filter(
                        case_id=OuterRef("pk"), answer_number=1, rating__in=satisfied_ratings()
                    )
                )
            ),
        ),
    )
    table = [
        LeagueRow(
            key=row[key],
            name=row[name],
            dispatched=row["dispatched"],
            answered=row["answered"],
            on_time=row["on_time"],
            overdue=row["overdue"],
            returns=row["returns"],
            rated=row["rated"],
            satisfied=row["satisfied"],
            first_answer_satisfied=row["first_answer_satisfied"],
            repeat=row["repeat"],
        )
        for row in rows
    ]
    table.sort(key=lambda r: (-(r.on_time_rate or 0), -(r.completion_rate or 0), r.name))
    return table
