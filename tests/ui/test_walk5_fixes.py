"""What a fifth VAR walk-through of the station met (issue 11 section 3), through real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_station import (  # noqa: F401  (fixtures)
    TIMEOUT,
    all_at,
    angle_clips,
    station_window,
)
from ui.main_window import ReviewWindow


def test_cycling_the_main_angle_through_all_and_back_keeps_the_frame(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Found by a VAR walk-through: at the contact frame, making angles 2, 3 and 4 main in
    turn and then angle 1 again left angle 1 three frames earlier. The shared instant stays
    where it was while only the main angle changes."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    for frame in (43, 47, 61):
        w.actions_by_id["station.layout_grid"].trigger()
        w.player.seek(frame)
        qtbot.waitUntil(lambda f=frame: w.player.shown == f and all_at(w, f), timeout=TIMEOUT)
        for place in (2, 3, 4):
            before = w.review.clip_id
            w.actions_by_id[f"station.main_{place}"].trigger()
            qtbot.waitUntil(lambda b=before: w.review.clip_id != b
                            and w.player.shown == w.player.target, timeout=TIMEOUT)
        pane = next(p for p in w.station.panes if p.angle is not None and p.angle.key == ids[0])
        qtbot.mouseDClick(pane.player.view, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.review.clip_id == ids[0], timeout=TIMEOUT)
        qtbot.waitUntil(lambda f=frame: w.player.shown == f and all_at(w, f), timeout=TIMEOUT)
