"""A review open is set aside from the collector's full passes (``ui.collector``): one walked
some 120,000 objects with the demo review open, 35-67 ms on the GUI thread, while every
picture waited."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from tests.review.helpers import VAR, demo_session
from ui.main_window import ReviewWindow
from ui.settings import Settings


def _review(tmp_path: Path, settings: Settings, name: str) -> Path:
    path = tmp_path / name
    demo_session(path).close()
    settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    return path


def test_an_open_review_is_not_walked_by_full_collections_and_a_closed_one_is_freed(
        review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    gc.unfreeze()
    assert w.open_review(_review(tmp_path, settings, "first.review"))
    assert gc.get_freeze_count() > 10_000  # the window and the review, set aside
    walked = sum(len(gc.get_objects(generation)) for generation in range(3))
    assert walked < gc.get_freeze_count() / 10  # what a full pass still walks
    first = weakref.ref(w.review.session)
    assert w.open_review(_review(tmp_path, settings, "second.review"))
    assert first() is None  # the first review, set aside before, is not kept for ever
