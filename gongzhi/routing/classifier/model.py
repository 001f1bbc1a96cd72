"""The category classifier: three linear models on the same features, stacked.

1. Features: TF-IDF (sublinear) of single characters and character pairs, plus TF-IDF of the
   dictionary words (jieba's word list) that occur in the text, each block L2-normalised. The
   word features matched jieba's segmentation in cross-validation at a fraction of its cost (no
   segmenting at prediction time).
2. Base models, each giving one score per class:
   - a linear SVM (LinearSVC, C=0.5, classes weighted by their inverse frequency);
   - NB-SVM: per class, a linear SVM on the features scaled by the naive-Bayes log-count ratio
     of that class against the rest (Wang & Manning 2012);
   - the labels of the 10 most similar training texts (``neighbours``).
3. Stacking: a multinomial logistic regression (``META_C``) learns, from the three models'
   out-of-fold scores (4 inner folds; the features are fitted once on all training texts, without
   their labels, and the base models are refitted in each inner fold), how much to trust each for
   each class. Its output is the probability shown to the clerk, so no separate calibration step
   is needed.
4. The SVMs' scores are linear in the features and so is the stacker, so the linear part
   collapses to one weight matrix (``collapsed``); prediction adds the neighbours' votes to it
   (``compiled.LinearHead``).
5. Figures are always cross-validated (stratified 5-fold): the whole model, vectorisers and inner
   folds included, is refitted inside each fold, so no test message is seen in training.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from gongzhi.routing.classifier.neighbours import Neighbours, fit_neighbours
from gongzhi.routing.classifier.text import DictionaryAnalyzer, dictionary_words, normalise

# Fewest examples a class needs to be learned; rarer labels are left out of training.
MIN_PER_CLASS = 5
CV_FOLDS = 5
INNER_FOLDS = 4
# The stacker's inverse regularisation strength. 0.2 beat scikit-learn's default of 1.0 by 0.002
# macro-F1 on the development split, with every variant of the base models tried (docs/routing.md).
META_C = 0.2
DESCRIPTION = (
    "char 1-2 + dictionary words TF-IDF → LinearSVC (C=0.5, balanced) + NB-SVM + 10 nearest "
    "neighbours, stacked by logistic regression (C=0.2) on 4-fold out-of-fold scores"
)


class DictionaryWordVectorizer(BaseEstimator, TransformerMixin):
    """TF-IDF of the dictionary words in each text; keeps only the words seen in training."""

    def __init__(self, min_df: int = 2) -> None:
        self.min_df = min_df

    def fit(self, texts: Sequence[str], y: Any = None) -> DictionaryWordVectorizer:
        vectorizer = TfidfVectorizer(
            analyzer=DictionaryAnalyzer(dictionary_words()), min_df=self.min_df, sublinear_tf=True
        )
        vectorizer.fit(texts)
        # Predict with the fitted vocabulary only: a small set, and no dictionary load at prediction.
        vectorizer.analyzer = DictionaryAnalyzer(frozenset(vectorizer.vocabulary_))
        self.vectorizer_ = vectorizer
        return self

    def transform(self, texts: Sequence[str]) -> Any:
        return self.vectorizer_.transform(texts)


class _WordsOfNormalised(DictionaryWordVectorizer):
    """Dictionary words of the normalised text."""

    def fit(self, texts: Sequence[str], y: Any = None) -> _WordsOfNormalised:
        super().fit([normalise(text) for text in texts], y)
        return self

    def transform(self, texts: Sequence[str]) -> Any:
        return super().transform([normalise(text) for text in texts])


def build_features(*, min_df: int = 2) -> FeatureUnion:
    """Characters and character pairs, then dictionary words: two L2-normalised TF-IDF blocks."""
    chars = TfidfVectorizer(
        analyzer="char",
        ngram_range=(1, 2),
        min_df=min_df,
        sublinear_tf=True,
        preprocessor=normalise,
        dtype=np.float32,
    )
    return FeatureUnion([("chars", chars), ("words", _WordsOfNormalised(min_df=min_df))])


def _one_vs_rest(coef: np.ndarray, intercept: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Weights (n_features, n_classes): a two-class model's single score becomes (−s, s)."""
    if n_classes == 2 and coef.shape[0] == 1:
        return np.hstack([-coef.T, coef.T]), np.array([-intercept[0], intercept[0]])
    return coef.T.copy(), np.asarray(intercept, dtype=np.float64).copy()


