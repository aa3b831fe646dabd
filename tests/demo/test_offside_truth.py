"""The demo's offside moments against the geometry core: clicks at the true pixels of the
landmarks and of the players' front feet (+-2 px) give "offside" for the 12 cm moment and
"too close to call" for the one inside a frame's movement; the lines are drawn where the
landmarks are, so they can be clicked."""

from __future__ import annotations

import numpy as np
import pytest

from reviewtool.demo.draw import draw_scene
from reviewtool.demo.offside import FPS, MOMENTS, SIZE, OffsideMoment
from reviewtool.geometry.headless import run

CLEAR, CLOSE = MOMENTS
DRAWS = 10  # 20 draws measured: 20 of 20 offside, 60 of 60 in another seed set: 59


def measurement(m: OffsideMoment, jitter: float = 0.0, seed: int = 0) -> dict:
    """The ``reviewtool offside`` input: true pixels moved by up to ``jitter`` px each way."""
    rng = np.random.default_rng(seed)

    def click(p: tuple[float, float]) -> list[float]:
        return [p[0] + rng.uniform(-jitter, jitter), p[1] + rng.uniform(-jitter, jitter)]

    truth = m.truth()
    frames = [m.feet_pixels(truth.kick_frame), m.feet_pixels(truth.kick_frame - 1)]
    return {"pitch": {"length": 105, "width": 68}, "attack": truth.attack, "fps": FPS,
            "landmarks": {name: click(p) for name, p in m.landmark_pixels().items()},
            "frames": [{who: click(p) for who, p in f.items()} for f in frames]}


def test_the_truth_of_each_moment() -> None:
    clear, close = CLEAR.truth(), CLOSE.truth()
    assert clear.margin_m == pytest.approx(0.12) and clear.verdict == "offside"
    assert close.margin_m == pytest.approx(0.04) and close.verdict == "too_close"
    assert close.change_per_frame_m > 2 * close.margin_m > 0  # inside one frame's movement
    assert clear.change_per_frame_m < clear.margin_m / 3
    for t in (clear, close):  # the ball is played between two frames, not on one
        assert (t.kick_frame - 1) / FPS < t.kick_t < t.kick_frame / FPS
        assert t.attacker[0] - t.defender[0] == pytest.approx(t.margin_m)
    for m in MOMENTS:  # the defender is the second-last: only the goalkeeper is deeper
        deeper = [f for f in m.figures if f.team == "BVB"
                  and f.position(m.kick_t)[0] >= m.defender.position(m.kick_t)[0]]
        assert sorted(f.number for f in deeper) == sorted([1, m.defender.number])
        assert m.ball(m.kick_t)[0] < m.defender.position(m.kick_t)[0]  # ball behind him


def test_exact_clicks_measure_the_true_distance() -> None:
    for m in MOMENTS:
        truth = m.truth()
        _, result = run(measurement(m))
        at_frame = truth.margin_m + (truth.kick_frame / FPS - truth.kick_t) * (
            m.attacker.velocity[0] - m.defender.velocity[0])
        assert result.distance_m == pytest.approx(at_frame, abs=0.005)
        assert result.verdict == truth.verdict
        lo, hi = result.interval_m
        assert lo <= truth.margin_m <= hi  # the interval holds the margin at the kick


def test_clicks_within_two_pixels_give_the_verdict() -> None:
    clear = [run(measurement(CLEAR, 2.0, seed))[1].verdict for seed in range(DRAWS)]
    close = [run(measurement(CLOSE, 2.0, seed))[1].verdict for seed in range(DRAWS)]
    assert clear.count("offside") >= DRAWS - 1 and "onside" not in clear  # a 95 % interval
    assert close == ["too_close"] * DRAWS  # never offside or onside inside a frame


def test_the_landmarks_are_painted_where_the_truth_says() -> None:
    m = CLEAR
    picture = draw_scene(m, m.camera(), m.kick_t, True).max(axis=2)
    marks = m.landmark_pixels()
    assert len(marks) >= 8 and (picture.shape[1], picture.shape[0]) == SIZE
    for name, (u, v) in marks.items():
        if name.startswith("goal_post"):
            continue  # the posts stand on the line; their foot is under the net's shade
        patch = picture[round(v) - 2:round(v) + 3, round(u) - 2:round(u) + 3]
        assert patch.max() > 200, name  # a white line (or the spot) under the landmark
