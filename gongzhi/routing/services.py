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
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gongzhi.cases.models import Case
from gongzhi.core import audit
from gongzhi.core.errors import ValidationFailed
from gongzhi.org.enums import HANDLING_LEVELS
from gongzhi.org.models import Region, Unit, User
from gongzhi.routing import events
from gongzhi.routing.models import Category, ClassifierModel, ResponsibilityRule, RoutingCorrection
from gongzhi.routing.pinyin import pinyin_initials

if TYPE_CHECKING:
    from gongzhi.routing.classifier.model import Evaluation
    from gongzhi.routing.classifier.training import Examples

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CATEGORIES_JSON = DATA_DIR / "categories.json"
DEFAULT_RESPONSIBILITY_JSON = DATA_DIR / "responsibility.json"

FULL_NAME_SEPARATOR = " / "
_CATEGORY_FIELDS = ("name", "depth", "parent", "full_name", "pinyin_initials", "sort_order")
_RULE_FIELDS = ("unit", "unit_function", "note")


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
            changed = audit.changed_fields(current, wanted)
            if not changed:
                loaded[item.code] = current
                counts["unchanged"] += 1
                continue
            before = audit.snapshot(current, *changed, stored=events.jsonable)
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
        changed = audit.changed_fields(node, wanted)
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
            changed = audit.changed_fields(current, wanted)
            if not changed:
                counts["unchanged"] += 1
                continue
            before = audit.snapshot(current, *changed, stored=events.jsonable)
            rule, _ = ResponsibilityRule.objects.update_or_create(
                category=category, level=level, defaults=wanted
            )
            events.rule_updated(
                rule=rule, actor=actor, before=before, after=_jsonable_fields(wanted, changed)
            )
            counts["updated"] += 1
    keys = ("village", "town", "district", "created", "updated", "unchanged", "skipped")
    return {key: counts[key] for key in keys}


# --- smart intake: the classifier and the clerk's corrections ----------------------------------
# scikit-learn is imported when a model is trained, not whenever these services are imported.


@dataclass
class TrainResult:
    model: ClassifierModel
    evaluation: Evaluation | None
    dropped_labels: list[str]
    fit_seconds: float


def classifier_train(
    *,
    examples: Examples,
    actor: User | None = None,
    cross_validate: bool = True,
    activate: bool = True,
) -> TrainResult:
    """Train a classifier on ``examples``, write its file, register it and (by default) make it current.

    1. Labels with fewer than ``MIN_PER_CLASS`` examples are left out (and reported).
    2. Cross-validated figures (stratified 5-fold) are computed first, when asked, and stored
       in the metadata; the model itself is then fitted on all examples.
    3. A second-level head is added when at least two second-level classes have
       ``MIN_PER_DEEPER_CLASS`` examples (cases only: a CSV gives one level).
    4. The file is written before the registry row, so a registered model always has a file.
    """
    import time

    from gongzhi.routing.classifier import model as classifier_model
    from gongzhi.routing.classifier import store as classifier_store
    from gongzhi.routing.classifier import training as classifier_training
    from gongzhi.routing.classifier.compiled import compile_model

    texts, labels, dropped = classifier_model.usable_examples(examples.texts, examples.labels[1])
    if len(set(labels)) < 2:
        raise ValidationFailed(
            "训练数据不足：至少需要两个分类、每类至少 5 条",
            "not enough training data: at least two labels with 5 examples each",
            code="not_enough_training_data",
            detail={"examples": len(texts), "labels": sorted(set(labels))},
        )
    evaluation = classifier_model.cross_validate(texts, labels) if cross_validate else None
    started = time.perf_counter()
    heads: dict[int, Any] = {1: compile_model(classifier_model.fit(texts, labels))}
    head_labels: dict[int, list[str]] = {1: sorted(set(labels))}
    deeper = examples.labels.get(2)
    if deeper:
        counts = Counter(label for label in deeper if label)
        keep = {label for label, n in counts.items() if n >= classifier_training.MIN_PER_DEEPER_CLASS}
        if len(keep) >= 2:
            pairs = [
                (text, label) for text, label in zip(examples.texts, deeper, strict=True) if label in keep
            ]
            heads[2] = compile_model(classifier_model.fit([t for t, _ in pairs], [lab for _, lab in pairs]))
            head_labels[2] = sorted(keep)
    fit_seconds = time.perf_counter() - started
    version = classifier_store.new_version()
    now = timezone.now()
    taxonomy = classifier_store.taxonomy_hash()
    metadata = {
        "version": version,
        "taxonomy_hash": taxonomy,
        "trained_at": now.isoformat(),
        "source": examples.source,
        "label_kind": examples.label_kind,
        "n_samples": len(texts),
        "labels": head_labels,
        "dropped_labels": dropped,
        "fit_seconds": round(fit_seconds, 1),
        "cv": evaluation.as_dict() if evaluation else None,
        "pipeline": classifier_model.DESCRIPTION,
    }
    bundle = classifier_store.Bundle(
        version=version, heads=heads, labels=head_labels, label_kind=examples.label_kind, metadata=metadata
    )
    path = classifier_store.save(bundle)
    row = _classifier_register(
        version=version,
        file_name=path.name,
        taxonomy=taxonomy,
        trained_at=now,
        source=examples.source[:200],
        n_samples=len(texts),
        labels=head_labels[1],
        metrics=evaluation.as_dict() if evaluation else {},
        actor=actor,
        activate=activate,
    )
    return TrainResult(model=row, evaluation=evaluation, dropped_labels=dropped, fit_seconds=fit_seconds)


