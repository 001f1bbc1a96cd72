"""The leaders' cockpit (领导驾驶舱), the supervision board (督办) and the league tables."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from gongzhi.cases.enums import Channel
from gongzhi.insights import dashboards, selectors
from gongzhi.insights.cache import cached_for_scope
from gongzhi.org.models import User

PERIODS = {"30": 30, "90": 90, "365": 365}
LEVEL_LABELS = {"village": gettext_lazy("村社"), "town": gettext_lazy("镇街"), "district": gettext_lazy("区")}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - login_required guarantees it
    return request.user


def _period(request: HttpRequest) -> tuple[str, datetime, datetime]:
    key = request.GET.get("period", "30")
    if key not in PERIODS:
        key = "30"
    now = timezone.now()
    today = dashboards.local_midnight(timezone.localtime(now).date())
    start = today - timedelta(days=PERIODS[key] - 1)
    return key, start, today + timedelta(days=1)


def _list(**params: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items() if v not in (None, ""))
    return reverse("cases:list", args=["all"]) + (f"?{query}" if query else "")


def _cockpit_context(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    key, start, end = _period(request)
    figures = cached_for_scope(
        user=user, name="cockpit", variant=key, compute=lambda: _cockpit_figures(user, start, end)
    )
    return {
        **figures,
        "period": key,
        "periods": [("30", _("近30日")), ("90", _("近90日")), ("365", _("近一年"))],
        "refresh": int(getattr(settings, "COCKPIT_REFRESH_SECONDS", 300)),
        "nav": "cockpit",
    }


def _cockpit_figures(user: User, start: datetime, end: datetime) -> dict[str, Any]:
    """Everything the cockpit shows that comes from the cases (cached per scope and period)."""
    today = dashboards.local_midnight(timezone.localtime().date())
    month = today.replace(day=1)
    kpis = selectors.kpis(start=start, end=end, user=user)
    shares = selectors.resolution_shares(start=start, end=end, user=user)
    trend = dashboards.intake_trend(user=user, start=start, end=end)
    categories = dashboards.top_categories(user=user, start=start, end=end)
    towns = dashboards.town_density(user=user, start=start, end=end)
    channel_names = {str(c.value): str(c.label) for c in Channel}
    return {
        "kpis": kpis,
        "intake_today": dashboards.intake_count(user=user, start=today, end=today + timedelta(days=1)),
        "intake_month": dashboards.intake_count(user=user, start=month, end=today + timedelta(days=1)),
        "today": today.date(),
        "month_start": month.date(),
        "shares": {
            "labels": [str(LEVEL_LABELS[s.level]) for s in shares],
            "actual": [round((s.share or 0) * 100, 1) for s in shares],
            "target": [round(s.target * 100, 1) for s in shares],
            "actual_label": str(_("实际占比")),
            "target_label": str(_("目标")),
            "resolved": sum(s.resolved for s in shares),
        },
        "trend": {
            "labels": [d.strftime("%m-%d") for d in trend.days],
            "series": [
                {"name": channel_names.get(c, str(_("其他"))), "data": data}
                for c, data in trend.series.items()
            ],
        },
        "categories": {
            "labels": [c.name for c in categories],
            "values": [c.count for c in categories],
            "links": [_list(category=c.key) for c in categories],
        },
        "towns": towns,
        "town_points": [
            {
                "lat": t.latitude,
                "lng": t.longitude,
                "label": t.name,
                "count": t.count,
                "url": _list(town=t.key),
            }
            for t in towns
            if t.latitude is not None and t.longitude is not None
        ],
        "town_ranking": selectors.league_table(start=start, end=end, by="town", user=user)[:8],
        "unit_ranking": selectors.league_table(start=start, end=end, by="unit", user=user)[:8],
        "generated_at": timezone.now(),
    }


@login_required
def cockpit(request: HttpRequest) -> HttpResponse:
    context = _cockpit_context(request)
    template = "insights/_cockpit_body.html" if request.headers.get("HX-Request") else "insights/cockpit.html"
    return render(request, template, context)


def _board_figures(user: User, start: datetime, end: datetime) -> dict[str, Any]:
    """The board's period aggregates (cached per scope and period like the cockpit's figures).

    The work lists beside them (red and yellow lights, returns, extensions) stay live: they are
    what a supervisor acts on, and they read running cases through indexes.
    """
    return {
        "reminders": dashboards.reminders_sent(user=user, start=start, end=end),
        "league": selectors.league_table(start=start, end=end, by="unit", user=user),
        "town_league": selectors.league_table(start=start, end=end, by="town", user=user),
        "generated_at": timezone.now(),
    }


def _cached_board_figures(request: HttpRequest) -> tuple[str, dict[str, Any]]:
    user = _user(request)
    key, start, end = _period(request)
    figures = cached_for_scope(
        user=user, name="board", variant=key, compute=lambda: _board_figures(user, start, end)
    )
    return key, figures


@login_required
def board(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    key, figures = _cached_board_figures(request)
    return render(
        request,
        "insights/board.html",
        {
            **figures,
            "period": key,
            "periods": [("30", _("近30日")), ("90", _("近90日")), ("365", _("近一年"))],
            "warnings": dashboards.warnings_by_unit(user=user),
            "returns": dashboards.returns_awaiting(user=user),
            "extensions": dashboards.extension_requests(user=user),
            "nav": "board",
        },
    )


@login_required
def league_export(request: HttpRequest) -> HttpResponse:
    key, figures = _cached_board_figures(request)
    workbook = Workbook()
    sheet = workbook.active
    for index, by in enumerate(("unit", "town")):
        if index:
            sheet = workbook.create_sheet()
        sheet.title = "单位排名" if by == "unit" else "镇街排名"
        sheet.append(
            [
                "名称",
                "派单",
                "答复",
                "按期",
                "超期",
                "退单",
                "参评",
                "最终满意",
                "首次答复满意",
                "办结率",
                "按期率",
                "首次答复满意率",
                "最终满意率",
                "重复件",
            ]
        )
        for row in figures["league" if by == "unit" else "town_league"]:
            sheet.append(
                [
                    row.name,
                    row.dispatched,
                    row.answered,
                    row.on_time,
                    row.overdue,
                    row.returns,
                    row.rated,
                    row.satisfied,
                    row.first_answer_satisfied,
                    row.completion_rate,
                    row.on_time_rate,
                    row.first_answer_satisfaction_rate,
                    row.final_satisfaction_rate,
                    row.repeat,
                ]
            )
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="gongzhi-league-{key}d.xlsx"'
    return response
