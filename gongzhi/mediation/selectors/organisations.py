"""Reads of organisations and mediators: composition warnings, figures, directory, loads, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gongzhi.core.errors import NotFound
from gongzhi.mediation.enums import (
    COMMITTEE_POSITIONS,
    DONE_MEDIATION_STATUSES,
    OPEN_MEDIATION_STATUSES,
    MediationStatus,
    MemberPosition,
    OrganisationType,
)
from gongzhi.mediation.languages import language_code
from gongzhi.mediation.models import (
    DisputeType,
    Mediation,
    MediationOrganisation,
    Mediator,
    MediatorAssignment,
    MediatorUnavailability,
    OrganisationMember,
)
from gongzhi.mediation.selectors.catalogue import organisations_for_type
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import RegionLevel
from gongzhi.org.models import Region

TERM_YEARS = 3  # 人民调解法 art. 9
MIN_MEMBERS, MAX_MEMBERS = 3, 9  # art. 8


@dataclass(frozen=True)
class OrganisationWarning:
    code: str
    message: str


def organisation_list(
    *,
    org_type: str | None = None,
    level: str | None = None,
    featured: bool | None = None,
    rating: str | None = None,
) -> QuerySet[MediationOrganisation]:
    qs = MediationOrganisation.objects.filter(is_active=True).select_related("region", "unit", "host_unit")
    if org_type:
        qs = qs.filter(org_type=org_type)
    if level:
        qs = qs.filter(level=level)
    if featured is not None:
        qs = qs.filter(is_featured=featured)
    if rating:
        qs = qs.filter(rating=rating)
    return qs.order_by("level", "code")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def organisation_warnings(
    organisation: MediationOrganisation, *, today: date | None = None
) -> list[OrganisationWarning]:
    """Where a people's mediation committee breaks the law's composition rules.

    人民调解法 art. 8: 3–9 members (chair, vice-chairs, members; appointed mediators do not
    count), women members required, minority members in multi-ethnic areas; art. 9: 3-year terms.
    Other organisation types (studios, industry committees) get no composition warnings.
    """
    if organisation.org_type not in (OrganisationType.PEOPLES,):
        return []
    today = today or timezone.localdate()
    members = list(
        organisation.members.filter(is_active=True, position__in=COMMITTEE_POSITIONS).select_related(
            "mediator"
        )
    )
    warnings: list[OrganisationWarning] = []
    if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
        warnings.append(
            OrganisationWarning(
                "member_count",
                f"委员会由{MIN_MEMBERS}至{MAX_MEMBERS}人组成，现有{len(members)}人（人民调解法第八条）",
            )
        )
    if not any(m.mediator.gender == "female" for m in members):
        warnings.append(OrganisationWarning("no_woman", "委员会应当有妇女成员（人民调解法第八条）"))
    if organisation.is_multi_ethnic_area and not any(
        m.mediator.ethnicity and m.mediator.ethnicity != "汉族" for m in members
    ):
        warnings.append(
            OrganisationWarning("no_minority", "多民族居住地区应当有少数民族成员（人民调解法第八条）")
        )
    if not any(m.position == MemberPosition.CHAIR for m in members):
        warnings.append(OrganisationWarning("no_chair", "委员会应设主任一人（人民调解法第八条）"))
    start, end = organisation.term_start, organisation.term_end
    if start is None or end is None:
        warnings.append(OrganisationWarning("term_unknown", "未登记本届任期起止日期"))
    else:
        if end > _add_years(start, TERM_YEARS):
            warnings.append(OrganisationWarning("term_too_long", "委员任期每届三年（人民调解法第九条）"))
        if end < today:
            warnings.append(
                OrganisationWarning("term_expired", f"本届任期已于{end:%Y年%m月%d日}届满，应及时换届")
            )
    for member in members:
        if (
            member.term_start
            and member.term_end
            and member.term_end > _add_years(member.term_start, TERM_YEARS)
        ):
            warnings.append(
                OrganisationWarning(
                    "member_term_too_long", f"{member.mediator.name}的任期超过三年（人民调解法第九条）"
                )
            )
    return warnings


def committee_for_level(
    *, region: Region, level: str, dispute_type: DisputeType | None = None
) -> MediationOrganisation | None:
    """The organisation that mediates a dispute of ``region`` at ``level`` (village/town/district).

    Village and town: the people's mediation committee there. District: the industry committee
    for the dispute type when there is one, else the district centre's people's committee.
    """
    ancestor = org_selectors.region_ancestor_at_level(region, level)
    if ancestor is None:
        return None
    candidates = list(
        MediationOrganisation.objects.filter(region=ancestor, level=level, is_active=True).select_related(
            "unit", "host_unit", "region"
        )
    )
    if dispute_type is not None and level == RegionLevel.DISTRICT:
        specific = [f for f in dispute_type.committee_functions if f != "people_mediation"]
        for organisation in sorted(candidates, key=lambda o: o.code):
            if organisation.unit is not None and organisation.unit.function in specific:
                return organisation
    peoples = [o for o in candidates if o.org_type == OrganisationType.PEOPLES]
    peoples.sort(key=lambda o: (o.unit is None, o.code))
    if peoples:
        return peoples[0]
    if dispute_type is not None:
        found = [
            o for o in organisations_for_type(dispute_type=dispute_type, region=region) if o.level == level
        ]
        return found[0] if found else None
    return None


def mediator_loads(mediator_ids: list[int]) -> dict[int, int]:
    """Current load: active assignments on open mediations, per mediator."""
    rows = (
        MediatorAssignment.objects.filter(
            mediator_id__in=mediator_ids, is_active=True, mediation__status__in=OPEN_MEDIATION_STATUSES
        )
        .values("mediator_id")
        .annotate(n=Count("pk"))
    )
    return {row["mediator_id"]: row["n"] for row in rows}


def mediator_outcomes(mediator_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(resolved, concluded) per mediator, over the mediations they were assigned to."""
    rows = (
        MediatorAssignment.objects.filter(
            mediator_id__in=mediator_ids, mediation__status__in=DONE_MEDIATION_STATUSES
        )
        .values("mediator_id")
        .annotate(
            concluded=Count("mediation", distinct=True),
            resolved=Count("mediation", filter=Q(mediation__status=MediationStatus.RESOLVED), distinct=True),
        )
    )
    return {row["mediator_id"]: (row["resolved"], row["concluded"]) for row in rows}


