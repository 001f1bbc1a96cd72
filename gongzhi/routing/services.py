"""Writes for routing reference data: the category catalogue and the responsibility list (权责清单).

Every function is keyword-only, runs in one transaction and appends an audit event per change
(``gongzhi.routing.events``). Loaders are idempotent: rows are matched by code (categories) or by
(category, level) (rules), so a re-run never duplicates.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction

from gongzhi.core.errors import ValidationFailed
from gongzhi.org.enums import HANDLING_LEVELS
from gongzhi.org.models import Unit, User
from gongzhi.routing import events
from gongzhi.routing.models import Category, ResponsibilityRule
from gongzhi.routing.pinyin import pinyin_initials

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CATEGORIES_JSON = DATA_DIR / "categories.json"
DEFAULT_RESPONSIBILITY_JSON = DATA_DIR / "responsibility.json"

FULL_NAME_SEPARATOR = " / "
_CATEGORY_FIELDS = ("name", "depth", "parent", "full_name", "pinyin_initials", "sort_order")
_RULE_FIELDS = ("unit", "unit_function", "note")


def _compare_value(obj: models.Model, field: str) -> Any:
    if obj._meta.get_field(field).is_relation:
        return getattr(obj, f"{field}_id")
    return getattr(obj, field)


def _changes(current: models.Model, wanted: dict[str, Any]) -> list[str]:
    return [
        field
        for field, value in wanted.items()
        if _compare_value(current, field) != (value.pk if isinstance(value, models.Model) else value)
    ]


def _jsonable_fields(values: dict[str, Any], fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return {field: events.jsonable(values[field]) for field in fields}


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationFailed(
            f"文件不存在：{path}", f"file not found: {path}", code="file_not_found"
        ) from None
    if not isinstance(data, dict):
        raise ValidationFailed(f"文件格式不对：{path}", f"not a JSON object: {path}", code="bad_file")
    return data


# --- categories --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryItem:
    """One catalogue entry to load; ``parent_code`` None for a first-level category."""

    code: str
    name: str
    parent_code: str | None


def _upsert_categories(
    items: list[CategoryItem], *, actor: User | None, overwrite: bool
) -> tuple[Counter[str], set[str]]:
    """Create or update categories, parents before children; returns counts and the codes seen."""
    codes = [item.code for item in items]
    existing = {category.code: category for category in Category.objects.filter(code__in=codes)}
    loaded: dict[str, Category] = {}
    counts: Counter[str] = Counter()
    for order, item in enumerate(items, start=1):
        name = item.name.strip()
        if not name:
            raise ValidationFailed(
                f"分类 {item.code} 缺少名称", f"category {item.code} has no name", code="category_no_name"
            )
        parent: Category | None = None
        if item.parent_code:
            parent = loaded.get(item.parent_code) or Category.objects.filter(code=item.parent_code).first()
            if parent is None:
                raise ValidationFailed(
                    f"分类 {item.code} 的上级 {item.parent_code} 不存在",
                    f"category {item.code}: parent {item.parent_code} not found",
                    code="category_no_parent",
                )
        depth = parent.depth + 1 if parent else 1
        if depth > 3:
            raise ValidationFailed(
                f"分类 {item.code} 超过三级",
                f"category {item.code} is deeper than three levels",
                code="category_too_deep",
            )
        counts[f"depth_{depth}"] += 1
        current = existing.get(item.code)
        if current is not None and not overwrite:
            loaded[item.code] = current
            counts["unchanged"] += 1
            continue
        wanted: dict[str, Any] = {
            "name": name,
            "depth": depth,
            "parent": parent,
            "full_name": f"{parent.full_name}{FULL_NAME_SEPARATOR}{name}" if parent else name,
            "pinyin_initials": pinyin_initials(name)[:60],
            "sort_order": order,
        }
        if current is None:
            category, _ = Category.objects.update_or_create(code=item.code, defaults=wanted)
            events.category_created(
                category=category,
                actor=actor,
                after={"code": item.code, **_jsonable_fields(wanted, _CATEGORY_FIELDS)},
            )
            counts["created"] += 1
        else:
            changed = _changes(current, wanted)
            if not changed:
                loaded[item.code] = current
                counts["unchanged"] += 1
                continue
            before = {field: events.jsonable(getattr(current, field)) for field in changed}
            category, _ = Category.objects.update_or_create(code=item.code, defaults=wanted)
            events.category_updated(
                category=category, actor=actor, before=before, after=_jsonable_fields(wanted, changed)
            )
            counts["updated"] += 1
        loaded[item.code] = category
    return counts, set(codes)


def _category_counts(counts: Counter[str]) -> dict[str, int]:
    keys = ("depth_1", "depth_2", "depth_3", "created", "updated", "unchanged", "deactivated")
    return {key: counts[key] for key in keys}


@transaction.atomic
def categories_load_defaults(
    *, actor: User | None = None, data_path: Path | None = None, overwrite: bool = False
) -> dict[str, int]:
    """Load the shipped three-level catalogue (``data/categories.json``), matched by code.

    Each entry's parent is the entry whose code is its own without the last two digits (or the
    entry's explicit ``parent``). Depth, full name ("一级 / 二级 / 三级") and pinyin initials are
    derived. Existing categories keep what an administrator edited unless ``overwrite`` is set,
    which resets them to the shipped catalogue.
    """
    data = _read_json(data_path or DEFAULT_CATEGORIES_JSON)
    items = []
    for entry in data.get("categories", []):
        code = str(entry["code"])
        parent_code = entry.get("parent", code[:-2] if len(code) > 2 else None)
        items.append(CategoryItem(code=code, name=str(entry["name"]), parent_code=parent_code or None))
    counts, _ = _upsert_categories(items, actor=actor, overwrite=overwrite)
    return _category_counts(counts)


def _category_paths() -> dict[tuple[str, ...], str]:
    """Every stored category's name path (一级, 二级, 三级) → its code."""
    categories = list(Category.objects.only("id", "code", "name", "parent_id"))
    by_id = {category.pk: category for category in categories}
    paths: dict[tuple[str, ...], str] = {}
    for category in categories:
        names: list[str] = []
        node: Category | None = category
        while node is not None and len(names) <= 3:
            names.append(node.name)
            node = by_id.get(node.parent_id) if node.parent_id else None
        paths[tuple(reversed(names))] = category.code
    return paths


