"""The mediation module's audit writer: every change appends one event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from gongzhi.core import audit
from gongzhi.core.audit import snapshot as snapshot  # the services call events.snapshot
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User


def record(
    *,
    subject: models.Model,
    action: str,
    actor: User | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event about ``subject`` (its type is the model's name: mediation, agreement …)."""
    return audit.append(
        subject_type=subject._meta.model_name or "mediation",
        subject_id=subject.pk,
        action=action,
        actor=actor,
        before=before,
        after=after,
        reason=reason,
    )
