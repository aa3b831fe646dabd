"""The VAR's walk, through the real review window: the decision form proposes the selected
incident's own minute afresh, and the Tag dialog's name completer gives way to the field
clicked next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton

from reviewtool.review.decision import Decision, proposed_step_minute
from reviewtool.review.matchtime import MatchTime
from tests.review.helpers import VAR, demo_session
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
