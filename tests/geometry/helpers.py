"""Known geometry for the geometry tests: a broadcast-like camera and its exact clicks."""

from __future__ import annotations

import numpy as np

from reviewtool.geometry import homography
from reviewtool.geometry.camera import PinholeCamera
from reviewtool.geometry.pitch import Pitch

PITCH = Pitch()
# High in the main stand, looking at the right penalty area, 1080p.
CAMERA = PinholeCamera((70.0, -30.0, 18.0), (92.0, 34.0, 0.0), 2600.0)
NAMES = ("penalty_area_right_top", "penalty_area_right_bottom", "goal_area_right_top",
         "goal_area_right_bottom", "penalty_mark_right", "goal_post_right_top",
         "penalty_arc_right_bottom", "corner_right_top")


def px(ground: object, cam: PinholeCamera = CAMERA) -> np.ndarray:
    """Exact pixels of ground points (N x 2, or one point)."""
    g = np.atleast_2d(np.asarray(ground, float))
    return homography.apply(cam.ground_homography(), g)


def clicks(names: tuple[str, ...] = NAMES, cam: PinholeCamera = CAMERA,
           pitch: Pitch = PITCH) -> dict[str, list[float]]:
    """Exact clicks on ``names`` as the window would hand them over."""
    pts = px([pitch.landmarks[n] for n in names], cam)
    return {n: [float(p[0]), float(p[1])] for n, p in zip(names, pts, strict=True)}


def point(ground: tuple[float, float], cam: PinholeCamera = CAMERA) -> tuple[float, float]:
    p = px(ground, cam)[0]
    return float(p[0]), float(p[1])
