"""REST v1 for the campaigns: projects through their lifecycle, the ranking, the figures, help
requests and the case library. Thin: check the key's scope, resolve codes, call one service or
selector (scoped through ``gongzhi.campaigns.access``), render. Hidden projects answer 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code, Limit, Str60
from gongzhi.campaigns import access, selectors, services
from gongzhi.campaigns.enums import ProjectStatus
from gongzhi.campaigns.models import Campaign, ProjectCategory
from gongzhi.campaigns.schemas import (
    AnswerIn,
    CampaignOut,
    CaseStudyOut,
    CompletionIn,
    CompletionReviewIn,
    EvaluationIn,
    FiguresOut,
    HelpIn,
    HelpOut,
    ProjectDetailOut,
    ProjectOut,
    ProposalIn,
    ReportIn,
    ReviewIn,
    ScoreOut,
    project_detail_out,
    project_out,
    score_out,
)
from gongzhi.campaigns.services import HelpInput, MilestoneInput, PartnerInput, ProjectContent, TargetInput
from gongzhi.campaigns.services._common import today
from gongzhi.core.errors import InvalidState, NotFound, ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import Unit, User

router = Router(tags=["campaigns"])


def _campaign(request: HttpRequest, campaign_id: int) -> tuple[User, Campaign]:
    principal = require_scope(request, Scope.CAMPAIGNS_READ)
    return principal.user, access.campaign_get_for_user(principal.user, campaign_id)


def _unit(code: str, field: str) -> Unit:
    try:
        return org_selectors.unit_get(code=code)
    except NotFound:
        raise ValidationFailed(
            f"单位不存在：{code}", f"unknown unit {code!r}", code="unknown_unit", detail={"field": field}
        ) from None


def _detail(user: User, project_id: int) -> dict[str, Any]:
    return project_detail_out(selectors.project_detail(user=user, project_id=project_id))


def _int_keys(values: dict[str, Any], field: str) -> dict[int, Any]:
    try:
        return {int(key): value for key, value in values.items()}
    except ValueError:
        raise ValidationFailed(
            "编号须为整数", "ids are integers", code="bad_id", detail={"field": field}
        ) from None


@router.get("", response={200: list[CampaignOut], **ERRORS}, summary="campaigns, newest first")
def campaign_list(request: HttpRequest) -> list[dict[str, Any]]:
    require_scope(request, Scope.CAMPAIGNS_READ)
    return [
        {
            "id": c.pk,
            "name": c.name,
            "year": c.year,
            "status": c.status,
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "categories": [{"code": k.code, "name": k.name} for k in selectors.categories(campaign=c)],
            "clusters": [
                {
                    "id": k.pk,
                    "name": k.name,
                    "liaison_division": k.liaison_division,
                    "units": getattr(k, "units", 0),
                }
                for k in selectors.clusters(campaign=c)
            ],
        }
        for c in selectors.campaign_list()
    ]


class ProjectQuery(Schema):
    status: Str60 = ""
    category: Str60 = ""
    level: Str60 = ""
    cluster: int | None = None
    q: Str60 = ""
    limit: Limit = 200
    offset: int = 0


@router.get(
    "/{campaign_id}/projects",
    response={200: list[ProjectOut], **ERRORS},
    summary="projects the caller may see",
)
def project_list(request: HttpRequest, campaign_id: int, query: Query[ProjectQuery]) -> list[dict[str, Any]]:
    user, campaign = _campaign(request, campaign_id)
    filters = selectors.ProjectFilter(
        status=query.status, category=query.category, level=query.level, cluster=query.cluster, q=query.q
    )
    offset = max(0, min(query.offset, 10**6))
    projects = selectors.project_list(user=user, campaign=campaign, filters=filters)[
        offset : offset + query.limit
    ]
    return [project_out(p) for p in projects]


@router.get(
    "/{campaign_id}/ranking", response={200: list[ScoreOut], **ERRORS}, summary="晾晒: projects by score"
)
def ranking(request: HttpRequest, campaign_id: int, cluster: int | None = None) -> list[dict[str, Any]]:
    _user, campaign = _campaign(request, campaign_id)
    return [score_out(s) for s in selectors.project_scores(campaign=campaign, on=today(), cluster_id=cluster)]


@router.get("/{campaign_id}/figures", response={200: FiguresOut, **ERRORS}, summary="county figures")
def figures(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    _user, campaign = _campaign(request, campaign_id)
    data = selectors.county_figures(campaign=campaign)
    return {
        **{
            k: getattr(data, k)
            for k in ("proposed", "defined", "finished", "solved", "county_key", "joint", "units")
        },
        "clusters": data.clusters,
        "solved_share": data.solved_share,
        "average_days_saved": data.average_days_saved,
        "by_category": [{**vars(b), "solved_share": b.solved_share} for b in data.by_category],
        "by_level": [{**vars(b), "solved_share": b.solved_share} for b in data.by_level],
        "by_cluster": [{**vars(b), "solved_share": b.solved_share} for b in data.by_cluster],
        "time_saved": [
            {
                "project": t.project_code,
                "indicator": t.indicator,
                "baseline": t.baseline,
                "current": t.current,
                "saved": t.saved,
                "unit": t.unit_label,
            }
            for t in data.time_saved
        ],
    }


@router.post(
    "/{campaign_id}/projects", response={201: ProjectDetailOut, **ERRORS}, summary="选题 propose a project"
)
def propose(request: HttpRequest, campaign_id: int, payload: ProposalIn) -> Status[dict[str, Any]]:
    principal = require_scope(request, Scope.CAMPAIGNS_WRITE)
    user = principal.user
    campaign = access.campaign_get_for_user(user, campaign_id)
    category = ProjectCategory.objects.filter(campaign=campaign, code=payload.category).first()
    if category is None:
        raise ValidationFailed(
            "类别不存在", "unknown category", code="unknown_category", detail={"field": "category"}
        )
    team = list(User.objects.filter(username__in=payload.team, is_active=True, is_citizen=False))
    if len(team) != len(set(payload.team)):
        raise ValidationFailed(
            "团队成员不存在", "unknown team member", code="unknown_user", detail={"field": "team"}
        )
    content = ProjectContent(
        title=payload.title,
        problem=payload.problem,
        category=category,
        level=payload.level,
        planned_start=payload.planned_start,
        planned_end=payload.planned_end,
        small_entry=payload.small_entry,
        difficult=payload.difficult,
        feasible=payload.feasible,
        criteria_note=payload.criteria_note,
        targets=[TargetInput(**t.dict()) for t in payload.targets],
        milestones=[MilestoneInput(title=m.title, due_on=m.due_on) for m in payload.milestones],
        partners=[PartnerInput(unit=_unit(code, "partners")) for code in payload.partners],
        team=team,
    )
    project = services.project_propose(
        actor=user, campaign=campaign, lead_unit=_unit(payload.lead_unit, "lead_unit"), content=content
    )
    if payload.submit:
        services.project_submit(actor=user, project_id=project.pk)
    return Status(201, _detail(user, project.pk))


@router.get("/projects/{project_id}", response={200: ProjectDetailOut, **ERRORS}, summary="one project")
def project_get(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _detail(require_scope(request, Scope.CAMPAIGNS_READ).user, project_id)


@router.post(
    "/projects/{project_id}/submit", response={200: ProjectDetailOut, **ERRORS}, summary="submit for review"
)
def submit(request: HttpRequest, project_id: int) -> dict[str, Any]:
    user = require_scope(request, Scope.CAMPAIGNS_WRITE).user
    services.project_submit(actor=user, project_id=project_id)
    return _detail(user, project_id)


@router.post(
    "/projects/{project_id}/review",
    response={200: ProjectDetailOut, **ERRORS},
    summary="the review due now: unit, cluster or 定题 (approve, or send back with a reason)",
)
def review(request: HttpRequest, project_id: int, payload: ReviewIn) -> dict[str, Any]:
    user = require_scope(request, Scope.CAMPAIGNS_WRITE).user
    project = access.project_get_for_user(user, project_id)
    arguments = {
        "actor": user,
        "project_id": project_id,
        "approve": payload.approve,
        "reason": payload.reason,
    }
    if project.status == ProjectStatus.UNIT_REVIEW:
        services.project_unit_review(**arguments)  # type: ignore[arg-type]
    elif project.status == ProjectStatus.CLUSTER_REVIEW:
        services.project_cluster_review(**arguments)  # type: ignore[arg-type]
    elif project.status == ProjectStatus.DEFINITION:
        services.project_define(**arguments, level=payload.level)  # type: ignore[arg-type]
    else:
        raise InvalidState("该项目当前没有待审核的环节", "nothing to review now", code="project_wrong_status")
    return _detail(user, project_id)


@router.post(
    "/projects/{project_id}/reports", response={201: ProjectDetailOut, **ERRORS}, summary="monthly report"
)
def report(request: HttpRequest, project_id: int, payload: ReportIn) -> Status[dict[str, Any]]:
    user = require_scope(request, Scope.CAMPAIGNS_WRITE).user
    services.progress_report_file(
        actor=user,
        project_id=project_id,
        period=payload.period,
        summary=payload.summary,
        readings=_int_keys(payload.readings, "readings"),
        milestones_reached=_int_keys(payload.milestones_reached, "milestones_reached"),
        difficulties=payload.difficulties,
        help_needed=HelpInput(level=payload.help_level, question=payload.help_question)
        if payload.help_level
        else None,
    )
    return Status(201, _detail(user, project_id))


@router.post("/projects/{project_id}/help", response={201: HelpOut, **ERRORS}, summary="帮扶 ask for help")
def help_request(request: HttpRequest, project_id: int, payload: HelpIn) -> Status[Any]:
    user = require_scope(request, Scope.CAMPAIGNS_WRITE).user
    item = services.help_request_create(
        actor=user, project_id=project_id, level=payload.level, question=payload.question
    )
    return Status(201, item)


@router.post("/help/{help_id}/answer", response={200: HelpOut, **ERRORS}, summary="answer a help request")
def help_answer(request: HttpRequest, help_id: int, payload: AnswerIn) -> Any:
    user = require_scope(request, Scope.CAMPAIGNS_WRITE).user
    return services.help_request_answer(actor=user, help_id=help_id, answer=payload.answer)


@router.post(
    "/projects/{project_id}/completion",
    response={200: ProjectDetailOut, **ERRORS},
    summary="ask for acceptance",
)
def completion(request: HttpRequest, project_id: int, payload: CompletionIn) -> dict[str, Any]:
    user = require_scope(request, Scope.CAMPAIGNS_WRITE).user
    services.project_request_completion(actor=user, project_id=project_id, summary=payload.summary)
    return _detail(user, project_id)


@router.post(
    "/projects/{project_id}/completion-review",
    response={200: ProjectDetailOut, **ERRORS},
    summary="accept or send back",
)
def completion_review(request: HttpRequest, project_id: int, payload: CompletionReviewIn) -> dict[str, Any]:
    user = require_scope(request, Scope.CAMPAIGNS_WRITE).user
    services.project_completion_review(
        actor=user,
        project_id=project_id,
        accept=payload.accept,
        outcome=payload.outcome,
        reason=payload.reason,
    )
    return _detail(user, project_id)


@router.post(
    "/projects/{project_id}/evaluation", response={200: ProjectDetailOut, **ERRORS}, summary="score 0–100"
)
def evaluation(request: HttpRequest, project_id: int, payload: EvaluationIn) -> dict[str, Any]:
    user = require_scope(request, Scope.CAMPAIGNS_WRITE).user
    services.project_evaluate(actor=user, project_id=project_id, score=payload.score, comment=payload.comment)
    return _detail(user, project_id)


@router.get(
    "/library", response={200: list[CaseStudyOut], **ERRORS}, summary="破题案例集: search published cases"
)
def library(
    request: HttpRequest, q: Str60 = "", tag: Str60 = "", category: Code | None = None
) -> list[dict[str, Any]]:
    require_scope(request, Scope.CAMPAIGNS_READ)
    return [
        {
            "id": s.pk,
            "title": s.title,
            "project": s.project.code,
            "unit": s.project.lead_unit.name,
            "problem": s.problem,
            "approach": s.approach,
            "result": s.result,
            "reusable": s.reusable,
            "tags": [t.name for t in s.tags.all()],
            "published_at": s.published_at,
        }
        for s in selectors.case_study_search(q=q, tag=tag, category=category or "")[:100]
    ]
