"""Combo and spin boxes take the mouse wheel only when they have the keyboard focus and the
wheel gesture began over them, and the letters typed into them (a combo box searches its items
as you type) never fire shortcuts.

Scrolling a panel with the wheel must scroll the panel: an unfocused field under the pointer
would otherwise change its value (a "Denied" field switched to DOGSO while scrolling). Nor may
a focused field (after D) that the scrolling carries under the pointer take the rest of the
scroll (Offence switched from "No offence" to "Tackles..."): a gesture is wheel events less
than ``GESTURE_GAP_S`` apart, and it belongs to what was under the pointer at its start. The
ignored wheel event goes on to the scroll area behind the field.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QCheckBox, QComboBox, QWidget

GESTURE_GAP_S = 0.5  # wheel notches closer than this are one scroll gesture
_clock = time.monotonic  # the tests move it instead of sleeping


class _WheelGuard(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._last = float("-inf")
        self._owner: QObject | None = None  # what the current gesture began over

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget):
            now = _clock()
            if now - self._last > GESTURE_GAP_S:
                self._owner = watched  # a new gesture
            self._last = now
            box = isinstance(watched, (QComboBox, QAbstractSpinBox, QCheckBox))
            if box and not (watched.hasFocus() and self._owner is watched):
                event.ignore()  # not consumed: the parent (the scroll area) scrolls
                return True
            return False
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                             | Qt.KeyboardModifier.AltModifier)
            if plain and event.text() and event.text().isprintable():
                event.accept()  # "T" searches a focused field, Space ticks a box: no shortcut
                return False
        return super().eventFilter(watched, event)


def guard_wheel(root: QWidget) -> None:
    """Guard every combo box, spin box and check box inside ``root`` (and ``root`` itself)."""
    guard = root.findChild(_WheelGuard, "wheel_guard")
    if guard is None:
        guard = _WheelGuard(root)
        guard.setObjectName("wheel_guard")
    boxes = [*root.findChildren(QComboBox), *root.findChildren(QAbstractSpinBox),
             *root.findChildren(QCheckBox)]
    if isinstance(root, (QComboBox, QAbstractSpinBox, QCheckBox)):
        boxes.append(root)
    for box in boxes:
        if box.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        box.removeEventFilter(guard)
        box.installEventFilter(guard)
    for area in root.findChildren(QAbstractScrollArea):  # a scroll starts a gesture too
        if isinstance(area, QComboBox):
            continue
        area.viewport().removeEventFilter(guard)
        area.viewport().installEventFilter(guard)
