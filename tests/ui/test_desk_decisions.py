"""Issue 14, section 1, through the real review window: the decision form, the wheel, the
Record button's place, undo/redo and the restart shown in the match state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from reviewtool.match import events as ev
from reviewtool.match.state import Person
from tests.review.helpers import VAR, demo_session
from ui.main_window import ReviewWindow
from ui.settings import Settings

BENSEBAINI = Person("away", 5)


def open_with_incident(w: ReviewWindow, settings: Settings, tmp_path: Path,
                       category: str = "tripping") -> str:
    """The demo review with one incident, opened in ``w`` and shown in the decision form."""
    path = tmp_path / "desk.review"
    s = demo_session(path)
    inc = s.tag_incident(category, 10, offender=BENSEBAINI)
    s.close()
    settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    assert w.open_review(path)
    w.incidents.select(inc.id)
    w.show_decision()
    assert w.decision.incident is not None
    return inc.id


def pick(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_no_offence_drops_the_card_and_the_core_refuses_one_without_a_reason(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    inc = open_with_incident(w, settings, tmp_path)
    form = w.decision.on_field
    pick(form.manner, "excessive_force")
    assert form.sanction.currentData() == "sending_off"
    pick(form.offence, None)  # the form recomputes what followed from the offence
    assert form.sanction.currentData() == "none"
    assert not form.second_caution.isChecked()
    assert form.laws_note.text() == ""
    # the official forces "No offence + Sending-off + Corner kick" with no reason
    form.offender.who.setText("5")
    pick(form.sanction, "sending_off")
    pick(form.restart, "corner_kick")
    assert "no offence, yet a card" in form.laws_note.text()
    session = w.review.session
    assert session is not None
    entries = len(session.record.entries)
    w.decision.findChild(QPushButton, "record_on_field").click()
    assert w.error_box is not None and "give the reason" in w.error_box.text()
    assert len(session.record.entries) == entries
    assert session.state.on_field_count("away") == 11
    w.error_box.close()
    # with the reason, it is an override on the record
    form.override.setText("sent off for an offence the form does not list")
    assert form.laws_note.text() == ""
    w.decision.findChild(QPushButton, "record_on_field").click()
    assert session.record.decision_step(inc, "on_field") is not None


def test_second_caution_goes_only_with_a_sending_off(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    open_with_incident(w, settings, tmp_path)
    form = w.decision.on_field
    form.offender.who.setText("5")  # Bensebaini is already cautioned
    pick(form.manner, "reckless")
    assert form.sanction.currentData() == "sending_off" and form.second_caution.isChecked()
    pick(form.sanction, "caution")
    assert not form.second_caution.isChecked() and not form.second_caution.isEnabled()


def _wheel(widget: QComboBox, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_panel_instead_of_changing_unfocused_fields(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    open_with_incident(w, settings, tmp_path)
    denied = w.decision.on_field.opportunity
    assert not denied.hasFocus()
    before = denied.currentIndex()
    _wheel(denied)
    assert denied.currentIndex() == before
    denied.setFocus()
    qtbot.waitUntil(denied.hasFocus)
    _wheel(denied)
    assert denied.currentIndex() != before  # a focused field still takes the wheel


def test_record_button_in_view_at_1280x800_without_scrolling(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    w.resize(1280, 800)
    open_with_incident(w, settings, tmp_path)
    qtbot.waitUntil(lambda: w.decision.isVisible())
    button = w.decision.findChild(QPushButton, "record_on_field")
    assert button.isVisible()
    visible = button.visibleRegion().boundingRect()
    assert visible.size() == button.size(), "the Record button is clipped or scrolled away"
    top_left = button.mapTo(w, QPoint(0, 0))
    assert w.rect().contains(top_left) and top_left.y() + button.height() <= w.height()


def test_undo_then_redo_is_offered_at_once_and_names_what_it_takes_back(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    open_with_incident(w, settings, tmp_path)
    w.review.do(lambda s: s.record_events([ev.Goal(team="home", player=10, penalty=True,
                                                   minute="90+8")]))
    w.review.do(lambda s: s.record_events([ev.FullTime(minute="90+10")]))
    undo, redo = w.actions_by_id["edit.undo"], w.actions_by_id["edit.redo"]
    assert undo.text().startswith("&Undo: Full time")
    undo.trigger()
    session = w.review.session
    assert session is not None and session.state.status != "full_time"
    assert session.state.score.home == 4  # the goal stays: only full time was undone
    assert redo.isEnabled() and redo.text().startswith("&Redo: Full time")
    assert undo.text().startswith("&Undo: Goal (penalty) 90+8'")
    last = w.log_panel.table.item(w.log_panel.table.rowCount() - 1, 3).text()
    assert last.startswith("Undo: Full time")
    redo.trigger()
    assert session.state.status == "full_time"
    assert undo.text().startswith("&Undo: Full time") and not redo.isEnabled()
    last = w.log_panel.table.item(w.log_panel.table.rowCount() - 1, 3).text()
    assert last.startswith("Redo: Full time")


def test_the_restart_shown_goes_once_it_is_taken_and_at_full_time(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    open_with_incident(w, settings, tmp_path)
    w.review.do(lambda s: s.record_events([ev.Restart(kind="penalty_kick", team="home",
                                                      minute="90+7")]))
    assert "restart: penalty kick" in w.state_panel.status.text()
    w.review.do(lambda s: s.record_events([ev.Goal(team="home", player=10, penalty=True,
                                                   minute="90+8")]))
    assert "penalty kick" not in w.state_panel.status.text()
    w.review.do(lambda s: s.record_events([ev.Restart(kind="corner_kick", team="home",
                                                      minute="90+9")]))
    w.review.do(lambda s: s.record_events([ev.FullTime(minute="90+10")]))
    assert "restart" not in w.state_panel.status.text()


def test_at_1280x720_the_picture_has_room_and_state_and_decision_show_together(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    w.resize(1280, 720)
    w.actions_by_id["view.reset_layout"].trigger()
    open_with_incident(w, settings, tmp_path)
    qtbot.waitUntil(lambda: w.view.width() >= 600, timeout=5_000)
    picture_w = min(w.view.width(), w.view.height() * 16 / 9)  # a 16:9 picture fitted
    assert picture_w >= 600 and picture_w * 9 / 16 >= 335  # was about 475x265
    for name in ("state", "decision"):
        dock = w.docks[name]
        assert dock.isVisible() and not dock.visibleRegion().isEmpty(), name
        assert w.tabifiedDockWidgets(dock) == [], f"{name} hidden behind a tab"
    assert w.docks["state"].geometry().bottom() < w.docks["decision"].geometry().top()


def test_commands_that_do_not_apply_are_disabled(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    a = w.actions_by_id
    for ident in ("play.toggle", "nav.prev_frame", "range.in", "view.zoom_in",
                  "file.add_clip", "file.export_log", "review.event", "review.tag",
                  "review.decide", "review.record", "edit.undo", "view.deinterlace"):
        assert not a[ident].isEnabled(), ident
    for ident in ("file.open", "file.new_review", "file.open_review", "help.about"):
        assert a[ident].isEnabled(), ident
    open_with_incident(w, settings, tmp_path)  # a review, an incident, no clip
    for ident in ("file.add_clip", "review.event", "review.decide", "review.record"):
        assert a[ident].isEnabled(), ident
    assert not a["review.tag"].isEnabled() and not a["play.toggle"].isEnabled()


def test_keys_typed_in_form_fields_stay_there_and_ctrl_enter_records(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    inc = open_with_incident(w, settings, tmp_path)
    w.actions_by_id["review.decide"].trigger()
    form = w.decision.on_field
    assert form.offence.hasFocus()  # D puts the cursor in the form
    qtbot.keyClick(form.offence, Qt.Key.Key_T)  # "T" searches the list: never tags
    assert form.offence.currentText().startswith("T")
    assert w.commands.dialog is None
    form.contact.setFocus()
    qtbot.waitUntil(form.contact.hasFocus)
    qtbot.keyClick(form.contact, Qt.Key.Key_Space)  # Space ticks, never plays
    assert form.contact.isChecked()
    pick(form.offence, None)
    pick(form.restart, "corner_kick")
    pick(form.restart_team, "home")
    qtbot.keyClick(form.restart_team, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    session = w.review.session
    assert session is not None and session.record.decision_step(inc, "on_field") is not None
    assert w.decision.check_outcome.hasFocus()  # on to the VAR check
    qtbot.keyClick(w.decision.check_outcome, Qt.Key.Key_Escape)
    assert w.view.hasFocus()  # Esc: the keys are the picture's again


def test_the_check_lists_what_the_var_protocol_allows_and_suggests_the_situation(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    from PySide6.QtGui import QStandardItemModel

    from reviewtool.review.decision import Ruling
    from reviewtool.review.incident import PitchPlace

    w = review_window
    path = tmp_path / "check.review"
    s = demo_session(path)
    inc = s.tag_incident("holding", 10, offender=BENSEBAINI, place=PitchPlace(100.0, 34.0))
    s.record_on_field(inc.id, Ruling(restart="corner_kick", restart_team="home"), "90+4")
    s.close()
    settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    assert w.open_review(path)
    w.incidents.select(inc.id)
    panel = w.decision
    assert panel.shown_step() == "var_check"
    assert panel.check_category.currentData() == "penalty"  # holding in his own area
    model = panel.check_category.model()
    assert isinstance(model, QStandardItemModel)
    corner = model.item(panel.check_category.findData("corner"))
    assert not corner.isEnabled() and "not reviewable" in corner.toolTip()
    assert model.item(panel.check_category.findData("direct_red")).isEnabled()
