"""Audit writers for drones: one event per change, in the change's transaction."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def drone_event(
    *,
    subject_type: str,
    subject_id: int,
    action: str,
    actor: User | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=str(actor) if actor is not None else "系统",
        subject_type=subject_type,
        subject_id=subject_id,
        action=action,
        before={k: _jsonable(v) for k, v in (before or {}).items()},
        after={k: _jsonable(v) for k, v in (after or {}).items()},
        reason=reason,
    )
