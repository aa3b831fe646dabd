"""How far a ground position can be trusted: a Monte-Carlo over the click noise.

Why Monte-Carlo and not the fit's covariance pushed through a linearisation: the map from
clicks to ground positions divides by the projective depth, so a point far from the camera
(or outside the landmarks) moves non-linearly, and with 4 to 8 landmarks the linear
covariance understates exactly those points. A few hundred refits of the clicks, each moved
by the click noise, cost ~20 ms with the batched DLT and follow the non-linearity as it is.
The seed is fixed: the same clicks always give the same interval, as a log entry should.
"""

from __future__ import annotations

import numpy as np

from reviewtool.geometry import homography
from reviewtool.geometry.calibration import Calibration

SAMPLES = 1000
SEED = 20260225


def ground_samples(cal: Calibration, points_px: np.ndarray, point_sigma_px: float = 0.0,
                   samples: int = SAMPLES, seed: int = SEED) -> np.ndarray:
    """Ground positions (S x K x 2, m) of image points (K x 2, px) under S re-fits of the
    calibration with its landmarks moved by ``cal.sigma_px`` (Gaussian, per axis), the points
    themselves moved by ``point_sigma_px``."""
    rng = np.random.default_rng(seed)
    clicks = cal.image_points
    noisy = clicks[None] + rng.normal(0.0, cal.sigma_px, (samples, *clicks.shape))
    hs = homography.fit_batch(cal.ground_points, noisy)
    pts = np.asarray(points_px, np.float64)
    moved = pts[None] + rng.normal(0.0, point_sigma_px, (samples, *pts.shape))
    inv = np.linalg.inv(hs)
    return homography.apply(inv[:, None], moved)
