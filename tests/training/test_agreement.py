"""Agreement statistics: checked by hand on a small example and against scikit-learn and
statsmodels on random data (hypothesis)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from reviewtool.training.agreement import cohen_kappa, confusion, fleiss_kappa

LABELS = ("none", "caution", "sending_off")


def test_weighted_kappa_by_hand() -> None:
    # reference: red, none, caution; trainee: caution, none, caution
    ref = ["sending_off", "none", "caution"]
    given_ = ["caution", "none", "caution"]
    # observed sum(w*O) = 1; expected sum(w*E) = 7/3  ->  1 - 3/7
    assert cohen_kappa(ref, given_, LABELS, "linear") == pytest.approx(4 / 7)
    assert cohen_kappa(ref, given_, LABELS, "linear") == pytest.approx(
        cohen_kappa_score(ref, given_, labels=list(LABELS), weights="linear"))


def test_fleiss_kappa_by_hand() -> None:
    table = np.array([[1, 1, 1], [3, 0, 0], [0, 2, 1]])
    # P-bar = 4/9, P-e = 29/81  ->  7/52
    assert fleiss_kappa(table) == pytest.approx(7 / 52)
    assert fleiss_kappa(table) == pytest.approx(sm_fleiss(table, method="fleiss"))


def test_undefined_kappas_are_none() -> None:
    assert cohen_kappa(["none", "none"], ["none", "none"], LABELS) is None
    assert cohen_kappa([], [], LABELS) is None
    assert fleiss_kappa(np.array([[3, 0, 0], [3, 0, 0]])) is None  # all agree on one value
    assert fleiss_kappa(np.array([[2, 0], [1, 2]])) is None  # unequal raters per item


ratings = st.lists(st.tuples(st.sampled_from(LABELS), st.sampled_from(LABELS)),
                   min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(ratings, st.sampled_from([None, "linear", "quadratic"]))
def test_cohen_kappa_matches_scikit_learn(pairs, weights) -> None:
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    ours = cohen_kappa(a, b, LABELS, weights)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        theirs = cohen_kappa_score(a, b, labels=list(LABELS), weights=weights)
    if ours is None:
        assert math.isnan(theirs)
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 8).flatmap(lambda raters: st.lists(
    st.lists(st.integers(0, 2), min_size=raters, max_size=raters), min_size=1, max_size=15)))
def test_fleiss_kappa_matches_statsmodels(choices) -> None:
    table = np.array([[row.count(k) for k in range(3)] for row in choices])
    ours = fleiss_kappa(table)
    with np.errstate(all="ignore"):
        theirs = sm_fleiss(table, method="fleiss")
    if ours is None:
        assert not np.isfinite(theirs)
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)


def test_confusion_counts() -> None:
    m = confusion(["none", "caution"], ["caution", "caution"], LABELS)
    assert m.tolist() == [[0, 1, 0], [0, 1, 0], [0, 0, 0]]
