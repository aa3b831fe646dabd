"""Issue 14: minutes agree. The running clock and the report's minute come from one match time,
each labelled; forms propose the incident's minute; Go to takes a match clock; full time keeps
its minute."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from reviewtool.match import events as ev
from reviewtool.match.clock import Minute
from reviewtool.review.matchtime import MatchTime, parse_clock
from reviewtool.video.clip import open_clip
from tests.review.helpers import VAR, demo_session
from ui.dialogs.match_event import MatchEventDialog
from ui.main_window import ReviewWindow

START = 49 * 60 - 2  # frame 0 of the clip is 90+3:58 in the second half (25 fps)


def synced_review(w: ReviewWindow, qtbot, tmp_path: Path, clip_path: Path) -> str:
    """A demo review with the clip synced and an incident at frame 25 (90+3:59, minute
    90+4), opened in ``w`` and selected."""
    path = tmp_path / "minutes.review"
    s = demo_session(path)
    with open_clip(clip_path) as clip:
        added = s.add_clip(str(clip_path), clip.fingerprint, {"frame_count": len(clip.index)})
        s.mark_sync(added.id, 0, 2, START)
        time = MatchTime(2, START + clip.timestamp(25) - clip.timestamp(0))
    inc = s.tag_incident("holding", 25, clip_id=added.id, time=time)
    s.close()
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.player.opened, timeout=10_000):
        assert w.open_review(path)
    return inc.id


def test_each_place_says_which_minute_it_shows_from_one_source(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path]) -> None:
    w = review_window
    inc = synced_review(w, qtbot, tmp_path, ui_clips["mp4"])
    w.incidents.select(inc)
    qtbot.waitUntil(lambda: w.player.shown == 25, timeout=10_000)
    assert w.clock_label.text().strip() == "clock 90+3:59 · minute 90+4'"
    table = w.incidents.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[:2] == ["Minute", "Clock"]
    assert (table.item(0, 0).text(), table.item(0, 1).text()) == ("90+4'", "90+3:59")
    # the playhead moves on into the next minute; the decision form keeps the incident's
    w.player.seek(90)
    qtbot.waitUntil(lambda: w.player.shown == 90, timeout=10_000)
    assert "minute 90+5'" in w.clock_label.text()
    w.show_decision()
    assert w.decision.minute.text() == "90+4"
    assert "minute 90+4' (clock 90+3:59)" in w.decision.heading.text()


def test_match_event_dialog_proposes_the_incidents_minute_and_full_time_keeps_it(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path]) -> None:
    w = review_window
    inc = synced_review(w, qtbot, tmp_path, ui_clips["mp4"])
    w.review.do(lambda s: s.record_events([ev.Goal(team="home", player=10, minute="90+8")]))
    w.incidents.select(inc)
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000):
        w.player.seek(90)  # the next minute on the clock
    w.actions_by_id["review.event"].trigger()
    dialog = w.commands.dialog
    assert isinstance(dialog, MatchEventDialog)
    assert dialog.minute.text() == "90+4"
    dialog.kind.setCurrentIndex(dialog.kind.findData("full_time"))
    dialog.minute.setText("90+10")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    session = w.review.session
    assert not dialog.isVisible(), dialog.error.text()
    assert session is not None and session.state.status == "full_time"
    assert session.record.events[-1].minute == "90+10"


def test_go_to_accepts_a_match_clock_and_a_report_minute(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path]) -> None:
    w = review_window
    synced_review(w, qtbot, tmp_path, ui_clips["mp4"])
    qtbot.waitUntil(lambda: w.player.shown == 0, timeout=10_000)
    # "90+4'" is the minute from 90+3:00: before the clip, so its first frame
    for text, frame in (("90+4:00", 50), ("90+4'", 0), ("90+3:59", 25), ("12", 12)):
        w.chrome.goto_field.setText(text)
        w.chrome.goto_field.returnPressed.emit()
        qtbot.waitUntil(lambda f=frame: w.player.shown == f, timeout=10_000)
    w.chrome.goto_field.setText("45+2:00")  # the clip is synced to the second half only
    w.chrome.goto_field.returnPressed.emit()
    assert "not synced to period 1" in w.statusBar().currentMessage()


def test_clock_and_minute_round_trip() -> None:
    for clock in ("90+4:00", "45+2:10", "67:30", "0:00", "105+1:59"):
        t = parse_clock(clock)
        assert t is not None and t.clock == clock
    t = parse_clock("90+5'")
    assert t is not None and (t.clock, t.minute) == ("90+4:00", "90+5")
    assert str(Minute.from_elapsed(2, START + 1)) == "90+4"
    assert parse_clock("12.5") is None and parse_clock("100+1:00") is None
