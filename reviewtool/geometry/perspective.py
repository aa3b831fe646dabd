"""Lines on the ground as a painter needs them: end points in image coordinates.

A straight line on the ground is straight in the picture, so two end points are enough; they
are clipped to the part of the ground in front of the camera, so nothing is drawn through the
horizon.
"""

from __future__ import annotations

import numpy as np

from reviewtool.geometry import homography
from reviewtool.geometry.calibration import Calibration
from reviewtool.geometry.errors import GeometryError

Segment = tuple[tuple[float, float], tuple[float, float]]
BAND_MARGIN_M = 5.0  # a band is cut at this far beyond the goal lines
MIN_DEPTH_SHARE = 0.2  # stop where the ground is 5 times further than the nearest landmarks


def require(cal: Calibration | None) -> Calibration:
    """A perspective drawing needs a calibration; without one, say so (draw nothing)."""
    if cal is None:
        raise GeometryError("this angle is not calibrated at this frame: calibrate it "
                            "(click 4 or more landmarks) before drawing on the ground")
    return cal


def across_pitch(cal: Calibration | None, x: float) -> Segment:
    """The line parallel to the goal lines at ``x`` metres, touch line to touch line, in
    pixels, clipped to the ground in front of the camera."""
    cal = require(cal)
    h = cal.matrix
    depth = cal.ground_points @ h[2, :2] + h[2, 2]
    sign = float(np.sign(np.median(depth)))
    floor = MIN_DEPTH_SHARE * float(np.min(np.abs(depth)))
    y0, y1 = 0.0, cal.pitch.width
    a, b = sign * (h[2, 0] * x + h[2, 2]), sign * h[2, 1]  # depth along the line: a + b y
    if abs(b) > 1e-12:
        limit = (floor - a) / b
        if b > 0:
            y0 = max(y0, limit)
        else:
            y1 = min(y1, limit)
    elif a < floor:
        y1 = y0 - 1.0
    if y1 <= y0:
        raise GeometryError(f"the line at x = {x:.2f} m is not in front of this camera")
    p = homography.apply(h, np.array([[x, y0], [x, y1]]))
    return (float(p[0, 0]), float(p[0, 1])), (float(p[1, 0]), float(p[1, 1]))


def band(cal: Calibration | None, x_lo: float, x_hi: float) -> list[tuple[float, float]]:
    """The strip between two lines across the pitch, as a closed polygon in pixels."""
    (a0, a1), (b0, b1) = across_pitch(cal, x_lo), across_pitch(cal, x_hi)
    return [a0, a1, b1, b0]
