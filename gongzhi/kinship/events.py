"""Audit writers for the kinship register, called inside the service's transaction.

ID numbers are personal data: the audit trail keeps only their last four characters.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongzhi.core.models import AuditEvent
from gongzhi.kinship.models import Household, KinshipLink, Person
from gongzhi.org.models import User


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def masked_id(id_number: str) -> str:
    return f"****{id_number[-4:]}" if id_number else ""


def person_snapshot(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "id_number": masked_id(person.id_number),
        "gender": person.gender,
        "birth_date": _jsonable(person.birth_date),
        "household": person.household_id,
        "region": person.region_id,
    }


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
        before={k: _jsonable(v) for k, v in (before or {}).items()},
        after={k: _jsonable(v) for k, v in (after or {}).items()},
        reason=reason,
    )


def person_saved(
    *, person: Person, actor: User | None, created: bool, before: dict[str, Any] | None = None
) -> AuditEvent:
    return _append(
        subject_type="kinship_person",
        subject_id=person.pk,
        action="kinship_person.create" if created else "kinship_person.update",
        actor=actor,
        before=before,
        after=person_snapshot(person),
    )


def household_saved(
    *, household: Household, actor: User | None, created: bool, before: dict[str, Any] | None = None
) -> AuditEvent:
    return _append(
        subject_type="kinship_household",
        subject_id=household.pk,
        action="kinship_household.create" if created else "kinship_household.update",
        actor=actor,
        before=before,
        after={
            "code": household.code,
            "region": household.region_id,
            "head": household.head_id,
            "address": household.address,
        },
    )


def link_created(*, link: KinshipLink, actor: User | None) -> AuditEvent:
    return _append(
        subject_type="kinship_link",
        subject_id=link.pk,
        action="kinship_link.create",
        actor=actor,
        after={"person": link.person_id, "relative": link.relative_id, "kind": link.kind},
    )


def link_removed(*, link_id: int, before: dict[str, Any], actor: User | None, reason: str) -> AuditEvent:
    return _append(
        subject_type="kinship_link",
        subject_id=link_id,
        action="kinship_link.remove",
        actor=actor,
        before=before,
        reason=reason,
    )
