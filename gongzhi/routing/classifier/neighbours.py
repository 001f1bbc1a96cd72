"""Nearest neighbours: how the most similar earlier messages were labelled.

Citizens write about the same matters again and again (the same estate, the same fraud, the same
bus line), often in words a linear model weighs differently from one message to the next. The
votes of the k most similar training messages add what the linear models miss. Similarity is the
cosine over the rarer features only (those in fewer than ``max_df`` of the training texts and
fewer than ``MAX_POSTINGS``): the common characters say little about the matter, and leaving them
out keeps each look-up short (their posting lists are the long ones).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

# The most recent examples kept as references: bounds the model file.
MAX_REFERENCES = 20_000
# A feature in more references than this is left out of the similarity, whatever ``max_df``:
# bounds the look-up time however many references there are (10 % of the 5,950 messages the
# figures were measured on is 595).
MAX_POSTINGS = 600
BATCH = 512


@dataclass
class Neighbours:
    keep: np.ndarray  # per feature: used for similarity
    postings: sp.csr_matrix  # (n_features, n_references): L2-normalised references, by feature
    reference_class: np.ndarray  # per reference, the index of its class
    n_classes: int
    k: int

    def votes(self, matrix: sp.spmatrix) -> np.ndarray:
        """Per text (row of the feature matrix), the neighbours' class shares (rows sum to 1 or 0)."""
        rows = sp.csr_matrix(matrix, dtype=np.float64) @ sp.diags(self.keep.astype(np.float64))
        norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        rows = sp.diags(1.0 / norms) @ rows
        out = np.zeros((rows.shape[0], self.n_classes))
        for start in range(0, rows.shape[0], BATCH):
            similarity = np.asarray((rows[start : start + BATCH] @ self.postings).todense())
            for offset, sims in enumerate(similarity):
                out[start + offset] = self._vote(sims)
        return out

    def votes_for(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        """One text's votes from its feature indices and values (the compiled head's path)."""
        mask = self.keep[indices]
        indices, values = indices[mask], values[mask]
        norm = float(np.sqrt(values @ values))
        if not norm:
            return np.zeros(self.n_classes)
        # Gather the posting lists of the text's features and add them up per reference (numpy
        # only: scipy's row slicing costs more than the arithmetic for one text).
        postings = self.postings
        starts = postings.indptr[indices]
        lengths = postings.indptr[indices + 1] - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(self.n_classes)
        positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        contributions = postings.data[positions] * np.repeat(values / norm, lengths)
        sims = np.bincount(postings.indices[positions], weights=contributions, minlength=postings.shape[1])
        return self._vote(sims)

    def _vote(self, sims: np.ndarray) -> np.ndarray:
        k = min(self.k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k] if k else np.array([], dtype=np.int64)
        weights = sims[top] ** 2
        shares = np.bincount(self.reference_class[top], weights=weights, minlength=self.n_classes)
        total = shares.sum()
        return shares / total if total > 0 else shares


def fit_neighbours(
    matrix: sp.spmatrix, class_index: np.ndarray, n_classes: int, *, k: int = 10, max_df: float = 0.10
) -> Neighbours:
    """References from the feature matrix of the training texts (the last ``MAX_REFERENCES``)."""
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    references = matrix[-MAX_REFERENCES:]
    document_count = np.asarray((references > 0).sum(axis=0)).ravel()
    keep = document_count < min(max_df * references.shape[0], MAX_POSTINGS)
    references = references @ sp.diags(keep.astype(np.float64))
    norms = np.sqrt(np.asarray(references.multiply(references).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    references = sp.diags(1.0 / norms) @ references
    references.eliminate_zeros()
    return Neighbours(
        keep=keep,
        postings=sp.csr_matrix(references.T, dtype=np.float32),
        reference_class=np.asarray(class_index[-MAX_REFERENCES:], dtype=np.int64),
        n_classes=n_classes,
        k=k,
    )
