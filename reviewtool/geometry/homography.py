"""Ground-plane homographies: fitting, applying, and many fits at once for Monte-Carlo.

A homography ``H`` maps ground points (x, y, 1) in metres to image points in pixels. The single
fit goes through OpenCV; the batched fit is the same normalised DLT in numpy, because the
uncertainty needs a few hundred fits per measurement and a Python loop over OpenCV calls would
be the slow part.
"""

from __future__ import annotations

import cv2
import numpy as np


def fit(ground: np.ndarray, image: np.ndarray) -> np.ndarray:
    """Least-squares homography (DLT refined by Levenberg-Marquardt on the reprojection error)
    from N >= 4 ground points (N x 2, metres) to image points (N x 2, px)."""
    h, _ = cv2.findHomography(np.asarray(ground, np.float64), np.asarray(image, np.float64), 0)
    if h is None or not np.all(np.isfinite(h)):
        raise np.linalg.LinAlgError("no homography fits these points")
    return h / h[2, 2]


def apply(h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Map points (..., 2) through ``h``: one 3 x 3 matrix, or a batch (... x 3 x 3) whose
    leading dimensions broadcast against the points' (e.g. S x 1 x 3 x 3 with S x K x 2)."""
    pts = np.asarray(pts, np.float64)
    hom = np.concatenate([pts, np.ones((*pts.shape[:-1], 1))], axis=-1)
    out = np.einsum("...ij,...j->...i", np.asarray(h, np.float64), hom)
    return out[..., :2] / out[..., 2:3]


def depth_sign(h: np.ndarray, ground: np.ndarray) -> np.ndarray:
    """Sign of the projective depth of ground points: the same sign for every point in front
    of the camera, the other for points behind it (beyond the horizon)."""
    g = np.asarray(ground, np.float64)
    return np.sign(g @ h[2, :2] + h[2, 2])


def _normaliser(pts: np.ndarray) -> np.ndarray:
    """Similarity taking a batch of point sets (B x N x 2) to centroid 0, mean distance sqrt 2."""
    c = pts.mean(axis=-2)
    d = np.linalg.norm(pts - c[..., None, :], axis=-1).mean(axis=-1)
    s = np.sqrt(2) / np.maximum(d, 1e-12)
    t = np.zeros((*pts.shape[:-2], 3, 3))
    t[..., 0, 0] = t[..., 1, 1] = s
    t[..., 0, 2], t[..., 1, 2] = -s * c[..., 0], -s * c[..., 1]
    t[..., 2, 2] = 1.0
    return t


def fit_batch(ground: np.ndarray, images: np.ndarray) -> np.ndarray:
    """Normalised DLT for one ground point set (N x 2) and a batch of clicks (B x N x 2):
    B homographies (B x 3 x 3), each scaled so that h[2, 2] = 1."""
    ground = np.asarray(ground, np.float64)
    images = np.asarray(images, np.float64)
    b, n = images.shape[:2]
    tg = _normaliser(ground[None])[0]
    ti = _normaliser(images)
    g = apply(tg, ground)
    im = apply(ti[:, None], images)
    a = np.zeros((b, 2 * n, 9))
    gx, gy = g[:, 0], g[:, 1]
    u, v = im[..., 0], im[..., 1]
    a[:, 0::2, 0], a[:, 0::2, 1], a[:, 0::2, 2] = gx, gy, 1.0
    a[:, 0::2, 6], a[:, 0::2, 7], a[:, 0::2, 8] = -u * gx, -u * gy, -u
    a[:, 1::2, 3], a[:, 1::2, 4], a[:, 1::2, 5] = gx, gy, 1.0
    a[:, 1::2, 6], a[:, 1::2, 7], a[:, 1::2, 8] = -v * gx, -v * gy, -v
    _, _, vt = np.linalg.svd(a)
    hn = vt[:, -1, :].reshape(b, 3, 3)
    h = np.linalg.inv(ti) @ hn @ tg
    return h / h[:, 2:3, 2:3]
