"""The rule-based fallback: categories whose names occur in the text.

Used when no trained model can be used (none trained, its file missing, or trained on another
catalogue). A category scores by how much of its name (as character pairs) the text contains;
a third-level name found whole beats a first-level name, so "噪音" in the text points to a
noise category, not just to 环境保护. The scores are shares, not probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from gongzhi.routing.models import Category


@dataclass(frozen=True)
class RuleMatch:
    code: str
    name: str
    full_name: str
    depth: int
    score: float


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


@lru_cache(maxsize=4)
def _catalogue(stamp: tuple[int, str]) -> list[tuple[str, str, str, int, frozenset[str]]]:
    rows = Category.objects.filter(is_active=True).values_list("code", "name", "full_name", "depth")
    return [
        (code, name, full_name, depth, frozenset(_pairs(name)))
        for code, name, full_name, depth in rows
        if name not in {"其他", "其它"}
    ]


def _stamp() -> tuple[int, str]:
    latest = Category.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return Category.objects.count(), latest.isoformat() if latest else ""


def rule_matches(text: str, *, limit: int = 5) -> list[RuleMatch]:
    """Categories ranked by how much of their name the text contains (whole names first, deeper first)."""
    text = text or ""
    pairs = _pairs(text)
    scored: list[RuleMatch] = []
    for code, name, full_name, depth, name_pairs in _catalogue(_stamp()):
        if not name_pairs:
            continue
        whole = name in text
        share = len(name_pairs & pairs) / len(name_pairs)
        if not whole and share < 0.5:
            continue
        score = (1.0 if whole else share * 0.6) * (0.7 + 0.1 * depth)
        scored.append(
            RuleMatch(code=code, name=name, full_name=full_name, depth=depth, score=round(score, 3))
        )
    scored.sort(key=lambda match: (-match.score, -match.depth, match.code))
    return scored[:limit]
