"""A trained classifier compiled to plain arrays, for fast single-message prediction.

scikit-learn costs several milliseconds per call in input checks and sparse-matrix assembly,
more than the arithmetic. The compiled head does the same arithmetic directly: count the n-grams
and dictionary words, apply sublinear TF × IDF, L2-normalise each block, find the nearest
training texts, and take the softmax of the stacked model's logits: linear in the features plus
linear in the neighbours' votes (``StackedClassifier.collapsed``). A test checks it against the
fitted model. The file holds only dictionaries, numpy arrays and one scipy sparse matrix, so
loading it needs no scikit-learn.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gongzhi.routing.classifier.neighbours import Neighbours
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
    weights: np.ndarray  # (n_features, n_classes) float32
    intercept: np.ndarray  # (n_classes,)
    neighbours: Neighbours
    vote_weights: np.ndarray  # (n_classes, n_classes): the neighbours' shares → logits

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
        """The logits of ``text``, one per class."""
        prepared = _WHITE.sub(" ", normalise(text))
        by_size = {size: _ngram_counts(prepared, size) for size in range(1, 5)}
        low, high = self.char_ngrams
        ci, cv = self._block([by_size[size] for size in range(low, high + 1)], self.char_vocabulary)
        wi, wv = self._block([by_size[2], by_size[3], by_size[4]], self.word_vocabulary)
        indices = np.concatenate([ci, wi])
        if not len(indices):
            return np.asarray(self.intercept, dtype=np.float64)
        values = np.concatenate([cv, wv])
        votes = self.neighbours.votes_for(indices, values)
        linear = np.asarray(values @ self.weights[indices], dtype=np.float64)
        return linear + self.intercept + votes @ self.vote_weights

    def probabilities(self, text: str) -> np.ndarray:
        logits = self.scores(text)
        exp = np.exp(logits - logits.max())
        return np.asarray(exp / exp.sum())

    def predict_proba(self, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
        return list(self.classes), np.vstack([self.probabilities(text) for text in texts])


def compile_model(model: Any) -> LinearHead:
    """Compile a fitted ``model.StackedClassifier`` into a :class:`LinearHead`."""
    features = model.base_.features
    chars = dict(features.transformer_list)["chars"]
    words = dict(features.transformer_list)["words"].vectorizer_
    offset = len(chars.vocabulary_)
    weights, intercept, vote_weights = model.collapsed()
    return LinearHead(
        classes=[str(c) for c in model.classes_],
        char_vocabulary={gram: int(i) for gram, i in chars.vocabulary_.items()},
        char_ngrams=tuple(chars.ngram_range),
        word_vocabulary={word: int(i) + offset for word, i in words.vocabulary_.items()},
        idf=np.concatenate([chars.idf_, words.idf_]).astype(np.float64),
        weights=np.ascontiguousarray(weights, dtype=np.float32),
        intercept=np.asarray(intercept, dtype=np.float64),
        neighbours=model.base_.neighbours,
        vote_weights=np.asarray(vote_weights, dtype=np.float64),
    )
