"""Removing an angle from the station through real widgets: while playing, the removed angle's
player closes and the others go on with the players they had (none reopens); removing the main
angle makes the next one main and plays on; Ctrl+Z brings the angle back to its place; the
review keeps the clip. The hygiene fixture then finds no thread and no timer left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.test_station import (  # noqa: F401  (fixtures)
    TIMEOUT,
    all_at,
    angle_clips,
    expected,
    stamps,
    station_window,
)
from ui.main_window import ReviewWindow


def _confirm(qtbot, w: ReviewWindow, text: str) -> None:
    """Answer the question the action asked (it names the angle) with its Remove button."""
    box = w.removal.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert text in box.text()
    remove = next(b for b in box.buttons() if b.text() == "Remove")
    remove.click()


def _delivers(qtbot, pane) -> None:
    """The pane's player still shows frames (waits on its own signal)."""
    with qtbot.waitSignal(pane.controller.frame_shown, timeout=TIMEOUT):
        pass


def test_a_follower_removed_while_playing_closes_and_the_others_play_on(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    panes = list(w.station.panes)
    kept = {p.angle.name: (p, p.controller.clip) for p in panes[1:] if p.angle.name != "goal"}
    goal = next(p for p in panes if p.angle is not None and p.angle.name == "goal")
    assert goal.place == 2
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: w.player.shown > 30, timeout=TIMEOUT)
    goal.player.view.setFocus()  # the angle in focus is the one removed
    w.actions_by_id["station.remove_angle"].trigger()
    _confirm(qtbot, w, "angle 3 (goal)")
    assert goal.controller.clip is None and not goal.isVisible()  # its player closed
    assert [p.angle.name for p in w.station.panes[:3]] == ["wide", "reverse", "stand"]
    for name, (pane, clip) in kept.items():  # the same players, the same open clips
        assert pane.controller.clip is clip and pane.angle.name == name and pane.isVisible()
    assert w.player.playing
    at = w.player.shown
    for pane, _clip in kept.values():
        _delivers(qtbot, pane)
    qtbot.waitUntil(lambda: w.player.shown > at + 10, timeout=TIMEOUT)  # the main plays on
    assert "angle 3 (goal) removed from the station" in w.removal.notice.text().lower()
    assert [a.number for a in w.review.session.angles()] == [ids[0], ids[1], ids[3]]
    assert [c.id for c in w.review.session.clips()] == ids  # the clip stays in the review
    assert "removed from the station" in w.clip_box.itemText(2)
    qtbot.keyClick(w.view, Qt.Key.Key_K)
    assert not w.player.playing
    qtbot.waitUntil(lambda: "goal" not in stamps(w) and stamps(w)["wide"] == w.player.shown
                    and stamps(w)["stand"] == expected(3, w.player.shown / 50),
                    timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # back it comes
    qtbot.waitUntil(lambda: [p.angle.name for p in w.station.panes]
                    == ["wide", "reverse", "goal", "stand"], timeout=TIMEOUT)
    assert w.station.panes[3].controller.clip is kept["stand"][1]  # stand was not reopened
    qtbot.waitUntil(lambda: all_at(w, w.player.shown) and len(stamps(w)) == 4,
                    timeout=TIMEOUT)


def test_the_main_angle_removed_while_playing_hands_over_to_the_next(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    reverse = w.station.panes[1]
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: w.player.shown > 35, timeout=TIMEOUT)
    w.view.setFocus()
    w.actions_by_id["station.remove_angle"].trigger()
    _confirm(qtbot, w, "angle 1 (wide)")
    qtbot.waitUntil(lambda: w.review.clip_id == ids[1] and w.player.playing, timeout=TIMEOUT)
    assert reverse.controller.clip is None  # its angle is in the window's player now
    message = w.removal.notice.text()
    assert "Angle 1 (wide) removed from the station: angle 2 (reverse) is the main angle now" \
        in message
    at = w.player.shown
    qtbot.waitUntil(lambda: w.player.shown > at + 10, timeout=TIMEOUT)
    for pane in w.station.panes[1:3]:
        _delivers(qtbot, pane)
    assert [p.angle.name for p in w.station.panes[:3]] == ["reverse", "goal", "stand"]
    assert w.review.session.reference_angle() == ids[1]  # the next angle is the reference
    qtbot.keyClick(w.view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not w.player.playing, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: all_at(w, w.player.shown, main=1) and len(stamps(w)) == 3,
                    timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # back in the station; the main angle stays the one under the transport
    qtbot.waitUntil(lambda: len(stamps(w)) == 4, timeout=TIMEOUT)
    assert w.review.clip_id == ids[1] and w.review.session.reference_angle() == ids[0]
    assert w.station.panes[1].angle.name == "wide"
    # the reference is angle 1 again: every angle at the main's instant on the old clock
    qtbot.waitUntil(lambda: all_at(w, w.player.shown, main=1), timeout=TIMEOUT)


def test_the_main_angle_removed_hands_over_to_an_angle_showing_the_instant(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """The next angle in the places may have no picture at the shared instant (it starts
    later, or has ended): the first angle that shows the instant becomes the main one, and
    the instant stays (the next in order used to take over and move everyone to its start)."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.player.seek(10)  # 0.2 s: "reverse" starts at 0.4 s, "goal" started 0.3 s before 0
    qtbot.waitUntil(lambda: all_at(w, 10), timeout=TIMEOUT)
    w.view.setFocus()
    w.actions_by_id["station.remove_angle"].trigger()
    _confirm(qtbot, w, "angle 1 (wide)")
    qtbot.waitUntil(lambda: w.review.clip_id is not None and w.review.clip_id != ids[0],
                    timeout=TIMEOUT)
    assert w.review.clip_id == ids[2]  # goal, not reverse
    qtbot.waitUntil(lambda: w.player.shown == 12 and stamps(w).get("goal") == 12,
                    timeout=TIMEOUT)  # goal's frame at 0.2 s
    # reverse is the reference now (wide left the station): 0.2 s is -0.2 s on its clock,
    # within goal's frame 12 (-0.22 to -0.18 s there)
    instant = w.station.model.instant
    assert instant is not None and -0.22 - 1e-6 <= instant < -0.18


def test_refusals_and_add_back_by_keys(qtbot, station_window: ReviewWindow  # noqa: F811
                                      ) -> None:
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    assert not w.actions_by_id["station.add_back"].isEnabled()
    assert w.removal.remove(ids[3])
    assert w.actions_by_id["station.add_back"].isEnabled()
    assert not w.removal.remove(ids[3])  # already removed: one line says so
    assert w.error_box is not None and "removed from the station already" in w.error_box.text()
    w.error_box.close()
    assert not w.removal.remove(99)  # no such clip: one line says so, nothing else happens
    assert "no clip 99" in w.error_box.text() and "\n" not in w.error_box.text()
    w.error_box.close()
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(stamps(w)) == 4, timeout=TIMEOUT)
    assert "angle 4 (stand) is back" in w.removal.notice.text().lower()
    assert w.station.panes[3].angle.name == "stand"


def test_a_new_reference_keeps_every_angle_at_the_main_angle_s_instant(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """The maps move to the new reference's clock: the shared instant moves with them (it
    stayed on the old clock, and the other angles jumped 0.4 s)."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.player.seek(40)
    qtbot.waitUntil(lambda: all_at(w, 40), timeout=TIMEOUT)
    w.review.do(lambda s: s.choose_reference(ids[1]))
    assert w.station.model.instant == pytest.approx(0.8 - 0.4)
    qtbot.waitUntil(lambda: all_at(w, 40), timeout=TIMEOUT)
    assert w.player.shown == 40


def test_the_question_warns_when_the_angle_carries_the_only_match_clock_mark(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.review.do(lambda s: s.mark_sync(ids[1], 0, 2, 49 * 60.0))
    w.station.panes[1].player.view.setFocus()
    w.actions_by_id["station.remove_angle"].trigger()
    box = w.removal.confirm
    assert "angle 2 (reverse)" in box.text() and "no match clock" in box.informativeText()
    next(b for b in box.buttons() if b.text() != "Remove").click()  # Cancel: nothing recorded
    assert [a.number for a in w.review.session.angles()] == ids
    w.view.setFocus()
    w.actions_by_id["station.remove_angle"].trigger()  # the main angle carries none
    assert "angle 1 (wide)" in w.removal.confirm.text()
    assert "match clock" not in w.removal.confirm.informativeText()
    w.removal.confirm.reject()


def test_switching_the_main_angle_while_playing_plays_on(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Alt+2 while playing: the reverse angle becomes the main one at the shared instant and
    playing goes on (opening its clip used to stop it)."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.player.seek(30)
    qtbot.waitUntil(lambda: all_at(w, 30), timeout=TIMEOUT)
    with qtbot.waitSignal(w.player.playing_changed, timeout=TIMEOUT):
        qtbot.keyClick(w.view, Qt.Key.Key_Space)
    w.actions_by_id["station.main_2"].trigger()
    qtbot.waitUntil(lambda: w.review.clip_id == ids[1] and w.player.playing, timeout=TIMEOUT)
    at = w.player.shown
    qtbot.waitUntil(lambda: w.player.shown > at + 5, timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not w.player.playing, timeout=TIMEOUT)
