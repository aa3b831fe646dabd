"""What a seventh VAR walk-through of the station met (issue 11 section 3), through real
widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.kit.stamp import read_stamp
from tests.ui.test_station import (  # noqa: F401  (fixtures)
    TIMEOUT,
    all_at,
    angle_clips,
    station_window,
)
from tests.ui.test_walk5_fixes import third_at_100
from ui.main_window import ReviewWindow
from ui.station.pane import AnglePane


def settled(w: ReviewWindow) -> bool:
    """Every angle shown has its clip open in its place and a frame of it on screen (an
    angle that changed places shows its last picture until then)."""
    return all(p.controller.clip is not None and p.controller.shown is not None
               and p.player.view.pixels is not None
               for p in w.station.panes if p.isVisible() and p.angle is not None)


def test_the_view_keys_follow_the_angle_clicked_when_it_changes_places(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: a click on angle 3, the key 1 (100 %), then Alt+3 to make
    angle 3 the main one. The status bar said 41 % and - zoomed angle 4, which had moved into
    the place clicked. The view keys follow the angle clicked, wherever it moves."""
    w = station_window
    ids, third = third_at_100(qtbot, w)
    focus = w.focusWidget() or w.view
    qtbot.keyClick(focus, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: w.review.clip_id == ids[2], timeout=TIMEOUT)

    def third_now() -> AnglePane:
        return next(p for p in w.station.panes if p.angle is not None and p.angle.key == ids[2])

    # its zoom comes back with its first frame in the main place (until then the place shows
    # the old main angle's last picture: settled, but not yet angle 3's; seen once in a full
    # run on a loaded machine)
    qtbot.waitUntil(lambda: settled(w) and third_now().player.view.zoom == 1.0,
                    timeout=TIMEOUT)
    here = third_now()
    assert w.chrome.zoom_label.text() == "zoom 100 %"
    moved = next(p for p in w.station.panes if p is not here and p.player.view is third.player.view)
    before = moved.player.view.zoom
    qtbot.keyClick(w.focusWidget() or w.view, Qt.Key.Key_Minus)
    assert here.player.view.zoom < 1.0  # angle 3 zoomed out, where it is now
    assert moved.player.view.zoom == before  # not the angle that came into its old place
    assert w.chrome.zoom_label.text() == f"zoom {here.player.view.zoom * 100:.0f} %"


def test_an_angle_without_a_picture_shows_no_zoom_until_its_picture_comes(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: clicking an angle that has no picture yet (it starts
    later) showed a zoom in the status bar, from the window's first size. It shows none until
    the angle's first picture, then that picture's zoom."""
    w = station_window
    reverse = w.station.panes[1]
    w.player.seek(5)  # 0.1 s: the reverse angle starts at 0.4 s
    qtbot.waitUntil(lambda: "starts 0.30 s later" in reverse.caption.text(), timeout=TIMEOUT)
    qtbot.mouseClick(reverse.player.view, Qt.MouseButton.LeftButton)
    whose = f"angle {reverse.angle.key}"
    assert w.chrome.zoom_label.text() == f"zoom – · {whose}"
    w.player.seek(40)
    qtbot.waitUntil(lambda: reverse.player.view.pixels is not None, timeout=TIMEOUT)
    assert w.chrome.zoom_label.text() == f"zoom {reverse.player.view.zoom * 100:.0f} % · {whose}"


def test_the_view_keys_stay_with_their_angle_through_a_swap_and_a_layout_change(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: click the main angle, Alt+2 (it moves to place 2), 1
    (100 %), then Ctrl+Alt+2. The status bar showed the new main angle's zoom and - zoomed
    it: hiding the places for the new layout moved the keys to another picture, taken as a
    click."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    qtbot.mouseClick(w.view, Qt.MouseButton.LeftButton)
    qtbot.keyClick(w.focusWidget() or w.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: w.review.clip_id == ids[1], timeout=TIMEOUT)

    def first() -> AnglePane:
        return next(p for p in w.station.panes if p.angle is not None and p.angle.key == ids[0])

    qtbot.waitUntil(lambda: first().player.view.pixels is not None, timeout=TIMEOUT)
    qtbot.keyClick(w.focusWidget() or w.view, Qt.Key.Key_1)
    assert first().player.view.zoom == 1.0
    main_zoom = w.view.zoom
    w.actions_by_id["station.layout_two"].trigger()
    qtbot.waitUntil(lambda: first().isVisible() and first().player.view.pixels is not None,
                    timeout=TIMEOUT)
    assert w.chrome.zoom_label.text() == f"zoom 100 % · angle {ids[0]}"
    qtbot.keyClick(w.focusWidget() or w.view, Qt.Key.Key_Minus)
    assert first().player.view.zoom < 1.0
    assert w.view.zoom == main_zoom


def test_the_old_main_angle_keeps_its_picture_while_it_opens_in_its_new_place(
        qtbot, station_window: ReviewWindow, monkeypatch) -> None:  # noqa: F811
    """Found by a VAR walk-through: at Alt+3 the old main angle went black in its new place
    ("Opening ...", no frame in its caption) for 0.2-0.5 s, playing or not. It shows its last
    picture, named in its caption, until its clip has opened there."""
    from ui.station.station import Station

    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.player.seek(40)
    qtbot.waitUntil(lambda: all_at(w, 40), timeout=TIMEOUT)
    seen: list[tuple[bool, str]] = []
    open_in = Station._open_in

    def watched(station, pane, angle) -> None:
        open_in(station, pane, angle)
        if angle is not None and angle.key == ids[0]:
            seen.append((pane.player.view.has_picture, pane.caption.text()))

    monkeypatch.setattr(Station, "_open_in", watched)
    qtbot.keyClick(w.focusWidget() or w.view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: w.review.clip_id == ids[2], timeout=TIMEOUT)
    assert seen and seen[0][0], seen
    assert "frame 40" in seen[0][1], seen
    qtbot.waitUntil(lambda: settled(w), timeout=TIMEOUT)  # then its own clip's frame there
    moved = next(p for p in w.station.panes if p.angle is not None and p.angle.key == ids[0])
    qtbot.waitUntil(lambda: moved.controller.shown == 40, timeout=TIMEOUT)
    assert read_stamp(moved.player.view.pixels) == 40


def test_a_kept_picture_is_not_shown_for_another_file(
        qtbot, station_window: ReviewWindow, tmp_path) -> None:  # noqa: F811
    """The old main angle's last picture stands in only for the same clip: when the angles'
    files change (another review, a relinked clip), it is forgotten."""
    w = station_window
    st = w.station
    qtbot.waitUntil(lambda: st._main_shown is not None, timeout=TIMEOUT)
    key = st._main_shown[0]
    paths = dict(st.paths)
    st.set_angles(list(st.model.angles), paths, st.model.main)  # the same files: kept
    assert st._main_shown is not None
    paths[key] = tmp_path / "elsewhere.mp4"
    st.set_angles(list(st.model.angles), paths, st.model.main)
    assert st._main_shown is None
