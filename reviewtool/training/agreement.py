"""Agreement statistics: Cohen's kappa (optionally weighted) and Fleiss' kappa.

Written here in a few lines of numpy (the app does not need scikit-learn or statsmodels); the
test suite checks them on published worked examples and, on random data, against the textbook
definitions computed in exact fractions. A kappa is None where it is undefined (e.g. every
rating the same category, so that chance agreement is already 1).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def confusion(a: Sequence[str], b: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """Counts: rows are ``a``'s categories, columns ``b``'s, in the order of ``labels``."""
    pos = {label: i for i, label in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for x, y in zip(a, b, strict=True):
        m[pos[x], pos[y]] += 1
    return m


def cohen_kappa(a: Sequence[str], b: Sequence[str], labels: Sequence[str],
                weights: str | None = None) -> float | None:
    """Cohen's kappa of two raters; ``weights`` "linear" or "quadratic" for ordered labels
    (the order of ``labels``), as in scikit-learn."""
    if not a:
        return None
    observed = confusion(a, b, labels).astype(float)
    n = observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / n
    k = len(labels)
    if weights is None:
        w = 1.0 - np.eye(k)
    else:
        d = np.abs(np.subtract.outer(np.arange(k), np.arange(k))).astype(float)
        w = d if weights == "linear" else d ** 2
    denominator = float((w * expected).sum())
    if denominator == 0.0:
        return None
    return 1.0 - float((w * observed).sum()) / denominator


def fleiss_kappa(table: np.ndarray) -> float | None:
    """Fleiss' kappa of an items x categories table of counts, every item rated by the same
    number of raters (at least two)."""
    counts = np.asarray(table, dtype=float)
    if counts.ndim != 2 or counts.shape[0] == 0:
        return None
    raters = counts.sum(axis=1)
    if raters[0] < 2 or not np.all(raters == raters[0]):
        return None
    n, items = raters[0], counts.shape[0]
    p_category = counts.sum(axis=0) / (items * n)
    p_item = ((counts ** 2).sum(axis=1) - n) / (n * (n - 1))
    chance = float((p_category ** 2).sum())
    if chance >= 1.0:
        return None
    return (float(p_item.mean()) - chance) / (1.0 - chance)
