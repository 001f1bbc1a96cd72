"""Figures computed once per scope and period, then served from the cache for a short while.

The cockpit reads a whole period of cases several times (KPIs, 631, trend, rankings): seconds
over a year of a big district. Every leader with the same scope sees the same figures, and the
page refreshes itself every few minutes on the wall screens of several centres, so the figures
are computed once per scope, period, language and day and kept for ``COCKPIT_CACHE_SECONDS``.
The page says when they were computed. The supervision board's league tables and reminder
counts (and their .xlsx export) and the API's league table are cached the same way, each under
its own ``name``.

The cache is Django's (``settings.CACHES``): a file cache under var/ shared by every process of
one machine by default, Redis when ``GONGZHI_REDIS_URL`` is set (several app servers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from gongzhi.cases import access
from gongzhi.org.models import User

T = TypeVar("T")


def scope_key(user: User) -> str:
    """The user's case scope, and the user: staff also see the cases they reported themselves
    (``access.case_scope_q``), so two staff with the same posts may not share figures."""
    scope = access.scope_for(user)
    parts = (scope.is_all, scope.region_paths, scope.all_unit_ids, scope.user_id)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cached_for_scope(*, user: User, name: str, variant: str, compute: Callable[[], T]) -> T:
    seconds = int(getattr(settings, "COCKPIT_CACHE_SECONDS", 60))
    if seconds <= 0:
        return compute()
    day = timezone.localtime().date().isoformat()
    key = f"gongzhi:{name}:v1:{scope_key(user)}:{variant}:{translation.get_language()}:{day}"
    found: Any = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, seconds)
    return value
