"""County figures (by category, level and cluster), the share solved, the time saved, and the
content of a unit head's annual report section."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from gongzhi.campaigns.enums import (
    DEFINED_STATUSES,
    FINISHED_STATUSES,
    HelpLevel,
    ProjectLevel,
    ProjectOutcome,
    ProjectStatus,
    TargetDirection,
)
from gongzhi.campaigns.models import (
    Campaign,
    CampaignUnit,
    Flag,
    HelpRequest,
    Project,
    ProjectPartner,
    Target,
)
from gongzhi.campaigns.selectors.ranking import GroupScore, ProjectScore, project_scores, unit_scores
from gongzhi.org.models import Unit

DAY_UNITS = ("天", "日", "个工作日", "工作日")


@dataclass(frozen=True)
class Breakdown:
    """One row of a breakdown: projects defined, finished, solved and the share solved."""

    key: str
    label: str
    defined: int
    finished: int
    solved: int
    partly: int

    @property
    def solved_share(self) -> float | None:
        return self.solved / self.defined if self.defined else None


@dataclass(frozen=True)
class TimeSaved:
    project_id: int
    project_code: str
    project_title: str
    indicator: str
    unit_label: str
    baseline: Decimal
    current: Decimal

    @property
    def saved(self) -> Decimal:
        return self.baseline - self.current


@dataclass
class CountyFigures:
    proposed: int
    defined: int
    finished: int
    solved: int
    partly: int
    county_key: int
    joint: int
    units: int
    clusters: int
    by_category: list[Breakdown]
    by_level: list[Breakdown]
    by_cluster: list[Breakdown]
    time_saved: list[TimeSaved]
    reports: int
    late_reports: int
    flags_raised: int
    flags_open: int
    help_requests: int
    help_answered_on_time: int

    @property
    def solved_share(self) -> float | None:
        return self.solved / self.defined if self.defined else None

    @property
    def days_saved(self) -> list[TimeSaved]:
        """The duration indicators counted in days (hours and other units are listed, not averaged)."""
        return [item for item in self.time_saved if item.unit_label in DAY_UNITS]

    @property
    def average_days_saved(self) -> float | None:
        days = [float(item.saved) for item in self.days_saved]
        return sum(days) / len(days) if days else None


def _breakdown(projects: list[Any], key: str, labels: dict[str, str]) -> list[Breakdown]:
    counts: dict[str, Counter[str]] = {k: Counter() for k in labels}
    for row in projects:
        bucket = counts.setdefault(str(row[key]), Counter())
        bucket["defined"] += 1
        if row["status"] in FINISHED_STATUSES:
            bucket["finished"] += 1
        if row["outcome"] == ProjectOutcome.SOLVED:
            bucket["solved"] += 1
        if row["outcome"] == ProjectOutcome.PARTLY_SOLVED:
            bucket["partly"] += 1
    return [
        Breakdown(
            key=k,
            label=labels.get(k, k),
            defined=c["defined"],
            finished=c["finished"],
            solved=c["solved"],
            partly=c["partly"],
        )
        for k, c in counts.items()
    ]


def time_saved_list(*, campaign: Campaign) -> list[TimeSaved]:
    """Duration indicators that went down (审批天数 …): baseline − the latest reading."""
    rows = Target.objects.filter(
        project__campaign=campaign,
        project__status__in=DEFINED_STATUSES,
        measures_time=True,
        direction=TargetDirection.DECREASE,
        current__isnull=False,
    ).select_related("project")
    return sorted(
        (
            TimeSaved(
                project_id=t.project_id,
                project_code=t.project.code,
                project_title=t.project.title,
                indicator=t.name,
                unit_label=t.unit_label,
                baseline=t.baseline,
                current=t.current,
            )
            for t in rows
            if t.current is not None and t.current < t.baseline
        ),
        key=lambda item: -item.saved,
    )


def county_figures(*, campaign: Campaign) -> CountyFigures:
    all_projects = Project.objects.filter(campaign=campaign).exclude(status=ProjectStatus.WITHDRAWN)
    defined = list(
        all_projects.filter(status__in=DEFINED_STATUSES).values(
            "pk", "status", "outcome", "level", "category__code", "cluster_id"
        )
    )
    category_labels = {c.code: c.name for c in campaign.categories.order_by("order")}
    cluster_labels = {str(c.pk): c.name for c in campaign.clusters.order_by("order")}
    defined_ids = [row["pk"] for row in defined]
    help_items = HelpRequest.objects.filter(project__campaign=campaign)
    reports = Project.objects.filter(campaign=campaign).aggregate(
        n=Count("reports"), late=Count("reports", filter=Q(reports__is_late=True))
    )
    outcomes = Counter(str(row["outcome"]) for row in defined)
    return CountyFigures(
        proposed=all_projects.count(),
        defined=len(defined),
        finished=sum(1 for row in defined if row["status"] in FINISHED_STATUSES),
        solved=outcomes[ProjectOutcome.SOLVED],
        partly=outcomes[ProjectOutcome.PARTLY_SOLVED],
        county_key=sum(1 for row in defined if row["level"] == ProjectLevel.COUNTY),
        joint=ProjectPartner.objects.filter(project_id__in=defined_ids)
        .values("project_id")
        .distinct()
        .count(),
        units=CampaignUnit.objects.filter(campaign=campaign).count(),
        clusters=len(cluster_labels),
        by_category=_breakdown(defined, "category__code", category_labels),
        by_level=_breakdown(defined, "level", {str(k): str(v) for k, v in ProjectLevel.choices}),
        by_cluster=_breakdown(
            [{**row, "cluster_id": str(row["cluster_id"])} for row in defined], "cluster_id", cluster_labels
        ),
        time_saved=time_saved_list(campaign=campaign),
        reports=reports["n"],
        late_reports=reports["late"],
        flags_raised=Flag.objects.filter(project__campaign=campaign).count(),
        flags_open=Flag.objects.filter(project__campaign=campaign, resolved_at__isnull=True).count(),
        help_requests=help_items.count(),
        help_answered_on_time=sum(
            1
            for answered, due in help_items.filter(answered_at__isnull=False).values_list(
                "answered_at", "due_at"
            )
            if answered is not None and answered <= due
        ),
    )


# --- a unit head's annual report section -------------------------------------------------------


@dataclass
class UnitReport:
    campaign: Campaign
    unit: Unit
    cluster_name: str
    year: int
    projects: list[Project]
    scores: dict[int, ProjectScore]
    unit_rank: GroupScore | None
    units_ranked: int
    cluster_rank: int | None
    cluster_units: int
    help_answered: int
    help_received: int
    flags: int
    outcomes: Counter[str] = field(default_factory=Counter)


def unit_report(*, campaign: Campaign, unit: Unit, on: date) -> UnitReport:
    """The unit's projects (led or joint), results, and its places in the county and cluster."""
    participation = (
        CampaignUnit.objects.select_related("cluster").filter(campaign=campaign, unit=unit).first()
    )
    projects = list(
        Project.objects.filter(campaign=campaign, status__in=DEFINED_STATUSES)
        .filter(Q(lead_unit=unit) | Q(partners__unit=unit))
        .distinct()
        .select_related("category", "owner", "lead_unit")
        .prefetch_related("targets", "milestones", "partners__unit")
        .order_by("code")
    )
    scores = project_scores(campaign=campaign, on=on)
    units = unit_scores(campaign=campaign, scores=scores)
    mine = next((group for group in units if group.key == unit.pk), None)
    cluster_name = participation.cluster.name if participation else ""
    same_cluster = [g for g in units if g.cluster_name == cluster_name]
    cluster_rank = next((i for i, g in enumerate(same_cluster, start=1) if g.key == unit.pk), None)
    return UnitReport(
        campaign=campaign,
        unit=unit,
        cluster_name=cluster_name,
        year=campaign.year,
        projects=projects,
        scores={s.project_id: s for s in scores},
        unit_rank=mine,
        units_ranked=len(units),
        cluster_rank=cluster_rank,
        cluster_units=len(same_cluster),
        help_answered=HelpRequest.objects.filter(
            project__campaign=campaign,
            level=HelpLevel.UNIT,
            project__lead_unit=unit,
            answered_at__isnull=False,
        ).count(),
        help_received=HelpRequest.objects.filter(project__campaign=campaign, project__lead_unit=unit).count(),
        flags=Flag.objects.filter(project__campaign=campaign, project__lead_unit=unit).count(),
        outcomes=Counter(p.outcome for p in projects if p.outcome),
    )
