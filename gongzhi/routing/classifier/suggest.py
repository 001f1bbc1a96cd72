"""The category suggestion for a text: the current model, else the rule-based list with a notice."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from gongzhi.routing.classifier import store
from gongzhi.routing.classifier.model import predict_proba
from gongzhi.routing.classifier.rules import rule_matches
from gongzhi.routing.models import Category, ClassifierModel

SOURCE_MODEL = "model"
SOURCE_RULES = "rules"
TOP_ALTERNATIVES = 3

NOTICE_NO_MODEL = (
    "尚未训练分类模型，按分类名称匹配给出建议，请人工确认。(No trained model: rule-based suggestion.)"
)
NOTICE_STALE = (
    "分类目录在模型训练后已更改，模型暂停使用，按分类名称匹配给出建议；请重新训练。"
    "(The catalogue changed after training: rule-based suggestion until the model is retrained.)"
)
NOTICE_MISSING_FILE = (
    "分类模型文件缺失或损坏，按分类名称匹配给出建议。(Model file missing: rule-based suggestion.)"
)


@dataclass(frozen=True)
class Alternative:
    label: str
    probability: float
    category_code: str | None = None
    category_name: str | None = None
    depth: int = 1


@dataclass(frozen=True)
class Suggestion:
    """What the intake form shows: the top category with its confidence, and the alternatives.

    ``source`` is "model" or "rules"; ``notice`` says why the rules were used (empty for a model).
    ``deeper`` is the second-level category when the model has a deeper head.
    """

    source: str
    notice: str
    model_version: str
    alternatives: list[Alternative] = field(default_factory=list)
    deeper: Alternative | None = None

    @property
    def top(self) -> Alternative | None:
        return self.alternatives[0] if self.alternatives else None

    @property
    def category_code(self) -> str | None:
        """The most specific suggested category's code (the deeper one when it fits the top)."""
        if self.deeper is not None and self.deeper.category_code:
            return self.deeper.category_code
        return self.top.category_code if self.top else None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=8)
def _category_index(stamp: tuple[int, str]) -> dict[str, tuple[str, str, int]]:
    """label → (code, full_name, depth), by code, full name, or unique name (shallower first)."""
    index: dict[str, tuple[str, str, int]] = {}
    rows = list(
        Category.objects.filter(is_active=True)
        .order_by("-depth", "code")
        .values_list("code", "name", "full_name", "depth")
    )
    for code, name, full_name, depth in rows:  # deeper first, so shallower names overwrite
        index[name] = (code, full_name, depth)
    for code, _name, full_name, depth in rows:
        index[full_name] = (code, full_name, depth)
        index[code] = (code, full_name, depth)
    return index


def _stamp() -> tuple[int, str]:
    latest = Category.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return Category.objects.count(), latest.isoformat() if latest else ""


@lru_cache(maxsize=8)
def _taxonomy_hash(stamp: tuple[int, str]) -> str:
    return store.taxonomy_hash()


def _alternative(
    label: str, probability: float, depth: int, index: dict[str, tuple[str, str, int]]
) -> Alternative:
    found = index.get(label)
    return Alternative(
        label=label,
        probability=round(float(probability), 4),
        category_code=found[0] if found else None,
        category_name=found[1] if found else None,
        depth=found[2] if found else depth,
    )


def _rules(text: str, notice: str, version: str = "") -> Suggestion:
    matches = rule_matches(text, limit=TOP_ALTERNATIVES)
    return Suggestion(
        source=SOURCE_RULES,
        notice=notice,
        model_version=version,
        alternatives=[
            Alternative(
                label=m.name,
                probability=m.score,
                category_code=m.code,
                category_name=m.full_name,
                depth=m.depth,
            )
            for m in matches
        ],
    )


def current_model() -> tuple[ClassifierModel | None, store.Bundle | None, str]:
    """The current registry row, its loaded bundle, and a notice when it cannot be used."""
    row = ClassifierModel.objects.filter(is_current=True).first()
    if row is None:
        return None, None, NOTICE_NO_MODEL
    stamp = _stamp()
    if row.taxonomy_hash != _taxonomy_hash(stamp):
        return row, None, NOTICE_STALE
    bundle = store.load(row.file_name)
    if bundle is None:
        return row, None, NOTICE_MISSING_FILE
    return row, bundle, ""


def suggest(text: str) -> Suggestion:
    """The category suggestion for ``text``; never raises for a missing or stale model."""
    row, bundle, notice = current_model()
    if bundle is None:
        return _rules(text, notice, row.version if row else "")
    index = _category_index(_stamp())
    classes, probabilities = predict_proba(bundle.heads[1], [text])
    ranked = sorted(zip(classes, probabilities[0], strict=True), key=lambda pair: -pair[1])
    alternatives = [_alternative(label, p, 1, index) for label, p in ranked[:TOP_ALTERNATIVES]]
    deeper: Alternative | None = None
    head = bundle.heads.get(2)
    if head is not None and alternatives and alternatives[0].category_code:
        parent = alternatives[0].category_code
        classes2, probabilities2 = predict_proba(head, [text])
        children = [
            (label, p)
            for label, p in zip(classes2, probabilities2[0], strict=True)
            if (found := index.get(label)) is not None and found[0].startswith(parent)
        ]
        if children:
            label, p = max(children, key=lambda pair: pair[1])
            deeper = _alternative(label, p, 2, index)
    return Suggestion(
        source=SOURCE_MODEL, notice="", model_version=bundle.version, alternatives=alternatives, deeper=deeper
    )
