"""The case's audit writer: every change to a case appends one event in the same transaction."""

from __future__ import annotations

from typing import Any

from gongzhi.cases.models import Case
from gongzhi.core import audit
from gongzhi.core.audit import snapshot as snapshot  # the services call events.snapshot
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User


def case_event(
    *,
    case: Case,
    actor: User | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    return audit.append(
        subject_type="case",
        subject_id=case.pk,
        action=action,
        actor=actor,
        before=before,
        after=after,
        reason=reason,
    )
