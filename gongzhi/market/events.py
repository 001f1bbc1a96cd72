"""The market's audit writer: every change appends one event in the same transaction."""

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
    """Append one event about ``subject`` (its type is the model's name: listing, demand …)."""
    return audit.append(
        subject_type=f"market.{subject._meta.model_name}",
        subject_id=subject.pk,
        action=action,
        actor=actor,
        before=before,
        after=after,
        reason=reason,
    )