@dataclass
class BaseModels:
    """The base models of one fit. The linear ones are reduced to their weights.

    ``scores`` gives, per text, the SVM's score for each class, then NB-SVM's, then the share of
    each class among the nearest neighbours.
    """

    features: FeatureUnion
    classes: list[str]
    weights: np.ndarray  # (n_features, 2 · n_classes)
    intercept: np.ndarray  # (2 · n_classes,)
    neighbours: Neighbours

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        return self.scores_of(self.features.transform(list(texts)))

    def scores_of(self, matrix: sp.spmatrix) -> np.ndarray:
        """The scores of texts already turned into features (rows of ``matrix``)."""
        linear = np.asarray(matrix @ self.weights) + self.intercept
        return np.hstack([linear, self.neighbours.votes(matrix)])


def fit_base_models(
    texts: Sequence[str], labels: Sequence[str] | np.ndarray, *, min_df: int = 2, **params: Any
) -> BaseModels:
    features = build_features(min_df=min_df)
    matrix = features.fit_transform(list(texts))
    return _fit_on_features(features, matrix, np.asarray(labels), **params)


def _fit_on_features(
    features: FeatureUnion,
    matrix: sp.spmatrix,
    y: np.ndarray,
    *,
    c: float = 0.5,
    nb_c: float = 0.3,
    k: int = 10,
    max_df: float = 0.10,
) -> BaseModels:
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    classes = sorted(set(y.tolist()))
    n_classes = len(classes)

    svm = LinearSVC(C=c, class_weight="balanced", random_state=0).fit(matrix, y)
    svm_w, svm_b = _one_vs_rest(svm.coef_, svm.intercept_, n_classes)

    # NB-SVM: the log-count ratio of each feature's presence in the class against the rest.
    present = (matrix > 0).astype(np.float64)
    nb_w = np.zeros((matrix.shape[1], n_classes))
    nb_b = np.zeros(n_classes)
    for j, label in enumerate(classes):
        mine = y == label
        p = np.asarray(present[mine].sum(axis=0)).ravel() + 1.0
        q = np.asarray(present[~mine].sum(axis=0)).ravel() + 1.0
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        binary = LinearSVC(C=nb_c, random_state=0).fit(matrix @ sp.diags(ratio), mine.astype(int))
        nb_w[:, j] = ratio * binary.coef_[0]
        nb_b[j] = binary.intercept_[0]

    class_index = np.searchsorted(np.array(classes), y)
    return BaseModels(
        features=features,
        classes=classes,
        weights=np.hstack([svm_w, nb_w]),
        intercept=np.concatenate([svm_b, nb_b]),
        neighbours=fit_neighbours(matrix, class_index, n_classes, k=k, max_df=max_df),
    )


class StackedClassifier:
    """The base models' scores, weighed per class by a logistic regression fitted out of fold."""

    def __init__(self, *, inner_folds: int = INNER_FOLDS, seed: int = 0, **base_params: Any) -> None:
        self.inner_folds = inner_folds
        self.seed = seed
        self.base_params = base_params

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> StackedClassifier:
        """The features are fitted once, on all texts (no labels involved); the base models are
        fitted per inner fold on those features, and their out-of-fold scores train the stacker."""
        y = np.asarray(labels)
        classes = sorted(set(labels))
        params = dict(self.base_params)
        features = build_features(min_df=params.pop("min_df", 2))
        matrix = sp.csr_matrix(features.fit_transform(list(texts)), dtype=np.float64)
        smallest = min(int((y == label).sum()) for label in classes)
        folds = max(2, min(self.inner_folds, smallest))
        out_of_fold = np.zeros((len(y), 3 * len(classes)))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.seed)
        for train_idx, test_idx in splitter.split(matrix, y):
            base = _fit_on_features(features, matrix[train_idx], y[train_idx], **params)
            if base.classes != classes:  # a class missing from an inner fold: cannot stack on it
                raise ValueError("every class needs an example in every inner fold")
            out_of_fold[test_idx] = base.scores_of(matrix[test_idx])
        self.base_ = _fit_on_features(features, matrix, y, **params)
        self.meta_ = LogisticRegression(C=META_C, max_iter=2000).fit(out_of_fold, y)
        self.classes_ = np.array(classes)
        return self

    def collapsed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The stacked model's logits as ``features @ weights + intercept + votes @ vote_weights``."""
        meta_w, meta_b = self.meta_.coef_, self.meta_.intercept_
        if len(self.classes_) == 2:  # binary: one logit for the second class, zero for the first
            meta_w = np.vstack([np.zeros_like(meta_w), meta_w])
            meta_b = np.array([0.0, meta_b[0]])
        linear = self.base_.weights.shape[1]
        weights = self.base_.weights @ meta_w[:, :linear].T
        intercept = self.base_.intercept @ meta_w[:, :linear].T + meta_b
        return weights, intercept, meta_w[:, linear:].T.copy()

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.meta_.predict_proba(self.base_.scores(texts)))

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.classes_[np.argmax(self.predict_proba(texts), axis=1)])


