"""What a third VAR walk-through of the station met (issue 11 §3), through real widgets: the
match clock carried from an angle not on screen, the view keys on the angle clicked last, a
caption that never names a frame not on screen, the status bar's clock never hidden by a
message, a zoomed angle kept in its place, and a not-yet-started angle's timeline."""

from __future__ import annotations

from tests.ui.test_station import (  # noqa: F401  (fixtures)
    TIMEOUT,
    all_at,
    angle_clips,
    station_window,
)
from ui.main_window import ReviewWindow


def _clock(w: ReviewWindow) -> str:
    return w.clock_label.text().strip()


def test_the_clock_is_carried_from_an_angle_that_is_not_on_screen(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: with angle 3 main and the layout showing two angles, the
    clock mark's angle (angle 1) had no place and the status bar showed no clock at any
    frame. The clock is carried from any synced angle with a mark, open or not."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.review.do(lambda s: s.mark_sync(ids[0], 0, 2, 0.0))  # wide carries the clock
    qtbot.waitUntil(lambda: "45:00" in _clock(w), timeout=TIMEOUT)
    w.actions_by_id["station.main_3"].trigger()  # goal (25 fps, starts 0.3 s before wide)
    qtbot.waitUntil(lambda: w.review.clip_id == ids[2] and _clock(w) != "", timeout=TIMEOUT)
    for layout in ("two", "one"):
        w.actions_by_id[f"station.layout_{layout}"].trigger()
        qtbot.waitUntil(lambda: all(p.controller.clip is None for p in w.station.panes[2:]),
                        timeout=TIMEOUT)
        assert w.station.clip_of(ids[0]) is None  # wide is not open anywhere
        for frame, clock in ((20, "45:00"), (40, "45:01")):  # 0.5 s, 1.3 s on wide's clock
            w.player.seek(frame)
            qtbot.waitUntil(lambda f=frame: w.player.shown == f, timeout=TIMEOUT)
            qtbot.waitUntil(lambda c=clock: c in _clock(w), timeout=TIMEOUT)
        w.player.seek(3)  # 0.12 s: before wide's first frame, which carries the mark
        qtbot.waitUntil(lambda: w.player.shown == 3, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: _clock(w) == "", timeout=TIMEOUT)
    w.station.kept.clear()  # never open in this window: wide's frames at its nominal rate
    w.player.seek(40)
    qtbot.waitUntil(lambda: w.player.shown == 40 and "45:01" in _clock(w), timeout=TIMEOUT)
