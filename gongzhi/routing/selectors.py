"""Reads for routing: the category catalogue and the responsibility list (权责清单).

Routing answers two questions for a case (its category and its locality): at which level it
starts ("631": the lowest competent level first) and which unit has authority at a level.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q

from gongzhi.core.errors import NotFound
from gongzhi.org import selectors as org_selectors
from gongzhi.org.enums import HANDLING_LEVELS, RegionLevel
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing.models import Category, ClassifierModel, HotIssue, ResponsibilityRule

# The catalogue has three levels; walking up never takes more steps than this.
_MAX_DEPTH = 3


class CategoryNotFound(NotFound, Category.DoesNotExist):
    """Raised by ``category_get``; also a ``Category.DoesNotExist`` for callers that catch that."""

    def __init__(self, code: str) -> None:
        super().__init__("事项分类", "category", detail={"code": code})


# --- categories --------------------------------------------------------------------------------


def category_get(*, code: str) -> Category:
    try:
        return Category.objects.select_related("parent__parent").get(code=code)
    except Category.DoesNotExist:
        raise CategoryNotFound(code) from None


def category_list(
    *, depth: int | None = None, parent: Category | None = None, active_only: bool = True
) -> list[Category]:
    qs = Category.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    if depth is not None:
        qs = qs.filter(depth=depth)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return list(qs.order_by("sort_order", "code"))


def category_search(*, query: str, limit: int = 20) -> list[Category]:
    """Active categories whose full name contains ``query``, or whose pinyin initials contain it.

    Ranked: exact name or initials, then prefix, then anywhere in the name, then anywhere in the
    full name; shallower categories first within a rank. Digits also match a code prefix.
    """
    text = query.strip()
    if not text or limit <= 0:
        return []
    latin = text.lower().replace(" ", "")
    condition = Q(full_name__icontains=text)
    if latin.isascii() and latin.isalnum():
        condition |= Q(pinyin_initials__contains=latin)
        if latin.isdigit():
            condition |= Q(code__startswith=latin)
    matches = list(Category.objects.filter(condition, is_active=True))

    def rank(category: Category) -> tuple[int, int, int, str]:
        name, initials = category.name, category.pinyin_initials
        if text in (name, category.code) or latin == initials:
            score = 0
        elif name.startswith(text) or initials.startswith(latin) or category.code.startswith(latin):
            score = 1
        elif text in name or latin in initials:
            score = 2
        else:
            score = 3
        return score, category.depth, category.sort_order, category.code

    matches.sort(key=rank)
    return matches[:limit]


def _cached_parent(category: Category) -> Category | None:
    """The parent if it is already loaded (select_related), without a query."""
    cached = category._state.fields_cache.get("parent")
    return cached if isinstance(cached, Category) else None


def _lineage_ids(category: Category) -> list[int]:
    """The category's id and its ancestors' ids, most specific first."""
    ids = [category.pk]
    parent_id = category.parent_id
    parent = _cached_parent(category)
    steps = 0
    while parent_id is not None and steps < _MAX_DEPTH:
        ids.append(parent_id)
        if parent is not None:
            parent_id = parent.parent_id
            parent = _cached_parent(parent)
        else:
            parent_id = Category.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        steps += 1
    return ids


# --- the responsibility list -------------------------------------------------------------------


def category_rules(*, category: Category) -> dict[str, ResponsibilityRule]:
    """Per level, the most specific rule: the category's own, else its parent's, else its grandparent's."""
    ids = _lineage_ids(category)
    best: dict[str, ResponsibilityRule] = {}
    for rule in ResponsibilityRule.objects.filter(category_id__in=ids).select_related("unit", "category"):
        current = best.get(rule.level)
        if current is None or ids.index(rule.category_id) < ids.index(current.category_id):
            best[rule.level] = rule
    return best


def rule_for(*, category: Category, level: str) -> ResponsibilityRule | None:
    """The most specific rule for ``category`` at ``level``, walking up the category tree."""
    return category_rules(category=category).get(level)


def rule_list(*, level: str | None = None) -> list[ResponsibilityRule]:
    qs = ResponsibilityRule.objects.select_related("category", "unit")
    if level is not None:
        qs = qs.filter(level=level)
    return list(qs.order_by("category__sort_order", "category__code", "level"))


