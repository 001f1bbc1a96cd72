"""The market's settings (``settings.GONGZHI``), with their defaults."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The economic bureau that verifies listings before publication: the district units with one
    # of these functions (Sanmen: 经信局, "economy"; the Keqiao default units have 商务局, "commerce").
    "MARKET_VERIFIER_FUNCTIONS": ["economy", "commerce"],
    # Matching: how far outside a demand's area range a listing still counts as a partial fit,
    # and how far above the budget its price still scores (shares).
    "MARKET_AREA_TOLERANCE": 0.25,
    "MARKET_PRICE_TOLERANCE": 0.2,
    # Matching: suggestions below this score (0–100) are not shown.
    "MARKET_MATCH_MIN_SCORE": 30,
}


def rule(name: str) -> Any:
    configured = getattr(settings, "GONGZHI", {})
    return configured.get(name, DEFAULTS[name])


def rule_float(name: str) -> float:
    return float(rule(name))


def verifier_functions() -> list[str]:
    return [str(item) for item in rule("MARKET_VERIFIER_FUNCTIONS")]
