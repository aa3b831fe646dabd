"""A ground drawing's homography at any frame of its range: carried from the calibration."""

from __future__ import annotations

import time

import numpy as np

from reviewtool.drawings.grounding import GroundCache, camera_motion_px, ground_at, project
from reviewtool.geometry.calibration import calibrate
from reviewtool.geometry.camera import PinholeCamera, draw_players, ground_texture, render_ground
from reviewtool.geometry.homography import apply
from tests.geometry.helpers import NAMES, PITCH, clicks

TEXTURE = ground_texture(PITCH, grass=0.6)
CIRCLE = np.array([[88 + 3 * np.cos(t), 34 + 3 * np.sin(t)]
                   for t in np.linspace(0, 2 * np.pi, 24)])  # a ground circle, 3 m radius


def cam_at(a: float) -> PinholeCamera:
    """A 1280 x 720 camera panning right and zooming in slowly as ``a`` goes 0 -> 1."""
    return PinholeCamera((60.0, -35.0, 20.0), (80 + 8 * a, 32 + 2 * a, 0.0),
                         1600 + 300 * a, 1280, 720)


def picture(a: float) -> np.ndarray:
    cam = cam_at(a)
    img = render_ground(cam, PITCH, TEXTURE)
    draw_players(img, cam, np.array([[85 + 3 * a, 30.0], [90 - 2 * a, 40.0]]))
    return np.repeat(img[..., None], 3, axis=2) if img.ndim == 2 else img


def anchor_at(frame: int):
    cam0 = cam_at(0.0)
    names = [n for n in NAMES if cam0.visible(np.array([PITCH.landmarks[n]]), 10)[0]]
    return calibrate(PITCH, clicks(tuple(names), cam0), frame=frame)


def truth(a: float) -> np.ndarray:
    """Where the circle really is in the picture at ``a``."""
    return apply(cam_at(a).ground_homography(), CIRCLE)


def test_a_circle_drawn_at_the_calibrated_frame_lands_on_the_pitch_a_few_frames_on() -> None:
    frames = {100 + k: picture(k / 40) for k in range(0, 11)}  # the camera pans: 10 frames
    anchor = anchor_at(100)
    started = time.perf_counter()
    g = ground_at(anchor, 110, frames.__getitem__)
    spent = time.perf_counter() - started
    assert g.matrix is not None and not g.still, g.reason
    assert np.abs(project(g, CIRCLE) - truth(10 / 40)).max() < 3.0
    assert 0 < g.drift_px < 6.0
    print(f"carried 10 frames through {len(frames)} pictures in {spent * 1000:.0f} ms")


def test_a_still_camera_keeps_the_anchor_homography_cheaply() -> None:
    still = picture(0.0)
    anchor = anchor_at(100)
    started = time.perf_counter()
    for f in (101, 130, 160):
        g = ground_at(anchor, f, lambda _n: still)
        assert g.still and g.matrix is not None
        assert np.abs(project(g, CIRCLE) - truth(0.0)).max() < 2.0
    per = (time.perf_counter() - started) / 3
    assert per < 0.5
    print(f"still check: {per * 1000:.0f} ms per frame")


def test_a_moved_camera_is_not_taken_for_still() -> None:
    anchor = anchor_at(0)
    assert camera_motion_px(anchor, picture(0.0), picture(0.05)) > 2.0


def test_the_cache_keeps_a_grounding_per_anchor_and_frame() -> None:
    anchor = anchor_at(5)
    cache = GroundCache()
    g = ground_at(anchor, 5, lambda _n: picture(0.0))
    cache.put(1, 7, g)
    assert cache.get(1, 7, 5) is g and cache.get(1, 8, 5) is None


def test_a_picture_that_cannot_be_tracked_hides_the_drawing_and_says_why() -> None:
    anchor = anchor_at(0)
    blank = np.full((720, 1280, 3), 60, np.uint8)  # a cut: no pitch lines at all
    g = ground_at(anchor, 4, lambda n: picture(0.0) if n == 0 else blank)
    assert g.matrix is None and not g.still and "re-anchor" in g.reason


def test_a_drift_beyond_the_limit_hides_the_drawing_rather_than_drawing_it_imprecisely(
        monkeypatch) -> None:
    from reviewtool.drawings import grounding
    monkeypatch.setattr(grounding, "MAX_DRIFT_PX", 0.05)  # any tracking drifts more
    g = ground_at(anchor_at(0), 3, lambda n: picture(n / 40))
    assert g.matrix is None and g.drift_px > 0.05 and "drifts" in g.reason
