"""Template helpers of the market pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def grouped(value: Any, digits: int = 0) -> str:
    """488100 → 488,100; 2788.52 with 2 → 2,788.52 (the locale's own grouping is off for zh-Hans)."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    text = f"{number:,.{int(digits)}f}"
    return text
