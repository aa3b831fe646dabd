"""An angle's caption: always two lines, so every place of a row keeps the same height and
the pictures of a row line up, whatever the names and notes say.

The first line names the angle (its number in the review, MAIN on the main one, then its
name); the second says frame, time and offset, or why there is no picture. A line too long
for the place is elided at its end; the whole caption is in the tooltip and in ``text()``.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

LINES = 2
PAD = 4  # pixels left and right of the text
ERROR_COLOR = QColor("#ff8080")


class Caption(QWidget):
    """Two elided lines of monospace text; ``main`` highlights them, ``error`` reddens them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        # a long caption never widens its place: it is elided (whole in the tooltip)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(LINES * self.fontMetrics().lineSpacing() + 2)
        self._lines: tuple[str, ...] = ()
        self.main = False
        self.error = False

    def set_lines(self, lines: list[str], *, main: bool = False, error: bool = False) -> None:
        self._lines = tuple(lines[:LINES])
        self.main, self.error = main, error
        self.setToolTip("\n".join(self._lines))
        self.update()

    def text(self) -> str:
        """The whole caption, whatever fits on screen."""
        return " · ".join(line for line in self._lines if line)

    def shown_lines(self) -> list[str]:
        """The lines as drawn, elided to the caption's width."""
        metrics, width = self.fontMetrics(), max(0, self.width() - 2 * PAD)
        return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
                for line in self._lines]

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        palette = self.palette()
        color = palette.color(QPalette.ColorRole.WindowText)
        if self.main:
            p.fillRect(self.rect(), palette.color(QPalette.ColorRole.Highlight))
            color = palette.color(QPalette.ColorRole.HighlightedText)
        if self.error:
            color = ERROR_COLOR
        p.setPen(color)
        step = self.fontMetrics().lineSpacing()
        for i, line in enumerate(self.shown_lines()):
            p.drawText(QRect(PAD, 1 + i * step, self.width() - 2 * PAD, step),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
