"""Shared pieces of the cases endpoints: the router, code look-ups, and running one action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Router

from gongzhi.api import webhooks
from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS
from gongzhi.cases.models import Case
from gongzhi.cases.schemas import (
    ActionOut,
    case_out,
)
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing import selectors as routing_selectors
from gongzhi.routing.models import Category

router = Router(tags=["cases"])

ACTION = {200: ActionOut, **ERRORS}
RELATED = ("category", "lead_unit", "region")


# --- helpers -----------------------------------------------------------------------------------


def _unit(code: str, field: str = "unit") -> Unit:
    try:
        return org_selectors.unit_get(code=code)
    except NotFound:
        raise ValidationFailed(
            f"单位不存在：{code}", f"unknown unit {code!r}", code="unknown_unit", detail={"field": field}
        ) from None


def _region(code: str) -> Region:
    try:
        return org_selectors.region_get(code=code)
    except NotFound:
        raise ValidationFailed(
            f"行政区划不存在：{code}",
            f"unknown region {code!r}",
            code="unknown_region",
            detail={"field": "region"},
        ) from None


def _category(code: str) -> Category:
    try:
        category = routing_selectors.category_get(code=code)
    except NotFound:
        category = None
    if category is None or not category.is_active:
        raise ValidationFailed(
            f"事项分类不存在：{code}",
            f"unknown category {code!r}",
            code="unknown_category",
            detail={"field": "category"},
        )
    return category


def _case(case_id: int) -> Case:
    return Case.objects.select_related(*RELATED).get(pk=case_id)


def _act(
    request: HttpRequest,
    scope: str,
    case_id: int,
    call: Callable[[User], Any],
    object_type: str | None = None,
) -> dict[str, Any]:
    """Run one lifecycle service as the caller, then tell webhook subscribers what changed."""
    principal = require_scope(request, scope)
    before = Case.objects.filter(pk=case_id).values_list("status", flat=True).first()
    result = call(principal.user)
    webhooks.case_changed(case_id=case_id, before_status=before)
    return {
        "case": case_out(_case(case_id)),
        "object_type": object_type,
        "object_id": getattr(result, "pk", None) if object_type else None,
    }


DECIDE, HANDLE, INTAKE, SUPERVISE = (
    Scope.CASES_DECIDE,
    Scope.CASES_HANDLE,
    Scope.CASES_INTAKE,
    Scope.CASES_SUPERVISE,
)
