"""The station model: layouts, the main angle, and each angle's frame at or before the shared
instant (exact, with offsets, drift and mixed frame rates)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reviewtool.review.station_view import (
    FrameTimes,
    StationAngle,
    StationError,
    StationView,
    frame_at_or_before,
    short_names,
    sync_starts,
)
from reviewtool.video.timemap import TimeMap


def times_of(fps: float, count: int) -> FrameTimes:
    pts = np.arange(count) / fps

    def at_or_before(t: float) -> int:
        return max(0, min(count - 1, int(np.searchsorted(pts, t, side="right")) - 1))

    return FrameTimes(count, lambda n: float(pts[n]), at_or_before)


def station(n: int = 4, layout: str = "grid") -> StationView:
    view = StationView(layout)
    view.set_angles([StationAngle(k, f"angle {k}", TimeMap(0.1 * k, 1.0)) for k in
                     range(1, n + 1)])
    return view


def test_layouts_place_the_main_angle_first_and_keep_the_instant() -> None:
    view = station()
    view.move_to(1, 2.0)
    assert [a.key for a in view.shown()] == [1, 2, 3, 4]
    for layout, places in (("one", 1), ("two", 2), ("main_plus", 4), ("grid", 4)):
        view.set_layout(layout)
        assert len(view.shown()) == places
        assert view.shown()[0].key == 1
        assert view.instant == pytest.approx(2.1)
    view.set_layout("main_plus")
    assert view.cells()[0][1].rows == 3 and view.cells()[1][1].column == 3


def test_a_new_main_angle_swaps_places_with_the_old_one() -> None:
    view = station()
    assert view.set_main(3) == 2
    assert [a.key for a in view.angles] == [3, 2, 1, 4]
    assert view.set_main(3) is None
    assert view.set_main_place(3) == 4
    assert view.main == 4
    assert view.set_main_place(9) is None
    with pytest.raises(StationError, match="angle 7"):
        view.set_main(7)


def test_unknown_layout_and_duplicate_clips_are_refused() -> None:
    with pytest.raises(StationError, match="no layout called 'three'"):
        StationView("three")
    with pytest.raises(StationError, match="same clip"):
        StationView().set_angles([StationAngle(1, "a"), StationAngle(1, "b")])


def test_angles_that_come_and_go_keep_the_order_of_those_that_stay() -> None:
    view = station()
    view.set_main(3)
    view.set_angles([StationAngle(k, str(k), TimeMap()) for k in (1, 3, 4, 5)])
    assert [a.key for a in view.angles] == [3, 1, 4, 5]
    view.set_angles([StationAngle(k, str(k), TimeMap()) for k in (1, 4)])
    assert view.main == 1


def test_unsynced_and_failed_angles_are_not_driven() -> None:
    view = station()
    view.update(2, time_map=None)
    view.update(3, error="cannot be opened")
    assert [a.key for a in view.followers()] == [4]
    view.update(1, time_map=None)
    assert view.followers() == ()
    assert view.frame_at(2, times_of(25, 100), 1.0) is None


def test_frames_at_or_before_the_instant_with_offset_drift_and_mixed_rates() -> None:
    """Angle 2 starts 1.37 s later and runs at 1.0002; angle 3 is 25 fps, the main 50 fps."""
    main, late, slow = TimeMap(), TimeMap(1.37, 1.0002), TimeMap(-0.5, 1.0)
    t50, t25 = times_of(50, 1000), times_of(25, 500)
    for instant in np.linspace(0, 15, 20):
        for tm, times, fps in ((main, t50, 50), (late, t50, 50), (slow, t25, 25)):
            n = frame_at_or_before(tm, times, float(instant))
            clip_t = tm.from_reference(float(instant))
            if clip_t < 0:
                assert n is None
                continue
            expected = math.floor(clip_t * fps + 1e-6)
            assert n == min(expected, times.count - 1), (instant, tm)
            assert tm.to_reference(times.seconds(n)) <= instant + 1e-6


def test_a_frame_exactly_at_the_instant_is_that_frame_despite_rounding() -> None:
    tm = TimeMap(1.37, 1.0002)
    times = times_of(50, 1000)
    for n in (0, 1, 17, 499, 998):
        assert frame_at_or_before(tm, times, tm.to_reference(times.seconds(n))) == n


def test_the_sync_dialog_starts_at_the_main_angle_s_instant() -> None:
    ref, late, loose = TimeMap(), TimeMap(0.4, 1.0), None  # the main angle: 0.8 s on "late"
    starts = sync_starts({1: ref, 2: late, 3: loose}, 2, 0.8)
    assert starts[2] == (TimeMap(), 0.8)  # the main angle: its own frame
    assert starts[1] == (ref, pytest.approx(1.2))  # synced: at the shared instant
    assert starts[3] == (TimeMap(), 0.8)  # unsynced: the same clip time
    assert sync_starts({1: ref, 2: None}, 2, 0.5) == {1: (TimeMap(), 0.5), 2: (TimeMap(), 0.5)}


def test_a_new_main_angle_showing_the_instant_keeps_it() -> None:
    """A new main angle opens on its frame at or before the shared instant: the instant
    stays (it used to become that frame's start, so switching the main angle back and forth
    moved every angle back a frame each time); a step still moves it."""
    view = station(2)
    view.move_to(1, 2.0)  # angle 1 (offset 0.1): instant 2.1
    view.set_main(2)  # angle 2 (offset 0.2) shows its frame at or before: clip time 1.9 ...
    for _ in range(5):  # ... its 25 fps picture from 1.88 lasts until 1.92
        assert view.move_to(2, 1.88, until=1.92) == pytest.approx(2.1)
    assert view.move_to(2, 1.92, until=1.96) == pytest.approx(2.12)  # the next frame: a step
    assert view.move_to(2, 1.88, until=1.92) == pytest.approx(2.08)  # and back
    assert view.move_to(2, 1.5) == pytest.approx(1.7)  # without its length: it moves


def test_short_names_drop_what_every_angle_s_name_shares() -> None:
    demo = [f"atalanta-dortmund-{n}-v2" for n in ("broadcast", "reverse", "behind-goal")]
    assert short_names(demo) == ["broadcast", "reverse", "behind-goal"]
    suffix = ["reverse_camera_1_2026-11-28", "goal_camera_2_2026-11-28"]
    assert short_names(suffix) == ["reverse_camera_1", "goal_camera_2"]
    assert short_names(["wide", *suffix]) == ["wide", *suffix]  # nothing shared by all
    assert short_names(["cam-a", "cam-ab"]) == ["a", "ab"]  # cut at a separator only
    assert short_names(["cam-a", "cam-a"]) == ["a", "a"]
    assert short_names(["only-one"]) == ["only-one"]



def test_a_place_freed_by_a_removal_is_filled_by_synced_angles_only() -> None:
    synced = [StationAngle(k, f"a{k}", TimeMap(0.1 * k)) for k in (1, 2, 3, 4, 5)]
    other = StationAngle(6, "other")  # another attack: no time map
    view = StationView("grid")
    view.set_angles([*synced, other])
    assert [a.key for a in view.shown()] == [1, 2, 3, 4]
    view.set_angles([synced[0], synced[1], synced[3], synced[4], other])  # 3 removed
    assert [a.key for a in view.shown()] == [1, 2, 4, 5]  # a synced angle fills it
    view.set_angles([synced[0], synced[3], synced[4], other])  # 2 removed: none left
    assert [a.key for a in view.shown()] == [1, 4, 5]  # the place stays empty
    view.set_layout("main_plus")
    assert [a.key for a in view.shown()] == [1, 4, 5]
    assert view.set_main(6) is not None and view.shown()[0].key == 6  # chosen as the main
    view.set_main(1)
    assert [a.key for a in view.shown()] == [1, 4, 5]
    view.set_angles([synced[0], synced[1], synced[3], synced[4], other])  # 2 back
    assert [a.key for a in view.shown()] == [1, 2, 4, 5]
    view.set_angles([synced[0], synced[3], synced[4],
                     StationAngle(6, "other", TimeMap(2.0))])  # 2 out, "other" synced now
    assert [a.key for a in view.shown()] == [1, 4, 5, 6]
    assert view.set_main_place(3) == 6 and view.main == 6


def test_an_unsynced_angle_keeps_its_place_and_comes_back_to_it() -> None:
    a, b, c = StationAngle(1, "a", TimeMap()), StationAngle(2, "b"), StationAngle(3, "c")
    d = StationAngle(4, "d", TimeMap(0.5))
    view = StationView("two")
    view.set_angles([a, b, c, d])
    assert [x.key for x in view.shown()] == [1, 2]  # b had a place: it keeps it
    view.set_angles([a, b, d])  # c (not shown) removed
    assert [x.key for x in view.shown()] == [1, 2]
    view.set_angles([a, d])  # b removed: d, synced, takes the place
    assert [x.key for x in view.shown()] == [1, 4]
    view.set_angles([a, b, d])  # b's removal undone: its place again
    assert [x.key for x in view.shown()] == [1, 2]
