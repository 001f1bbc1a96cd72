"""A trained pipeline compiled to plain arrays, for fast single-message prediction.

scikit-learn's pipeline costs several milliseconds per call in input checks and sparse-matrix
assembly, more than the arithmetic. The compiled head does the same arithmetic directly: count
the n-grams and dictionary words, apply sublinear TF × IDF, L2-normalise each block, take the
linear SVM's scores and map them through the per-class sigmoid calibration, normalised to sum
to 1 (as ``CalibratedClassifierCV`` does). A test checks it against the pipeline. The file then
holds only dictionaries and numpy arrays, so loading it needs no scikit-learn.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gongzhi.routing.classifier.text import normalise

_WHITE = re.compile(r"\s\s+")


def _ngram_counts(text: str, size: int) -> Counter[str]:
    """Counts of the character n-grams of one size (the loops run in C: zip, join, Counter)."""
    if size == 1:
        return Counter(text)
    return Counter(map("".join, zip(*(text[offset:] for offset in range(size)), strict=False)))


@dataclass
class LinearHead:
    classes: list[str]
    char_vocabulary: dict[str, int]
    char_ngrams: tuple[int, int]
    word_vocabulary: dict[str, int]  # indices after the character block
    idf: np.ndarray  # per feature, both blocks
    weights: np.ndarray  # (n_features, n_scores) float32
    intercept: np.ndarray  # (n_scores,)
    sigmoid_a: np.ndarray  # (n_scores,)
    sigmoid_b: np.ndarray  # (n_scores,)

    def _block(self, counters: Sequence[Counter[str]], vocabulary: dict[str, int]) -> tuple[Any, Any]:
        """Indices and L2-normalised sublinear TF-IDF values of one block's grams."""
        indices: list[int] = []
        numbers: list[int] = []
        for counts in counters:
            matched = list(counts.keys() & vocabulary.keys())  # set intersection in C
            if matched:
                get = operator.itemgetter(*matched)
                if len(matched) == 1:
                    indices.append(vocabulary[matched[0]])
                    numbers.append(counts[matched[0]])
                else:
                    indices.extend(get(vocabulary))
                    numbers.extend(get(counts))
        index = np.array(indices, dtype=np.int64)
        values = (1.0 + np.log(np.array(numbers, dtype=np.float64))) * self.idf[index]
        norm = float(np.sqrt(values @ values)) or 1.0
        return index, values / norm

    def scores(self, text: str) -> np.ndarray:
        """The linear SVM's decision values for ``text`` (one per class; one for two classes)."""
        prepared = _WHITE.sub(" ", normalise(text))
        by_size = {size: _ngram_counts(prepared, size) for size in range(1, 5)}
        low, high = self.char_ngrams
        ci, cv = self._block([by_size[size] for size in range(low, high + 1)], self.char_vocabulary)
        wi, wv = self._block([by_size[2], by_size[3], by_size[4]], self.word_vocabulary)
        indices = np.concatenate([ci, wi])
        if not len(indices):
            return np.asarray(self.intercept, dtype=np.float64)
        values = np.concatenate([cv, wv])
        return np.asarray(values @ self.weights[indices], dtype=np.float64) + self.intercept

    def probabilities(self, text: str) -> np.ndarray:
        decision = self.scores(text)
        calibrated = 1.0 / (1.0 + np.exp(self.sigmoid_a * decision + self.sigmoid_b))
        if len(self.classes) == 2:
            return np.array([1.0 - calibrated[0], calibrated[0]])
        total = calibrated.sum()
        if total <= 0:
            return np.full(len(self.classes), 1.0 / len(self.classes))
        return np.asarray(calibrated / total)

    def predict_proba(self, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
        return list(self.classes), np.vstack([self.probabilities(text) for text in texts])


def compile_pipeline(pipeline: Any) -> LinearHead:
    """Compile the pipeline of ``model.build_pipeline`` (fitted) into a :class:`LinearHead`."""
    features = pipeline.named_steps["features"]
    chars = dict(features.transformer_list)["chars"]
    words = dict(features.transformer_list)["words"].vectorizer_
    calibrated = pipeline.named_steps["classifier"]
    (inner,) = calibrated.calibrated_classifiers_
    svm = inner.estimator
    offset = len(chars.vocabulary_)
    classes = [str(c) for c in calibrated.classes_]
    if [str(c) for c in svm.classes_] != classes:
        raise ValueError("the calibrated classes and the SVM's classes differ")
    return LinearHead(
        classes=classes,
        char_vocabulary={gram: int(i) for gram, i in chars.vocabulary_.items()},
        char_ngrams=tuple(chars.ngram_range),
        word_vocabulary={word: int(i) + offset for word, i in words.vocabulary_.items()},
        idf=np.concatenate([chars.idf_, words.idf_]).astype(np.float64),
        weights=np.ascontiguousarray(svm.coef_.T, dtype=np.float32),
        intercept=np.asarray(svm.intercept_, dtype=np.float64),
        sigmoid_a=np.array([c.a_ for c in inner.calibrators], dtype=np.float64),
        sigmoid_b=np.array([c.b_ for c in inner.calibrators], dtype=np.float64),
    )
