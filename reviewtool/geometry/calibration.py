"""A calibration: the ground-plane homography of one angle at one frame, fitted to clicked
landmarks, with the reprojection error of each landmark in pixels and on the ground.

It is plain data ready to be a decision-log entry (``to_json`` / ``from_json``); the session
adds who and when. A fit whose worst landmark is off by more than ``max_error_px`` is refused,
naming the landmark to click again (found by leaving each landmark out in turn).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from reviewtool.geometry import homography
from reviewtool.geometry.checks import clicked_points
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.pitch import Pitch

PAYLOAD_KIND, PAYLOAD_VERSION = "calibration", 1
CLICK_SIGMA_PX = 1.5  # one official's click on a line crossing at 1080p (1 sigma, per axis)
MAX_ERROR_PX = 6.0  # a landmark further than this from the fit is a wrong click


@dataclass(frozen=True)
class Calibration:
    """The homography ``matrix`` (ground metres -> image pixels) of ``clip`` at ``frame``."""

    pitch: Pitch
    landmarks: dict[str, tuple[float, float]]  # name -> clicked pixel, in click order
    matrix: np.ndarray
    error_px: dict[str, float]  # name -> reprojection error in pixels
    error_m: dict[str, float]  # name -> the same error on the ground, in metres
    sigma_px: float  # click noise used for the uncertainty (assumed, or larger if measured)
    clip: str | None = None
    frame: int | None = None
    tracked_from: int | None = None  # the anchor frame when carried by tracking
    drift_m: float = 0.0  # estimated ground error added by tracking, at the picture's middle
    drift_px: float = 0.0  # the same in pixels: measurements convert it where they are
    notes: tuple[str, ...] = field(default=())

    def to_image(self, ground: np.ndarray) -> np.ndarray:
        """Ground points (N x 2, m) to pixels."""
        return homography.apply(self.matrix, ground)

    def to_ground(self, image: np.ndarray) -> np.ndarray:
        """Pixels (N x 2) to ground points in metres."""
        return homography.apply(np.linalg.inv(self.matrix), image)

    def along_pitch_per_pixel(self, pixel: tuple[float, float]) -> float:
        """How far along the pitch (m) the ground point under ``pixel`` moves, at most, when
        the pixel moves by one in any direction."""
        p = np.array([pixel, (pixel[0] + 1, pixel[1]), (pixel[0], pixel[1] + 1)], float)
        g = self.to_ground(p)
        return float(np.hypot(g[1, 0] - g[0, 0], g[2, 0] - g[0, 0]))

    @property
    def names(self) -> list[str]:
        return list(self.landmarks)

    @property
    def ground_points(self) -> np.ndarray:
        return np.array([self.pitch.landmarks[n] for n in self.landmarks])

    @property
    def image_points(self) -> np.ndarray:
        return np.array([self.landmarks[n] for n in self.landmarks])

    def carried(self, matrix: np.ndarray, frame: int, drift_m: float,
                drift_px: float) -> Calibration:
        """This calibration moved to another frame by tracking: the clicks move with the
        picture (so the uncertainty is computed where they now are), and the click noise
        scales with the zoom."""
        matrix = matrix / matrix[2, 2]
        motion = matrix @ np.linalg.inv(self.matrix)
        moved = homography.apply(motion, self.image_points)
        centre = self.image_points.mean(axis=0)
        ring = homography.apply(motion, centre + np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
        (ax, ay), (bx, by) = ring[1] - ring[0], ring[2] - ring[0]
        zoom = math.sqrt(abs(float(ax * by - ay * bx)))  # local area scale of the motion
        return Calibration(self.pitch, {n: (float(p[0]), float(p[1])) for n, p in
                                        zip(self.landmarks, moved, strict=True)},
                           matrix, self.error_px, self.error_m, self.sigma_px * zoom,
                           self.clip, frame,
                           self.frame if self.tracked_from is None else self.tracked_from,
                           drift_m, drift_px, self.notes)

    def to_json(self) -> dict:
        """The decision-log payload (the log entry adds who and when)."""
        return {"kind": PAYLOAD_KIND, "version": PAYLOAD_VERSION, "clip": self.clip,
                "frame": self.frame,
                "pitch": {"length": self.pitch.length, "width": self.pitch.width},
                "landmarks": {n: list(p) for n, p in self.landmarks.items()},
                "matrix": [[float(v) for v in row] for row in self.matrix],
                "error_px": dict(self.error_px), "error_m": dict(self.error_m),
                "sigma_px": self.sigma_px, "tracked_from": self.tracked_from,
                "drift_m": self.drift_m, "drift_px": self.drift_px,
                "notes": list(self.notes)}

    @classmethod
    def from_json(cls, data: Mapping) -> Calibration:
        """Read a payload back; a wrong kind or version is refused in one line."""
        if data.get("kind") != PAYLOAD_KIND or data.get("version") != PAYLOAD_VERSION:
            raise GeometryError(f"not a calibration (version {PAYLOAD_VERSION}) payload")
        try:
            pitch = Pitch(**data["pitch"])
            matrix = np.array(data["matrix"], np.float64)
            if matrix.shape != (3, 3):
                raise GeometryError("calibration matrix must be 3 x 3")
            return cls(pitch, {n: (float(p[0]), float(p[1])) for n, p in
                               data["landmarks"].items()}, matrix,
                       {n: float(v) for n, v in data["error_px"].items()},
                       {n: float(v) for n, v in data["error_m"].items()},
                       float(data["sigma_px"]), data.get("clip"), data.get("frame"),
                       data.get("tracked_from"), float(data.get("drift_m", 0.0)),
                       float(data.get("drift_px", 0.0)),
                       tuple(data.get("notes", ())))
        except (KeyError, TypeError, ValueError, IndexError) as e:
            if isinstance(e, GeometryError):
                raise
            raise GeometryError(f"calibration payload is incomplete: {e}") from None


def calibrate(pitch: Pitch, clicks: Mapping[str, object], *, clip: str | None = None,
              frame: int | None = None, sigma_px: float = CLICK_SIGMA_PX,
              max_error_px: float = MAX_ERROR_PX) -> Calibration:
    """Fit the ground-plane homography to >= 4 clicked landmarks (name -> [x, y] px)."""
    names, ground, image = clicked_points(pitch, clicks)
    try:
        h = homography.fit(ground, image)
    except np.linalg.LinAlgError:
        raise GeometryError("no ground plane fits these landmarks: check their names and "
                            "clicks") from None
    if np.any(homography.depth_sign(h, ground) != homography.depth_sign(h, ground[:1])):
        raise GeometryError("the fit puts some landmarks behind the camera: check their names")
    err_px = np.linalg.norm(homography.apply(h, ground) - image, axis=1)
    err_m = np.linalg.norm(homography.apply(np.linalg.inv(h), image) - ground, axis=1)
    if err_px.max() > max_error_px:
        _refuse(names, ground, image, err_px, max_error_px)
    notes: list[str] = []
    n = len(names)
    measured = math.sqrt(float((err_px**2).sum()) / (2 * n - 8)) if n >= 6 else 0.0
    if n == 4:
        notes.append("4 landmarks fit exactly: a wrong click cannot show; add a fifth and sixth")
    elif n == 5:
        notes.append("5 landmarks: a wrong click shows but cannot be named; add a sixth")
    return Calibration(pitch, {nm: (float(p[0]), float(p[1])) for nm, p in zip(names, image,
                                                                                 strict=True)},
                       h, dict(zip(names, err_px.round(3).tolist(), strict=True)),
                       dict(zip(names, err_m.round(4).tolist(), strict=True)),
                       max(sigma_px, measured), clip, frame, notes=tuple(notes))


def _refuse(names: list[str], ground: np.ndarray, image: np.ndarray, err_px: np.ndarray,
            limit: float) -> None:
    """Name the click to redo: the landmark whose removal leaves the others agreeing best
    (from 6 landmarks on; with 5, the one the others predict worst)."""
    n = len(names)
    best, best_rest, best_own = int(np.argmax(err_px)), math.inf, 0.0
    for i in range(n):
        keep = np.arange(n) != i
        try:
            h = homography.fit(ground[keep], image[keep])
        except np.linalg.LinAlgError:
            continue
        rest = round(float(np.linalg.norm(homography.apply(h, ground[keep]) - image[keep],
                                          axis=1).max()), 1)  # 4 left: 0, up to rounding
        own = float(np.linalg.norm(homography.apply(h, ground[i:i + 1]) - image[i]))
        if (rest, -own) < (best_rest, -best_own):
            best, best_rest, best_own = i, rest, own
    worst = names[best]
    raise GeometryError(f"landmark {worst} is {best_own:.0f} px from where the others put it "
                        f"(limit {limit:g} px): click {worst} again", landmark=worst)
