"""The offside measurement: exact distance, the sign convention, the interval, the verdict."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewtool.geometry import perspective
from reviewtool.geometry.calibration import calibrate
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.offside import OffsideMeasurement, PlayerClicks, measure, verdict_of
from tests.geometry.helpers import PITCH, clicks, point, px

CAL = calibrate(PITCH, clicks())


def players(defender: tuple[float, float], attacker: tuple[float, float]) -> PlayerClicks:
    return PlayerClicks(point(defender), point(attacker))


def test_distance_is_exact_when_the_clicks_are_exact() -> None:
    m = measure(CAL, "right", 50, players((90.0, 30.0), (90.37, 44.0)),
                speeds_mps=(0.0, 0.0))
    assert m.distance_m == pytest.approx(0.37, abs=1e-6)
    assert m.defender_x == pytest.approx(90.0, abs=1e-6)
    lo, hi = m.calibration_interval_m
    assert lo < 0.37 < hi


def test_distance_is_positive_when_the_attacker_is_nearer_the_goal_line() -> None:
    ahead_right = measure(CAL, "right", 50, players((90, 30), (91, 40)), speeds_mps=(0, 0))
    assert ahead_right.distance_m == pytest.approx(1.0, abs=1e-6)
    # The same picture with the attack going the other way: the attacker is behind.
    towards_left = measure(CAL, "left", 50, players((90, 30), (91, 40)), speeds_mps=(0, 0))
    assert towards_left.distance_m == pytest.approx(-1.0, abs=1e-6)
    assert ahead_right.verdict == "offside" and towards_left.verdict == "onside"


@pytest.mark.parametrize(("lo", "hi", "verdict"), [
    (0.01, 0.3, "offside"), (1e-9, 0.3, "offside"), (0.0, 0.3, "too_close"),
    (-0.3, 0.0, "too_close"), (-0.3, -1e-9, "onside"), (-0.2, 0.2, "too_close")])
def test_verdict_at_the_boundaries(lo: float, hi: float, verdict: str) -> None:
    assert verdict_of(lo, hi) == verdict


def test_a_margin_inside_one_frames_movement_is_too_close_to_call() -> None:
    # 12 cm ahead at the kick frame; the two move 30 cm towards each other in one frame.
    kick = players((90.0, 30.0), (90.12, 44.0))
    nxt = players((90.15, 30.0), (89.97, 44.0))
    m = measure(CAL, "right", 50, kick, nxt)
    assert m.kick_change_m == pytest.approx(0.30, abs=1e-6)
    assert m.verdict == "too_close"
    assert m.verdict_text == "too close to call at 50 fps"
    assert m.interval_m[0] < 0 < m.interval_m[1]


def test_a_clear_margin_is_called_and_the_interval_adds_the_kick_change() -> None:
    kick = players((90.0, 30.0), (90.9, 44.0))
    nxt = players((90.1, 30.0), (91.0, 44.0))  # both ran 10 cm: the distance held
    m = measure(CAL, "right", 50, kick, nxt)
    assert m.verdict == "offside"
    assert m.kick_change_m == pytest.approx(0.0, abs=1e-6)
    # What is allowed for the kick point is the clicked change and its click noise.
    assert 0 < m.kick_bound_m < 0.3  # 4 clicks at ~4 cm per pixel here
    assert m.interval_m[0] < m.frame_interval_m[0] and m.frame_interval_m[1] < m.interval_m[1]
    assert max(m.frame_interval_m[0] - m.interval_m[0],
               m.interval_m[1] - m.frame_interval_m[1]) == pytest.approx(m.kick_bound_m)


def test_interlaced_material_halves_the_kick_interval() -> None:
    kick = players((90.0, 30.0), (90.3, 44.0))
    nxt = players((90.2, 30.0), (90.1, 44.0))
    frames = measure(CAL, "right", 25, kick, nxt)
    fields = measure(CAL, "right", 25, kick, nxt, interlaced=True)
    assert frames.kick_change_m == pytest.approx(0.4, abs=1e-6)
    assert fields.kick_change_m == pytest.approx(0.2, abs=1e-6)
    assert fields.verdict_text in ("offside", "too close to call at 25 fps (50 fields/s)")


def test_typed_speeds_replace_the_neighbouring_frame() -> None:
    m = measure(CAL, "right", 50, players((90, 30), (90.2, 44)), speeds_mps=(6.0, 8.0))
    assert m.kick_change_m == pytest.approx(14 / 50)
    assert m.verdict == "too_close"


def test_kick_between_this_frame_and_the_neighbour_is_one_sided() -> None:
    kick = players((90.0, 30.0), (90.5, 44.0))
    nxt = players((90.0, 30.0), (90.8, 44.0))
    either = measure(CAL, "right", 50, kick, nxt)
    between = measure(CAL, "right", 50, kick, nxt, kick_side="towards_neighbour")
    assert either.interval_m[0] < either.frame_interval_m[0] - 0.25
    assert between.interval_m[0] == pytest.approx(between.frame_interval_m[0])
    assert between.interval_m[1] > between.frame_interval_m[1] + 0.25


def test_the_kick_point_must_be_given() -> None:
    with pytest.raises(GeometryError, match="neighbouring frame, or type the players' speeds"):
        measure(CAL, "right", 50, players((90, 30), (91, 40)))


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"attack": "up"}, "attack must be"), ({"fps": 0}, "fps must be"),
    ({"fps": float("inf")}, "fps must be"), ({"speeds_mps": (5.0, 40.0)}, "speeds must be"),
    ({"kick_side": "before"}, "kick side")])
def test_bad_measurement_input(kwargs: dict, words: str) -> None:
    args = {"attack": "right", "fps": 50, "speeds_mps": (1.0, 1.0)} | kwargs
    with pytest.raises(GeometryError, match=words):
        measure(CAL, kick=players((90, 30), (91, 40)), **args)


def test_lines_run_across_the_pitch_through_each_player() -> None:
    m = measure(CAL, "right", 50, players((90.0, 30.0), (91.0, 44.0)), speeds_mps=(0, 0))
    for who, x in (("defender", 90.0), ("attacker", 91.0)):
        ends = CAL.to_ground(np.array(m.lines[who]))
        assert np.allclose(ends[:, 0], x, atol=1e-6)
        assert ends[:, 1].min() < 30 and ends[:, 1].max() > 44
    band = CAL.to_ground(np.array(m.lines["band"]))
    assert band[:, 0].min() == pytest.approx(90.0 + m.interval_m[0], abs=1e-6)
    assert band[:, 0].max() == pytest.approx(90.0 + m.interval_m[1], abs=1e-6)


def test_an_uncalibrated_angle_draws_nothing_on_the_ground() -> None:
    with pytest.raises(GeometryError, match="not calibrated"):
        perspective.across_pitch(None, 90.0)


def test_measurement_payload_names_its_kind() -> None:
    m = measure(CAL, "right", 50, players((90, 30), (91, 40)), speeds_mps=(0, 0))
    payload = m.to_json()
    assert payload["kind"] == "offside_measurement" and payload["verdict"] == "offside"
    assert payload["interval_m"] == list(m.interval_m)
    back = OffsideMeasurement.from_json(json.loads(json.dumps(payload)))
    assert back == m
    assert back.inputs["kick"]["defender"] == list(point((90, 30)))
    with pytest.raises(GeometryError, match="incomplete"):
        OffsideMeasurement.from_json({**payload, "verdict": "maybe"})
    with pytest.raises(GeometryError, match="not an offside measurement"):
        OffsideMeasurement.from_json({**payload, "version": 2})


def test_the_truth_lies_in_the_interval_for_most_realistic_clicks() -> None:
    """+-2 px on every click, 40 draws: the 95 % interval must hold the truth >= 90 % (a
    fixed seed: the same draws every run)."""
    rng = np.random.default_rng(12)
    truth_d, inside = 0.25, 0
    for _ in range(40):
        c = {n: list(np.add(p, rng.uniform(-2, 2, 2))) for n, p in clicks().items()}
        cal = calibrate(PITCH, c)
        pts = px([(90.0, 30.0), (90.25, 44.0)]) + rng.uniform(-2, 2, (2, 2))
        m = measure(cal, "right", 50, PlayerClicks(tuple(pts[0]), tuple(pts[1])),
                    speeds_mps=(0, 0))
        inside += m.frame_interval_m[0] <= truth_d <= m.frame_interval_m[1]
    assert inside >= 36


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-0.5, 0.5), min_size=20, max_size=20),
       st.floats(-1.5, 1.5), st.floats(80.0, 100.0))
def test_small_click_errors_always_stay_inside_the_interval(
        shifts: list[float], margin: float, defender_x: float) -> None:
    """Clicks off by at most a third of the assumed noise can never leave the interval."""
    d = np.array(shifts).reshape(10, 2)
    c = {n: list(np.add(p, d[i])) for i, (n, p) in enumerate(clicks().items())}
    cal = calibrate(PITCH, c)
    pts = px([(defender_x, 30.0), (defender_x + margin, 44.0)]) + d[8:]
    m = measure(cal, "right", 50, PlayerClicks(tuple(pts[0]), tuple(pts[1])),
                speeds_mps=(0, 0))
    assert m.frame_interval_m[0] <= margin <= m.frame_interval_m[1]


def test_tracking_drift_widens_the_interval_where_the_players_are() -> None:
    kick = players((90.0, 30.0), (90.5, 44.0))
    still = measure(CAL, "right", 50, kick, speeds_mps=(0, 0))
    carried = CAL.carried(CAL.matrix, 500, drift_m=0.05, drift_px=2.0)
    moved = measure(carried, "right", 50, kick, speeds_mps=(0, 0))
    added = 2.0 * sum(CAL.along_pitch_per_pixel(p) for p in (kick.defender, kick.attacker))
    assert added > 0
    assert moved.frame_interval_m[0] == pytest.approx(still.frame_interval_m[0] - added)
    assert moved.frame_interval_m[1] == pytest.approx(still.frame_interval_m[1] + added)


def test_a_neighbour_further_away_divides_the_change_and_its_noise() -> None:
    kick = players((90.0, 30.0), (90.5, 44.0))
    next_one = players((90.1, 30.0), (90.45, 44.0))  # the distance shrinks 15 cm a frame
    fifth = players((90.5, 30.0), (90.25, 44.0))  # ... and 75 cm over five frames
    one = measure(CAL, "right", 50, kick, next_one)
    five = measure(CAL, "right", 50, kick, fifth, neighbour_gap=5)
    assert one.kick_change_m == pytest.approx(0.15, abs=1e-6)
    assert five.kick_change_m == pytest.approx(0.15, abs=1e-6)
    assert five.kick_bound_m < one.kick_bound_m
    with pytest.raises(GeometryError, match="1 to 10 frames away"):
        measure(CAL, "right", 50, kick, fifth, neighbour_gap=0)
