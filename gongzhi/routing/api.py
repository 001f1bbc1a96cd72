"""REST v1 for routing: the category catalogue (with search) and the responsibility list (权责清单)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code, Limit, Ref, Str60
from gongzhi.core.errors import ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.routing import selectors
from gongzhi.routing.models import Category, ResponsibilityRule

router = Router(tags=["routing"])
Depth = Annotated[int, Field(ge=1, le=3)]


class CategoryOut(Schema):
    code: str
    name: str
    full_name: str
    depth: int
    parent: str | None
    is_active: bool


class RuleOut(Schema):
    category: Ref
    level: str
    unit: Ref | None
    unit_function: str
    note: str


class RouteOut(Schema):
    level: str
    unit: Ref | None


def category_out(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "name": category.name,
        "full_name": category.full_name,
        "depth": category.depth,
        "parent": category.code[:-2] if category.parent_id else None,
        "is_active": category.is_active,
    }


def rule_out(rule: ResponsibilityRule) -> dict[str, Any]:
    return {
        "category": {"code": rule.category.code, "name": rule.category.full_name},
        "level": rule.level,
        "unit": {"code": rule.unit.code, "name": rule.unit.name} if rule.unit else None,
        "unit_function": rule.unit_function,
        "note": rule.note,
    }


@router.get("/categories", response={200: list[CategoryOut], **ERRORS}, summary="the category catalogue")
def category_list(
    request: HttpRequest, depth: Depth | None = None, parent: Code | None = None
) -> list[dict[str, Any]]:
    require_scope(request, Scope.ORG_READ)
    parent_category = selectors.category_get(code=parent) if parent else None
    return [category_out(c) for c in selectors.category_list(depth=depth, parent=parent_category)]


@router.get(
    "/categories/search", response={200: list[CategoryOut], **ERRORS}, summary="search by name or pinyin"
)
def category_search(request: HttpRequest, q: Str60, limit: Limit = 20) -> list[dict[str, Any]]:
    require_scope(request, Scope.ORG_READ)
    return [category_out(c) for c in selectors.category_search(query=q, limit=min(limit, 200))]


@router.get("/categories/{code}", response={200: CategoryOut, **ERRORS}, summary="one category")
def category_get(request: HttpRequest, code: Code) -> dict[str, Any]:
    require_scope(request, Scope.ORG_READ)
    return category_out(selectors.category_get(code=code))


@router.get(
    "/responsibility", response={200: list[RuleOut], **ERRORS}, summary="权责清单 the responsibility list"
)
def responsibility_list(
    request: HttpRequest, level: Literal["village", "town", "district"] | None = None
) -> list[dict[str, Any]]:
    require_scope(request, Scope.ORG_READ)
    return [rule_out(rule) for rule in selectors.rule_list(level=level)]


@router.get("/route", response={200: RouteOut, **ERRORS}, summary="where a case would go (631)")
def route(request: HttpRequest, category: Code, region: Code) -> dict[str, Any]:
    require_scope(request, Scope.ORG_READ)
    try:
        found_category = selectors.category_get(code=category)
        found_region = org_selectors.region_get(code=region)
    except Category.DoesNotExist as exc:
        raise ValidationFailed(
            "事项分类不存在", "unknown category", code="unknown_category", detail={"field": "category"}
        ) from exc
    level, unit = selectors.route_for(category=found_category, region=found_region)
    return {"level": level, "unit": {"code": unit.code, "name": unit.name} if unit else None}