def _resolve(rule: ResponsibilityRule | None, *, region: Region, level: str) -> Unit | None:
    """The unit a rule names for ``region`` at ``level``; None if the region is above that level.

    A fixed unit wins; a function resolves in the locality (town station, district department,
    the village's committee); if neither names an active unit, the centre at that level does.
    """
    if org_selectors.level_rank(region.level) < org_selectors.level_rank(level):
        return None
    if rule is not None:
        if rule.unit_id is not None and rule.unit is not None and rule.unit.is_active:
            return rule.unit
        if rule.unit_function:
            unit = org_selectors.unit_by_function(region=region, function=rule.unit_function, level=level)
            if unit is not None:
                return unit
    return org_selectors.centre_at_level(region=region, level=level)


def responsible_unit(*, category: Category | None, region: Region, level: str) -> Unit | None:
    """Who has authority over a case of ``category`` located in ``region`` at ``level``.

    1. The rule (``rule_for``) names a fixed unit → that unit.
    2. It names a function → ``org.selectors.unit_by_function`` in the case's locality at that
       level (the 派出所 of the case's town, the 公安 department at the district); at village
       level a function the village lacks means the village centre.
    3. No rule, or nothing active found → the centre at that level (``centre_at_level``).
    None when the region is above that level (a town-located case has no village unit).
    """
    rule = rule_for(category=category, level=level) if category is not None else None
    return _resolve(rule, region=region, level=level)


def lowest_competent_level(*, category: Category | None, region: Region) -> str:
    """The level a case starts at ("631": 小事不出村, 大事不出镇).

    1. The lowest of village / town / district at which the category (or its parent,
       grandparent) has a rule AND that rule resolves to a unit for ``region`` — a case located
       at town level cannot start at village level.
    2. Otherwise (no rule at all, or none resolves here): the lowest level whose centre covers
       the region; the district when there is none.
    """
    rules = category_rules(category=category) if category is not None else {}
    for level in HANDLING_LEVELS:
        rule = rules.get(level)
        if rule is not None and _resolve(rule, region=region, level=level) is not None:
            return str(level)
    for level in HANDLING_LEVELS:
        if org_selectors.centre_at_level(region=region, level=level) is not None:
            return str(level)
    return str(RegionLevel.DISTRICT)


def route_for(*, category: Category | None, region: Region) -> tuple[str, Unit | None]:
    """The starting level and the responsible unit there, in one call."""
    level = lowest_competent_level(category=category, region=region)
    return level, responsible_unit(category=category, region=region, level=level)


# --- smart intake: suggestions while the clerk types --------------------------------------------


def category_suggestion(*, text: str, region: Region | None = None) -> dict[str, Any]:
    """The suggested category (model or rules, with ``source`` and ``notice``) and, for the place,
    the starting level and the responsible unit through the responsibility list (权责清单)."""
    from gongzhi.routing.classifier.suggest import suggest

    suggestion = suggest(text)
    data = suggestion.as_dict()
    data["category_code"] = suggestion.category_code
    data["level"] = None
    data["unit"] = None
    code = suggestion.category_code
    if code and region is not None:
        category = Category.objects.select_related("parent__parent").filter(code=code).first()
        if category is not None:
            level, unit = route_for(category=category, region=region)
            data["level"] = level
            data["unit"] = {"code": unit.code, "name": unit.name} if unit is not None else None
    return data


def place_resolution(*, text: str) -> dict[str, Any]:
    """The town and village named in ``text`` (address and description), with any ambiguity."""
    from gongzhi.routing.places import place_resolve

    return place_resolve(text).as_dict()


def repeat_suggestions(
    *,
    text: str,
    region: Region | None = None,
    phone: str = "",
    id_number: str = "",
    exclude_case_id: int | None = None,
    limit: int = 10,
    user: User | None = None,
) -> list[dict[str, Any]]:
    """Open or recent cases that may be the same matter, each with its score and reasons.

    With ``user``, only the cases that user may see (``cases.access``): a clerk is never shown a
    case outside their scope. Without it (batch jobs, the benchmark), all cases.
    """
    from gongzhi.cases.access import case_queryset_for_user
    from gongzhi.routing.repeats import repeat_candidates

    return [
        candidate.as_dict()
        for candidate in repeat_candidates(
            text=text,
            region=region,
            phone=phone,
            id_number=id_number,
            exclude_case_id=exclude_case_id,
            limit=limit,
            visible=case_queryset_for_user(user) if user is not None else None,
        )
    ]


