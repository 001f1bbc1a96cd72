"""Audit writers for deliberation; each is called inside the service's transaction.

Everything that happens to a matter — steps, sessions, team changes, exclusions, tender,
publications, objections — is an event on ``deliberation_matter/<id>``, so the matter's
timeline is one query. Register and catalogue changes have their own subjects.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from gongzhi.core import audit
from gongzhi.core.models import AuditEvent
from gongzhi.deliberation.models import Matter, VillageRole
from gongzhi.org.models import User

MATTER = "deliberation_matter"


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
    return audit.append(
        subject_type=MATTER,
        subject_id=matter.pk,
        action=f"deliberation.{action}",
        actor=actor,
        before=before,
        after=after,
        reason=reason,
    )


def village_role_event(*, role: VillageRole, action: str, actor: User | None, reason: str = "") -> AuditEvent:
    return audit.append(
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
    return audit.append(
        subject_type=f"deliberation_{kind}",
        subject_id=int(obj.pk),
        action=f"deliberation_{kind}.{action}",
        actor=actor,
        after=after,
    )
