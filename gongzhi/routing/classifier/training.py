"""Where training examples come from: the instance's own cases, or a labelled CSV file."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from gongzhi.cases.enums import DONE_STATUSES
from gongzhi.cases.models import Case
from gongzhi.core.errors import ValidationFailed
from gongzhi.routing.models import Category, RoutingCorrection

# A deeper (second-level) head is trained only for classes with at least this many examples,
# and only when two or more classes have that many.
MIN_PER_DEEPER_CLASS = 20


@dataclass
class Examples:
    texts: list[str]
    labels: dict[int, list[str]]  # depth → one label per text ("" when the depth is unknown)
    label_kind: str  # "code" or "name"
    source: str


def case_text(subject: str, description: str) -> str:
    """What the classifier reads for a case: the subject, then the description."""
    subject, description = (subject or "").strip(), (description or "").strip()
    if subject and description.startswith(subject):
        return description
    return f"{subject}。{description}" if subject else description


def _ancestor_codes() -> dict[int, dict[int, str]]:
    """Per category id, its own and its ancestors' codes by depth."""
    rows = {
        pk: (code, parent, depth)
        for pk, code, parent, depth in Category.objects.values_list("id", "code", "parent_id", "depth")
    }
    lineage: dict[int, dict[int, str]] = {}
    for pk in rows:
        codes: dict[int, str] = {}
        node: int | None = pk
        for _ in range(3):
            if node is None or node not in rows:
                break
            code, parent, depth = rows[node]
            codes[depth] = code
            node = parent
        lineage[pk] = codes
    return lineage


def examples_from_cases() -> Examples:
    """Closed (answered) cases with their final category, plus every case a clerk corrected.

    A correction's chosen category is the label for a case that is not answered yet; for an
    answered case its final category wins (it may have been corrected again during handling).
    """
    lineage = _ancestor_codes()
    chosen: dict[int, int] = {}
    for case_id, category_id in RoutingCorrection.objects.order_by("created_at", "id").values_list(
        "case_id", "chosen_id"
    ):
        chosen[case_id] = category_id
    done = {
        pk: (subject, description, category_id)
        for pk, subject, description, category_id in Case.objects.filter(
            status__in=DONE_STATUSES, category__isnull=False
        ).values_list("id", "subject", "description", "category_id")
    }
    missing = [pk for pk in chosen if pk not in done]
    for pk, subject, description in Case.objects.filter(id__in=missing).values_list(
        "id", "subject", "description"
    ):
        done[pk] = (subject, description, chosen[pk])
    texts: list[str] = []
    labels: dict[int, list[str]] = {1: [], 2: []}
    for pk in sorted(done):
        subject, description, category_id = done[pk]
        codes = lineage.get(category_id, {})
        if 1 not in codes:
            continue
        texts.append(case_text(subject, description))
        labels[1].append(codes[1])
        labels[2].append(codes.get(2, ""))
    return Examples(texts=texts, labels=labels, label_kind="code", source="cases")


def examples_from_csv(path: Path, *, text_col: str = "text", label_col: str = "label") -> Examples:
    """Texts and labels from a CSV file with a header row (UTF-8, a BOM is fine)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            for needed in (text_col, label_col):
                if needed not in columns:
                    raise ValidationFailed(
                        f"CSV 缺少列「{needed}」（现有：{', '.join(columns)}）",
                        f"the CSV has no column {needed!r} (has: {', '.join(columns)})",
                        code="csv_missing_column",
                    )
            rows = [(row[text_col] or "", (row[label_col] or "").strip()) for row in reader]
    except FileNotFoundError:
        raise ValidationFailed(
            f"文件不存在：{path}", f"file not found: {path}", code="file_not_found"
        ) from None
    return Examples(
        texts=[text for text, _ in rows],
        labels={1: [label for _, label in rows]},
        label_kind="name",
        source=str(path),
    )


def texts_from_csv(path: Path, *, text_col: str = "text") -> list[str]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if text_col not in (reader.fieldnames or []):
            raise ValidationFailed(
                f"CSV 缺少列「{text_col}」", f"the CSV has no column {text_col!r}", code="csv_missing_column"
            )
        return [row[text_col] or "" for row in reader]
