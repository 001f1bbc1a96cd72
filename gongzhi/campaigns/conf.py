"""The campaign rules that are settings (``settings.GONGZHI``), with their defaults.

Each can be set in ``settings.GONGZHI`` without a code change; none is a legal rule, they are
the county's working arrangements (the campaign's 工作方案), so each county sets its own.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # A month's progress report is due by this day of the following month (local time, end of day).
    "CAMPAIGN_REPORT_DUE_DAY": 5,
    # A flag still open this many days after it was raised goes to the cluster coordinators.
    "CAMPAIGN_ESCALATE_AFTER_DAYS": 10,
    # Days to answer a help request (帮扶), by the level it is addressed to.
    "CAMPAIGN_HELP_ANSWER_DAYS": {"unit": 5, "cluster": 10, "county": 15},
    # 晾晒: the weights of the three ratios of a project's score (they need not sum to 1;
    # the score is divided by their sum).
    "CAMPAIGN_RANKING_WEIGHTS": {"plan": 0.4, "indicators": 0.4, "on_time": 0.2},
    # Days before a milestone at which the next cluster meeting's agenda lists it.
    "CAMPAIGN_AGENDA_LOOKAHEAD_DAYS": 31,
}


def rule(name: str) -> Any:
    configured = getattr(settings, "GONGZHI", {})
    return configured.get(name, DEFAULTS[name])


def rule_int(name: str) -> int:
    return int(rule(name))


def help_answer_days(level: str) -> int:
    days: dict[str, int] = dict(DEFAULTS["CAMPAIGN_HELP_ANSWER_DAYS"])
    days.update(rule("CAMPAIGN_HELP_ANSWER_DAYS"))
    return int(days[level])


def ranking_weights() -> dict[str, float]:
    weights: dict[str, float] = dict(DEFAULTS["CAMPAIGN_RANKING_WEIGHTS"])
    weights.update(rule("CAMPAIGN_RANKING_WEIGHTS"))
    return {key: float(value) for key, value in weights.items()}
