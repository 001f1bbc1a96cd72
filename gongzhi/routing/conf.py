"""Typed access to ``settings.ROUTING`` (smart-intake settings; defaults in config/settings.py)."""

from __future__ import annotations

from django.conf import settings


def routing_int(name: str, default: int) -> int:
    values = getattr(settings, "ROUTING", None) or {}
    try:
        return int(values.get(name, default))
    except (TypeError, ValueError):
        return default
