"""Fixed-window request counters in the database, so every worker process shares them.

One statement per request: ``INSERT … ON CONFLICT DO UPDATE SET count = count + 1 RETURNING``
(PostgreSQL, and SQLite ≥ 3.35). Old windows are dropped when a new one starts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from gongzhi.api.models import RateCounter


@dataclass(frozen=True)
class Limit:
    allowed: bool
    count: int
    limit: int
    retry_after: int


def _table() -> str:
    return connection.ops.quote_name(RateCounter._meta.db_table)


def hit(bucket: str, *, limit: int, window_seconds: int, now: float | None = None) -> Limit:
    """Count one request in ``bucket``'s current window and say whether it is within ``limit``."""
    now = time.time() if now is None else now
    window = int(now // window_seconds) * window_seconds
    retry_after = max(1, int(window + window_seconds - now + 0.999))
    table = _table()
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("bucket", "window_start", "count") VALUES (%s, %s, 1) '  # noqa: S608
            f'ON CONFLICT ("bucket", "window_start") DO UPDATE SET "count" = {table}."count" + 1 '
            'RETURNING "count"',
            [bucket[:100], window],
        )
        row = cursor.fetchone()
        count = int(row[0]) if row else 1
        if count == 1:
            cursor.execute(
                f'DELETE FROM {table} WHERE "window_start" < %s',  # noqa: S608 (our own table name)
                [window - window_seconds],
            )
    return Limit(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)


def limits() -> tuple[int, int, int]:
    """(per key, per IP, window seconds) from settings; 0 switches a limit off."""
    return (
        int(getattr(settings, "GONGZHI_RATE_LIMIT_PER_KEY", 600)),
        int(getattr(settings, "GONGZHI_RATE_LIMIT_PER_IP", 300)),
        int(getattr(settings, "GONGZHI_RATE_LIMIT_WINDOW_SECONDS", 60)),
    )
