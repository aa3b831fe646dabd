"""What a third VAR walk-through of the station met (issue 11 §3), through real widgets: the
match clock carried from an angle not on screen, the view keys on the angle clicked last, a
caption that never names a frame not on screen, the status bar's clock never hidden by a
message, a zoomed angle kept in its place, and a not-yet-started angle's timeline."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from tests.ui.test_station import (  # noqa: F401  (fixtures)
    TIMEOUT,
    all_at,
    angle_clips,
    station_window,
)
from ui.main_window import ReviewWindow


def _clock(w: ReviewWindow) -> str:
    return w.clock_label.text().strip()


def _said(w: ReviewWindow) -> str:
    """What the status bar says besides its frame counter and clock."""
    notice = getattr(w.removal, "notice", None)
    return w.statusBar().currentMessage() + ("" if notice is None else notice.text())


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



def test_the_carried_clock_reads_no_review_rows_while_its_angles_are_open(
        qtbot, station_window: ReviewWindow, monkeypatch) -> None:  # noqa: F811
    """Found profiling the window at 1x: the status bar's carried clock read every clip row
    of the review file (an SQL query) on every frame played, a third of the GUI thread's
    time. With every angle open it reads none; the clock is the same."""
    w = station_window
    session = w.review.session
    ids = [c.id for c in session.clips()]
    w.review.do(lambda s: s.mark_sync(ids[0], 0, 2, 0.0))  # wide carries the clock
    w.actions_by_id["station.main_3"].trigger()  # goal: no mark of its own
    qtbot.waitUntil(lambda: w.review.clip_id == ids[2] and _clock(w) != "", timeout=TIMEOUT)
    reads: list[int] = []
    clips = session.clips
    monkeypatch.setattr(session, "clips", lambda: reads.append(1) or clips())
    for frame, clock in ((20, "45:00"), (40, "45:01")):
        w.player.seek(frame)
        qtbot.waitUntil(lambda f=frame, c=clock: w.player.shown == f and c in _clock(w),
                        timeout=TIMEOUT)
    assert reads == []

def test_the_view_keys_act_on_the_angle_clicked_last(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: in 2 x 2, a click on angle 2 and the key 1 (100 %) set
    angle 1 (the main one) to 100 % and left angle 2 as it was; F, + and - did the same. The
    view keys act on the picture clicked last, and the status bar shows that angle's zoom."""
    w = station_window
    main, second = w.view, w.station.panes[1].player.view
    qtbot.mouseClick(second, Qt.MouseButton.LeftButton)
    assert second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_1)
    assert second.zoom == 1.0 and not second.fit_mode
    assert main.fit_mode
    whose = f"angle {w.station.panes[1].angle.key}"  # named: codec and fps are angle 1's
    assert w.chrome.zoom_label.text() == f"zoom 100 % · {whose}"
    qtbot.keyClick(second, Qt.Key.Key_Plus)
    zoomed = second.zoom
    assert zoomed > 1.0 and main.fit_mode
    assert w.chrome.zoom_label.text() == f"zoom {zoomed * 100:.0f} % · {whose}"
    qtbot.keyClick(second, Qt.Key.Key_Minus)
    assert abs(second.zoom - 1.0) < 1e-9
    qtbot.keyClick(second, Qt.Key.Key_F)
    assert second.fit_mode and main.fit_mode
    qtbot.mouseClick(main, Qt.MouseButton.LeftButton)  # back to the main angle: its zoom
    assert w.chrome.zoom_label.text() == f"zoom {main.zoom * 100:.0f} %"
    qtbot.keyClick(main, Qt.Key.Key_1)
    assert main.zoom == 1.0 and second.fit_mode


