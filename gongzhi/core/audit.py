"""The one writer of the audit trail: each app's ``events`` module names its events and calls this.

An event is appended in the caller's transaction, so the change and its event commit or roll back
together. ``before`` and ``after`` hold only the fields that changed, stored as JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from gongzhi.core.models import AuditEvent

SYSTEM_LABEL = "系统"


def jsonable(value: Any) -> Any:
    """A value as the trail stores it: rows by primary key, decimals as strings, dates and times
    in ISO 8601, lists, tuples, sets and dicts element by element."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return value


def snapshot(obj: models.Model, *fields: str, stored: Callable[[Any], Any] = jsonable) -> dict[str, Any]:
    """The named fields of ``obj`` as the trail stores them: an event's ``before`` or ``after``."""
    return {field: stored(getattr(obj, field)) for field in fields}


def changed_fields(current: models.Model, wanted: dict[str, Any]) -> list[str]:
    """The fields whose value in ``current`` differs from ``wanted``: what an event's ``before`` and
    ``after`` hold. A related row is compared by its key, so comparing costs no query."""
    return [field for field, value in wanted.items() if _comparable(current, field) != _key_of(value)]


def _comparable(obj: models.Model, field: str) -> Any:
    if obj._meta.get_field(field).is_relation:
        return getattr(obj, f"{field}_id")
    return getattr(obj, field)


def _key_of(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def append(
    *,
    subject_type: str,
    subject_id: int,
    action: str,
    actor: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    stored: Callable[[Any], Any] = jsonable,
) -> AuditEvent:
    """Append one event. ``actor`` is a user, or None for the system (sweeps, imports, tasks);
    ``stored`` turns each value of ``before``/``after`` into JSON (an app may name some rows by
    their code instead of their key)."""
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=str(actor) if actor is not None else SYSTEM_LABEL,
        subject_type=subject_type,
        subject_id=subject_id,
        action=action,
        before={str(key): stored(value) for key, value in (before or {}).items()},
        after={str(key): stored(value) for key, value in (after or {}).items()},
        reason=reason,
    )
