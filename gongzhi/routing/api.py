"""REST v1 for routing: the category catalogue (with search), the responsibility list (权责清单), and
the smart-intake suggestion (category, unit, place, possible repeats) a client asks for while typing."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import AfterValidator, Field

from gongzhi.api.enums import Scope
from gongzhi.api.principal import require_scope
from gongzhi.api.schemas import ERRORS, Code, Limit, Ref, Str20, Str60, Str200, clean_text
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.org import selectors as org_selectors
from gongzhi.routing import selectors
from gongzhi.routing.models import Category, ResponsibilityRule

router = Router(tags=["routing"])
Depth = Annotated[int, Field(ge=1, le=3)]
Str20000 = Annotated[str, Field(max_length=20000), AfterValidator(clean_text)]


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


# --- smart intake: the suggestion while the clerk types -----------------------------------------


class SuggestIn(Schema):
    subject: Str200 = ""
    description: Str20000 = ""
    address: Str200 = ""
    region: Code | None = Field(None, description="the place chosen so far (region code), if any")
    category: Code | None = Field(None, description="the category chosen so far, if any")
    reporter_phone: Str20 = ""
    reporter_id_number: Str20 = ""


class AlternativeOut(Schema):
    label: str
    probability: float
    category_code: str | None
    category_name: str | None
    depth: int


class CategorySuggestionOut(Schema):
    source: Literal["model", "rules"]
    notice: str = Field(description="why the rule-based list is used (no, stale or missing model)")
    model_version: str
    category_code: str | None = Field(description="the most specific suggested category")
    alternatives: list[AlternativeOut] = Field(description="first level, most likely first")
    deeper: AlternativeOut | None
    level: str | None
    unit: Ref | None


class SuggestedRouteOut(Schema):
    basis: Literal["chosen", "suggested"] | None
    category: Ref | None
    level: str | None
    unit: Ref | None


class PlaceCandidateOut(Schema):
    code: str
    name: str
    level: str
    town_code: str | None
    town_name: str | None
    matched: str
    strength: str


class PlaceOut(Schema):
    region_code: str | None
    town_code: str | None
    town_name: str | None
    village_code: str | None
    village_name: str | None
    is_ambiguous: bool
    notice: str
    candidates: list[PlaceCandidateOut]


class RepeatSignalsOut(Schema):
    text: float
    terms: float
    reporter: str
    place: str


class RepeatOut(Schema):
    case_id: int
    tracking_code: str
    subject: str
    status: str
    registered_at: str
    score: float = Field(description="0–1: how likely it is the same matter")
    reasons: list[str]
    signals: RepeatSignalsOut


class SuggestOut(Schema):
    category: CategorySuggestionOut
    route: SuggestedRouteOut
    place: PlaceOut
    repeats: list[RepeatOut]


@router.post(
    "/suggest",
    response={200: SuggestOut, **ERRORS},
    summary="smart intake: suggested category and unit, the place, possible repeats",
)
def suggest(request: HttpRequest, payload: SuggestIn) -> dict[str, Any]:
    """What the intake form shows while the clerk types (``routing.selectors.intake_suggestion``).

    The category comes from the current classifier, or from the rule-based list with a
    ``notice`` when there is no usable model; the unit from the responsibility list for the
    chosen (else the suggested) category at the chosen (else the resolved) place; the repeats
    only among the cases the caller may see. Send the suggested ``category_code``, ``source``,
    ``model_version`` and confidence back with the intake (``suggestion``) so the clerk's
    choice is recorded for the next training.
    """
    principal = require_scope(request, Scope.CASES_INTAKE)
    region = None
    if payload.region:
        try:
            region = org_selectors.region_get(code=payload.region)
        except NotFound:
            raise ValidationFailed(
                f"行政区划不存在：{payload.region}",
                f"unknown region {payload.region!r}",
                code="unknown_region",
                detail={"field": "region"},
            ) from None
    chosen = None
    if payload.category:
        chosen = Category.objects.filter(code=payload.category, is_active=True).first()
        if chosen is None:
            raise ValidationFailed(
                "事项分类不存在", "unknown category", code="unknown_category", detail={"field": "category"}
            )
    return selectors.intake_suggestion(
        subject=payload.subject,
        description=payload.description,
        address=payload.address,
        region=region,
        phone=payload.reporter_phone,
        id_number=payload.reporter_id_number,
        chosen=chosen,
        user=principal.user,
    )
