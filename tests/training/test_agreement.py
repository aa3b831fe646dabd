"""Agreement statistics: checked on worked examples (by hand and the published ones) and, on
random data (hypothesis), against a reference written here straight from the textbook
definitions in exact fractions, so the suite needs neither scikit-learn nor statsmodels."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewtool.training.agreement import cohen_kappa, confusion, fleiss_kappa

LABELS = ("none", "caution", "sending_off")


def reference_cohen(a: Sequence[str], b: Sequence[str], labels: Sequence[str],
                    weights: str | None) -> Fraction | None:
    """Cohen (1968): 1 - sum(w * observed) / sum(w * expected), the disagreement weights
    w = [i != j], |i - j| or (i - j)^2; None where chance disagreement is 0."""
    n, pos = len(a), {label: i for i, label in enumerate(labels)}
    if n == 0:
        return None
    k = len(labels)

    def w(i: int, j: int) -> int:
        return int(i != j) if weights is None else abs(i - j) ** (1 if weights == "linear"
                                                                   else 2)

    observed = sum(w(pos[x], pos[y]) for x, y in zip(a, b, strict=True))
    rows = [sum(pos[x] == i for x in a) for i in range(k)]
    cols = [sum(pos[y] == j for y in b) for j in range(k)]
    expected = Fraction(sum(w(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k)),
                        n)
    return None if expected == 0 else 1 - observed / expected


def reference_fleiss(table: list[list[int]]) -> Fraction | None:
    """Fleiss (1971): (P - Pe) / (1 - Pe) with P the mean agreement per item and Pe the sum of
    the squared category shares; None where Pe is 1."""
    n, items = sum(table[0]), len(table)
    agreement = sum(Fraction(sum(c * (c - 1) for c in row), n * (n - 1)) for row in table)
    p_bar = agreement / items
    shares = [Fraction(sum(row[j] for row in table), items * n) for j in range(len(table[0]))]
    chance = sum(p * p for p in shares)
    return None if chance == 1 else (p_bar - chance) / (1 - chance)


def test_weighted_kappa_by_hand() -> None:
    # reference: red, none, caution; trainee: caution, none, caution
    ref = ["sending_off", "none", "caution"]
    given_ = ["caution", "none", "caution"]
    # observed sum(w*O) = 1; expected sum(w*E) = 7/3  ->  1 - 3/7
    assert cohen_kappa(ref, given_, LABELS, "linear") == pytest.approx(4 / 7)
    assert reference_cohen(ref, given_, LABELS, "linear") == Fraction(4, 7)


def test_cohen_kappa_of_the_textbook_example() -> None:
    """50 proposals, two readers: both yes 20, yes-no 5, no-yes 10, both no 15 -> 0.4."""
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b, ("yes", "no")) == pytest.approx(0.4)


def test_fleiss_kappa_by_hand() -> None:
    table = np.array([[1, 1, 1], [3, 0, 0], [0, 2, 1]])
    # P-bar = 4/9, P-e = 29/81  ->  7/52
    assert fleiss_kappa(table) == pytest.approx(7 / 52)
    assert reference_fleiss(table.tolist()) == Fraction(7, 52)


def test_fleiss_kappa_of_the_published_example() -> None:
    """Fleiss' worked example (14 raters, 10 items, 5 categories): P = 0.378, Pe = 0.213,
    kappa = 0.210."""
    table = np.array([[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
                      [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
                      [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]])
    assert fleiss_kappa(table) == pytest.approx(0.20993, abs=5e-5)


def test_undefined_kappas_are_none() -> None:
    assert cohen_kappa(["none", "none"], ["none", "none"], LABELS) is None
    assert cohen_kappa([], [], LABELS) is None
    assert fleiss_kappa(np.array([[3, 0, 0], [3, 0, 0]])) is None  # all agree on one value
    assert fleiss_kappa(np.array([[2, 0], [1, 2]])) is None  # unequal raters per item


ratings = st.lists(st.tuples(st.sampled_from(LABELS), st.sampled_from(LABELS)),
                   min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(ratings, st.sampled_from([None, "linear", "quadratic"]))
def test_cohen_kappa_matches_the_definition(pairs, weights) -> None:
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    ours = cohen_kappa(a, b, LABELS, weights)
    theirs = reference_cohen(a, b, LABELS, weights)
    if theirs is None:
        assert ours is None
    else:
        assert ours == pytest.approx(float(theirs), abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 8).flatmap(lambda raters: st.lists(
    st.lists(st.integers(0, 2), min_size=raters, max_size=raters), min_size=1, max_size=15)))
def test_fleiss_kappa_matches_the_definition(choices) -> None:
    table = [[row.count(k) for k in range(3)] for row in choices]
    ours = fleiss_kappa(np.array(table))
    theirs = reference_fleiss(table)
    if theirs is None:
        assert ours is None
    else:
        assert ours == pytest.approx(float(theirs), abs=1e-9)


def test_confusion_counts() -> None:
    m = confusion(["none", "caution"], ["caution", "caution"], LABELS)
    assert m.tolist() == [[0, 1, 0], [0, 1, 0], [0, 0, 0]]
