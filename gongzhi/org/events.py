"""Audit writers for the organisation: every change made through ``org.services`` appends one event.

Called inside the service's transaction, so the event and the change commit or roll back together.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import models

from gongzhi.core import audit
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import DutyShift, Membership, Region, Unit, User


def jsonable(value: Any) -> Any:
    """Regions and units by code, other values as the trail stores them (``core.audit``)."""
    if isinstance(value, Region | Unit):
        return value.code
    return audit.jsonable(value)


# This module names regions, units and categories by their code, other rows by their key.
_append = partial(audit.append, stored=jsonable)


def snapshot(obj: models.Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return audit.snapshot(obj, *fields, stored=jsonable)


def region_created(*, region: Region, actor: User | None, after: dict[str, Any]) -> AuditEvent:
    return _append(
        subject_type="region", subject_id=region.pk, action="region.create", actor=actor, after=after
    )


def region_updated(
    *, region: Region, actor: User | None, before: dict[str, Any], after: dict[str, Any]
) -> AuditEvent:
    return _append(
        subject_type="region",
        subject_id=region.pk,
        action="region.update",
        actor=actor,
        before=before,
        after=after,
    )


def unit_created(*, unit: Unit, actor: User | None, after: dict[str, Any]) -> AuditEvent:
    return _append(subject_type="unit", subject_id=unit.pk, action="unit.create", actor=actor, after=after)


def unit_updated(
    *, unit: Unit, actor: User | None, before: dict[str, Any], after: dict[str, Any]
) -> AuditEvent:
    return _append(
        subject_type="unit", subject_id=unit.pk, action="unit.update", actor=actor, before=before, after=after
    )


def membership_granted(*, membership: Membership, actor: User | None, before: dict[str, Any]) -> AuditEvent:
    return _append(
        subject_type="membership",
        subject_id=membership.pk,
        action="membership.grant",
        actor=actor,
        before=before,
        after=snapshot(membership, ("user", "unit", "role", "is_active")),
    )


def membership_revoked(*, membership: Membership, actor: User | None, reason: str = "") -> AuditEvent:
    return _append(
        subject_type="membership",
        subject_id=membership.pk,
        action="membership.revoke",
        actor=actor,
        before={"is_active": True},
        after=snapshot(membership, ("user", "unit", "role", "is_active")),
        reason=reason,
    )


def staff_created(*, user: User, actor: User | None) -> AuditEvent:
    return _append(
        subject_type="user",
        subject_id=user.pk,
        action="user.create",
        actor=actor,
        after=snapshot(user, ("username", "display_name", "phone", "is_citizen")),
    )


def duty_shift_set(
    *, shift: DutyShift, actor: User | None, before: dict[str, Any], created: bool
) -> AuditEvent:
    return _append(
        subject_type="duty_shift",
        subject_id=shift.pk,
        action="duty_shift.create" if created else "duty_shift.update",
        actor=actor,
        before=before,
        after=snapshot(shift, ("unit", "date", "kind", "user")),
    )


def admin_changed(
    *,
    obj: models.Model,
    subject_type: str,
    actor: User | None,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> AuditEvent:
    """An edit of reference data in the Django admin (``<model>.admin_change`` / ``.admin_delete``)."""
    return _append(
        subject_type=subject_type,
        subject_id=int(obj.pk),
        action=action,
        actor=actor,
        before=before,
        after=after,
    )
