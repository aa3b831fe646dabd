"""Drawings as data and as outlines: the checks, the frame range, and perspective drawings
mapped exactly through a known homography."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reviewtool.drawings.model import Drawing, DrawingError, Style
from reviewtool.drawings.shapes import SAMPLES, NotCalibrated, outline, to_ground
from tests.drawings.helpers import CAMERA, drawing, front_positive


def on_ground(xy: np.ndarray) -> np.ndarray:
    return CAMERA.project(np.column_stack([xy, np.zeros(len(xy))]))


def test_a_drawing_shows_only_inside_its_frame_range_and_on_its_angle() -> None:
    d = drawing(first=10, last=20, clip=2)
    assert [f for f in range(0, 30) if d.shows_at(2, f)] == list(range(10, 21))
    assert not d.shows_at(1, 15)


@pytest.mark.parametrize("change, words", [
    ({"kind": "blob"}, "not a kind of drawing"),
    ({"first": 30, "last": 20}, "not a range of frames"),
    ({"points": ((1.0, 1.0),)}, "needs 2 points"),
    ({"points": ((1.0, 1.0), (1.2, 1.0))}, "too small to see"),
    ({"points": ((1.0, math.nan), (50.0, 1.0))}, "finite"),
    ({"kind": "text", "points": ((1.0, 1.0),), "text": "  "}, "needs some text"),
    ({"kind": "freehand", "space": "ground"}, "drawn on the picture, not on the ground"),
    ({"space": "sky"}, "neither 'image' nor 'ground'"),
])
def test_a_drawing_that_cannot_be_drawn_is_refused_in_one_line(change, words) -> None:
    base = drawing()
    fields = {**base.__dict__, **change}
    with pytest.raises(DrawingError, match=words) as e:
        Drawing(**fields)
    assert "\n" not in str(e.value)


def test_style_is_checked() -> None:
    with pytest.raises(DrawingError, match="#rrggbb"):
        Style("yellow", 3.0)
    with pytest.raises(DrawingError, match="line width"):
        Style("#ffffff", 0)


def test_json_round_trip_and_bad_json() -> None:
    d = drawing("text", ((5.5, 6.25),), text="Here", colour="#ff0000")
    assert Drawing.from_json(d.to_json()) == d
    broken = {k: v for k, v in d.to_json().items() if k != "points"}
    with pytest.raises(DrawingError, match="no 'points'"):
        Drawing.from_json(broken)
    with pytest.raises(DrawingError, match="not a whole number"):
        Drawing.from_json({**d.to_json(), "first": "10"})


def test_a_ground_circle_is_drawn_exactly_in_the_cameras_perspective() -> None:
    h = front_positive()
    d = drawing("circle", ((60.0, 30.0), (69.15, 30.0)), space="ground")
    out = outline(d, 15, lambda clip, frame: h)
    assert out.closed and len(out.lines) == 1 and len(out.lines[0]) == SAMPLES
    t = np.linspace(0, 2 * math.pi, SAMPLES, endpoint=False)
    truth = on_ground(np.column_stack([60 + 9.15 * np.cos(t), 30 + 9.15 * np.sin(t)]))
    assert np.max(np.abs(out.lines[0] - truth)) < 1e-6
    # in perspective: the far side of the circle is flatter than the near side is wide
    width = np.ptp(out.lines[0][:, 0])
    height = np.ptp(out.lines[0][:, 1])
    assert height < 0.8 * width


def test_a_ground_arrow_and_its_head_lie_on_the_pitch() -> None:
    h = front_positive()
    d = drawing("arrow", ((50.0, 20.0), (70.0, 40.0)), space="ground")
    out = outline(d, 15, lambda clip, frame: h)
    assert np.allclose(out.lines[0][[0, -1]], on_ground(np.array([[50, 20], [70, 40]])),
                       atol=1e-6)
    tip = out.heads[0][0]
    assert np.allclose(tip, on_ground(np.array([[70.0, 40.0]]))[0], atol=1e-6)


def test_a_ground_drawing_follows_the_homography_of_the_frame_shown() -> None:
    h0 = front_positive()
    h1 = np.array([[1, 0, 40], [0, 1, -10], [0, 0, 1.0]]) @ h0  # the camera panned
    source = {15: h0, 16: h1}
    d = drawing("line", ((50.0, 20.0), (70.0, 40.0)), space="ground")
    a = outline(d, 15, lambda clip, frame: source[frame]).lines[0]
    b = outline(d, 16, lambda clip, frame: source[frame]).lines[0]
    assert np.allclose(b - a, [40, -10])


def test_a_ground_drawing_without_a_calibration_is_not_drawn() -> None:
    d = drawing("ellipse", ((50.0, 20.0), (60.0, 25.0)), space="ground")
    with pytest.raises(NotCalibrated, match="angle 1 is not calibrated at frame 15"):
        outline(d, 15, lambda clip, frame: None)
    with pytest.raises(NotCalibrated):
        outline(d, 15, None)


def test_ground_behind_the_camera_is_cut_not_drawn_through_the_sky() -> None:
    h = front_positive()
    # a line running from the pitch to well behind the camera (which stands at y = -30)
    d = drawing("line", ((60.0, 30.0), (60.0, -80.0)), space="ground")
    out = outline(d, 15, lambda clip, frame: h)
    for run in out.lines:
        assert np.all(np.abs(run) < 1e5)
    # every point drawn is the image of a ground point in front of the camera
    pts = np.vstack(out.lines)
    g = to_ground(h, pts)
    assert g is not None and np.all(CAMERA.in_front(np.column_stack([g, np.zeros(len(g))])))
    assert g[:, 1].min() > -40.0 and g[:, 1].max() == pytest.approx(30.0)


def test_a_click_above_the_horizon_is_not_on_the_ground() -> None:
    h = front_positive()
    assert to_ground(h, np.array([[640.0, 700.0]])) is not None
    assert to_ground(h, np.array([[640.0, -2000.0]])) is None
    g = to_ground(h, on_ground(np.array([[61.0, 33.0]])))
    assert g is not None and np.allclose(g, [[61.0, 33.0]])


def test_image_drawings_hit_testing() -> None:
    arrow = outline(drawing("arrow", ((0.0, 0.0), (100.0, 0.0))), 15)
    assert arrow.distance(50, 3) == pytest.approx(3)
    assert arrow.distance(90, 2) == 0  # on the head
    lens = outline(drawing("magnifier", ((50.0, 50.0), (80.0, 50.0))), 15)
    assert lens.lens == (50.0, 50.0, 30.0) and lens.distance(60, 60) == 0
    spot = outline(drawing("spotlight", ((0.0, 0.0), (40.0, 80.0))), 15)
    assert spot.hole is not None and spot.distance(20, 40) == 0
    text = outline(drawing("text", ((7.0, 8.0),), text="Look"), 15)
    assert text.label == (7.0, 8.0)
