"""Matching: which mediators fit a dispute, ranked, and never one with a conflict of interest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from gongzhi.mediation.languages import language_label
from gongzhi.mediation.models import Mediation, MediationOrganisation, Mediator
from gongzhi.mediation.selectors.catalogue import _ancestor_paths
from gongzhi.mediation.selectors.conflicts import mediator_conflicts
from gongzhi.mediation.selectors.organisations import mediator_loads, mediator_outcomes, unavailable_ids

LEVEL_RANK = {"village": 0, "town": 1, "district": 2}
WEIGHTS = {
    "speciality": 30.0,
    "language": 25.0,
    "level": 15.0,
    "distance": 10.0,
    "load": 10.0,
    "outcomes": 10.0,
}


@dataclass
class Suggestion:
    mediator: Mediator
    score: float
    reasons: list[str] = field(default_factory=list)
    organisation: MediationOrganisation | None = None
    load: int = 0
    speaks_languages: bool = True


@dataclass
class MatchResult:
    suggestions: list[Suggestion]
    excluded: dict[int, list[str]]
    required_languages: list[str]
    needs_interpreter: bool


def _pool(mediation: Mediation) -> list[Mediator]:
    """Mediators of organisations covering the dispute's place at its level or above."""
    paths = _ancestor_paths(mediation.region)
    levels = [lv for lv, rank in LEVEL_RANK.items() if rank >= LEVEL_RANK.get(mediation.level, 0)]
    return list(
        Mediator.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__organisation__is_active=True,
            memberships__organisation__region_path__in=paths,
            memberships__organisation__level__in=levels,
        )
        .distinct()
        .select_related("person", "home_region")
        .prefetch_related("specialities", "regions_covered", "memberships__organisation")
    )


def _best_organisation(mediator: Mediator, mediation: Mediation) -> MediationOrganisation | None:
    """The mediator's organisation that fits best: this mediation's own, else the lowest level."""
    organisations = [m.organisation for m in mediator.memberships.all() if m.is_active]
    if not organisations:
        return None
    return min(
        organisations,
        key=lambda o: (o.pk != mediation.organisation_id, LEVEL_RANK.get(o.level, 3), o.code),
    )


def mediator_suggest(*, mediation: Mediation, limit: int = 10, now: datetime | None = None) -> MatchResult:
    """Suggest mediators for ``mediation``, best first, with the reasons for each.

    Left out, always: inactive mediators; those with a conflict of interest (a party, a close
    relative of a party, a recorded declaration); those a party refused (art. 23); those away
    on the day; those at their maximum load; those already assigned.
    Language: a party who does not speak Chinese gets a mediator who speaks their language;
    when nobody does, everyone stays in and the result says an interpreter is needed.
    Ranked by: speciality in the dispute type, language, level (the mediation's own level
    first — village first, 631), distance (covers the village / the town), load, past outcomes.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    parties = list(mediation.parties.select_related("person"))
    required = sorted(
        {p.language for p in parties if p.language and p.language != "zh" and p.refused_at is None}
    )
    candidates = _pool(mediation)
    ids = [m.pk for m in candidates]
    excluded: dict[int, list[str]] = {}
    for mediator_id, found in mediator_conflicts(
        mediators=candidates, mediation=mediation, parties=parties
    ).items():
        excluded.setdefault(mediator_id, []).extend(found)
    for objection in mediation.objections.select_related("party"):
        excluded.setdefault(objection.mediator_id, []).append(f"当事人{objection.party.name}不接受该调解员")
    assigned = set(mediation.assignments.filter(is_active=True).values_list("mediator_id", flat=True))
    for mediator_id in unavailable_ids(ids, today):
        excluded.setdefault(mediator_id, []).append("当日不在岗（日程）")
    loads = mediator_loads(ids)
    for mediator in candidates:
        if loads.get(mediator.pk, 0) >= mediator.max_load:
            excluded.setdefault(mediator.pk, []).append(f"在办案件已满（{mediator.max_load}件）")
    eligible = [m for m in candidates if m.pk not in excluded and m.pk not in assigned]
    speakers = [m for m in eligible if all(code in m.languages for code in required)]
    needs_interpreter = bool(required) and not speakers
    if required and speakers:
        eligible = speakers
    outcomes = mediator_outcomes([m.pk for m in eligible])
    region = mediation.region
    town_path = "/".join(region.path.split("/")[:2])
    suggestions = []
    for mediator in eligible:
        reasons: list[str] = []
        score = 0.0
        specialities = {t.pk for t in mediator.specialities.all()}
        if mediation.dispute_type_id and mediation.dispute_type_id in specialities:
            score += WEIGHTS["speciality"]
            reasons.append(f"擅长{mediation.dispute_type.name if mediation.dispute_type else ''}")
        speaks = all(code in mediator.languages for code in required)
        if required and speaks:
            score += WEIGHTS["language"]
            reasons.append("会说" + "、".join(language_label(c) for c in required))
        organisation = _best_organisation(mediator, mediation)
        if organisation is not None:
            gap = LEVEL_RANK.get(organisation.level, 2) - LEVEL_RANK.get(mediation.level, 0)
            score += WEIGHTS["level"] * max(0.0, 1 - gap / 2)
            if organisation.pk == mediation.organisation_id:
                score += 2.0
                reasons.append(f"本组织调解员（{organisation.name}）")
            else:
                reasons.append(organisation.name)
        covered = [r.path for r in mediator.regions_covered.all()] + [mediator.home_region.path]
        if any(region.path == p or region.path.startswith(p + "/") for p in covered if p.count("/") >= 2):
            score += WEIGHTS["distance"]
            reasons.append("熟悉本村情况")
        elif any(p == town_path or p.startswith(town_path + "/") for p in covered):
            score += WEIGHTS["distance"] / 2
            reasons.append("同镇街")
        load = loads.get(mediator.pk, 0)
        score += WEIGHTS["load"] * (1 - load / max(mediator.max_load, 1))
        resolved, concluded = outcomes.get(mediator.pk, (0, 0))
        score += WEIGHTS["outcomes"] * (resolved + 1) / (concluded + 2)
        if concluded:
            reasons.append(f"调解成功{resolved}/{concluded}件")
        suggestions.append(
            Suggestion(
                mediator=mediator,
                score=round(score, 2),
                reasons=reasons,
                organisation=organisation,
                load=load,
                speaks_languages=speaks,
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.load, s.mediator.pk))
    return MatchResult(
        suggestions=suggestions[:limit],
        excluded=excluded,
        required_languages=required,
        needs_interpreter=needs_interpreter,
    )
