"""晾晒: the ranking board, fair to projects of different sizes.

A project's score compares it with its own plan, never with other projects' volume:

1. Progress against plan  P = milestones reached ÷ milestones due by the ranking date, at most 1
   (reaching milestones early does not lift it above 1).
2. Indicator achievement  A = the mean, over the project's targets, of
   (current − baseline) ÷ (target − baseline), each clipped to 0…1; a target not yet read counts 0.
   A decrease target (审批 60 → 43 天) works the same way: both differences are negative.
3. On-time milestones     T = milestones reached on or before their date ÷ milestones due.
4. Score = 100 × (wP·P + wA·A + wT·T) ÷ (wP + wA + wT), weights ``CAMPAIGN_RANKING_WEIGHTS``
   (0.4 / 0.4 / 0.2). While no milestone is due yet, P and T are left out and the weights of
   the others are used alone — a new project is neither rewarded nor punished for it.
Every term is a ratio within the project, so a project with 3 milestones and 5 households to
help scores on the same 0–100 scale as one with 12 milestones and ¥100 million of output; no count,
amount or population enters the score. A unit's (or a cluster's) score is the mean of the scores
of the projects it leads or partners in — a mean, not a sum, so a unit with many projects does
not outrank one with few by volume. Ties go to the higher on-time share, then the project code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q

from gongzhi.campaigns.conf import ranking_weights
from gongzhi.campaigns.enums import DEFINED_STATUSES
from gongzhi.campaigns.models import Campaign, Flag, Milestone, Project, ProjectPartner, Target


@dataclass(frozen=True)
class Ratios:
    plan: float | None
    indicators: float | None
    on_time: float | None


@dataclass
class ProjectScore:
    project_id: int
    code: str
    title: str
    unit_id: int
    unit_name: str
    cluster_id: int
    cluster_name: str
    category: str
    level: str
    status: str
    ratios: Ratios
    score: float
    open_flags: int = 0
    rank_county: int = 0
    rank_cluster: int = 0


@dataclass
class GroupScore:
    """A unit's or a cluster's place: the mean score of its projects."""

    key: int
    name: str
    cluster_name: str
    projects: int
    score: float
    on_time: float | None
    rank: int = 0


def target_achievement(*, baseline: Decimal, target: Decimal, current: Decimal | None) -> float:
    """Share of the way from baseline to target, clipped to 0…1 (0 before any reading)."""
    if current is None or target == baseline:
        return 0.0
    share = float((current - baseline) / (target - baseline))
    return max(0.0, min(1.0, share))


def project_ratios(*, due: int, reached: int, reached_on_time: int, achievements: list[float]) -> Ratios:
    """The three ratios of the rule (module doc); None where nothing is due or measured yet."""
    plan = min(1.0, reached / due) if due else None
    on_time = reached_on_time / due if due else None
    indicators = sum(achievements) / len(achievements) if achievements else None
    return Ratios(plan=plan, indicators=indicators, on_time=on_time)


def score_of(ratios: Ratios, weights: dict[str, float] | None = None) -> float:
    weights = weights or ranking_weights()
    parts = [
        (weights["plan"], ratios.plan),
        (weights["indicators"], ratios.indicators),
        (weights["on_time"], ratios.on_time),
    ]
    used = [(weight, value) for weight, value in parts if value is not None and weight > 0]
    if not used:
        return 0.0
    return round(100 * sum(w * v for w, v in used) / sum(w for w, _ in used), 1)


def project_scores(*, campaign: Campaign, on: date, cluster_id: int | None = None) -> list[ProjectScore]:
    """Every defined project of the campaign with its ratios, score and ranks, best first."""
    projects = Project.objects.filter(campaign=campaign, status__in=DEFINED_STATUSES)
    if cluster_id is not None:
        projects = projects.filter(cluster_id=cluster_id)
    rows = list(
        projects.values(
            "pk",
            "code",
            "title",
            "lead_unit_id",
            "lead_unit__name",
            "cluster_id",
            "cluster__name",
            "category__name",
            "level",
            "status",
        )
    )
    ids = [row["pk"] for row in rows]
    milestones = {
        item["project_id"]: item
        for item in Milestone.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(
            due=Count("pk", filter=Q(due_on__lte=on)),
            reached=Count("pk", filter=Q(reached_on__isnull=False, reached_on__lte=on)),
            on_time=Count(
                "pk", filter=Q(due_on__lte=on, reached_on__isnull=False, reached_on__lte=F("due_on"))
            ),
        )
    }
    achievements: dict[int, list[float]] = defaultdict(list)
    for project_id, baseline, target, current in Target.objects.filter(project_id__in=ids).values_list(
        "project_id", "baseline", "target", "current"
    ):
        achievements[project_id].append(target_achievement(baseline=baseline, target=target, current=current))
    flags = dict(
        Flag.objects.filter(project_id__in=ids, resolved_at__isnull=True)
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    weights = ranking_weights()
    scores: list[ProjectScore] = []
    for row in rows:
        counts = milestones.get(row["pk"], {"due": 0, "reached": 0, "on_time": 0})
        ratios = project_ratios(
            due=counts["due"],
            reached=counts["reached"],
            reached_on_time=counts["on_time"],
            achievements=achievements.get(row["pk"], []),
        )
        scores.append(
            ProjectScore(
                project_id=row["pk"],
                code=row["code"],
                title=row["title"],
                unit_id=row["lead_unit_id"],
                unit_name=row["lead_unit__name"],
                cluster_id=row["cluster_id"],
                cluster_name=row["cluster__name"],
                category=row["category__name"],
                level=row["level"],
                status=row["status"],
                ratios=ratios,
                score=score_of(ratios, weights),
                open_flags=flags.get(row["pk"], 0),
            )
        )
    scores.sort(key=lambda s: (-s.score, -(s.ratios.on_time or 0.0), s.code))
    per_cluster: dict[int, int] = defaultdict(int)
    for index, item in enumerate(scores, start=1):
        item.rank_county = index
        per_cluster[item.cluster_id] += 1
        item.rank_cluster = per_cluster[item.cluster_id]
    return scores


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0


def _share(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def unit_scores(*, campaign: Campaign, scores: list[ProjectScore]) -> list[GroupScore]:
    """Units by the mean score of the projects they lead or partner in (joint projects count for
    every unit in them), best first."""
    by_id = {s.project_id: s for s in scores}
    members: dict[int, list[ProjectScore]] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    for item in scores:
        members[item.unit_id].append(item)
        names[item.unit_id] = (item.unit_name, item.cluster_name)
    for project_id, unit_id, unit_name in ProjectPartner.objects.filter(
        project_id__in=list(by_id)
    ).values_list("project_id", "unit_id", "unit__name"):
        members[unit_id].append(by_id[project_id])
        names.setdefault(unit_id, (unit_name, ""))
    groups = [
        GroupScore(
            key=unit_id,
            name=names[unit_id][0],
            cluster_name=names[unit_id][1],
            projects=len(items),
            score=_mean([i.score for i in items]),
            on_time=_share([i.ratios.on_time for i in items]),
        )
        for unit_id, items in members.items()
    ]
    groups.sort(key=lambda g: (-g.score, -(g.on_time or 0.0), g.name))
    for index, group in enumerate(groups, start=1):
        group.rank = index
    return groups


def cluster_scores(*, scores: list[ProjectScore]) -> list[GroupScore]:
    members: dict[int, list[ProjectScore]] = defaultdict(list)
    for item in scores:
        members[item.cluster_id].append(item)
    groups = [
        GroupScore(
            key=cluster_id,
            name=items[0].cluster_name,
            cluster_name=items[0].cluster_name,
            projects=len(items),
            score=_mean([i.score for i in items]),
            on_time=_share([i.ratios.on_time for i in items]),
        )
        for cluster_id, items in members.items()
    ]
    groups.sort(key=lambda g: (-g.score, g.name))
    for index, group in enumerate(groups, start=1):
        group.rank = index
    return groups
