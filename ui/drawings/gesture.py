"""A drawing being drawn or moved with the mouse: the points so far, in image pixels, and the
drawing they make in the space it lies in (picture or ground). Qt-free: the desk feeds it
image points."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from reviewtool.drawings.model import GROUND, IMAGE, ON_THE_GROUND, Drawing, DrawingError, Style
from reviewtool.drawings.shapes import to_ground

FREEHAND_STEP = 4.0  # image pixels between two freehand points kept (fewer: cheaper to paint)


class OffTheGround(ValueError):
    """A point of a ground drawing above the horizon (not on the pitch)."""


@dataclass
class Sketch:
    """A new drawing under the mouse: tool, points in image pixels, and what it is drawn with."""

    kind: str
    clip: int
    first: int
    last: int
    style: Style
    text: str = ""
    h: np.ndarray | None = None  # the homography when it lies on the ground
    points: list[tuple[float, float]] = field(default_factory=list)
    flat_if_agreed: bool = False  # asked on the ground where the angle is not calibrated

    def add(self, x: float, y: float) -> None:
        if self.kind == "freehand" or len(self.points) < 2:
            last = self.points[-1] if self.points else None
            if last is None or np.hypot(x - last[0], y - last[1]) >= FREEHAND_STEP \
                    or self.kind != "freehand":
                self.points.append((x, y))
        else:
            self.points[-1] = (x, y)

    @property
    def space(self) -> str:
        return GROUND if self.h is not None and self.kind in ON_THE_GROUND else IMAGE

    def drawing(self) -> Drawing:
        """The drawing so far; DrawingError while it is too small, OffTheGround when a point
        of a ground drawing is above the horizon."""
        pts = self.points[:1] if self.kind == "text" else self.points
        if self.kind not in ("text", "freehand"):
            pts = [pts[0], pts[-1]] if pts else []
        coords = np.array(pts, np.float64).reshape(-1, 2)
        if self.space == GROUND:
            assert self.h is not None
            g = to_ground(self.h, coords)
            if g is None:
                raise OffTheGround("that point is not on the pitch (above the horizon): draw "
                                   "on the grass")
            coords = g
        return Drawing("", self.kind, self.clip, self.first, self.last,
                       tuple((float(x), float(y)) for x, y in coords), self.space, self.style,
                       self.text)


@dataclass
class Move:
    """A drawing dragged by the mouse from ``start`` (image pixels)."""

    drawing: Drawing
    start: tuple[float, float]
    h: np.ndarray | None = None  # for a ground drawing
    now: tuple[float, float] | None = None

    def moved(self) -> Drawing:
        if self.now is None:
            return self.drawing
        pts = np.array([self.start, self.now], np.float64)
        if self.drawing.space == GROUND:
            if self.h is None:
                return self.drawing
            g = to_ground(self.h, pts)
            if g is None:
                return self.drawing
            pts = g
        dx, dy = pts[1] - pts[0]
        try:
            return self.drawing.moved(float(dx), float(dy))
        except DrawingError:
            return self.drawing


def restyled(d: Drawing, colour: str, width: float) -> Drawing:
    return replace(d, style=Style(colour, float(width)))
