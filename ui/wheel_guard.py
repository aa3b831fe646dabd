"""Combo and spin boxes take the mouse wheel only when they have the keyboard focus, and the
letters typed into them (a combo box searches its items as you type) never fire shortcuts.

Scrolling a panel with the wheel must scroll the panel: an unfocused field under the pointer
would otherwise change its value (a "Denied" field switched to DOGSO while scrolling). The
ignored wheel event goes on to the scroll area behind the field.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget)
                and not watched.hasFocus()):
            event.ignore()  # not consumed: the parent (the scroll area) scrolls
            return True
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
