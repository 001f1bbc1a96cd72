"""Rate limits that hold across processes: a fixed-window counter row per key in the database.

Used for the login lock-out (failures per username and per address) and the public forms
(submissions and look-ups per address). A row is locked while it is read and changed, so two
workers counting at once never lose a hit.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from gongzhi.web.models import RateCounter


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _current(key: str, window: timedelta) -> RateCounter:
    now = timezone.now()
    counter, _created = RateCounter.objects.select_for_update(of=("self",)).get_or_create(
        key=key, defaults={"window_start": now, "count": 0}
    )
    if counter.window_start <= now - window:
        counter.window_start = now
        counter.count = 0
    return counter


@transaction.atomic
def take(key: str, *, limit: int, window: timedelta) -> bool:
    """Count one hit for ``key``; False (and nothing counted) when the window's limit is reached."""
    counter = _current(key[:200], window)
    if counter.count >= limit:
        return False
    counter.count += 1
    counter.save(update_fields=["window_start", "count"])
    return True


@transaction.atomic
def add(key: str, *, window: timedelta) -> int:
    """Count one event for ``key`` (a failed login); returns the count in the current window."""
    counter = _current(key[:200], window)
    counter.count += 1
    counter.save(update_fields=["window_start", "count"])
    return counter.count


def is_over(key: str, *, limit: int, window: timedelta) -> bool:
    counter = RateCounter.objects.filter(key=key[:200]).first()
    if counter is None or counter.window_start <= timezone.now() - window:
        return False
    return counter.count >= limit


def clear(key: str) -> None:
    RateCounter.objects.filter(key=key[:200]).delete()