@transaction.atomic
def categories_import(
    *, csv_path: Path, actor: User | None = None, deactivate_missing: bool = False
) -> dict[str, int]:
    """Import a county's own catalogue: a CSV of 一级分类,二级分类,三级分类 (a header row is skipped).

    1. A category already stored under the same names (一级 / 二级 / 三级) keeps its code, so
       cases and rules that point to it stay valid; a new one gets the next free code under its
       parent ("01", "0101", "010101" …).
    2. Rows may stop early (a two-level entry leaves the third column empty).
    3. With ``deactivate_missing`` every stored category the file does not list is deactivated
       (never deleted: cases keep pointing to it).
    """
    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    except FileNotFoundError:
        raise ValidationFailed(
            f"文件不存在：{csv_path}", f"file not found: {csv_path}", code="file_not_found"
        ) from None
    if rows and rows[0] and "分类" in rows[0][0]:
        rows = rows[1:]
    paths = _category_paths()
    used = set(paths.values())
    items: list[CategoryItem] = []
    seen: set[tuple[str, ...]] = set()
    for line, row in enumerate(rows, start=2):
        names = [cell for cell in row[:3]]
        while names and not names[-1]:
            names.pop()
        if not names:
            continue
        if "" in names:
            raise ValidationFailed(
                f"第{line}行：分类名称不能跳级",
                f"line {line}: a level is empty",
                code="category_gap",
                detail={"line": line},
            )
        for depth in range(1, len(names) + 1):
            key = tuple(names[:depth])
            if key in seen:
                continue
            seen.add(key)
            parent_code = paths[key[:-1]] if depth > 1 else None
            code = paths.get(key)
            if code is None:
                prefix = parent_code or ""
                number = 1
                while f"{prefix}{number:02d}" in used:
                    number += 1
                if number > 99:
                    raise ValidationFailed(
                        f"「{key[-1]}」所在层级超过99项", "more than 99 siblings", code="category_too_many"
                    )
                code = f"{prefix}{number:02d}"
                used.add(code)
                paths[key] = code
            items.append(CategoryItem(code=code, name=key[-1], parent_code=parent_code))
    counts, codes = _upsert_categories(items, actor=actor, overwrite=True)
    if deactivate_missing:
        for category in Category.objects.filter(is_active=True).exclude(code__in=codes):
            category.is_active = False
            category.save(update_fields=["is_active", "updated_at"])
            events.category_updated(
                category=category, actor=actor, before={"is_active": True}, after={"is_active": False}
            )
            counts["deactivated"] += 1
    return _category_counts(counts)


