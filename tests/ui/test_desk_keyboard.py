"""Keyboard first, as a VAR works: the demo's stoppage-time overturn with keys only (and one
click on the pitch for the place), from stepping to the recorded review."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewtool.review.incident import PitchPlace
from tests.kit.demo import SHORT
from ui.demo import DEMO_USER, open_demo
from ui.dialogs.incident import IncidentDialog
from ui.main_window import ReviewWindow

TIMEOUT = 10_000
NONE = Qt.KeyboardModifier.NoModifier


def keys(qtbot, *sequence: str | Qt.Key, mods: Qt.KeyboardModifier = NONE) -> None:
    """Type into whatever has the focus, as a keyboard would."""
    for k in sequence:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        if isinstance(k, str):
            qtbot.keyClicks(widget, k)
        else:
            qtbot.keyClick(widget, k, mods)


def test_the_demo_overturn_by_keyboard(qtbot, review_window: ReviewWindow, tmp_path: Path,
                                       demo_cache: Path) -> None:
    w = review_window
    with qtbot.waitSignal(w.player.frame_shown, timeout=30_000):
        open_demo(w, demo_cache, workers=1, **SHORT)
    qtbot.waitUntil(lambda: w.review.author == DEMO_USER, timeout=TIMEOUT)
    session = w.review.session
    assert session is not None
    w.view.setFocus()
    # step to the contact: "." forward, "," back
    for _ in range(16):
        keys(qtbot, Qt.Key.Key_Period)
    keys(qtbot, Qt.Key.Key_Comma)
    qtbot.waitUntil(lambda: w.player.shown == 15, timeout=TIMEOUT)
    # T: tag it
    keys(qtbot, Qt.Key.Key_T)
    dialog = w.commands.dialog
    assert isinstance(dialog, IncidentDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.category, timeout=TIMEOUT)
    keys(qtbot, "Plays", Qt.Key.Key_Tab, "R", Qt.Key.Key_Tab, "B", Qt.Key.Key_Tab, "5",
         Qt.Key.Key_Tab, "A", Qt.Key.Key_Tab, "90")
    qtbot.mouseClick(dialog.pitch, Qt.MouseButton.LeftButton,
                     pos=dialog.pitch.to_widget(PitchPlace(99.5, 36.0)).toPoint())
    dialog.victim.who.setFocus()
    keys(qtbot, Qt.Key.Key_Return)
    incident = session.record.incidents.get("i3")  # i1, i2: the offside moments
    assert incident is not None and incident.category == "dangerous_play"
    assert incident.offender is not None and incident.offender.player == 5
    # D: the on-field decision, no offence and a corner kick; Ctrl+Enter records it
    w.activateWindow()  # the offscreen platform does not hand activation back by itself
    qtbot.waitUntil(w.isActiveWindow, timeout=TIMEOUT)
    w.view.setFocus()
    keys(qtbot, Qt.Key.Key_D)
    assert w.decision.on_field.offence.hasFocus()
    keys(qtbot, "N", *[Qt.Key.Key_Tab] * 10, "C", Qt.Key.Key_Tab, "A")
    keys(qtbot, Qt.Key.Key_Return, mods=Qt.KeyboardModifier.ControlModifier)
    assert session.state.last_restart == ("corner_kick", "home")
    # the VAR check: review recommended for a penalty
    keys(qtbot, "R", Qt.Key.Key_Tab, "P")
    keys(qtbot, Qt.Key.Key_Return, mods=Qt.KeyboardModifier.ControlModifier)
    assert session.record.decision_step("i3", "var_check") is not None
    # the on-field review: overturned; contact makes it a kick, in the area: a penalty
    keys(qtbot, "O", Qt.Key.Key_Tab, Qt.Key.Key_Down, *[Qt.Key.Key_Tab] * 4, Qt.Key.Key_Space)
    assert w.decision.final.contact.isChecked()
    keys(qtbot, Qt.Key.Key_Return, mods=Qt.KeyboardModifier.ControlModifier)
    state = session.state.to_json()
    assert state["on_field"] == {"home": 11, "away": 10}
    assert session.state.last_restart == ("penalty_kick", "home")
    # Esc: the keys are the picture's again
    keys(qtbot, Qt.Key.Key_Escape)
    assert w.view.hasFocus()
    keys(qtbot, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: w.player.shown == 16, timeout=TIMEOUT)
