"""Template filters of the mediation pages."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from gongzhi.mediation.languages import language_label

register = template.Library()


@register.filter
def language(value: str | Iterable[str]) -> str:
    """A language code (or a list of them) as its Chinese name: ar → 阿拉伯语."""
    if isinstance(value, str):
        return language_label(value) if value else ""
    return "、".join(language_label(code) for code in value)