@transaction.atomic
def category_refresh_names(*, category: Category, actor: User | None = None) -> int:
    """Recompute depth, full name and pinyin initials of ``category`` and its descendants (after a rename).

    Returns how many categories changed.
    """
    changed_count = 0
    queue: list[Category] = [category]
    while queue:
        node = queue.pop(0)
        parent = Category.objects.filter(pk=node.parent_id).first() if node.parent_id else None
        wanted: dict[str, Any] = {
            "depth": parent.depth + 1 if parent else 1,
            "full_name": f"{parent.full_name}{FULL_NAME_SEPARATOR}{node.name}" if parent else node.name,
            "pinyin_initials": pinyin_initials(node.name)[:60],
        }
        changed = _changes(node, wanted)
        if changed:
            before = {field: getattr(node, field) for field in changed}
            for field in changed:
                setattr(node, field, wanted[field])
            node.save(update_fields=[*changed, "updated_at"])
            events.category_updated(
                category=node, actor=actor, before=before, after={f: wanted[f] for f in changed}
            )
            changed_count += 1
        queue.extend(Category.objects.filter(parent=node).order_by("sort_order", "code"))
    return changed_count


# --- the responsibility list -------------------------------------------------------------------


@transaction.atomic
def responsibility_load_defaults(
    *, actor: User | None = None, data_path: Path | None = None, overwrite: bool = False
) -> dict[str, int]:
    """Load the default responsibility list (``data/responsibility.json``) onto the stored catalogue.

    1. Each entry names a category by its full name and, per level (village / town / district),
       ``{}`` (the centre at that level), ``{"function": key}`` (resolved in the case's locality)
       or ``{"unit": code}`` (that unit; its ``function`` is the fallback when the unit is missing).
    2. Rules are matched by (category, level); existing rules keep an administrator's edits
       unless ``overwrite`` is set.
    3. Entries whose category is not in the catalogue are skipped and counted; load the
       categories first (an empty catalogue is refused).
    """
    if not Category.objects.exists():
        raise ValidationFailed("请先导入事项分类", "load the categories first", code="no_categories")
    data = _read_json(data_path or DEFAULT_RESPONSIBILITY_JSON)
    entries: list[dict[str, Any]] = list(data.get("rules", []))
    names = [str(entry["category"]) for entry in entries]
    categories = {category.full_name: category for category in Category.objects.filter(full_name__in=names)}
    unit_codes = {
        str(entry[level]["unit"])
        for entry in entries
        for level in HANDLING_LEVELS
        if isinstance(entry.get(level), dict) and entry[level].get("unit")
    }
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=unit_codes)}
    existing = {
        (rule.category_id, rule.level): rule
        for rule in ResponsibilityRule.objects.filter(category__in=list(categories.values()))
    }
    counts: Counter[str] = Counter()
    for entry in entries:
        category = categories.get(str(entry["category"]))
        if category is None:
            counts["skipped"] += 1
            continue
        for level in HANDLING_LEVELS:
            spec = entry.get(level)
            if spec is None:
                continue
            if not isinstance(spec, dict):
                raise ValidationFailed(
                    f"权责清单「{category.full_name}」{level} 格式不对",
                    f"responsibility entry {category.full_name} / {level} must be an object",
                    code="bad_rule",
                )
            unit = units.get(str(spec["unit"])) if spec.get("unit") else None
            function = "" if unit is not None else str(spec.get("function", ""))
            if spec.get("unit") and unit is None and not function:
                counts["skipped"] += 1
                continue
            wanted: dict[str, Any] = {
                "unit": unit,
                "unit_function": function,
                "note": str(entry.get("note", ""))[:200],
            }
            counts[str(level)] += 1
            current = existing.get((category.pk, str(level)))
            if current is not None and not overwrite:
                counts["unchanged"] += 1
                continue
            if current is None:
                rule, _ = ResponsibilityRule.objects.update_or_create(
                    category=category, level=level, defaults=wanted
                )
                events.rule_created(
                    rule=rule,
                    actor=actor,
                    after={
                        "category": category.code,
                        "level": str(level),
                        **_jsonable_fields(wanted, _RULE_FIELDS),
                    },
                )
                counts["created"] += 1
                continue
            changed = _changes(current, wanted)
            if not changed:
                counts["unchanged"] += 1
                continue
            before = {field: events.jsonable(getattr(current, field)) for field in changed}
            rule, _ = ResponsibilityRule.objects.update_or_create(
                category=category, level=level, defaults=wanted
            )
            events.rule_updated(
                rule=rule, actor=actor, before=before, after=_jsonable_fields(wanted, changed)
            )
            counts["updated"] += 1
    keys = ("village", "town", "district", "created", "updated", "unchanged", "skipped")
    return {key: counts[key] for key in keys}