def unavailable_ids(mediator_ids: list[int], on: date) -> set[int]:
    return set(
        MediatorUnavailability.objects.filter(
            mediator_id__in=mediator_ids, start__lte=on, end__gte=on
        ).values_list("mediator_id", flat=True)
    )


def mediator_is_available(mediator: Mediator, on: date) -> bool:
    return mediator.pk not in unavailable_ids([mediator.pk], on)


def mediator_directory(
    *,
    language: str = "",
    dispute_type: DisputeType | None = None,
    organisation: MediationOrganisation | None = None,
    region: Region | None = None,
    text: str = "",
    foreign_only: bool = False,
) -> QuerySet[Mediator]:
    """The mediator directory with its filters (language, speciality, studio, region, name)."""
    qs = Mediator.objects.filter(is_active=True)
    if language:
        qs = qs.filter(languages__icontains=f'"{language_code(language)}"')
    if dispute_type is not None:
        qs = qs.filter(specialities=dispute_type)
    if organisation is not None:
        qs = qs.filter(memberships__organisation=organisation, memberships__is_active=True)
    if region is not None:
        qs = qs.filter(Q(home_region__path__startswith=region.path) | Q(regions_covered=region))
    if text.strip():
        qs = qs.filter(Q(name__icontains=text.strip()) | Q(title__icontains=text.strip()))
    if foreign_only:
        qs = qs.exclude(nationality__in=["", "中国"])
    return (
        qs.distinct()
        .select_related("home_region", "person")
        .prefetch_related(
            "specialities",
            Prefetch(
                "memberships",
                queryset=OrganisationMember.objects.filter(is_active=True).select_related("organisation"),
            ),
        )
        .annotate(
            load=Count(
                "assignments",
                filter=Q(
                    assignments__is_active=True, assignments__mediation__status__in=OPEN_MEDIATION_STATUSES
                ),
                distinct=True,
            )
        )
        .order_by("name", "id")
    )


def mediator_history(*, mediator: Mediator, limit: int = 50) -> list[MediatorAssignment]:
    return list(
        MediatorAssignment.objects.filter(mediator=mediator)
        .select_related("mediation", "mediation__organisation", "mediation__dispute_type")
        .order_by("-created_at")[:limit]
    )


@dataclass(frozen=True)
class OrganisationFigures:
    cases: int
    open: int
    resolved: int
    concluded: int
    success_rate: float | None
    average_days: float | None
    rated: int
    satisfied: int
    satisfaction_rate: float | None


