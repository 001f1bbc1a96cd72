"""Helpers for the routing tests."""

from __future__ import annotations

from gongzhi.routing.models import Category


def category(full_name: str) -> Category:
    """A category by its full name ("一级 / 二级 / 三级")."""
    return Category.objects.get(full_name=full_name)
