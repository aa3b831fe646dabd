"""A line in the status bar beside the frame counter and the match clock.

``QStatusBar.showMessage`` hides the bar's other widgets while its message shows: a line
after a station change (an angle removed, added back) hid the frame counter and the clock
for seconds, while the reviewer was still stepping. This line shows after them instead, and
clears itself after a while (or when the window closes: no timer outlives it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMainWindow


class StatusNotice(QLabel):
    """A status line that hides nothing; ``say`` shows it for ``ms`` milliseconds."""

    def __init__(self, window: QMainWindow, closing: list[Callable[[], None]]) -> None:
        """``closing``: what stops when the window closes (``PlayerChrome.closing``)."""
        super().__init__("")
        self.setObjectName("status_notice")
        self.setContentsMargins(12, 0, 0, 0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        window.statusBar().addWidget(self, 1)  # after the frame counter and the clock
        closing.append(self.clear)

    def say(self, text: str, ms: int) -> None:
        self.setText(text)
        self.setToolTip(text)  # (a narrow window cuts it)
        self._timer.start(ms)

    def clear(self) -> None:
        self._timer.stop()
        self.setText("")
        self.setToolTip("")
