"""The case's audit writer: every change to a case appends one event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongzhi.cases.models import Case
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def case_event(
    *,
    case: Case,
    actor: User | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=str(actor) if actor is not None else "系统",
        subject_type="case",
        subject_id=case.pk,
        action=action,
        before={k: _jsonable(v) for k, v in (before or {}).items()},
        after={k: _jsonable(v) for k, v in (after or {}).items()},
        reason=reason,
    )


def snapshot(case: Case, *fields: str) -> dict[str, Any]:
    return {field: _jsonable(getattr(case, field)) for field in fields}
