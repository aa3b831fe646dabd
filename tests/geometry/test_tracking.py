"""Carrying a calibration across a pan by tracking the picture."""

from __future__ import annotations

import numpy as np
import pytest

from reviewtool.geometry.calibration import calibrate
from reviewtool.geometry.camera import PinholeCamera, draw_players, ground_texture, render_ground
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.homography import apply
from reviewtool.geometry.tracking import CalibrationTracker
from tests.geometry.helpers import NAMES, PITCH, clicks

TEXTURE = ground_texture(PITCH, grass=0.6)


def cam_at(a: float) -> PinholeCamera:
    """A small (640 x 360) camera panning right and zooming in as ``a`` goes 0 -> 1."""
    return PinholeCamera((60.0, -35.0, 20.0), (80 + 8 * a, 32 + 2 * a, 0.0), 800 + 150 * a,
                         640, 360)


def picture(a: float) -> np.ndarray:
    cam = cam_at(a)
    img = render_ground(cam, PITCH, TEXTURE)
    draw_players(img, cam, np.array([[85 + 3 * a, 30.0], [90 - 2 * a, 40.0]]))
    return img


def ground_error(cal_matrix: np.ndarray, cam: PinholeCamera) -> float:
    grid = np.array([[x, y] for x in np.linspace(60, 105, 16) for y in np.linspace(0, 68, 12)])
    seen = grid[cam.visible(grid, 0)]
    back = apply(np.linalg.inv(cal_matrix), apply(cam.ground_homography(), seen))
    return float(np.linalg.norm(back - seen, axis=1).max())


def test_a_pan_is_tracked_within_a_quarter_metre_and_the_error_grows() -> None:
    cam0 = cam_at(0.0)
    names = [n for n in NAMES if cam0.visible(np.array([PITCH.landmarks[n]]), 10)[0]]
    cal = calibrate(PITCH, clicks(tuple(names), cam0), frame=100)
    tracker = CalibrationTracker(cal, picture(0.0))
    drifts = []
    for f in range(1, 13):
        carried = tracker.advance(100 + f, picture(f / 12))
        drifts.append(carried.drift_m)
    assert carried.frame == 112 and carried.tracked_from == 100
    assert ground_error(carried.matrix, cam_at(1.0)) < 0.25
    assert 0 < drifts[0] <= drifts[-1]
    # The clicks moved with the picture: they still sit on their landmarks.
    truth = apply(cam_at(1.0).ground_homography(), carried.ground_points)
    assert np.abs(carried.image_points - truth).max() < 3.0


def test_a_frame_without_pitch_lines_cannot_be_tracked() -> None:
    cam0 = cam_at(0.0)
    names = [n for n in NAMES if cam0.visible(np.array([PITCH.landmarks[n]]), 10)[0]]
    cal = calibrate(PITCH, clicks(tuple(names), cam0), frame=0)
    tracker = CalibrationTracker(cal, picture(0.0))
    blank = np.full((360, 640, 3), 60, np.uint8)
    with pytest.raises(GeometryError, match=r"frame 1: .*re-anchor"):
        tracker.advance(1, blank)


def test_a_blank_anchor_picture_is_refused() -> None:
    cal = calibrate(PITCH, clicks(), frame=0)
    with pytest.raises(GeometryError, match="too few pitch features"):
        CalibrationTracker(cal, np.zeros((1080, 1920), np.uint8))
