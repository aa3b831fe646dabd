"""The VAR's walk, through the real review window: the decision form proposes the selected
incident's own minute afresh, and the Tag dialog's name completer gives way to the field
clicked next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from reviewtool.review.decision import Decision, proposed_step_minute
from reviewtool.review.matchtime import MatchTime
from tests.review.helpers import VAR, demo_session
from ui.dialogs.incident import IncidentDialog
from ui.main_window import ReviewWindow
from ui.settings import Settings


def test_each_incident_proposes_its_own_minute_not_the_last_one_typed(
        qtbot, review_window: ReviewWindow, settings: Settings, tmp_path: Path) -> None:
    w = review_window
    path = tmp_path / "minutes.review"
    s = demo_session(path)
    late = s.tag_incident("holding", 10, time=MatchTime(2, 48 * 60 + 5))  # minute 90+4
    early = s.tag_incident("holding", 20, time=MatchTime(2, 26 * 60 + 5))  # minute 72
    s.close()
    settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    assert w.open_review(path)
    w.incidents.select(late.id)
    w.show_decision()
    assert w.decision.minute.text() == "90+4"
    w.decision.minute.setText("90+7")  # the free kick was taken at 90+7
    w.decision.findChild(QPushButton, "record_on_field").click()
    session = w.review.session
    assert session is not None and session.record.decision_step(late.id, "on_field")
    w.incidents.select(early.id)
    assert w.decision.incident is not None and w.decision.incident.id == early.id
    assert w.decision.minute.text() == "72"
    w.decision.minute.setText("73")  # typed, then the official goes back to the other one
    w.incidents.select(late.id)
    assert w.decision.shown_step() == "var_check"
    assert w.decision.minute.text() == "90+7"  # its check follows its own 90+7 decision


def test_a_steps_proposed_minute_is_the_incidents_or_its_latest_step() -> None:
    def step(minute: str | None) -> Decision:
        return Decision(id="i1-on_field", incident="i1", step="on_field", minute=minute)
    assert proposed_step_minute([], "72") == "72"
    assert proposed_step_minute([step("90+7")], "90+4") == "90+7"
    assert proposed_step_minute([step("80")], "90+4") == "90+4"
    assert proposed_step_minute([step(None), step("junk")], None) == ""


def test_clicking_the_victim_while_the_offenders_names_are_shown_types_into_the_victim(
        qtbot, tmp_path: Path) -> None:
    session = demo_session(tmp_path / "tag.review")
    dialog = IncidentDialog(session.match, 100, 10, 10, 10)
    session.close()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    window = dialog.windowHandle()
    offender, victim = dialog.offender.who, dialog.victim.who
    offender.setFocus()
    QTest.keyClick(window, Qt.Key.Key_5)
    popup = offender.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    # the names open beside the form, off the victim's field (the screen has room)
    victim_box = QRect(victim.mapToGlobal(QPoint(0, 0)), victim.size())
    assert not popup.geometry().intersects(victim_box)
    # the click goes through the window system, as a real one does, past the open popup
    spot = victim.mapTo(dialog, QPoint(victim.width() - 30, victim.height() // 2))
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert QApplication.focusWidget() is victim
    for key in (Qt.Key.Key_9, Qt.Key.Key_0):
        QTest.keyClick(window, key)
    assert (offender.text(), victim.text()) == ("5", "90")
