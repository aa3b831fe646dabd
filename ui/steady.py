"""Labels whose text changes with every frame shown, at a size that changes seldom.

A QLabel whose size is not fixed asks for its window's layout to be redone whenever its text
changes (``QWidget.updateGeometry``). The status bar's frame, time and match-clock labels change
with every frame played, so the whole review window was laid out again for every frame, and its
dock layout made and deleted nine animations each time (four angles at 1x, counted). A steady
label has a fixed size that grows, by a few characters at once, only when a text is wider than
it; it never shrinks, so the status bar does not jitter either.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

SLACK = "0000"  # room to grow into before the size changes again


def set_steady_text(label: QLabel, text: str) -> None:
    """Show ``text`` in ``label`` without a new layout of its window unless it must grow."""
    label.setText(text)
    width = label.sizeHint().width()
    if width > label.minimumWidth() or label.minimumHeight() != label.maximumHeight():
        label.ensurePolished()  # the style sheet's font decides the size
        label.setFixedSize(label.sizeHint().width() + label.fontMetrics().horizontalAdvance(
            SLACK), label.sizeHint().height())