def organisation_figures(
    *, organisation: MediationOrganisation, start: datetime | None = None, end: datetime | None = None
) -> OrganisationFigures:
    """A studio's or committee's figures: mediations received in the period, success rate
    (resolved ÷ concluded), average days from acceptance to outcome, satisfaction."""
    qs = Mediation.objects.filter(organisation=organisation)
    if start is not None:
        qs = qs.filter(applied_at__gte=start)
    if end is not None:
        qs = qs.filter(applied_at__lt=end)
    counts = qs.aggregate(
        cases=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_MEDIATION_STATUSES)),
        resolved=Count("pk", filter=Q(status=MediationStatus.RESOLVED)),
        concluded=Count("pk", filter=Q(status__in=DONE_MEDIATION_STATUSES)),
        rated=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction__in=["satisfied", "basically_satisfied"])),
    )
    durations = [
        (done - accepted).total_seconds()
        for accepted, done in qs.filter(
            status=MediationStatus.RESOLVED, accepted_at__isnull=False, concluded_at__isnull=False
        ).values_list("accepted_at", "concluded_at")
        if accepted is not None and done is not None
    ]
    average = round(sum(durations) / len(durations) / 86400, 1) if durations else None
    return OrganisationFigures(
        cases=counts["cases"],
        open=counts["open"],
        resolved=counts["resolved"],
        concluded=counts["concluded"],
        success_rate=round(counts["resolved"] / counts["concluded"], 4) if counts["concluded"] else None,
        average_days=average,
        rated=counts["rated"],
        satisfied=counts["satisfied"],
        satisfaction_rate=round(counts["satisfied"] / counts["rated"], 4) if counts["rated"] else None,
    )


def organisation_get(*, code: str) -> MediationOrganisation:
    """An active organisation by its code, with what its page shows; NotFound otherwise."""
    found = (
        MediationOrganisation.objects.filter(code=code, is_active=True)
        .select_related("region", "unit", "host_unit")
        .prefetch_related(
            "specialities",
            Prefetch(
                "members",
                queryset=OrganisationMember.objects.filter(is_active=True)
                .select_related("mediator")
                .order_by("position", "mediator__name"),
            ),
        )
        .first()
    )
    if found is None:
        raise NotFound("调解组织", "mediation organisation", detail={"code": code})
    return found


def mediator_get(*, mediator_id: int) -> Mediator:
    """An active mediator with their memberships, specialities and calendar; NotFound otherwise."""
    found = (
        mediator_directory()
        .filter(pk=mediator_id)
        .prefetch_related(
            Prefetch("unavailability", queryset=MediatorUnavailability.objects.order_by("start")),
        )
        .first()
    )
    if found is None:
        raise NotFound("调解员", "mediator")
    return found


def organisation_figures_many(
    organisations: list[MediationOrganisation], *, start: datetime | None = None
) -> dict[int, OrganisationFigures]:
    """``organisation_figures`` for several organisations (a studio list), in two queries."""
    ids = [o.pk for o in organisations]
    qs = Mediation.objects.filter(organisation_id__in=ids)
    if start is not None:
        qs = qs.filter(applied_at__gte=start)
    rows = {
        row["organisation_id"]: row
        for row in qs.values("organisation_id").annotate(
            cases=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_MEDIATION_STATUSES)),
            resolved=Count("pk", filter=Q(status=MediationStatus.RESOLVED)),
            concluded=Count("pk", filter=Q(status__in=DONE_MEDIATION_STATUSES)),
            rated=Count("pk", filter=~Q(satisfaction="")),
            satisfied=Count("pk", filter=Q(satisfaction__in=["satisfied", "basically_satisfied"])),
        )
    }
    seconds: dict[int, list[float]] = {}
    for organisation_id, accepted, done in qs.filter(
        status=MediationStatus.RESOLVED, accepted_at__isnull=False, concluded_at__isnull=False
    ).values_list("organisation_id", "accepted_at", "concluded_at"):
        if accepted is not None and done is not None:
            seconds.setdefault(organisation_id, []).append((done - accepted).total_seconds())
    result = {}
    for organisation_id in ids:
        row: dict[str, Any] = dict(rows.get(organisation_id, {}))
        cases, open_, resolved, concluded, rated, satisfied = (
            int(row.get(k, 0)) for k in ("cases", "open", "resolved", "concluded", "rated", "satisfied")
        )
        durations = seconds.get(organisation_id, [])
        result[organisation_id] = OrganisationFigures(
            cases=cases,
            open=open_,
            resolved=resolved,
            concluded=concluded,
            success_rate=round(resolved / concluded, 4) if concluded else None,
            average_days=round(sum(durations) / len(durations) / 86400, 1) if durations else None,
            rated=rated,
            satisfied=satisfied,
            satisfaction_rate=round(satisfied / rated, 4) if rated else None,
        )
    return result
