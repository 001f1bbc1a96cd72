"""Audit writers for routing reference data: categories and the responsibility list (权责清单).

Called inside the service's transaction, so the event and the change commit or roll back together.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import models

from gongzhi.core import audit
from gongzhi.core.models import AuditEvent
from gongzhi.org.models import User
from gongzhi.routing.models import Category, ResponsibilityRule


def jsonable(value: Any) -> Any:
    """Categories and units by code, other values as the trail stores them (``core.audit``)."""
    if isinstance(value, models.Model) and (code := getattr(value, "code", None)) is not None:
        return code
    return audit.jsonable(value)


# This module names regions, units and categories by their code, other rows by their key.
_append = partial(audit.append, stored=jsonable)


def category_created(*, category: Category, actor: User | None, after: dict[str, Any]) -> AuditEvent:
    return _append(
        subject_type="category", subject_id=category.pk, action="category.create", actor=actor, after=after
    )


def category_updated(
    *, category: Category, actor: User | None, before: dict[str, Any], after: dict[str, Any]
) -> AuditEvent:
    return _append(
        subject_type="category",
        subject_id=category.pk,
        action="category.update",
        actor=actor,
        before=before,
        after=after,
    )


def rule_created(*, rule: ResponsibilityRule, actor: User | None, after: dict[str, Any]) -> AuditEvent:
    return _append(
        subject_type="responsibility_rule",
        subject_id=rule.pk,
        action="responsibility_rule.create",
        actor=actor,
        after=after,
    )


def rule_updated(
    *, rule: ResponsibilityRule, actor: User | None, before: dict[str, Any], after: dict[str, Any]
) -> AuditEvent:
    return _append(
        subject_type="responsibility_rule",
        subject_id=rule.pk,
        action="responsibility_rule.update",
        actor=actor,
        before=before,
        after=after,
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


def classifier_trained(*, model: models.Model, actor: User | None, after: dict[str, Any]) -> AuditEvent:
    return _append(
        subject_type="classifier_model",
        subject_id=int(model.pk),
        action="classifier_model.train",
        actor=actor,
        after=after,
    )


def classifier_activated(
    *, model: models.Model, actor: User | None, before: dict[str, Any], after: dict[str, Any]
) -> AuditEvent:
    return _append(
        subject_type="classifier_model",
        subject_id=int(model.pk),
        action="classifier_model.activate",
        actor=actor,
        before=before,
        after=after,
    )


def correction_recorded(*, correction: models.Model, actor: User | None, after: dict[str, Any]) -> AuditEvent:
    return _append(
        subject_type="routing_correction",
        subject_id=int(correction.pk),
        action="routing_correction.record",
        actor=actor,
        after=after,
    )


def hot_issue_appeared(*, hot_issue: models.Model, after: dict[str, Any]) -> AuditEvent:
    """A new hot issue: the alert the responsible centre sees in its timeline and cockpit."""
    return _append(
        subject_type="hot_issue",
        subject_id=int(hot_issue.pk),
        action="hot_issue.appear",
        actor=None,
        after=after,
    )
