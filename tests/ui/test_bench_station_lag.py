"""The station benchmark's measure of how far each follower is behind the main angle while
playing (``scripts/bench_station.py``).

A follower once measured 62 frames behind at the start of playback: the measure looked only at
the pictures shown since playback began, so a follower whose first answer came after the main
angle's second frame counted as showing frame -1 (its frame at the instant, 61, plus one). It
was showing frame 60, one behind, from before playback began."""

from __future__ import annotations

import pytest


@pytest.fixture()
def bench_station(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from tests.test_scripts import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import bench_station

    return bench_station


def test_a_follower_still_showing_its_frame_from_rest_is_one_behind(bench_station) -> None:  # type: ignore[no-untyped-def]
    main = [(1.0, 51), (2.0, 52), (3.0, 53), (4.0, 54)]  # main frames and when they came
    # the follower's frame at an instant is the main angle's + 10 (it started 0.2 s earlier)
    follower = [(0.5, 60),  # on screen when playing began
                (2.5, 62), (3.1, 63), (3.9, 65)]  # its answers (61 was dropped)
    lag = bench_station.follower_lag(main, lambda n: n / 50, follower,
                                     lambda t: round(t * 50) + 10)
    # main 51: 60 for 61 (one behind); 52: 62; 53: 65 is later than 63 (counted as such)
    assert lag == {"exact": 1, "of": 3, "blank": 0, "max_frames_behind": 1,
                   "worst_at_main_frame": 51, "later_than_main": 1, "frames_shown": 3}


def test_a_follower_with_no_picture_yet_is_counted_blank_not_behind(bench_station) -> None:  # type: ignore[no-untyped-def]
    main = [(1.0, 0), (2.0, 1), (3.0, 2), (4.0, 3)]
    follower = [(0.5, -1), (3.5, 2)]  # no picture when playing began (it had none at rest)
    lag = bench_station.follower_lag(main, lambda n: n / 50, follower,
                                     lambda t: None if t < 0.02 else round(t * 50))
    # main 0: it has no frame; 1: nothing on screen yet; 2: its frame 2
    assert (lag["of"], lag["blank"], lag["exact"], lag["max_frames_behind"]) == (2, 1, 1, 0)
