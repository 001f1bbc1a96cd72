"""REST v1 for the metrics: KPIs, the 631 resolution shares and the league tables, over the
cases the caller may see (the same scoping as the cockpit)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code
from gongzhi.core.errors import ValidationFailed
from gongzhi.insights import selectors
from gongzhi.insights.cache import cached_for_scope
from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import User

router = Router(tags=["metrics"])
MAX_PERIOD_DAYS = 3660


class KpisOut(Schema):
    start: date
    end: date
    intake: int
    accepted: int
    timely_acceptance_rate: float | None
    completion_rate: float | None
    on_time_rate: float | None
    mean_handling_days: float | None
    median_handling_days: float | None
    rating_participation_rate: float | None
    first_answer_satisfaction_rate: float | None = Field(
        description="首次答复满意率: first answers rated in the period that were satisfied ÷ those rated"
    )
    final_satisfaction_rate: float | None = Field(
        description="最终满意率: cases rated in the period whose latest rating is satisfied ÷ cases rated"
    )
    satisfaction_rate: float | None = Field(description="the final satisfaction rate, under its old name")
    overdue: int
    warning: int
    returns: int
    arbitrations: int
    repeat: int = Field(
        description="重复件: cases registered in the period merged into a master; outside every rate above"
    )


class LevelShareOut(Schema):
    level: str
    resolved: int
    share: float | None
    target: float


class LeagueRowOut(Schema):
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
    repeat: int = Field(description="重复件 registered in the period, in no other figure of the row")
    completion_rate: float | None
    on_time_rate: float | None
    first_answer_satisfaction_rate: float | None
    final_satisfaction_rate: float | None
    satisfaction_rate: float | None = Field(description="the final satisfaction rate, under its old name")


def _period(start: date | None, end: date | None) -> tuple[date, date, datetime, datetime]:
    """[start, end] as local dates (default: the last 30 days), as an aware [from, to) range."""
    today = timezone.localdate()
    end = end or today
    start = start or end - timedelta(days=29)
    if start > end or (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationFailed(
            "统计区间无效（起始不晚于结束，且不超过十年）",
            "invalid period: start must not be after end, and at most ten years",
            code="invalid_period",
            detail={"field": "start"},
        )
    zone = timezone.get_current_timezone()
    return (
        start,
        end,
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


@router.get("/kpis", response={200: KpisOut, **ERRORS}, summary="KPIs for a period")
def kpis(
    request: HttpRequest,
    start: date | None = None,
    end: date | None = None,
    region: Code | None = None,
    unit: Code | None = None,
) -> dict[str, Any]:
    principal = require_scope(request, Scope.METRICS_READ)
    first, last, since, until = _period(start, end)
    path = org_selectors.region_get(code=region).path if region else None
    unit_id = org_selectors.unit_get(code=unit).pk if unit else None
    figures = selectors.kpis(start=since, end=until, user=principal.user, region_path=path, unit_id=unit_id)
    return {"start": first, "end": last, **figures.as_dict()}


@router.get("/resolution-shares", response={200: list[LevelShareOut], **ERRORS}, summary="631 by level")
def resolution_shares(
    request: HttpRequest, start: date | None = None, end: date | None = None, region: Code | None = None
) -> list[dict[str, Any]]:
    principal = require_scope(request, Scope.METRICS_READ)
    _, _, since, until = _period(start, end)
    path = org_selectors.region_get(code=region).path if region else None
    shares = selectors.resolution_shares(start=since, end=until, user=principal.user, region_path=path)
    return [asdict(share) for share in shares]


@router.get("/league-table", response={200: list[LeagueRowOut], **ERRORS}, summary="league table")
def league_table(
    request: HttpRequest,
    start: date | None = None,
    end: date | None = None,
    by: Literal["unit", "town"] = "unit",
) -> list[dict[str, Any]]:
    principal = require_scope(request, Scope.METRICS_READ)
    first, last, since, until = _period(start, end)
    return cached_for_scope(
        user=principal.user,
        name="league-table",
        variant=f"{by}:{first.isoformat()}:{last.isoformat()}",
        compute=lambda: _league_rows(since=since, until=until, by=by, user=principal.user),
    )


def _league_rows(*, since: datetime, until: datetime, by: str, user: User) -> list[dict[str, Any]]:
    rows = selectors.league_table(start=since, end=until, by=by, user=user)
    return [
        asdict(row)
        | {
            "completion_rate": row.completion_rate,
            "on_time_rate": row.on_time_rate,
            "first_answer_satisfaction_rate": row.first_answer_satisfaction_rate,
            "final_satisfaction_rate": row.final_satisfaction_rate,
            "satisfaction_rate": row.satisfaction_rate,
        }
        for row in rows
    ]
