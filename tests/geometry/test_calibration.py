"""Calibration: exact when the clicks are exact, and every bad input refused in one line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from reviewtool.geometry.calibration import Calibration, calibrate
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.pitch import Pitch
from tests.geometry.helpers import CAMERA, NAMES, PITCH, clicks

GRID = np.array([[x, y] for x in np.linspace(70, 105, 8) for y in np.linspace(0, 68, 8)])


def _same_map(a: np.ndarray, b: np.ndarray) -> bool:
    """Two homographies put the pitch at the same pixels (to a thousandth of one)."""
    from reviewtool.geometry.homography import apply

    return float(np.abs(apply(a, GRID) - apply(b, GRID)).max()) < 1e-3


def test_exact_clicks_give_the_true_homography() -> None:
    cal = calibrate(PITCH, clicks(), clip="main.mp4", frame=412)
    assert _same_map(cal.matrix, CAMERA.ground_homography())
    assert max(cal.error_px.values()) < 1e-3
    assert max(cal.error_m.values()) < 1e-4
    ground = np.array([[90.0, 30.0], [100.0, 50.0]])
    assert np.allclose(cal.to_ground(cal.to_image(ground)), ground)


def test_four_landmarks_fit_exactly_and_say_a_wrong_click_cannot_show() -> None:
    cal = calibrate(PITCH, clicks(NAMES[:4]))
    assert _same_map(cal.matrix, CAMERA.ground_homography())
    assert any("4 landmarks" in n for n in cal.notes)


def test_the_pitch_size_entered_is_used() -> None:
    pitch = Pitch(100, 64)
    from reviewtool.geometry.camera import PinholeCamera

    cam = PinholeCamera((65.0, -30.0, 18.0), (88.0, 32.0, 0.0), 2600.0)
    cal = calibrate(pitch, clicks(NAMES, cam, pitch))
    assert _same_map(cal.matrix, cam.ground_homography())


def test_perturbed_clicks_report_their_error_in_pixels_and_on_the_ground() -> None:
    rng = np.random.default_rng(3)
    noisy = {n: [p[0] + rng.uniform(-2, 2), p[1] + rng.uniform(-2, 2)]
             for n, p in clicks().items()}
    cal = calibrate(PITCH, noisy)
    assert 0 < max(cal.error_px.values()) < 4
    assert 0 < max(cal.error_m.values()) < 0.3
    assert list(cal.error_px) == list(NAMES)


def test_one_wrong_click_is_refused_naming_the_landmark_to_redo() -> None:
    c = clicks()
    c["goal_area_right_top"] = [c["goal_area_right_top"][0] + 25, c["goal_area_right_top"][1]]
    with pytest.raises(GeometryError, match=r"goal_area_right_top .* click goal_area_right_top "
                                            "again") as e:
        calibrate(PITCH, c)
    assert e.value.landmark == "goal_area_right_top"


def test_a_wrong_click_among_five_is_still_refused() -> None:
    c = clicks(NAMES[:5])
    c["penalty_mark_right"] = [c["penalty_mark_right"][0], c["penalty_mark_right"][1] + 30]
    with pytest.raises(GeometryError, match=r"click .* again"):
        calibrate(PITCH, c)


def test_fewer_than_four_landmarks() -> None:
    with pytest.raises(GeometryError, match="at least 4 landmarks, got 3: click 1 more"):
        calibrate(PITCH, clicks(NAMES[:3]))


def test_unknown_landmark_name() -> None:
    c = clicks()
    c["penalty_spot_right"] = c.pop("penalty_mark_right")
    with pytest.raises(GeometryError, match="unknown landmark 'penalty_spot_right'"):
        calibrate(PITCH, c)


def test_landmarks_in_a_line_on_the_pitch() -> None:
    names = ("corner_right_top", "goal_post_right_top", "goal_post_right_bottom",
             "goal_area_right_goal_line_bottom", "penalty_area_right_goal_line_top")
    with pytest.raises(GeometryError, match="lie in one line on the pitch"):
        calibrate(PITCH, clicks(names))


def test_three_in_a_line_and_one_off_is_still_too_few() -> None:
    names = ("goal_post_right_top", "goal_post_right_bottom", "goal_area_right_goal_line_top",
             "penalty_mark_right")
    with pytest.raises(GeometryError, match="lie in one line"):
        calibrate(PITCH, clicks(names))


def test_landmarks_clicked_in_a_line_in_the_picture() -> None:
    c = clicks(NAMES[:5])
    pts = np.array(list(c.values()))
    a, b = pts[0], pts[1]
    for i, n in enumerate(c):  # squash every click onto the line through the first two
        t = np.dot(pts[i] - a, b - a) / np.dot(b - a, b - a)
        c[n] = list(a + t * (b - a) + [0.0, 0.5 * (i % 2)])
    with pytest.raises(GeometryError, match="in the picture"):
        calibrate(PITCH, c)


def test_mirrored_names_are_refused() -> None:
    c = clicks()
    mirrored = {n.replace("top", "TMP").replace("bottom", "top").replace("TMP", "bottom"): p
                for n, p in c.items()}
    with pytest.raises(GeometryError, match="mirrored"):
        calibrate(PITCH, mirrored)


def test_a_landmark_on_the_wrong_side_is_named() -> None:
    c = clicks()
    c["goal_area_right_bottom"], c["goal_area_right_top"] = (c["goal_area_right_top"],
                                                             c["goal_area_right_bottom"])
    with pytest.raises(GeometryError, match=r"click goal_area_right_(top|bottom) again"):
        calibrate(PITCH, c)


def test_two_landmarks_clicked_at_the_same_place() -> None:
    c = clicks()
    c["goal_area_right_top"] = list(c["penalty_mark_right"])
    with pytest.raises(GeometryError, match="same place"):
        calibrate(PITCH, c)


@pytest.mark.parametrize("bad", [[1.0], "here", [1.0, float("nan")], [True, 3.0], None])
def test_a_click_that_is_not_a_pixel(bad: object) -> None:
    c = clicks()
    c["penalty_mark_right"] = bad  # type: ignore[assignment]
    with pytest.raises(GeometryError, match="landmark penalty_mark_right: expected a pixel"):
        calibrate(PITCH, c)


def test_calibration_payload_round_trips_through_json() -> None:
    cal = calibrate(PITCH, clicks(), clip="main.mp4", frame=412)
    payload = json.loads(json.dumps(cal.to_json()))
    back = Calibration.from_json(payload)
    assert back.to_json() == cal.to_json()
    assert np.array_equal(back.matrix, cal.matrix)
    assert (back.clip, back.frame, back.names) == ("main.mp4", 412, list(NAMES))


@pytest.mark.parametrize("change", [{"kind": "drawing"}, {"version": 9}, {"matrix": [[1, 0]]},
                                    {"pitch": {"length": 10, "width": 5}}])
def test_a_broken_payload_is_refused(change: dict) -> None:
    payload = calibrate(PITCH, clicks()).to_json()
    payload.update(change)
    with pytest.raises(GeometryError):
        Calibration.from_json(payload)
    payload = calibrate(PITCH, clicks()).to_json()
    del payload["landmarks"]
    with pytest.raises(GeometryError, match="incomplete"):
        Calibration.from_json(payload)


@pytest.mark.parametrize("position", [(52.5, 100.0, 25.0), (118.0, 34.0, 12.0),
                                      (95.0, -15.0, 8.0), (80.0, 34.0, 60.0)])
def test_any_camera_above_the_ground_calibrates(position: tuple[float, float, float]) -> None:
    """Far side, behind the goal, low on the near side, straight above: the orientation check
    holds for every camera above the ground, not only the main one."""
    from reviewtool.geometry.camera import PinholeCamera

    cam = PinholeCamera(position, (95.0, 34.0, 0.0), 1500.0)
    names = tuple(n for n in PITCH.landmarks if "right" in n
                  and cam.visible(np.array([PITCH.landmarks[n]]), 10)[0])
    assert len(names) >= 6
    cal = calibrate(PITCH, clicks(names, cam))
    assert _same_map(cal.matrix, cam.ground_homography())
