"""``reviewtool --demo`` and ``--demo-unsynced``: render the demo's clips once (with
progress, cancellable), build a fresh demo review of the seed match at the state before the
stoppage-time incident (``reviewtool.demo.review``, off the GUI thread) and open it. With
``--demo`` the four angles are synced and shown 2 x 2; with ``--demo-unsynced`` they wait for
the reviewer to sync them. The demo's own set-up is not offered to Ctrl+Z, and only the
newest few demo reviews are kept in the cache."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from reviewtool.demo.clips import DemoClip, demo_clips, missing, render_all
from reviewtool.demo.review import (
    DEMO_SETUP,
    KEEP_REVIEWS,
    build_demo_review,
    new_review_path,
    prune_demo_reviews,
)
from reviewtool.store.chain import Author
from reviewtool.video.clip import default_cache_dir
from ui.main_window import ReviewWindow
from ui.tasks import CANCELLED, Cancelled, Progress

__all__ = ["DEMO_SETUP", "DEMO_USER", "KEEP_REVIEWS", "open_demo", "prune_demo_reviews"]

DEMO_USER = Author("Demo official", "VAR")
DEMO_LAYOUT = "grid"  # 2 x 2: the demo's four angles of the incident


def default_workers() -> int:
    """Two rendering processes on two or more cores; one in a frozen bundle, where a spawned
    process would start the application again instead of rendering."""
    if getattr(sys, "frozen", False):
        return 1
    return min(2, os.cpu_count() or 1)


def _demo_user(window: ReviewWindow) -> Author:
    last = window.settings.value("authors/last")
    return Author(*last.split("\t", 1)) if isinstance(last, str) and "\t" in last \
        else DEMO_USER


def open_built_review(window: ReviewWindow, path: Path) -> None:
    """Open the built demo review as the reviewer (never proposed for a real match), with
    the undo history starting after the set-up."""
    user = _demo_user(window)
    window.settings.set_value(f"authors/{path.resolve()}", f"{user.name}\t{user.role}")
    if not window.open_review(path):
        return
    window.review.do(lambda s: s.start_undo_here())  # the set-up is not the user's
    window.station.set_layout(DEMO_LAYOUT)  # the four angles at once


def open_demo(window: ReviewWindow, cache_dir: Path | None = None, *, synced: bool = True,
              seconds: float | None = None, scale: float = 1.0,
              workers: int | None = None) -> None:
    """Open a new demo review in ``window``, rendering the clips first if not yet done.
    ``seconds`` and ``scale`` make short, small clips (tests); ``workers`` processes render
    the clips (default: one per core, at most two)."""
    cache = cache_dir or default_cache_dir()
    clips = demo_clips(seconds, scale)
    todo = missing(cache, clips)
    dialog: QProgressDialog | None = None
    if todo:
        dialog = QProgressDialog("Rendering the demo's clips (once)…", "Cancel", 0, 100, window)
        dialog.setWindowTitle("reviewtool demo")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
    jobs = workers if workers is not None else default_workers()

    def work(progress: Progress, cancelled: threading.Event) -> Path:
        return _render_and_build(cache, clips, synced, jobs, progress, cancelled)

    def progressed(done: int, total: int) -> None:
        if dialog is not None:
            dialog.setMaximum(total)
            dialog.setValue(done)

    def finished(path: Path | None, error: str) -> None:
        if dialog is not None:
            dialog.reset()
        if path is not None:
            open_built_review(window, path)
        elif error and error != CANCELLED:
            window.show_error("Demo", f"The demo could not be prepared: {error}")

    task = window.tasks.run("demo", work, finished, key="demo", progress=progressed)
    window.demo_task = task  # type: ignore[attr-defined]
    if dialog is not None:
        dialog.canceled.connect(task.cancel)


def _render_and_build(cache: Path, clips: tuple[DemoClip, ...], synced: bool, workers: int,
                      progress: Progress, cancelled: threading.Event) -> Path:
    def step(done: int, total: int) -> bool:
        progress(done, total)
        return not cancelled.is_set()

    try:
        render_all(cache, clips, step, workers)
    except InterruptedError:
        raise Cancelled from None
    return build_demo_review(new_review_path(cache), clips, cache, synced=synced)