def intake_suggestion(
    *,
    subject: str = "",
    description: str = "",
    address: str = "",
    region: Region | None = None,
    phone: str = "",
    id_number: str = "",
    exclude_case_id: int | None = None,
    chosen: Category | None = None,
    user: User | None = None,
) -> dict[str, Any]:
    """Everything the intake form (and ``POST /api/v1/routing/suggest``) shows while the clerk
    types, in one call.

    1. ``place``: the town/village resolved from the address and the text (ambiguity listed).
    2. ``category``: the suggested category with confidence and alternatives (``source`` "model",
       or "rules" with a ``notice`` when the model is missing or stale); the unit is routed for
       ``region`` if given, else for the resolved place.
    3. ``route``: the starting level and the responsible unit (权责清单, "631") for the category
       the clerk ``chosen`` if any, else for the suggested one; ``basis`` says which.
    4. ``repeats``: likely repeats (same reporter, same place, similar text) with their reasons,
       among the cases ``user`` may see.
    """
    from gongzhi.routing.classifier.training import case_text

    text = case_text(subject, description)
    place = place_resolution(text=f"{address} {text}")
    where = region
    if where is None and place.get("region_code"):
        where = Region.objects.filter(code=place["region_code"]).first()
    category = category_suggestion(text=text, region=where)
    route: dict[str, Any] = {"basis": None, "category": None, "level": None, "unit": None}
    if chosen is not None:
        route["basis"], route["category"] = "chosen", {"code": chosen.code, "name": chosen.full_name}
        if where is not None:
            level, unit = route_for(category=chosen, region=where)
            route["level"] = level
            route["unit"] = {"code": unit.code, "name": unit.name} if unit is not None else None
    elif category.get("category_code"):
        route["basis"] = "suggested"
        route["category"] = {
            "code": category["category_code"],
            "name": _category_name(category) or category["category_code"],
        }
        route["level"], route["unit"] = category["level"], category["unit"]
    return {
        "place": place,
        "category": category,
        "route": route,
        "repeats": repeat_suggestions(
            text=text,
            region=where,
            phone=phone,
            id_number=id_number,
            exclude_case_id=exclude_case_id,
            user=user,
        ),
    }


def _category_name(category: dict[str, Any]) -> str | None:
    """The full name of the suggestion's most specific category (the deeper one if it is that)."""
    code = category.get("category_code")
    for option in [category.get("deeper"), *category.get("alternatives", [])]:
        if option and option.get("category_code") == code:
            return str(option.get("category_name") or "") or None
    return None


def classifier_current() -> ClassifierModel | None:
    return ClassifierModel.objects.filter(is_current=True).first()


def classifier_list() -> list[ClassifierModel]:
    return list(ClassifierModel.objects.order_by("-trained_at"))


def hot_issue_list(
    *, within: Region | None = None, active_only: bool = True, limit: int = 50
) -> list[HotIssue]:
    """Hot issues by heat, optionally only those located inside ``within`` (itself included)."""
    qs = HotIssue.objects.select_related("region", "category", "sample_case")
    if active_only:
        qs = qs.filter(is_active=True)
    if within is not None:
        qs = qs.filter(Q(region__path__startswith=within.path + "/") | Q(region=within))
    return list(qs.order_by("-heat", "-last_at")[:limit])


def hot_issue_get(*, key: str) -> HotIssue:
    issue = HotIssue.objects.select_related("region", "category", "sample_case").filter(key=key).first()
    if issue is None:
        raise NotFound("热点问题", "hot issue", detail={"key": key})
    return issue


def answer_review(
    *,
    request: str,
    reply: str,
    requested_at: datetime | None = None,
    replied_at: datetime | None = None,
    due_at: datetime | None = None,
) -> dict[str, Any]:
    """The answer check (relevance, completeness, timeliness) of a draft reply, with what is missing."""
    from gongzhi.routing.answer_check import answer_check

    return answer_check(
        request=request, reply=reply, requested_at=requested_at, replied_at=replied_at, due_at=due_at
    ).as_dict()
