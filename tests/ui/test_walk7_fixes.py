"""What a seventh VAR walk-through of the station met (issue 11 section 3), through real
widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_station import (  # noqa: F401  (fixtures)
    TIMEOUT,
    angle_clips,
    station_window,
)
from ui.main_window import ReviewWindow


def test_the_view_keys_follow_the_angle_clicked_when_it_changes_places(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: a click on angle 3, the key 1 (100 %), then Alt+3 to make
    angle 3 the main one. The status bar said 41 % and - zoomed angle 4, which had moved into
    the place clicked. The view keys follow the angle clicked, wherever it moves."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    third = w.station.panes[2]
    assert third.angle is not None and third.angle.key == ids[2]
    qtbot.mouseClick(third.player.view, Qt.MouseButton.LeftButton)
    qtbot.keyClick(third.player.view, Qt.Key.Key_1)
    assert third.player.view.zoom == 1.0
    focus = w.focusWidget() or w.view
    qtbot.keyClick(focus, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: w.review.clip_id == ids[2], timeout=TIMEOUT)
    qtbot.waitUntil(lambda: all(p.player.view.pixels is not None for p in w.station.panes),
                    timeout=TIMEOUT)
    here = next(p for p in w.station.panes if p.angle is not None and p.angle.key == ids[2])
    assert here.player.view.zoom == 1.0
    assert w.chrome.zoom_label.text() == "zoom 100 %"
    moved = next(p for p in w.station.panes if p is not here and p.player.view is third.player.view)
    before = moved.player.view.zoom
    qtbot.keyClick(w.focusWidget() or w.view, Qt.Key.Key_Minus)
    assert here.player.view.zoom < 1.0  # angle 3 zoomed out, where it is now
    assert moved.player.view.zoom == before  # not the angle that came into its old place
    assert w.chrome.zoom_label.text() == f"zoom {here.player.view.zoom * 100:.0f} %"
