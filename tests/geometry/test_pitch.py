"""The pitch: IFAB positions of the landmarks, the size limits, the camera conventions."""

from __future__ import annotations

import numpy as np
import pytest

from reviewtool.demo.render import HEIGHT, WIDTH, Camera
from reviewtool.geometry.camera import PinholeCamera
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.pitch import Pitch, point_of


def test_landmarks_follow_law_1_on_a_105_by_68_pitch() -> None:
    lm = Pitch().landmarks
    assert lm["penalty_mark_right"] == (94.0, 34.0)
    assert lm["penalty_mark_left"] == (11.0, 34.0)
    assert lm["penalty_area_right_top"] == pytest.approx((88.5, 54.16))
    assert lm["penalty_area_left_bottom"] == pytest.approx((16.5, 13.84))
    assert lm["goal_area_right_goal_line_bottom"] == pytest.approx((105.0, 24.84))
    assert lm["goal_post_left_top"] == pytest.approx((0.0, 37.66))
    assert lm["halfway_line_bottom"] == (52.5, 0.0)
    assert lm["centre_circle_top"] == pytest.approx((52.5, 43.15))
    assert np.hypot(*(np.subtract(lm["penalty_arc_right_top"], lm["penalty_mark_right"]))) \
        == pytest.approx(9.15)


def test_landmarks_are_mirror_images_left_and_right() -> None:
    pitch = Pitch(100, 64)
    for name, (x, y) in pitch.landmarks.items():
        if "_left" in name:
            mx, my = pitch.landmarks[name.replace("_left", "_right")]
            assert (mx, my) == pytest.approx((100 - x, y))


def test_areas_keep_their_size_when_the_pitch_changes() -> None:
    small = Pitch(100, 64).landmarks
    assert small["penalty_area_right_top"] == pytest.approx((83.5, 32 + 20.16))
    assert small["corner_right_top"] == (100, 64)


@pytest.mark.parametrize(("length", "width", "words"), [
    (80, 60, "length must be 90 to 120"), (105, 95, "width must be 45 to 90"),
    (90, 90, "more than its width"), (float("nan"), 68, "length"), ("105", 68, "length")])
def test_impossible_pitches_are_refused(length: object, width: object, words: str) -> None:
    with pytest.raises(GeometryError, match=words):
        Pitch(length, width)  # type: ignore[arg-type]


def test_unknown_landmark_suggests_the_nearest_names() -> None:
    with pytest.raises(GeometryError, match="did you mean penalty_mark_right"):
        point_of(Pitch(), "penalty_mark_rigth")


def _distance_to_polyline(p: np.ndarray, line: np.ndarray) -> float:
    a, b = line[:-1], line[1:]
    t = np.clip(np.einsum("ij,ij->i", p - a, b - a) / np.einsum("ij,ij->i", b - a, b - a), 0, 1)
    return float(np.min(np.linalg.norm(a + t[:, None] * (b - a) - p, axis=1)))


def test_markings_pass_through_the_landmarks() -> None:
    pitch = Pitch()
    lines = [np.array(line, float) for line in pitch.markings(arc_steps=400)]
    for name, p in pitch.landmarks.items():
        if name in ("centre_mark", "penalty_mark_left", "penalty_mark_right"):
            continue  # marks are spots, not lines
        assert min(_distance_to_polyline(np.array(p), ln) for ln in lines) < 0.01, name


def test_pinhole_camera_matches_the_demo_renderer() -> None:
    demo = Camera((95.0, 34.0, 0.0))
    cam = PinholeCamera(tuple(demo.pos), (95.0, 34.0, 0.0), demo.focal, WIDTH, HEIGHT)
    pts = np.array([[94, 34, 0], [105, 30.34, 0], [88.5, 13.84, 0], [100, 36, 1.8]])
    assert np.allclose(cam.project(pts), demo.project(pts))
