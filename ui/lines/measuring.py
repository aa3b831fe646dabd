"""One offside measurement as a job for the task runner (no widgets): carry the calibration
to the frames it is needed at by tracking the picture, then measure.

Tracking a 1080p picture takes a second or two, so it never runs on the GUI thread; the job
holds only immutable inputs (the anchors, copies of the pictures on screen, the clicks and
choices) and returns the measurement with the calibrations it carried, which the desk keeps
so that changing an option does not track again. A picture the window has not kept (the
anchor's frame, after the review was opened again) is decoded here by the job's own clip and
decoder; far from the anchor the picture is tracked through frames in between, so that a pan
does not outrun the features.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewtool.geometry import (
    Calibration,
    CalibrationTracker,
    OffsideMeasurement,
    PlayerClicks,
    measure,
)
from reviewtool.video.clip import Clip, open_clip
from ui.tasks import Cancelled

HOP = 5  # frames between the pictures tracked through, far from the anchor
MAX_HOPS = 8


@dataclass(frozen=True)
class Carry:
    """The calibration at ``frame``: ``anchor`` itself, a calibration carried before, or the
    anchor carried from its picture ``start`` to ``target``."""

    key: tuple[int, int]  # (anchor entry, frame)
    anchor: Calibration
    frame: int
    known: Calibration | None = None
    start: np.ndarray | None = None
    target: np.ndarray | None = None
    clip_path: Path | None = None  # where to decode the pictures not given

    def hops(self) -> list[int]:
        """The frames tracked through on the way from the anchor to ``frame``."""
        assert self.anchor.frame is not None
        gap = self.frame - self.anchor.frame
        count = min(MAX_HOPS, max(0, math.ceil(abs(gap) / HOP) - 1))
        return [self.anchor.frame + round(gap * (k + 1) / (count + 1)) for k in range(count)]

    def run(self, cancel: threading.Event | None = None,
            progress: Callable[[int, int], None] | None = None) -> Calibration:
        if self.known is not None:
            return self.known
        if self.anchor.frame == self.frame:
            return self.anchor
        with ExitStack() as stack:
            opened: list[Clip] = []

            def picture(n: int, have: np.ndarray | None) -> np.ndarray:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                if have is not None:
                    return have
                if self.clip_path is None:
                    raise ValueError(f"frame {n}: no picture to track the calibration with")
                if not opened:
                    opened.append(stack.enter_context(open_clip(self.clip_path)))
                return opened[0].frame(n)

            assert self.anchor.frame is not None
            tracker = CalibrationTracker(self.anchor, picture(self.anchor.frame, self.start))
            hops = self.hops()
            for done, n in enumerate(hops):
                if progress is not None:
                    progress(done, len(hops) + 1)
                tracker.advance(n, picture(n, None))
            if progress is not None:
                progress(len(hops), len(hops) + 1)
            return tracker.advance(self.frame, picture(self.frame, self.target))


@dataclass(frozen=True)
class MeasureJob:
    kick: Carry
    neighbour: Carry | None  # None when speeds were typed
    attack: str
    fps: float
    at_kick: PlayerClicks
    at_neighbour: PlayerClicks | None
    speeds_mps: tuple[float, float] | None
    interlaced: bool
    kick_side: str
    gap: int

    def run(self, cancel: threading.Event | None = None,
            progress: Callable[[int, int], None] | None = None
            ) -> tuple[OffsideMeasurement, dict[tuple[int, int], Calibration]]:
        """``progress(done, total)``: pictures tracked so far, per frame carried."""
        carried = {self.kick.key: self.kick.run(cancel, progress)}
        near = None
        if self.neighbour is not None:
            near = carried[self.neighbour.key] = self.neighbour.run(cancel, progress)
        m = measure(carried[self.kick.key], self.attack, self.fps, self.at_kick,
                    self.at_neighbour, self.speeds_mps, self.interlaced, self.kick_side, near,
                    self.gap)
        return m, carried
