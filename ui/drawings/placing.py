"""Placing drawings on the ground at frames away from the calibration, off the GUI thread.

The placer is a ``HomographySource``: asked for an angle's homography at a frame it answers
at once with what it knows (the calibration at its own frame, or a homography carried there
before and kept), and otherwise answers None and starts carrying it on the task runner
(``reviewtool.drawings.grounding``: a still camera is checked in a few milliseconds, tracking
takes a few hundred). One task per angle at a time: when it ends, the frame shown by then is
placed next, so playback and scrubbing never wait and the drawing follows as fast as the
tracking goes. ``placed`` tells the overlays to ask again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from reviewtool.drawings.grounding import GroundCache, Grounding, ground_at
from reviewtool.geometry.calibration import Calibration
from reviewtool.video.clip import open_clip
from ui.tasks import CANCELLED, Cancelled, TaskRunner

ClipPath = Callable[[int], Path | None]  # clip id -> the file to decode its pictures from
ANCHORS_KEPT = 4  # anchors' pictures kept (one per angle of the station; 6 MB each at 1080p)
Screen = Callable[[int, int], np.ndarray | None]  # (clip, frame) -> a copy of it, if shown


class GroundPlacer(QObject):
    placed = Signal(int, int)  # clip, frame: a homography (or a reason to hide) is known

    def __init__(self, review: Any, tasks: TaskRunner, clip_path: ClipPath, screen: Screen,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.tasks = tasks
        self.clip_path = clip_path
        self.screen = screen
        self._anchor_pictures: dict[tuple[int, int], np.ndarray] = {}
        self.cache = GroundCache()
        self._running: dict[int, tuple[int, int]] = {}  # clip -> (anchor entry, frame)
        self._wanted: dict[int, int] = {}  # clip -> the frame asked for last
        self.timings_ms: list[float] = []  # per frame placed away from the anchor
        self._generation = 0  # another review opened: results still coming are dropped
        review.opened.connect(lambda *_a: self.forget())

    def forget(self) -> None:
        """Another review: its clip and entry numbers mean other things."""
        self._generation += 1
        self.cache = GroundCache()
        self._anchor_pictures.clear()
        self._running.clear()
        self._wanted.clear()

    def __call__(self, clip: int, frame: int) -> np.ndarray | None:
        s = self.review.session
        anchor = s.calibration_at(clip, frame) if s is not None else None
        if anchor is None:
            return None
        if anchor.frame == frame:
            return s.ground_at(clip, frame)
        known = self.cache.get(clip, anchor.entry, frame)
        if known is not None:
            return known.matrix
        self._wanted[clip] = frame
        if clip not in self._running:
            self._start(clip, anchor.entry, anchor.calibration, frame)
        return None

    def placing(self, clip: int, frame: int) -> bool:
        """Whether the homography at this frame is being (or about to be) carried."""
        known = self.known(clip, frame)
        return known is None and self._wanted.get(clip) == frame \
            and self.review.session is not None \
            and self.review.session.calibration_at(clip, frame) is not None

    def why_hidden(self, clip: int, frame: int) -> str:
        """What the notice says about the ground drawings not drawn at this frame."""
        if self.placing(clip, frame):
            return "placing... (carrying the calibration here)"
        known = self.known(clip, frame)
        if known is not None and known.reason:
            return f"not shown: {known.reason}"
        return "not shown: this angle is not calibrated"

    def known(self, clip: int, frame: int) -> Grounding | None:
        s = self.review.session
        anchor = s.calibration_at(clip, frame) if s is not None else None
        return None if anchor is None else self.cache.get(clip, anchor.entry, frame)

    def _start(self, clip: int, entry: int, anchor: Calibration, frame: int) -> None:
        path = self.clip_path(clip)
        if path is None:
            self.cache.put(clip, entry, Grounding(
                frame, None, float("inf"), anchor.frame or 0,
                reason=f"the calibration is at frame {anchor.frame}: show this angle to "
                       "carry it here"))
            self.placed.emit(clip, frame)
            return
        self._running[clip] = (entry, frame)
        generation = self._generation

        given: dict[int, np.ndarray] = {}
        kept = self._anchor_pictures.get((clip, entry))
        if kept is not None and anchor.frame is not None:
            given[anchor.frame] = kept
        shown = self.screen(clip, frame)
        if shown is not None:
            given[frame] = shown

        def job(_progress: Any, cancel: threading.Event) -> Any:
            return place(path, anchor, frame, cancel, given)

        def done(result: Any, error: str) -> None:
            if generation == self._generation:
                g, start = result if result is not None else (None, None)
                if start is not None:
                    kept = self._anchor_pictures
                    kept[(clip, entry)] = start
                    while len(kept) > ANCHORS_KEPT:
                        kept.pop(next(iter(kept)))
                self._done(clip, entry, frame, g, error)

        self.tasks.run(f"ground drawings at frame {frame}", job, done)

    def _done(self, clip: int, entry: int, frame: int, g: Grounding | None,
              error: str) -> None:
        self._running.pop(clip, None)
        if error == CANCELLED:
            return
        if g is None:
            g = Grounding(frame, None, float("inf"), frame, reason=error)
        self.cache.put(clip, entry, g)
        self.timings_ms.append(g.ms)
        self.placed.emit(clip, frame)
        wanted = self._wanted.get(clip)
        if wanted is not None and wanted != frame:
            self(clip, wanted)  # the playhead moved on meanwhile: place where it is now


def place(path: Path, anchor: Calibration, frame: int, cancel: threading.Event,
          given: dict[int, np.ndarray]) -> tuple[Grounding, np.ndarray | None]:
    """The job: carry the calibration to ``frame``. Pictures ``given`` (the anchor's, kept
    from before; the one on screen) are not decoded again; the others are decoded by the
    job's own decoder, opened only if needed. Returns the anchor's picture to keep."""
    started = time.perf_counter()
    with ExitStack() as stack:
        opened: list[Any] = []

        def picture(n: int) -> np.ndarray:
            if cancel.is_set():
                raise Cancelled()
            if n not in given:
                if not opened:
                    opened.append(stack.enter_context(open_clip(path)))
                given[n] = opened[0].frame(n)
            return given[n]

        g = ground_at(anchor, frame, picture, cancel)
    if g.reason == "cancelled":
        raise Cancelled()
    return replace(g, ms=(time.perf_counter() - started) * 1000), given.get(anchor.frame or 0)
