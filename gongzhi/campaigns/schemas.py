"""REST v1 schemas of the campaigns: inputs of the project lifecycle and what clients see."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from gongzhi.api.schemas import Code, Str2000, Text100, Text2000, Text20000
from gongzhi.campaigns.models import Project
from gongzhi.campaigns.selectors import ProjectScore

Amount = Annotated[Decimal, Field(max_digits=14, decimal_places=2, ge=-(10**11), le=10**11)]
Level = Literal["unit", "cluster", "county"]


class TargetIn(Schema):
    name: Text100
    baseline: Amount
    target: Amount
    unit_label: Annotated[str, Field(max_length=20)] = ""
    measures_time: bool = False


class MilestoneIn(Schema):
    title: Text100
    due_on: date


class ProposalIn(Schema):
    lead_unit: Code = Field(description="the lead unit's code")
    title: Text100
    problem: Text20000
    category: Code = Field(description="category code, e.g. economic_development")
    level: Level = "unit"
    planned_start: date
    planned_end: date
    small_entry: bool = Field(False, description="小切口")
    difficult: bool = Field(False, description="有难度")
    feasible: bool = Field(False, description="能落实")
    criteria_note: Str2000 = ""
    targets: Annotated[list[TargetIn], Field(max_length=12)] = []
    milestones: Annotated[list[MilestoneIn], Field(max_length=24)] = []
    partners: Annotated[list[Code], Field(max_length=10)] = Field([], description="partner units' codes")
    team: Annotated[list[Code], Field(max_length=20)] = Field([], description="team members' usernames")
    submit: bool = Field(False, description="submit for the unit's review at once")


class ReviewIn(Schema):
    approve: bool
    reason: Str2000 = ""
    level: Level | None = Field(None, description="定题 only: set the project's level")


class ReportIn(Schema):
    period: date = Field(description="the first day of the month reported on")
    summary: Text2000
    readings: dict[str, Amount] = Field(description="target id → value")
    milestones_reached: dict[str, date] = Field({}, description="milestone id → date reached")
    difficulties: Str2000 = ""
    help_level: Literal["unit", "cluster", "county"] | None = None
    help_question: Str2000 = ""


class HelpIn(Schema):
    level: Literal["unit", "cluster", "county"]
    question: Text2000


class AnswerIn(Schema):
    answer: Text2000


class CompletionIn(Schema):
    summary: Text2000


class CompletionReviewIn(Schema):
    accept: bool
    outcome: Literal["", "solved", "partly_solved", "not_solved"] = ""
    reason: Str2000 = ""


class EvaluationIn(Schema):
    score: Annotated[Decimal, Field(ge=0, le=100, max_digits=4, decimal_places=1)]
    comment: Str2000 = ""


# --- outputs -----------------------------------------------------------------------------------


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    status: str
    starts_on: date
    ends_on: date
    categories: list[dict[str, str]]
    clusters: list[dict[str, Any]]


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    status: str
    category: str
    level: str
    lead_unit: dict[str, str]
    cluster: str
    owner: str
    planned_start: date
    planned_end: date
    defined_at: datetime | None
    outcome: str
    score: Decimal | None


class TargetOut(Schema):
    id: int
    name: str
    unit_label: str
    baseline: Decimal
    target: Decimal
    current: Decimal | None
    direction: str
    measures_time: bool


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    reached_on: date | None


class ProjectDetailOut(ProjectOut):
    problem: str
    criteria: dict[str, bool]
    partners: list[dict[str, Any]]
    targets: list[TargetOut]
    milestones: list[MilestoneOut]
    report_due_at: datetime | None
    open_flags: int
    return_reason: str


class ScoreOut(Schema):
    project_id: int
    code: str
    title: str
    unit: str
    cluster: str
    category: str
    plan: float | None
    indicators: float | None
    on_time: float | None
    score: float
    rank_county: int
    rank_cluster: int
    open_flags: int


class BreakdownOut(Schema):
    key: str
    label: str
    defined: int
    finished: int
    solved: int
    partly: int
    solved_share: float | None


class FiguresOut(Schema):
    proposed: int
    defined: int
    finished: int
    solved: int
    solved_share: float | None
    county_key: int
    joint: int
    units: int
    clusters: int
    by_category: list[BreakdownOut]
    by_level: list[BreakdownOut]
    by_cluster: list[BreakdownOut]
    time_saved: list[dict[str, Any]]
    average_days_saved: float | None


class HelpOut(Schema):
    id: int
    project_id: int
    level: str
    status: str
    question: str
    due_at: datetime
    answer: str


class CaseStudyOut(Schema):
    id: int
    title: str
    project: str
    unit: str
    problem: str
    approach: str
    result: str
    reusable: str
    tags: list[str]
    published_at: datetime | None


def project_out(project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "code": project.code,
        "title": project.title,
        "status": project.status,
        "category": project.category.code,
        "level": project.level,
        "lead_unit": {"code": project.lead_unit.code, "name": project.lead_unit.name},
        "cluster": project.cluster.name,
        "owner": str(project.owner),
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "defined_at": project.defined_at,
        "outcome": project.outcome,
        "score": project.score,
    }


def project_detail_out(project: Project) -> dict[str, Any]:
    return {
        **project_out(project),
        "problem": project.problem,
        "criteria": {
            "small_entry": project.criterion_small_entry,
            "difficult": project.criterion_difficult,
            "feasible": project.criterion_feasible,
        },
        "partners": [
            {"code": p.unit.code, "name": p.unit.name, "confirmed": p.confirmed_at is not None}
            for p in project.partners.all()
        ],
        "targets": list(project.targets.all()),
        "milestones": list(project.milestones.all()),
        "report_due_at": project.report_due_at,
        "open_flags": sum(1 for f in project.flags.all() if f.resolved_at is None),
        "return_reason": project.return_reason,
    }


def score_out(score: ProjectScore) -> dict[str, Any]:
    return {
        "project_id": score.project_id,
        "code": score.code,
        "title": score.title,
        "unit": score.unit_name,
        "cluster": score.cluster_name,
        "category": score.category,
        "plan": score.ratios.plan,
        "indicators": score.ratios.indicators,
        "on_time": score.ratios.on_time,
        "score": score.score,
        "rank_county": score.rank_county,
        "rank_cluster": score.rank_cluster,
        "open_flags": score.open_flags,
    }
