"""What a painter draws for a drawing: polylines, filled heads, a label, a lit hole, a lens,
all in image pixels of the frame shown.

A ground drawing is sampled on the pitch (a circle as a polygon of points on the ground) and
each point mapped through the angle's homography at that frame, so it is drawn in the
camera's perspective and follows a pan. Points that fall behind the camera or near the
horizon are dropped (the line is cut there): nothing is drawn through the sky. Without a
homography a ground drawing is not drawn at all (``NotCalibrated``): drawn flat it would look
precise when it is not.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from reviewtool.drawings.model import GROUND, Drawing, DrawingError
from reviewtool.geometry import homography

# The angle's ground-plane homography at a frame (ground metres -> image pixels), scaled so
# that points in front of the camera have a positive third coordinate; None: not calibrated.
HomographySource = Callable[[int, int], "np.ndarray | None"]
SAMPLES = 96  # points on a circle or an ellipse
MIN_DEPTH_SHARE = 0.05  # drop points under 1/20 of the farthest one's depth (beside or behind)
HEAD_M = (1.0, 2.5)  # arrowhead length on the ground, metres (shortest, longest)
HEAD_PX = (10.0, 36.0)  # on the picture, image pixels


class NotCalibrated(DrawingError):
    """A perspective drawing asked on an angle without a calibration at that frame."""

    def __init__(self, clip: int, frame: int) -> None:
        super().__init__(f"angle {clip} is not calibrated at frame {frame}: a drawing on the "
                         "ground cannot be placed in perspective (calibrate the angle, or draw "
                         "it flat on the picture)")
        self.clip, self.frame = clip, frame


@dataclass
class Outline:
    """A drawing as image-pixel primitives (arrays are N x 2)."""

    drawing: Drawing
    lines: list[np.ndarray] = field(default_factory=list)  # open or closed polylines
    closed: bool = False  # whether ``lines`` are closed
    heads: list[np.ndarray] = field(default_factory=list)  # filled polygons (arrowheads)
    label: tuple[float, float] | None = None  # where the text's top-left sits
    hole: np.ndarray | None = None  # spotlight: all but this polygon is darkened
    lens: tuple[float, float, float] | None = None  # magnifier: centre x, y and radius

    def distance(self, x: float, y: float) -> float:
        """Image pixels from (x, y) to the nearest stroke; 0 inside a lens, hole or head."""
        p = np.array([x, y])
        best = math.inf
        for poly in self.lines:
            pts = np.vstack([poly, poly[:1]]) if self.closed else poly
            best = min(best, _to_polyline(p, pts))
        if self.lens is not None:
            cx, cy, r = self.lens
            best = min(best, max(0.0, math.hypot(x - cx, y - cy) - r))
        for poly in [*self.heads, *([self.hole] if self.hole is not None else [])]:
            if _inside(p, poly):
                return 0.0
        return best


def outline(d: Drawing, frame: int, ground: HomographySource | None = None) -> Outline:
    """The outline of ``d`` at ``frame`` of its angle; NotCalibrated for a ground drawing
    when ``ground`` gives no homography there."""
    if d.space == GROUND:
        h = ground(d.clip, frame) if ground is not None else None
        if h is None:
            raise NotCalibrated(d.clip, frame)
        to_image: Callable[[np.ndarray], list[np.ndarray]] = lambda g: _map(h, g)  # noqa: E731
    else:
        to_image = lambda g: [np.asarray(g, np.float64)]  # noqa: E731
    pts = np.asarray(d.points, np.float64)
    out = Outline(d)
    if d.kind in ("arrow", "line"):
        out.lines = to_image(_segment(pts[0], pts[1], d.space == GROUND))
        if d.kind == "arrow":
            out.heads = [h for h in to_image(_head(pts[0], pts[1], d.space == GROUND))
                         if len(h) == 3]
    elif d.kind in ("circle", "magnifier"):
        r = float(np.hypot(*(pts[1] - pts[0])))
        if d.kind == "magnifier":
            out.lens = (float(pts[0, 0]), float(pts[0, 1]), r)
        out.lines, out.closed = to_image(_ellipse(pts[0], r, r)), True
    elif d.kind in ("ellipse", "spotlight"):
        c = (pts[0] + pts[1]) / 2
        rx, ry = np.abs(pts[1] - pts[0]) / 2
        out.lines, out.closed = to_image(_ellipse(c, float(rx), float(ry))), True
        if d.kind == "spotlight":
            out.hole = out.lines[0]
    elif d.kind == "freehand":
        out.lines = [pts]
    elif d.kind == "text":
        out.label = (float(pts[0, 0]), float(pts[0, 1]))
    if out.closed and (len(out.lines) != 1 or len(out.lines[0]) != SAMPLES):
        out.closed = False  # cut where the ground leaves the view: open pieces are left
    return out


def front_facing(h: np.ndarray, ground_points: np.ndarray) -> np.ndarray:
    """``h`` scaled so that ``ground_points`` (landmarks seen by the camera, so in front of
    it) have a positive depth: the sign a HomographySource promises."""
    depth = np.asarray(ground_points, np.float64) @ h[2, :2] + h[2, 2]
    return np.asarray(h, np.float64) * (1.0 if float(np.median(depth)) > 0 else -1.0)


def to_ground(h: np.ndarray, pixels: np.ndarray) -> np.ndarray | None:
    """Image pixels (N x 2) to ground metres through ``h``; None when any of them is not on
    the ground in front of the camera (above the horizon)."""
    g = homography.apply(np.linalg.inv(h), np.asarray(pixels, np.float64))
    depth = g @ h[2, :2] + h[2, 2]
    return g if bool(np.all(depth > 0)) and bool(np.all(np.isfinite(g))) else None


def _map(h: np.ndarray, ground: np.ndarray) -> list[np.ndarray]:
    """Ground points through ``h``, split into runs of points in front of the camera."""
    depth = ground @ h[2, :2] + h[2, 2]
    floor = MIN_DEPTH_SHARE * float(depth.max()) if depth.max() > 0 else math.inf
    ok = depth > floor
    px = homography.apply(h, ground)
    runs, start = [], None
    for i, good in enumerate([*ok, False]):
        if good and start is None:
            start = i
        elif not good and start is not None:
            if i - start >= 2 or len(ground) <= 3:
                runs.append(px[start:i])
            start = None
    return runs


def _segment(a: np.ndarray, b: np.ndarray, ground: bool) -> np.ndarray:
    # straight on the ground is straight in the picture; sample so a cut at the horizon lands
    t = np.linspace(0.0, 1.0, 33 if ground else 2)[:, None]
    return a + (b - a) * t


def _head(tail: np.ndarray, tip: np.ndarray, ground: bool) -> np.ndarray:
    v = tip - tail
    n = float(np.hypot(*v))
    lo, hi = HEAD_M if ground else HEAD_PX
    size = min(max(0.3 * n, lo), hi, 0.6 * n)
    u = v / n
    side = np.array([-u[1], u[0]])
    base = tip - u * size
    return np.array([tip, base + side * size * 0.45, base - side * size * 0.45])


def _ellipse(c: np.ndarray, rx: float, ry: float) -> np.ndarray:
    t = np.linspace(0.0, 2 * math.pi, SAMPLES, endpoint=False)
    return np.column_stack([c[0] + rx * np.cos(t), c[1] + ry * np.sin(t)])


def _to_polyline(p: np.ndarray, pts: np.ndarray) -> float:
    if len(pts) == 1:
        return float(np.hypot(*(p - pts[0])))
    a, b = pts[:-1], pts[1:]
    ab = b - a
    t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab),
                                                               1e-12), 0, 1)
    return float(np.min(np.hypot(*(a + ab * t[:, None] - p).T)))


def _inside(p: np.ndarray, poly: np.ndarray) -> bool:
    """Even-odd rule."""
    x, y = p
    xs, ys = poly[:, 0], poly[:, 1]
    xj, yj = np.roll(xs, 1), np.roll(ys, 1)
    cross = ((ys > y) != (yj > y)) & (x < (xj - xs) * (y - ys) / np.where(yj == ys, 1e-12,
                                                                          yj - ys) + xs)
    return bool(np.count_nonzero(cross) % 2)