def test_an_angle_coming_into_its_range_never_names_its_old_frame(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: after showing a late frame, then an instant before the
    angle's start, a step into its range captioned the frame it showed long before (``frame
    60``) while its picture still said it starts later, until its frame 0 came. Every
    caption names the frame on screen, or none."""
    w = station_window
    reverse = w.station.panes[1]  # starts 0.4 s after the main angle
    w.player.seek(80)
    qtbot.waitUntil(lambda: all_at(w, 80) and "frame 60" in reverse.caption.text(),
                    timeout=TIMEOUT)
    w.player.seek(17)
    qtbot.waitUntil(lambda: "starts 0.06 s later" in reverse.caption.text(), timeout=TIMEOUT)
    captions: list[str] = []
    set_lines = reverse.caption.set_lines

    def record(lines, **kw) -> None:
        set_lines(lines, **kw)
        captions.append(reverse.caption.text())

    reverse.caption.set_lines = record  # type: ignore[method-assign]
    for n in (18, 19, 20, 21):
        qtbot.keyClick(w.view, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda n=n: all_at(w, n), timeout=TIMEOUT)
    named = [c for c in captions if "frame" in c]
    assert named and all("frame 0" in c or "frame 1" in c for c in named), captions
    w.player.seek(80)  # and playing into its range, as the VAR met it
    qtbot.waitUntil(lambda: all_at(w, 80) and "frame 60" in reverse.caption.text(),
                    timeout=TIMEOUT)
    w.player.seek(5)
    qtbot.waitUntil(lambda: all_at(w, 5) and "starts 0.30 s later" in reverse.caption.text(),
                    timeout=TIMEOUT)
    captions.clear()
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: w.player.shown > 30, timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_K)
    early = [c for c in captions if "frame 60" in c or "frame 59" in c]
    assert not early and any("frame" in c for c in captions), captions


def test_the_removal_s_message_hides_neither_the_frame_counter_nor_the_clock(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: after Remove Angle and Add Angle Back, the status bar's
    message hid the frame counter and the match clock for seconds (a temporary message
    hides the status bar's other widgets). The message shows beside them now."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.review.do(lambda s: s.mark_sync(ids[0], 0, 2, 0.0))
    qtbot.waitUntil(lambda: _clock(w) != "", timeout=TIMEOUT)
    goal = w.station.panes[2]
    goal.player.view.setFocus()
    w.actions_by_id["station.remove_angle"].trigger()
    box = w.removal.confirm
    assert box is not None and "angle 3 (goal)" in box.text()
    next(b for b in box.buttons() if b.text() == "Remove").click()
    qtbot.waitUntil(lambda: "removed from the station" in _said(w), timeout=TIMEOUT)
    bar = w.chrome
    assert bar.frame_label.isVisible() and w.clock_label.isVisible() and _clock(w) != ""
    assert w.statusBar().currentMessage() == "" and w.removal.notice.isVisible()
    w.actions_by_id["station.add_back"].trigger()
    qtbot.waitUntil(lambda: "is back in the station" in _said(w), timeout=TIMEOUT)
    assert bar.frame_label.isVisible() and w.clock_label.isVisible()
    assert w.statusBar().currentMessage() == ""


def _covers(view) -> bool:
    """The zoomed picture fills the view wherever it is larger than the view (no black
    band where the picture goes on), and is centred where it is smaller."""
    zoom, offset, _fit = view.view_state()
    w, h = view.image_size
    ok = []
    for pos, size, room in ((offset.x(), w * zoom, view.width()),
                            (offset.y(), h * zoom, view.height())):
        ok.append(room - size - 0.5 <= pos <= 0.5 if size >= room
                  else -0.5 <= pos <= room - size + 0.5)
    return all(ok)


def test_a_zoomed_angle_moved_to_a_taller_place_keeps_its_picture_in_the_place(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: a zoomed angle that moved to a taller place after two
    removals kept its pan: its picture was cut at the top with a black band below it. It
    keeps its zoom, and its picture stays in the place."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    stand = w.station.panes[3]
    view = stand.player.view
    low = view.height()
    zoom = 2.2 * low / view.image_size[1]  # taller than a place twice as high
    w_, h_ = view.image_size  # panned to its bottom right corner
    view.set_view_state((zoom, QPointF(view.width() - w_ * zoom, low - h_ * zoom), False))
    assert _covers(view)
    for key in (ids[1], ids[2]):
        assert w.removal.remove(key)
    qtbot.waitUntil(lambda: stand.isVisible() and view.height() > 1.5 * low, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: stand.player.view.has_picture, timeout=TIMEOUT)
    assert w.station.panes[1] is stand and view.zoom == zoom
    assert _covers(view), (view.view_state(), view.size(), view.image_size)


def test_an_angle_before_its_start_shows_its_timeline_at_its_start(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: an angle not started yet at the instant kept its
    timeline at the frame it showed before (~90 %) while its caption said it starts later.
    Its timeline shows its start now."""
    w = station_window
    reverse = w.station.panes[1]
    w.player.seek(95)
    qtbot.waitUntil(lambda: all_at(w, 95), timeout=TIMEOUT)
    assert reverse.player.timeline.position == 75
    w.player.seek(5)  # 0.1 s: the reverse angle starts at 0.4 s
    qtbot.waitUntil(lambda: "starts 0.30 s later" in reverse.caption.text(), timeout=TIMEOUT)
    assert reverse.player.timeline.position == 0
