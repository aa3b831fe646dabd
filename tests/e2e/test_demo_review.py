"""End to end, through the real widgets and actions: the demo's stoppage-time review as the
officials did it, then undo/redo, then close and reopen the review file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from reviewtool.review.incident import PitchPlace
from reviewtool.training.quiz import Quiz, items_from_review
from tests.kit.demo import SHORT
from ui.demo import DEMO_USER, open_demo
from ui.dialogs.incident import IncidentDialog
from ui.dialogs.match_event import MatchEventDialog
from ui.main_window import ReviewWindow


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def pick(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def record_event(w: ReviewWindow, kind: str, team: str | None = None, who: str = "",
                 minute: str = "", **extra) -> None:
    w.actions_by_id["review.event"].trigger()
    dialog = w.commands.dialog
    assert isinstance(dialog, MatchEventDialog)
    pick(dialog.kind, kind)
    if team:
        pick(dialog.person.team, team)
        dialog.person.who.setText(who)
    if minute:
        dialog.minute.setText(minute)
    if "colour" in extra:
        pick(dialog.colour, extra["colour"])
    if extra.get("penalty"):
        dialog.penalty.setChecked(True)
    ok(dialog)
    assert not dialog.isVisible(), dialog.error.text()


def test_demo_review_end_to_end(qtbot, review_window: ReviewWindow, tmp_path: Path,
                                demo_cache: Path) -> None:
    w = review_window
    with qtbot.waitSignal(w.player.frame_shown, timeout=30_000):
        open_demo(w, demo_cache, workers=1, **SHORT)
    qtbot.waitUntil(lambda: w.review.author == DEMO_USER, timeout=10_000)
    session = w.review.session
    assert session is not None
    assert "3 – 1" in w.state_panel.score.text()
    assert "Aggregate 3 – 3" in w.state_panel.aggregate.text()

    # 1. tag the dangerous play at the frame of contact (T)
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000):
        w.player.seek(15)
    w.actions_by_id["review.tag"].trigger()
    dialog = w.commands.dialog
    assert isinstance(dialog, IncidentDialog)
    pick(dialog.category, "dangerous_play")
    pick(dialog.manner, "reckless")
    pick(dialog.offender.team, "away")
    dialog.offender.who.setText("5")
    pick(dialog.victim.team, "home")
    dialog.victim.who.setText("Krstovic")
    qtbot.mouseClick(dialog.pitch, Qt.MouseButton.LeftButton,
                     pos=dialog.pitch.to_widget(PitchPlace(99.5, 36.0)).toPoint())
    assert dialog.pitch.place is not None and dialog.pitch.place.in_penalty_area() == "away"
    ok(dialog)
    incident = session.record.incidents["i3"]  # i1, i2: the demo's offside moments
    assert (incident.key_frame, incident.minute) == (15, "90+4")
    assert incident.victim is not None and incident.victim.player == 90
    assert w.incidents.table.rowCount() == 3  # with the two offside moments
    assert w.timeline.markers == [(incident.in_frame, 15, incident.out_frame)]

    # 2. the on-field decision: no offence, corner kick (D opens the form)
    w.actions_by_id["review.decide"].trigger()
    panel = w.decision
    assert panel.incident is not None and panel.pages.currentIndex() == 0
    form = panel.on_field
    pick(form.offence, None)
    pick(form.sanction, "none")
    pick(form.restart, "corner_kick")
    pick(form.restart_team, "home")
    panel.minute.setText("90+4")
    panel.findChild(QPushButton, "record_on_field").click()
    assert session.state.last_restart == ("corner_kick", "home")
    assert "corner kick" in w.state_panel.status.text()

    # 3. the VAR check: a corner is not reviewable (refused, nothing recorded)...
    assert panel.pages.currentIndex() == 1
    pick(panel.check_outcome, "review_recommended")
    pick(panel.check_category, "corner")
    entries = len(session.record.entries)
    panel.findChild(QPushButton, "record_var_check").click()
    assert w.chrome.error_box is not None and "not reviewable" in w.chrome.error_box.text()
    assert len(session.record.entries) == entries
    w.chrome.error_box.close()
    # ... the penalty situation behind it is: review recommended
    pick(panel.check_category, "penalty")
    panel.findChild(QPushButton, "record_var_check").click()
    assert len(session.record.entries) == entries + 1

    # 4. on-field review: overturned to a penalty kick, second caution for Bensebaini
    assert panel.pages.currentIndex() == 2
    pick(panel.review_kind, "on_field")
    pick(panel.review_outcome, "overturned")
    final = panel.final
    assert final.offence.currentData() == "dangerous_play" and final.in_area.isChecked()
    final.contact.setChecked(True)  # contact: kicking, a direct free kick offence
    assert final.sanction.currentData() == "sending_off" and final.second_caution.isChecked()
    assert final.restart.currentData() == "penalty_kick"
    assert final.restart_team.currentData() == "home"
    assert "second caution" in final.proposal_label.text()
    panel.minute.setText("90+7")
    panel.findChild(QPushButton, "record_review").click()
    assert panel.pages.currentIndex() == 3
    state = session.state.to_json()
    assert state["on_field"] == {"home": 11, "away": 10}
    assert state["sent_off"][0]["name"] == "Ramy Bensebaini"
    assert "11 v 10" in w.state_panel.status.text()
    assert "penalty kick" in w.state_panel.status.text()

    # 5. the benches: Schlotterbeck (unused substitute) and Scalvini (substituted) sent off
    record_event(w, "card", "away", "Schlotterbeck", "90+7", colour="red")
    record_event(w, "card", "home", "42", "90+7", colour="red")
    # 6. Samardzic's penalty at 90+8, and the end of the match
    record_event(w, "goal", "home", "10", "90+8", penalty=True)
    record_event(w, "full_time")
    final_state = session.state.to_json()
    assert final_state["score"] == {"home": 4, "away": 1}
    assert final_state["aggregate"] == {"home": 4, "away": 3}
    assert final_state["winner"] == "home" and final_state["on_field"] == {"home": 11,
                                                                           "away": 10}
    assert [p["name"] for p in final_state["sent_off"]] == [
        "Ramy Bensebaini", "Nico Schlotterbeck", "Giorgio Scalvini"]
    assert "4 – 1" in w.state_panel.score.text()
    assert "Atalanta through" in w.state_panel.aggregate.text()
    away = w.state_panel.lists["away"]
    marks = {away.item(r, 1).text(): (away.item(r, 2).text(),
                                       away.item(r, 2).data(Qt.ItemDataRole.UserRole))
             for r in range(away.rowCount())}
    assert marks["Ramy Bensebaini"] == ("sent off", "YYR")
    assert marks["Nico Schlotterbeck"] == ("sent off", "R")
    icons = {away.item(r, 1).text(): not away.item(r, 2).icon().isNull()
             for r in range(away.rowCount())}
    assert icons["Ramy Bensebaini"] and not icons["Gregor Kobel"]

    # 7. undo and redo (Ctrl+Z / Ctrl+Shift+Z) append retractions
    w.actions_by_id["edit.undo"].trigger()
    assert session.state.status != "full_time"
    w.actions_by_id["edit.undo"].trigger()
    assert "3 – 1" in w.state_panel.score.text()
    w.actions_by_id["edit.redo"].trigger()
    w.actions_by_id["edit.redo"].trigger()
    assert session.state.status == "full_time" and "4 – 1" in w.state_panel.score.text()
    log_rows = w.log_panel.table.rowCount()
    assert log_rows == len(session.record.entries)
    assert sum("retracted" in w.log_panel.table.item(r, 3).text()
               for r in range(log_rows)) == 2  # two undos, each taken back by a redo
    assert session.verify().intact

    # 8. close and reopen: same state, same log
    path = session.file.path
    state_before = session.state.to_json()
    hashes = [e.hash for e in session.record.entries]
    w.review.close()
    assert w.open_review(path)
    reopened = w.review.session
    assert reopened is not None and reopened.author == DEMO_USER  # not asked again
    assert reopened.state.to_json() == state_before
    assert [e.hash for e in reopened.record.entries] == hashes
    assert w.log_panel.table.rowCount() == len(hashes)

    # 9. the decided incident becomes a training question, its reference the final decision
    question = items_from_review(path, ["i3"], Quiz.new("demo")).items[0]
    assert question.reference == {"offence_or_not": "offence", "offence": "kicking",
                                  "sanction": "sending_off", "restart": "penalty_kick",
                                  "var": "on_field_review"}
    assert question.segments[0].path == str(w.player.clip.path)
