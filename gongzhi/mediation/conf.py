"""The mediation rules, read from ``settings.GONGZHI`` with the defaults of the research notes.

Each can be set in ``settings.GONGZHI`` (config/settings.py) without a code change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # 宁波市人民调解条例 art. 23: normally concluded within one month (深圳 2022 art. 25: 30 days).
    "MEDIATION_TIME_LIMIT_DAYS": 30,
    # Days before the time limit at which the committee is reminded.
    "MEDIATION_DUE_WARN_DAYS": 3,
    # One extension at the parties' request may add at most this many days.
    "MEDIATION_MAX_EXTENSION_DAYS": 30,
    # 人民调解法 art. 33: joint application for judicial confirmation within 30 days of effect.
    "CONFIRMATION_WINDOW_DAYS": 30,
    "CONFIRMATION_REMIND_DAYS_BEFORE": 7,
    # 法释〔2011〕5号 art. 4: acceptance within 3 days; art. 5: decision within 15 (+10) days.
    "COURT_ACCEPT_DAYS": 3,
    "COURT_DECIDE_DAYS": 15,
    "COURT_DECIDE_EXTENSION_DAYS": 10,
    # Days before a performance deadline at which the obligor is reminded.
    "PERFORMANCE_REMIND_DAYS_BEFORE": 3,
    # The kinship set that bars a mediator (kinship.enums.Predicate).
    "MEDIATION_CONFLICT_PREDICATE": "close_relative",
    # A trained dispute-type model (``gongzhi mediation train``); absent: the keyword baseline.
    "MEDIATION_DISPUTE_MODEL": "",
}


def rule(name: str) -> Any:
    configured = getattr(settings, "GONGZHI", {})
    return configured.get(name, DEFAULTS[name])


def rule_int(name: str) -> int:
    return int(rule(name))


def model_path() -> Path:
    configured = str(rule("MEDIATION_DISPUTE_MODEL") or "")
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "models" / "dispute_type.joblib"
