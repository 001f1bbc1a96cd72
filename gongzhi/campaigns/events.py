"""The campaign module's audit writer: every change appends one event in the same transaction.

The subject type is ``campaigns.<model>`` (``campaigns.project``, ``campaigns.helprequest`` …); a project's
timeline reads the events of the project itself.
"""

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
    """Append one event about ``subject``; ``actor`` None is the system (the sweep)."""
    return audit.append(
        subject_type=f"campaigns.{subject._meta.model_name}",
        subject_id=subject.pk,
        action=action,
        actor=actor,
        before=before,
        after=after,
        reason=reason,
    )
