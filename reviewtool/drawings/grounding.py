"""Where the ground is at any frame of a drawing's range: the nearest calibration of the
angle, carried there by tracking the picture.

A calibration is clicked at one frame; a drawing on the ground lasts a few seconds. First a
cheap test: did the camera move at all? A small greyscale copy of the picture is aligned on
the anchor's (OpenCV's ECC, affine, at 1/8 size, over the pitch only); if nothing moved by
more than ``STILL_PX``, the anchor's homography holds. Otherwise the calibration is carried
by the tracker (``reviewtool.geometry.tracking``) on a copy ``TRACK_WIDTH`` pixels wide,
through frames in between on a long pan, and the homography found is scaled back up. Each
result states its drift in pixels; beyond ``MAX_DRIFT_PX`` the drawing is hidden rather than
drawn where it is not. Tracking takes a second or so per picture at full size, less at
half size: callers run this off the GUI thread and keep the results (``GroundCache``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np

from reviewtool.drawings.shapes import front_facing
from reviewtool.geometry import homography
from reviewtool.geometry.calibration import Calibration
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.tracking import CalibrationTracker, ground_mask

STILL_SCALE = 0.125  # the "did it move" test looks at a picture this size
STILL_PX = 1.0  # a picture that moved less than this (full-size pixels) is still
TRACK_WIDTH = 640  # tracking works on pictures this wide (1/3 of 1080p, 1/2 of 720p):
# at 1080p about 5x faster than full size, within 1.5 px of the truth in the benchmark
MAX_DRIFT_PX = 6.0  # beyond this the drawing is hidden, not drawn imprecisely
HOP = 5  # frames between pictures tracked through on the way to a far frame
MAX_HOPS = 12

Pictures = Callable[[int], np.ndarray]  # frame -> RGB picture of the angle


@dataclass(frozen=True)
class Grounding:
    """The angle's homography at ``frame`` (ground metres -> pixels, front facing), or None
    with ``reason`` when the drawing must be hidden there."""

    frame: int
    matrix: np.ndarray | None
    drift_px: float
    anchor_frame: int
    still: bool = False
    reason: str = ""
    ms: float = 0.0  # how long finding it took, decoding included (measured by the caller)


def _small_grey(picture: np.ndarray, scale: float) -> np.ndarray:
    grey = cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY) if picture.ndim == 3 else picture
    return cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def camera_motion_px(anchor: Calibration, start: np.ndarray, picture: np.ndarray) -> float:
    """How far (full-size pixels, the most at the picture's corners) the pitch moved from the
    anchor's picture to ``picture``; ``inf`` when the two cannot be aligned."""
    a, b = _small_grey(start, STILL_SCALE), _small_grey(picture, STILL_SCALE)
    s = np.diag([STILL_SCALE, STILL_SCALE, 1.0])
    mask = ground_mask(s @ anchor.matrix, (anchor.pitch.length, anchor.pitch.width), a.shape)
    warp = np.eye(2, 3, dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 60, 1e-5)
    try:
        _, warp = cv2.findTransformECC(a, b, warp, cv2.MOTION_AFFINE, criteria, mask, 3)
    except cv2.error:
        return math.inf
    h, w = a.shape
    corners = np.float64([[0, 0, 1], [w, 0, 1], [0, h, 1], [w, h, 1]])
    moved = corners @ warp.astype(np.float64).T
    return float(np.linalg.norm(moved - corners[:, :2], axis=1).max() / STILL_SCALE)


def _scaled(anchor: Calibration, k: float) -> Calibration:
    """The anchor as seen in a picture ``k`` times the size."""
    s = np.diag([k, k, 1.0])
    return replace(anchor, matrix=s @ anchor.matrix, drift_px=anchor.drift_px * k,
                   landmarks={n: (x * k, y * k) for n, (x, y) in anchor.landmarks.items()})


def hops(anchor_frame: int, frame: int) -> list[int]:
    """The frames tracked through on the way from the anchor to ``frame``."""
    gap = frame - anchor_frame
    count = min(MAX_HOPS, max(0, math.ceil(abs(gap) / HOP) - 1))
    return [anchor_frame + round(gap * (k + 1) / (count + 1)) for k in range(count)]


def ground_at(anchor: Calibration, frame: int, pictures: Pictures,
              cancel: threading.Event | None = None) -> Grounding:
    """The homography at ``frame`` carried from ``anchor`` (see the module's docstring)."""
    assert anchor.frame is not None
    base = anchor.frame
    if frame == base:
        return Grounding(frame, _facing(anchor.matrix, anchor), anchor.drift_px, base, True)
    start, target = pictures(base), pictures(frame)
    moved = camera_motion_px(anchor, start, target)
    if moved < STILL_PX:
        drift = float(math.hypot(anchor.drift_px, moved))
        return Grounding(frame, _facing(anchor.matrix, anchor), drift, base, True)
    k = min(1.0, TRACK_WIDTH / start.shape[1])
    try:
        tracker = CalibrationTracker(_scaled(anchor, k), _small(start, k), features=2000)
        for n in hops(base, frame):
            if cancel is not None and cancel.is_set():
                return Grounding(frame, None, math.inf, base, reason="cancelled")
            tracker.advance(n, _small(pictures(n), k))
        carried = tracker.advance(frame, _small(target, k))
    except GeometryError as e:
        return Grounding(frame, None, math.inf, base, reason=str(e))
    up = np.diag([1 / k, 1 / k, 1.0])
    matrix = up @ carried.matrix
    drift = carried.drift_px / k
    if drift > MAX_DRIFT_PX:
        return Grounding(frame, None, drift, base, reason=(
            f"carried from frame {base} by tracking, the ground drifts ±{drift:.0f} px "
            f"(more than {MAX_DRIFT_PX:.0f}): re-calibrate nearer"))
    return Grounding(frame, _facing(matrix / matrix[2, 2], anchor), drift, base)


def _small(picture: np.ndarray, k: float) -> np.ndarray:
    if k == 1.0:
        return picture
    return cv2.resize(picture, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)


def _facing(matrix: np.ndarray, anchor: Calibration) -> np.ndarray:
    return front_facing(matrix, anchor.ground_points)


def project(g: Grounding, ground: np.ndarray) -> np.ndarray:
    """Ground points through a grounding's homography (a helper for callers and tests)."""
    assert g.matrix is not None
    return homography.apply(g.matrix, ground)


class GroundCache:
    """Groundings kept per (clip, anchor entry, frame): a new anchor starts afresh."""

    def __init__(self, limit: int = 4000) -> None:
        self._kept: dict[tuple[int, int, int], Grounding] = {}
        self._limit = limit

    def get(self, clip: int, entry: int, frame: int) -> Grounding | None:
        return self._kept.get((clip, entry, frame))

    def put(self, clip: int, entry: int, g: Grounding) -> None:
        self._kept[(clip, entry, g.frame)] = g
        while len(self._kept) > self._limit:
            self._kept.pop(next(iter(self._kept)))
