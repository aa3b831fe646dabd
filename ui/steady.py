"""Labels whose text changes with every frame shown, at a size that changes seldom.

A QLabel whose size is not fixed asks for its window's layout to be redone whenever its text
changes (``QWidget.updateGeometry``). The status bar's frame, time and match-clock labels change
with every frame played, so the whole review window was laid out again for every frame, and its
dock layout made and deleted nine animations each time (four angles at 1x, counted). A steady
label has a fixed size that grows, by a few characters at once, only when a text is wider than
it; it shrinks only when asked to (playback stopped), so the status bar does not jitter
either.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

SLACK = "0000"  # room to grow into before the size changes again


def set_steady_text(label: QLabel, text: str, fit: bool = False) -> None:
    """Show ``text`` in ``label`` without a new layout of its window unless it must grow;
    ``fit``: at its own width now, narrower too (a moment that is laid out anyway, such as
    playback stopping). The room is counted in characters, as the status bar's labels are
    monospace: measuring each text would be a call into Qt for every frame."""
    label.setText(text)
    room = getattr(label, "steady_room", None)  # (a Python attribute: no call into Qt)
    if room is not None and len(text) <= room and not fit:
        return
    label.ensurePolished()  # the style sheet's font decides the size
    metrics, margins = label.fontMetrics(), label.contentsMargins()
    edge = 2 * (label.margin() + label.frameWidth())
    label.steady_room = len(text) + len(SLACK)  # type: ignore[attr-defined]
    label.setFixedSize(metrics.horizontalAdvance(text + SLACK) + margins.left() + margins.right()
                       + edge, metrics.height() + margins.top() + margins.bottom() + edge)