@transaction.atomic
def _classifier_register(
    *,
    version: str,
    file_name: str,
    taxonomy: str,
    trained_at: Any,
    source: str,
    n_samples: int,
    labels: list[str],
    metrics: dict[str, Any],
    actor: User | None,
    activate: bool,
) -> ClassifierModel:
    row = ClassifierModel.objects.create(
        version=version,
        file_name=file_name,
        taxonomy_hash=taxonomy,
        trained_at=trained_at,
        source=source,
        n_samples=n_samples,
        labels=labels,
        metrics={
            key: metrics[key] for key in ("accuracy", "macro_f1", "n", "fold_macro_f1") if key in metrics
        },
    )
    events.classifier_trained(
        model=row,
        actor=actor,
        after={
            "version": version,
            "source": source,
            "n_samples": n_samples,
            "macro_f1": metrics.get("macro_f1"),
        },
    )
    if activate:
        return classifier_activate(version=version, actor=actor)
    return row


@transaction.atomic
def classifier_activate(*, version: str, actor: User | None = None) -> ClassifierModel:
    """Make ``version`` the model the suggestions use (one current model at a time)."""
    row = ClassifierModel.objects.select_for_update(of=("self",)).filter(version=version).first()
    if row is None:
        raise ValidationFailed(
            f"模型版本不存在：{version}", f"no model version {version}", code="classifier_not_found"
        )
    previous = ClassifierModel.objects.filter(is_current=True).exclude(pk=row.pk).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current", "updated_at"])
    if not row.is_current:
        row.is_current = True
        row.save(update_fields=["is_current", "updated_at"])
        events.classifier_activated(
            model=row,
            actor=actor,
            before={"current": previous.version if previous else None},
            after={"current": version},
        )
    return row


@transaction.atomic
def routing_correction_record(
    *,
    case: Case,
    suggested: Category | None,
    chosen: Category,
    actor: User | None,
    model_version: str = "",
    source: str = "",
    confidence: float | None = None,
) -> RoutingCorrection:
    """Record the clerk's choice against the suggestion; the next training uses ``chosen``.

    Recorded whether the clerk changed the category or confirmed it, so the share of accepted
    suggestions can be measured; ``suggested`` None means there was no suggestion.
    """
    correction = RoutingCorrection.objects.create(
        case=case,
        suggested=suggested,
        chosen=chosen,
        model_version=model_version[:40],
        source=source[:10],
        confidence=confidence,
        actor=actor if actor is not None and actor.pk else None,
    )
    events.correction_recorded(
        correction=correction,
        actor=actor,
        after={
            "case": case.pk,
            "suggested": suggested.code if suggested else None,
            "chosen": chosen.code,
            "is_change": suggested is None or suggested.pk != chosen.pk,
            "model_version": model_version,
        },
    )
    return correction


# --- hot issues (热点问题) ----------------------------------------------------------------------


@dataclass
class HotIssueRun:
    cases: int
    hot_issues: int
    created: int
    updated: int
    retired: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "hot_issues": self.hot_issues,
            "created": self.created,
            "updated": self.updated,
            "retired": self.retired,
            "seconds": round(self.seconds, 2),
        }


