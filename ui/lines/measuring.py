"""One offside measurement as a job for the task runner (no Qt): carry the calibration to the
frames it is needed at by tracking the picture, then measure.

Tracking a 1080p picture takes a second or two, so it never runs on the GUI thread; the job
holds only immutable inputs (the anchors, copies of the pictures, the clicks and choices) and
returns the measurement with the calibrations it carried, which the desk keeps so that
changing an option does not track again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewtool.geometry import (
    Calibration,
    CalibrationTracker,
    OffsideMeasurement,
    PlayerClicks,
    measure,
)


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

    def run(self) -> Calibration:
        if self.known is not None:
            return self.known
        if self.anchor.frame == self.frame or self.start is None or self.target is None:
            return self.anchor
        return CalibrationTracker(self.anchor, self.start).advance(self.frame, self.target)


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

    def run(self) -> tuple[OffsideMeasurement, dict[tuple[int, int], Calibration]]:
        carried = {self.kick.key: self.kick.run()}
        near = None
        if self.neighbour is not None:
            near = carried[self.neighbour.key] = self.neighbour.run()
        m = measure(carried[self.kick.key], self.attack, self.fps, self.at_kick,
                    self.at_neighbour, self.speeds_mps, self.interlaced, self.kick_side, near,
                    self.gap)
        return m, carried
