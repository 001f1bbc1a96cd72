"""Dispute-type suggestion from a description.

Two methods, one interface:
- a keyword baseline that needs no training data: each catalogue type lists its words; the
  type whose words cover most of the text (longer words weigh more) wins;
- a trained model (character n-gram TF-IDF + logistic regression, scikit-learn), trained by
  ``gongzhi mediation train`` on any labelled CSV and saved under var/models; when present it
  is used first.
``gongzhi mediation evaluate`` measures either on a labelled CSV: accuracy, macro-F1, and the
per-type precision / recall / F1 table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from gongzhi.mediation.conf import model_path

DEFAULT_TYPES_JSON = Path(__file__).resolve().parent / "data" / "dispute_types.json"
FALLBACK = "综合咨询"
MODEL_VERSION = 1


@dataclass(frozen=True)
class TypeWords:
    code: str
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    name: str
    score: float
    method: str
    dispute_type: Any = None  # the DisputeType row, when the catalogue is loaded


def catalogue_words() -> list[TypeWords]:
    """The catalogue's words: from the database when loaded, else from the shipped JSON."""
    try:
        from gongzhi.mediation.models import DisputeType

        rows = list(DisputeType.objects.filter(is_active=True).order_by("sort_order"))
    except Exception:
        rows = []
    if rows:
        return [TypeWords(r.code, r.name, tuple(r.keywords)) for r in rows]
    data = json.loads(DEFAULT_TYPES_JSON.read_text(encoding="utf-8"))
    return [TypeWords(t["code"], t["name"], tuple(t.get("keywords", []))) for t in data["types"]]


def keyword_scores(text: str, types: Sequence[TypeWords]) -> list[tuple[str, float]]:
    """(type name, score) for every type with a hit, best first; a type's own name counts too."""
    text = text or ""
    scores = []
    for entry in types:
        words = {*entry.keywords, *entry.name.split("/")}
        score = float(sum(len(word) for word in words if word and word in text))
        if score:
            scores.append((entry.name, score))
    scores.sort(key=lambda item: -item[1])
    return scores


def keyword_predict(texts: Sequence[str], types: Sequence[TypeWords] | None = None) -> list[str]:
    types = types if types is not None else catalogue_words()
    predictions = []
    for text in texts:
        scores = keyword_scores(text, types)
        predictions.append(scores[0][0] if scores else FALLBACK)
    return predictions


def train(texts: Sequence[str], labels: Sequence[str]) -> Any:
    """Fit the character n-gram model (Chinese needs no word segmentation for this)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    pipeline = Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=1, sublinear_tf=True)),
            ("clf", LogisticRegression(max_iter=2000, C=5.0)),
        ]
    )
    pipeline.fit(list(texts), list(labels))
    return pipeline


def save(model: Any, path: Path | None = None) -> Path:
    import joblib

    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"version": MODEL_VERSION, "pipeline": model}, path)
    load_saved.cache_clear()
    return path


@lru_cache(maxsize=1)
def load_saved(path: str = "") -> Any:
    import joblib

    file = Path(path) if path else model_path()
    if not file.exists():
        return None
    data = joblib.load(file)  # written by ``save`` on this installation
    if not isinstance(data, dict) or data.get("version") != MODEL_VERSION:
        return None
    return data["pipeline"]


def dispute_type_suggest(*, text: str, limit: int = 3) -> list[Suggestion]:
    """The likeliest dispute types for ``text``: the trained model's when one is saved, else the
    keyword baseline's; each with its catalogue row when the catalogue is loaded."""
    from gongzhi.mediation.models import DisputeType

    by_name = {t.name: t for t in DisputeType.objects.filter(is_active=True)}
    model = load_saved()
    suggestions: list[Suggestion] = []
    if model is not None:
        probabilities = model.predict_proba([text])[0]
        ranked = sorted(zip(model.classes_, probabilities, strict=True), key=lambda item: -item[1])
        suggestions = [
            Suggestion(str(name), round(float(p), 4), "model", by_name.get(str(name))) for name, p in ranked
        ]
    else:
        scores = keyword_scores(text, catalogue_words())
        total = sum(score for _, score in scores) or 1.0
        suggestions = [
            Suggestion(name, round(score / total, 4), "keyword", by_name.get(name)) for name, score in scores
        ]
        if not suggestions and FALLBACK in by_name:
            suggestions = [Suggestion(FALLBACK, 0.0, "keyword", by_name[FALLBACK])]
    return suggestions[:limit]


@dataclass(frozen=True)
class TypeRow:
    label: str
    support: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Evaluation:
    method: str
    samples: int
    accuracy: float
    macro_f1: float
    rows: list[TypeRow]

    def as_text(self) -> str:
        width = max([len(r.label) for r in self.rows] + [4])
        lines = [
            f"method: {self.method}   samples: {self.samples}",
            f"accuracy: {self.accuracy:.4f}",
            f"macro-F1: {self.macro_f1:.4f}",
            "",
            f"{'type':<{width}}  {'support':>7}  {'precision':>9}  {'recall':>6}  {'f1':>6}",
        ]
        for row in self.rows:
            lines.append(
                f"{row.label:<{width}}  {row.support:>7}  {row.precision:>9.4f}  "
                f"{row.recall:>6.4f}  {row.f1:>6.4f}"
            )
        return "\n".join(lines)


def score(truth: Sequence[str], predicted: Sequence[str], *, method: str) -> Evaluation:
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    labels = sorted(set(truth) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    rows = [
        TypeRow(label, int(s), float(p), float(r), float(f))
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    ]
    rows.sort(key=lambda row: (-row.support, row.label))
    return Evaluation(
        method=method,
        samples=len(truth),
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)),
        rows=rows,
    )


def evaluate(
    texts: Sequence[str], labels: Sequence[str], *, method: str = "keyword", folds: int = 5
) -> Evaluation:
    """Measure a method on labelled texts.

    ``keyword``: the baseline as is. ``trained``: stratified k-fold cross-validation of a fresh
    model on these texts (each text predicted by a model that never saw it). ``saved``: the
    saved model.
    """
    if len(texts) != len(labels) or not texts:
        raise ValueError("texts and labels must be non-empty and of the same length")
    if method == "keyword":
        return score(labels, keyword_predict(texts), method=method)
    if method == "saved":
        model = load_saved()
        if model is None:
            raise ValueError(f"no saved model at {model_path()}; run `gongzhi mediation train` first")
        return score(labels, [str(p) for p in model.predict(list(texts))], method=method)
    if method != "trained":
        raise ValueError("method must be keyword, trained or saved")
    from collections import Counter

    from sklearn.model_selection import StratifiedKFold

    smallest = min(Counter(labels).values())
    k = max(2, min(folds, smallest))
    if smallest < 2:
        raise ValueError("cross-validation needs at least two examples of every type")
    predicted: list[str] = [""] * len(texts)
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=0)
    text_list, label_list = list(texts), list(labels)
    for train_index, test_index in splitter.split(text_list, label_list):
        model = train([text_list[i] for i in train_index], [label_list[i] for i in train_index])
        for i, value in zip(test_index, model.predict([text_list[i] for i in test_index]), strict=True):
            predicted[i] = str(value)
    return score(label_list, predicted, method=f"trained ({k}-fold cross-validation)")
