"""Kicks from the penalty mark, restarts and every period recorded through the window's real
match-event dialog; the state panel shows the eligible kickers and the substitutes left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from reviewtool.store.chain import Author
from reviewtool.store.matchlog import parse
from tests.core.matchkit import document, end, start
from ui.dialogs.match_event import MatchEventDialog
from ui.main_window import ReviewWindow

VAR = Author("Test VAR", "VAR")
TO_THE_END = [start(1), end(1), start(2), end(2), start(3), end(3), start(4), end(4)]


def open_match(w: ReviewWindow, tmp_path: Path, events: list[dict[str, Any]],
               **rules: Any) -> None:
    log = parse(document(events, extra_time=True, penalties=True, **rules))
    w.review.create(tmp_path / "shootout.review", log, VAR)


def event_dialog(w: ReviewWindow) -> MatchEventDialog:
    w.actions_by_id["review.event"].trigger()
    dialog = w.commands.dialog
    assert isinstance(dialog, MatchEventDialog) and dialog.isVisible()
    return dialog


def ok(qtbot, w: ReviewWindow, dialog: MatchEventDialog) -> None:
    with qtbot.waitSignal(w.review.changed, timeout=5_000):
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible(), dialog.error.text()


def test_a_shootout_kick_is_recorded_from_the_dialog(qtbot, review_window: ReviewWindow,
                                                     tmp_path: Path) -> None:
    w = review_window
    open_match(w, tmp_path, [*TO_THE_END, start("penalties")])
    panel = w.state_panel
    assert panel.kickers.isVisible()
    assert panel.kickers.text().startswith("Home kickers (11): 1 Home 1, 2 Home 2")

    dialog = event_dialog(w)
    assert dialog.kind.currentData() == "shootout_kick"  # what the state calls for
    assert dialog.kick_team.currentData() == "home"
    offered = [dialog.kicker.itemData(i) for i in range(dialog.kicker.count())]
    assert offered == list(range(1, 12))  # the players on the field at the end of play
    dialog.kicker.setCurrentIndex(dialog.kicker.findData(9))
    dialog.scored.setChecked(True)
    ok(qtbot, w, dialog)

    state = w.review.session.state
    assert state.shootout_taken == {"home": 1, "away": 0}
    assert state.shootout_scored["home"] == 1
    assert "Penalties 1 – 0" in panel.aggregate.text()
    assert "kfpm-home-1" in state.ids

    dialog = event_dialog(w)  # now it is the away team's kick, and #9 has kicked
    assert dialog.kick_team.currentData() == "away"
    dialog.kick_team.setCurrentIndex(dialog.kick_team.findData("home"))
    assert dialog.kicker.findData(9) == -1 and dialog.kicker.count() == 10
    dialog.kick_team.setCurrentIndex(dialog.kick_team.findData("away"))
    dialog.kicker.setCurrentIndex(dialog.kicker.findData(25))
    ok(qtbot, w, dialog)
    assert w.review.session.state.shootout_taken == {"home": 1, "away": 1}
    assert "Next: #1, #2, #3, #4, #5, #6, #7, #8, #10, #11" in panel.kickers.text()


def test_extra_time_and_the_shootout_start_from_the_dialog(qtbot, review_window: ReviewWindow,
                                                           tmp_path: Path) -> None:
    w = review_window
    open_match(w, tmp_path, TO_THE_END[:2])
    dialog = event_dialog(w)
    dialog.choose("period_start")
    labels = [dialog.period.itemText(i) for i in range(dialog.period.count())]
    assert labels == ["2nd half"]
    ok(qtbot, w, dialog)
    for kind in ("period_end", "period_start", "period_end", "period_start"):
        dialog = event_dialog(w)
        dialog.choose(kind)
        ok(qtbot, w, dialog)
    assert w.review.session.state.period == 4
    dialog = event_dialog(w)
    dialog.choose("period_end")
    ok(qtbot, w, dialog)
    dialog = event_dialog(w)
    dialog.choose("period_start")
    assert dialog.period.currentData() == "penalties"
    assert dialog.period.currentText() == "Kicks from the penalty mark"
    ok(qtbot, w, dialog)
    assert w.review.session.state.period == "penalties"
    assert w.state_panel.kickers.isVisible()


def test_a_restart_and_a_concussion_substitute_from_the_dialog(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    w = review_window
    open_match(w, tmp_path, [start(1)], concussion_substitutes=1)
    assert w.state_panel.substitutes.text() == ("Substitutes left: Home 5 + 1 concussion   ·   "
                                                "Away 5 + 1 concussion")
    dialog = event_dialog(w)
    dialog.choose("restart")
    dialog.restart.setCurrentIndex(dialog.restart.findData("corner_kick"))
    dialog.team.setCurrentIndex(dialog.team.findData("away"))
    dialog.minute.setText("12")
    ok(qtbot, w, dialog)
    assert w.review.session.state.last_restart == ("corner_kick", "away")
    assert "restart: corner kick (Away)" in w.state_panel.status.text()
    assert w.state_panel.status.text().endswith("Laws 2025/26")  # the edition applied

    dialog = event_dialog(w)
    dialog.choose("substitution")
    dialog.person.team.setCurrentIndex(dialog.person.team.findData("home"))
    dialog.person.who.setText("1")
    dialog.on.setText("12")
    dialog.concussion.setChecked(True)
    ok(qtbot, w, dialog)
    assert w.state_panel.substitutes.text() == ("Substitutes left: Home 5 + 0 concussion   ·   "
                                                "Away 6 + 1 concussion")


def test_kinds_the_laws_do_not_allow_are_greyed_with_the_reason(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    w = review_window
    open_match(w, tmp_path, [start(1)])
    dialog = event_dialog(w)
    model = dialog.kind.model()
    row = dialog.kind.findData("shootout_kick")
    assert not model.item(row).isEnabled()
    assert model.item(row).toolTip() == "kicks from the penalty mark are not in progress"
    assert model.item(dialog.kind.findData("goal")).isEnabled()
    dialog.reject()
