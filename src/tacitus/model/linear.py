"""Multinomial logistic regression over sparse string features, in numpy alone.

Training is full-batch gradient descent with Adam on the L2-regularised log loss, from zero weights
for a fixed number of steps: no random draws at all, so the same rows give the same weights. A head
is saved as plain arrays (weights, feature names, labels) -- no pickled objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LinearHead:
    """One classifier: ``weights[feature, label]``; the feature "bias" is the intercept."""

    name: str
    labels: tuple[str, ...]
    features: dict[str, int]
    weights: FloatArray

    def scores(self, rows: Sequence[Sequence[str]]) -> FloatArray:
        """Label probabilities, one row per feature list."""
        out = np.zeros((len(rows), len(self.labels)))
        for i, row in enumerate(rows):
            index = [self.features[f] for f in row if f in self.features]
            if index:
                out[i] = self.weights[index].sum(axis=0)
        return _softmax(out)

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """What :func:`head_from_arrays` needs, as arrays for ``numpy.savez``."""
        names = sorted(self.features, key=self.features.__getitem__)
        return {f"{self.name}.weights": self.weights.astype(np.float32),
                f"{self.name}.features": np.array(names, dtype=np.str_),
                f"{self.name}.labels": np.array(self.labels, dtype=np.str_)}


def head_from_arrays(name: str, arrays: dict[str, npt.NDArray[np.generic]]) -> LinearHead:
    names = [str(n) for n in arrays[f"{name}.features"]]
    return LinearHead(name=name, labels=tuple(str(label) for label in arrays[f"{name}.labels"]),
                      features={n: i for i, n in enumerate(names)},
                      weights=np.asarray(arrays[f"{name}.weights"], dtype=np.float64))


def train_head(name: str, rows: Sequence[Sequence[str]], labels: Sequence[str], *,
               sample_weights: Sequence[float] | None = None, min_count: int = 2, l2: float = 1e-3,
               steps: int = 300, rate: float = 0.05, balanced: bool = True) -> LinearHead:
    """Fit a head to ``rows`` (feature lists) and their ``labels``. Features seen in fewer than
    ``min_count`` rows are dropped (except "bias"); with ``balanced`` each label weighs the same in
    total, so a rare label is not drowned by a common one."""
    if len(rows) != len(labels) or not rows:
        raise ValueError(f"{name}: {len(rows)} feature rows for {len(labels)} labels")
    counts = Counter(f for row in rows for f in set(row))
    vocabulary = sorted({"bias", *(f for f, n in counts.items() if n >= min_count)})
    features = {f: i for i, f in enumerate(vocabulary)}
    label_names = tuple(sorted(set(labels)))
    label_index = {label: i for i, label in enumerate(label_names)}
    y = np.array([label_index[label] for label in labels])
    weight = np.ones(len(rows)) if sample_weights is None else np.asarray(sample_weights, dtype=np.float64)
    if balanced:
        per_label = np.bincount(y, weights=weight, minlength=len(label_names))
        weight = weight * (weight.sum() / (len(label_names) * per_label[y]))
    weight = weight / weight.sum()
    # the rows as one sparse matrix in coordinate form: nonzero k is (row_of[k], col[k])
    row_of: list[int] = []
    col: list[int] = []
    for i, row in enumerate(rows):
        for f in dict.fromkeys(["bias", *row]):
            j = features.get(f)
            if j is not None:
                row_of.append(i)
                col.append(j)
    rows_k = np.array(row_of, dtype=np.int64)  # ascending, and every row has "bias": no empty row
    cols_k = np.array(col, dtype=np.int64)
    row_starts = np.flatnonzero(np.r_[True, rows_k[1:] != rows_k[:-1]])
    by_col = np.argsort(cols_k, kind="stable")
    sorted_cols = cols_k[by_col]
    col_starts = np.flatnonzero(np.r_[True, sorted_cols[1:] != sorted_cols[:-1]])
    used_cols = sorted_cols[col_starts]
    onehot = np.zeros((len(rows), len(label_names)))
    onehot[np.arange(len(rows)), y] = 1.0
    w = np.zeros((len(vocabulary), len(label_names)))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        logits = np.add.reduceat(w[cols_k], row_starts, axis=0)
        residual = (_softmax(logits) - onehot) * weight[:, None]
        grad = l2 * w
        grad[used_cols] += np.add.reduceat(residual[rows_k[by_col]], col_starts, axis=0)
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        w -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    return LinearHead(name=name, labels=label_names, features=features, weights=w)


def _softmax(logits: FloatArray) -> FloatArray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    result: FloatArray = e / e.sum(axis=1, keepdims=True)
    return result
