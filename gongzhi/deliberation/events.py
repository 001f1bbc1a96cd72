"""Audit writers for deliberation; each is called inside the service's transaction.

Everything that happens to a matter — steps, sessions, team changes, exclusions, tender,
publications, objections — is an event on ``deliberation_matter/<id>``, so the matter's
timeline is one query. Register and catalogue changes have their own subjects.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from gongzhi.core.models import AuditEvent
from gongzhi.deliberation.models import Matter, VillageRole
from gongzhi.org.models import User

MATTER = "deliberation_matter"


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def _append(
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
        before=jsonable(before or {}),
        after=jsonable(after or {}),
        reason=reason,
    )


def matter_event(
    *,
    matter: Matter,
    action: str,
    actor: User | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """``action`` is ``matter.propose``, ``session.record``, ``team.member_exclude`` …"""
    return _append(
        subject_type=MATTER,
        subject_id=matter.pk,
        action=f"deliberation.{action}",
        actor=actor,
        before=before,
        after=after,
        reason=reason,
    )


def village_role_event(*, role: VillageRole, action: str, actor: User | None, reason: str = "") -> AuditEvent:
    return _append(
        subject_type="village_role",
        subject_id=role.pk,
        action=f"village_role.{action}",
        actor=actor,
        after={
            "village": role.village_id,
            "person": role.person_id,
            "kind": role.kind,
            "started_on": role.started_on,
            "ended_on": role.ended_on,
            "is_active": role.is_active,
        },
        reason=reason,
    )


def catalogue_event(
    *, obj: models.Model, kind: str, action: str, actor: User | None, after: dict[str, Any]
) -> AuditEvent:
    return _append(
        subject_type=f"deliberation_{kind}",
        subject_id=int(obj.pk),
        action=f"deliberation_{kind}.{action}",
        actor=actor,
        after=after,
    )
