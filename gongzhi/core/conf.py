"""Typed access to the governance rules in ``settings.GONGZHI`` (defaults in config/settings.py)."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings


def _rules() -> dict[str, Any]:
    return cast(dict[str, Any], settings.GONGZHI)


def rule_int(name: str) -> int:
    return int(_rules()[name])


def rule_str(name: str) -> str:
    return str(_rules()[name])


def rule_bool(name: str, default: bool = False) -> bool:
    return bool(_rules().get(name, default))


def resolution_targets() -> dict[str, float]:
    return {str(level): float(share) for level, share in _rules()["RESOLUTION_TARGETS"].items()}


def urgent_accept_hours() -> dict[str, int]:
    """Clock hours to decide on acceptance, by urgency; an urgency not listed counts working days."""
    return {str(urgency): int(hours) for urgency, hours in _rules().get("URGENT_ACCEPT_HOURS", {}).items()}