def hot_issue_recompute(*, now: Any = None, window_days: int | None = None) -> HotIssueRun:
    """Group the window's cases into hot issues, store them, and alert the centre of each new one.

    1. The cases registered in the last ``HOT_WINDOW_DAYS`` (merged repeats excluded), one block
       per village (else town) — ``hotspots.group_items`` with ``HOT_MIN_PEOPLE`` people.
    2. A group continues a stored active hot issue when they share at least a third of their
       cases (its key, and so its history, is kept); otherwise it is new and the centre of its
       place is alerted (an audit event ``hot_issue.appear`` naming the centre).
    3. Stored hot issues that no group continues are retired (``is_active`` False).
    Running it twice in a row changes nothing the second time.
    """
    import time
    import uuid
    from datetime import timedelta

    from gongzhi.cases.enums import CaseStatus
    from gongzhi.org import selectors as org_selectors
    from gongzhi.routing import hotspots
    from gongzhi.routing.conf import routing_int
    from gongzhi.routing.models import HotIssue

    started = time.perf_counter()
    now = now or timezone.now()
    window = window_days or routing_int("HOT_WINDOW_DAYS", 30)
    rows = list(
        Case.objects.filter(registered_at__gte=now - timedelta(days=window), registered_at__lte=now)
        .exclude(status=CaseStatus.MERGED)
        .values_list(
            "id",
            "subject",
            "description",
            "registered_at",
            "reporter_id_number",
            "reporter_phone",
            "reporter_name",
            "village_id",
            "town_id",
            "region_id",
            "category_id",
        )
    )
    items: list[hotspots.Item] = []
    places: dict[int, int] = {}
    categories: dict[int, int | None] = {}
    for pk, subject, description, at, id_number, phone, name, village, town, region_pk, category in rows:
        place = village or town or region_pk
        places[pk] = place
        categories[pk] = category
        person = id_number or phone or (f"name:{name}" if name else f"case:{pk}")
        items.append(
            hotspots.Item(id=pk, text=description, title=subject, at=at, person=person, place=str(place))
        )
    groups = hotspots.group_items(items, now=now, min_people=routing_int("HOT_MIN_PEOPLE", 3))
    created = updated = 0
    continued: set[int] = set()
    with transaction.atomic():
        active = list(HotIssue.objects.select_for_update(of=("self",)).filter(is_active=True))
        for group in groups:
            members = set(group.item_ids)
            match = None
            for issue in active:
                if issue.pk in continued:
                    continue
                shared = len(members & set(issue.case_ids))
                if shared and shared >= len(members | set(issue.case_ids)) / 3:
                    match = issue
                    break
            region_id = places.get(group.sample_id)
            category_counts = Counter(c for c in (categories.get(i) for i in group.item_ids) if c)
            values: dict[str, Any] = {
                "title": group.title[:200],
                "keywords": group.keywords,
                "region_id": region_id,
                "category_id": category_counts.most_common(1)[0][0] if category_counts else None,
                "heat": group.heat,
                "case_count": group.case_count,
                "people_count": group.people_count,
                "growth": group.growth,
                "likes": group.likes,
                "first_at": group.first_at,
                "last_at": group.last_at,
                "case_ids": sorted(members),
                "sample_case_id": group.sample_id,
                "is_active": True,
                "computed_at": now,
            }
            if match is not None:
                continued.add(match.pk)
                for field_name, value in values.items():
                    setattr(match, field_name, value)
                match.save(update_fields=[*values, "updated_at"])
                updated += 1
                continue
            issue = HotIssue.objects.create(key=uuid.uuid4().hex, **values)
            continued.add(issue.pk)
            created += 1
            place_region = Region.objects.filter(pk=region_id).first() if region_id else None
            centre = (
                org_selectors.centre_for_region(region=place_region) if place_region is not None else None
            )
            events.hot_issue_appeared(
                hot_issue=issue,
                after={
                    "title": issue.title,
                    "heat": issue.heat,
                    "case_count": issue.case_count,
                    "people_count": issue.people_count,
                    "region": place_region.code if place_region else None,
                    "centre": centre.code if centre else None,
                    "centre_name": centre.name if centre else None,
                },
            )
        retired = [issue.pk for issue in active if issue.pk not in continued]
        if retired:
            HotIssue.objects.filter(pk__in=retired).update(is_active=False, computed_at=now)
    return HotIssueRun(
        cases=len(items),
        hot_issues=len(groups),
        created=created,
        updated=updated,
        retired=len(retired),
        seconds=time.perf_counter() - started,
    )
