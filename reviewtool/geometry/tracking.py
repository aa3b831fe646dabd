"""Carrying a calibration to neighbouring frames by tracking the picture.

Broadcast cameras pan and zoom. ORB features on the ground (the pitch in the current
calibration, so stands, graphics and the score bug are left out) are matched against a key
frame and a homography between the two pictures is fitted with RANSAC, then refined densely
over the pitch area (ECC: lines and mowing stripes hold it in place where features would
slide along them); the calibration of the new frame is that homography after the key
frame's. Matching against a key frame instead of the previous frame keeps errors from adding
up frame by frame; when too few features still match, the last good frame becomes the key
frame, and the error it carries is added.

The error is estimated in pixels from the fit itself (the inliers' residual and their number)
and grows with every key frame: each carried calibration reports it (``drift_px``, and
``drift_m`` on the ground at the middle of the picture), and an offside measurement converts
it to metres where the two players are and adds it to its interval. When
the picture cannot be tracked (a frame with no pitch lines, a cut) a ``GeometryError`` says so
and the official re-anchors by clicking landmarks again.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from reviewtool.geometry import homography
from reviewtool.geometry.calibration import Calibration
from reviewtool.geometry.errors import GeometryError

MIN_INLIERS = 30  # fewer than this: the calibration cannot be carried
KEY_REFRESH_INLIERS = 250  # fewer than this: the current frame becomes the key frame
RANSAC_PX = 2.5
ERROR_FACTOR = 3.0  # from the fit's standard error to a bound that held in the benchmark
GROUND_MARGIN_M = 4.0
ECC_SCALE = 0.5  # the dense refinement works on half-size pictures
ECC_AGREE_PX = 6.0  # a refinement further than this from the feature fit is not trusted


@dataclass
class _Key:
    frame: int
    matrix: np.ndarray  # ground -> key picture
    drift_px: float
    keypoints: tuple
    descriptors: np.ndarray
    small: np.ndarray  # the key picture at ECC_SCALE, and which of its pixels see the pitch
    small_mask: np.ndarray


def _grey(picture: np.ndarray) -> np.ndarray:
    if picture.ndim == 3:
        return cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY)
    return picture


def ground_mask(cal_matrix: np.ndarray, pitch_size: tuple[float, float],
                shape: tuple[int, int]) -> np.ndarray:
    """Pixels that see the pitch (with a margin for the run-offs), in front of the camera."""
    height, width = shape
    u, v = np.meshgrid(np.arange(0, width, 4, dtype=np.float64),
                       np.arange(0, height, 4, dtype=np.float64))
    inv = np.linalg.inv(cal_matrix)
    w = inv[2, 0] * u + inv[2, 1] * v + inv[2, 2]
    x = (inv[0, 0] * u + inv[0, 1] * v + inv[0, 2]) / w
    y = (inv[1, 0] * u + inv[1, 1] * v + inv[1, 2]) / w
    front = np.sign(w) == np.sign(inv[2] @ [width / 2, height - 1, 1.0])
    length, wide = pitch_size
    m = front & (x > -GROUND_MARGIN_M) & (x < length + GROUND_MARGIN_M) \
        & (y > -GROUND_MARGIN_M) & (y < wide + GROUND_MARGIN_M)
    small = m.astype(np.uint8) * 255
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_NEAREST)


def metres_per_pixel(cal_matrix: np.ndarray, shape: tuple[int, int]) -> float:
    """Ground size of one pixel at the middle of the picture (the larger of its two sides)."""
    height, width = shape
    inv = np.linalg.inv(cal_matrix)
    c = np.array([[width / 2, height / 2], [width / 2 + 1, height / 2],
                  [width / 2, height / 2 + 1]])
    g = homography.apply(inv, c)
    return float(max(np.linalg.norm(g[1] - g[0]), np.linalg.norm(g[2] - g[0])))


class CalibrationTracker:
    """Carries one anchor calibration through the frames it is shown, in either direction."""

    def __init__(self, anchor: Calibration, picture: np.ndarray,
                 features: int = 4000) -> None:
        if anchor.frame is None:
            raise GeometryError("the anchor calibration needs its frame number")
        self._orb = cv2.ORB_create(nfeatures=features, fastThreshold=10)
        self._matcher = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True)
        self.anchor = anchor
        self._key = self._make_key(anchor.frame, anchor.matrix, anchor.drift_px, picture)
        self._last = (anchor.frame, anchor.matrix, anchor.drift_px, picture)

    def _make_key(self, frame: int, matrix: np.ndarray, drift: float,
                  picture: np.ndarray) -> _Key:
        grey = _grey(picture)
        mask = ground_mask(matrix, (self.anchor.pitch.length, self.anchor.pitch.width),
                           grey.shape)
        kp, desc = self._orb.detectAndCompute(grey, mask)
        if desc is None or len(kp) < MIN_INLIERS:
            raise GeometryError(f"frame {frame}: too few pitch features to track "
                                f"({len(kp)}): re-anchor by clicking landmarks")
        small = cv2.resize(grey, None, fx=ECC_SCALE, fy=ECC_SCALE, interpolation=cv2.INTER_AREA)
        small_mask = cv2.resize(mask, (small.shape[1], small.shape[0]),
                                interpolation=cv2.INTER_NEAREST)
        return _Key(frame, matrix, drift, tuple(kp), desc, small, small_mask)

    def reanchor(self, anchor: Calibration, picture: np.ndarray) -> None:
        """Start again from a freshly clicked calibration."""
        self.__init__(anchor, picture)  # type: ignore[misc]

    def _match(self, grey: np.ndarray, guess: np.ndarray) -> tuple[np.ndarray, int, float]:
        mask = ground_mask(guess, (self.anchor.pitch.length, self.anchor.pitch.width),
                           grey.shape)
        kp, desc = self._orb.detectAndCompute(grey, mask)
        if desc is None or len(kp) < MIN_INLIERS:
            return np.eye(3), 0, 0.0
        matches = self._matcher.match(self._key.descriptors, desc)
        if len(matches) < MIN_INLIERS:
            return np.eye(3), len(matches), 0.0
        src = np.float64([self._key.keypoints[m.queryIdx].pt for m in matches])
        dst = np.float64([kp[m.trainIdx].pt for m in matches])
        g, inliers = cv2.findHomography(src, dst, cv2.RANSAC, RANSAC_PX, maxIters=4000,
                                        confidence=0.999)
        if g is None:
            return np.eye(3), 0, 0.0
        keep = inliers.ravel().astype(bool)
        n = int(keep.sum())
        g, _ = cv2.findHomography(src[keep], dst[keep], 0)
        g = self._refine(g, grey)
        resid = np.linalg.norm(homography.apply(g, src[keep]) - dst[keep], axis=1)
        return g, n, float(np.sqrt(np.mean(resid**2)))

    def _refine(self, g: np.ndarray, grey: np.ndarray) -> np.ndarray:
        """Align the whole pitch area densely (OpenCV's ECC), starting from the feature fit:
        features on lines slide along them, the grey levels of lines and mowing stripes do
        not. Kept only when it converges near the feature fit."""
        s = np.diag([ECC_SCALE, ECC_SCALE, 1.0])
        small = cv2.resize(grey, (self._key.small.shape[1], self._key.small.shape[0]),
                           interpolation=cv2.INTER_AREA)
        warp = (s @ g @ np.linalg.inv(s)).astype(np.float32)
        warp /= warp[2, 2]
        criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-6)
        try:
            _, warp = cv2.findTransformECC(self._key.small, small, warp,
                                           cv2.MOTION_HOMOGRAPHY, criteria,
                                           self._key.small_mask, 5)
        except cv2.error:
            return g
        refined = np.linalg.inv(s) @ warp.astype(np.float64) @ s
        ys, xs = np.nonzero(self._key.small_mask[::8, ::8])
        probe = np.column_stack([xs, ys]).astype(np.float64) * 8 / ECC_SCALE
        if len(probe) == 0 or not np.all(np.isfinite(refined)):
            return g
        gap = np.linalg.norm(homography.apply(refined, probe) - homography.apply(g, probe),
                             axis=1)
        return refined / refined[2, 2] if float(gap.max()) < ECC_AGREE_PX else g

    def advance(self, frame: int, picture: np.ndarray) -> Calibration:
        """The calibration at ``frame``, whose picture is given (frames in playing order)."""
        grey = _grey(picture)
        last_frame, last_matrix, last_drift, last_picture = self._last
        g, n, rms = self._match(grey, last_matrix)
        if n < KEY_REFRESH_INLIERS and last_frame != self._key.frame:
            self._key = self._make_key(last_frame, last_matrix, last_drift, last_picture)
            g, n, rms = self._match(grey, last_matrix)
        if n < MIN_INLIERS:
            raise GeometryError(f"frame {frame}: only {n} pitch features match the calibrated "
                                "picture: the calibration cannot be carried here; re-anchor")
        matrix = g @ self._key.matrix
        matrix = matrix / matrix[2, 2]
        hop_px = ERROR_FACTOR * max(rms, 0.5) * np.sqrt(8.0 / n)
        drift_px = float(np.hypot(self._key.drift_px, hop_px))
        self._last = (frame, matrix, drift_px, picture)
        return self.anchor.carried(matrix, frame, drift_px * metres_per_pixel(matrix, grey.shape),
                                   drift_px)
