"""The market's audit writer: every change appends one event in the same transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User


def jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [jsonable(item) for item in value]
    return value


def record(
    *,
    subject: models.Model,
    action: str,
    actor: User | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event about ``subject`` (its type is the model's name: listing, demand …)."""
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=str(actor) if actor is not None else "系统",
        subject_type=f"market.{subject._meta.model_name}",
        subject_id=subject.pk,
        action=action,
        before={key: jsonable(value) for key, value in (before or {}).items()},
        after={key: jsonable(value) for key, value in (after or {}).items()},
        reason=reason,
    )


def snapshot(obj: models.Model, *fields: str) -> dict[str, Any]:
    return {field: jsonable(getattr(obj, field)) for field in fields}