def usable_examples(texts: Sequence[str], labels: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Drop empty texts and labels with fewer than MIN_PER_CLASS examples: (texts, labels, dropped)."""
    counts: dict[str, int] = {}
    for text, label in zip(texts, labels, strict=True):
        if text.strip() and label:
            counts[label] = counts.get(label, 0) + 1
    keep = {label for label, count in counts.items() if count >= MIN_PER_CLASS}
    pairs = [(t, lab) for t, lab in zip(texts, labels, strict=True) if t.strip() and lab in keep]
    dropped = sorted(set(counts) - keep)
    return [t for t, _ in pairs], [lab for _, lab in pairs], dropped


def fit(texts: Sequence[str], labels: Sequence[str], **params: Any) -> StackedClassifier:
    return StackedClassifier(**params).fit(list(texts), list(labels))


@dataclass
class Evaluation:
    """Accuracy, macro-F1, the per-class table and the confusion matrix of one set of predictions."""

    labels: list[str]
    accuracy: float
    macro_f1: float
    per_class: list[dict[str, Any]]
    confusion: list[list[int]]
    n: int
    fold_macro_f1: list[float] = field(default_factory=list)
    fold_accuracy: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "fold_macro_f1": [round(v, 4) for v in self.fold_macro_f1],
            "fold_accuracy": [round(v, 4) for v in self.fold_accuracy],
            "per_class": self.per_class,
            "labels": self.labels,
            "confusion": self.confusion,
            "seconds": round(self.seconds, 1),
        }


def evaluate_predictions(truth: Sequence[str], predicted: Sequence[str]) -> Evaluation:
    labels = sorted(set(truth) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    per_class = [
        {
            "label": label,
            "precision": round(float(p), 4),
            "recall": round(float(r), 4),
            "f1": round(float(f), 4),
            "support": int(s),
        }
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    ]
    present = sorted(set(truth))
    return Evaluation(
        labels=labels,
        accuracy=float(accuracy_score(truth, predicted)),
        # Macro-F1 over the classes that occur in the truth (a wrong label never seen is still an error).
        macro_f1=float(f1_score(truth, predicted, labels=present, average="macro", zero_division=0)),
        per_class=per_class,
        confusion=confusion_matrix(truth, predicted, labels=labels).tolist(),
        n=len(truth),
    )


def cross_validate(
    texts: Sequence[str], labels: Sequence[str], *, folds: int = CV_FOLDS, seed: int = 0, **params: Any
) -> Evaluation:
    """Stratified k-fold: the pipeline is trained on k-1 folds and tested on the held-out one."""
    started = time.perf_counter()
    texts, labels = list(texts), list(labels)
    y = np.array(labels)
    predicted = np.empty(len(y), dtype=object)
    fold_f1: list[float] = []
    fold_acc: list[float] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(texts, y):
        fitted = fit([texts[i] for i in train_idx], [labels[i] for i in train_idx], **params)
        guess = fitted.predict([texts[i] for i in test_idx])
        predicted[test_idx] = guess
        fold_f1.append(float(f1_score(y[test_idx], guess, average="macro")))
        fold_acc.append(float(accuracy_score(y[test_idx], guess)))
    evaluation = evaluate_predictions(labels, [str(p) for p in predicted])
    evaluation.fold_macro_f1 = fold_f1
    evaluation.fold_accuracy = fold_acc
    evaluation.seconds = time.perf_counter() - started
    return evaluation


def predict_proba(model: Any, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The class labels and, per text, the calibrated probability of each (rows sum to 1).

    ``model`` is a fitted :class:`StackedClassifier` or its compiled head (``compiled.LinearHead``).
    """
    if isinstance(model, StackedClassifier):
        classes = [str(c) for c in model.classes_]
        return classes, np.asarray(model.predict_proba(list(texts)))
    classes, probabilities = model.predict_proba(texts)
    return list(classes), np.asarray(probabilities)
