"""``reviewtool --demo``: render the demo clip once (with progress), then open a fresh demo
review of the seed match at the state before the stoppage-time incident, with the clip synced
to the match clock it shows. The demo's own set-up is not offered to Ctrl+Z, and only the
newest few demo reviews are kept in the cache."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from reviewtool.demo import scene
from reviewtool.demo.render import demo_clip_path, render_demo_clip
from reviewtool.resources import demo_log
from reviewtool.store.chain import Author
from reviewtool.store.lock import ReviewLock, ReviewLocked
from reviewtool.store.matchlog import read
from reviewtool.video.clip import default_cache_dir
from ui.main_window import ReviewWindow
from ui.tasks import CANCELLED, Cancelled, Progress

BEFORE_INCIDENT = 16  # events of the seed log before the stoppage-time incident
KEEP_REVIEWS = 5  # demo reviews kept in the cache; older ones go when a new demo starts


DEMO_SETUP = Author("reviewtool demo", "assessor")
DEMO_USER = Author("Demo official", "VAR")


def prune_demo_reviews(folder: Path, keep: int = KEEP_REVIEWS) -> list[Path]:
    """Delete all but the newest ``keep`` demo reviews (with their WAL and lock files), so the
    cache does not grow with every demo; one open in another window is left alone. Returns
    the reviews deleted."""
    reviews = sorted(folder.glob("atalanta-dortmund-*.review"),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    gone = []
    for review in reviews[keep:]:
        lock = ReviewLock(review)
        try:
            lock.acquire()
        except (ReviewLocked, OSError):
            continue
        try:
            for extra in ("-wal", "-shm", "-journal"):
                review.with_name(review.name + extra).unlink(missing_ok=True)
            review.unlink(missing_ok=True)
            gone.append(review)
        finally:
            lock.release()
    return gone


def open_demo_review(window: ReviewWindow, clip: Path, cache_dir: Path) -> None:
    """A new review file per demo launch, so every demo starts from the same point and
    nothing recorded in an earlier one is overwritten (the newest few are kept)."""
    log = read(demo_log())
    before = replace(log, events=log.events[:BEFORE_INCIDENT])
    folder = cache_dir / "demo" / "reviews"
    folder.mkdir(parents=True, exist_ok=True)
    prune_demo_reviews(folder, KEEP_REVIEWS - 1)  # and the one made now
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"atalanta-dortmund-{stamp}.review"
    n = 2
    while path.exists():
        path = folder / f"atalanta-dortmund-{stamp}-{n}.review"
        n += 1
    if not window.create_review(path, before, DEMO_SETUP):
        return
    window.add_clip(clip, sync=(2, float(scene.CLOCK_AT_START)))
    remembered = window.commands.remembered_author(path)
    last = window.settings.value("authors/last")
    user = remembered or (Author(*last.split("\t", 1)) if isinstance(last, str)
                          and "\t" in last else DEMO_USER)

    def hand_over() -> None:
        window.commands.remember_author(user)
        window.review.do(lambda s: s.start_undo_here())  # the set-up is not the user's

    window.after_clip_added = hand_over


def open_demo(window: ReviewWindow, cache_dir: Path | None = None) -> None:
    """Open the demo review in ``window``, rendering the clip first if not yet done."""
    cache = cache_dir or default_cache_dir()
    out = demo_clip_path(cache)
    if out.exists():
        open_demo_review(window, out, cache)
        return
    dialog = QProgressDialog("Rendering the demo clip (once)…", "Cancel", 0, 100, window)
    dialog.setWindowTitle("reviewtool demo")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)

    def render(progress: Progress, cancelled: threading.Event) -> Path:
        def step(done: int, total: int) -> bool:
            progress(done, total)
            return not cancelled.is_set()

        try:
            render_demo_clip(out, step)
        except InterruptedError:
            raise Cancelled from None
        return out

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def finished(path: Path | None, error: str) -> None:
        dialog.reset()
        if path is not None:
            open_demo_review(window, path, cache)
        elif error and error != CANCELLED:
            window.show_error("Demo", f"The demo clip could not be rendered: {error}")

    task = window.tasks.run("render demo", render, finished, key="render demo",
                            progress=progressed)
    window.demo_task = task  # type: ignore[attr-defined]
    dialog.canceled.connect(task.cancel)
