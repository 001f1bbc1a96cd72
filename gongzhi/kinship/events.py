"""Audit writers for the kinship register, called inside the service's transaction.

ID numbers are personal data: the audit trail keeps only their last four characters.
"""

from __future__ import annotations

from typing import Any

from gongzhi.core import audit
from gongzhi.core.models import AuditEvent
from gongzhi.kinship.models import Household, KinshipLink, Person
from gongzhi.org.models import User


def masked_id(id_number: str) -> str:
    return f"****{id_number[-4:]}" if id_number else ""


def person_snapshot(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "id_number": masked_id(person.id_number),
        "gender": person.gender,
        "birth_date": audit.jsonable(person.birth_date),
        "household": person.household_id,
        "region": person.region_id,
    }


def person_saved(
    *, person: Person, actor: User | None, created: bool, before: dict[str, Any] | None = None
) -> AuditEvent:
    return audit.append(
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
    return audit.append(
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
    return audit.append(
        subject_type="kinship_link",
        subject_id=link.pk,
        action="kinship_link.create",
        actor=actor,
        after={"person": link.person_id, "relative": link.relative_id, "kind": link.kind},
    )


def link_removed(*, link_id: int, before: dict[str, Any], actor: User | None, reason: str) -> AuditEvent:
    return audit.append(
        subject_type="kinship_link",
        subject_id=link_id,
        action="kinship_link.remove",
        actor=actor,
        before=before,
        reason=reason,
    )
