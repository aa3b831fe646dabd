"""An angle's caption: always two lines, so every place of a row keeps the same height and
the pictures of a row line up, whatever the names and notes say.

The first line names the angle (its number in the review, MAIN on the main one, then its
name); the second says frame, time and offset, or why there is no picture. Each line comes
in forms from the whole to the shortest: a place draws the longest form that fits its width,
in the caption's font or else a smaller one, so that a small place (one large and three
small, at 1280 x 720) still shows frame, time and offset instead of "offs…". Only when even
the shortest form does not fit is a line elided (see ``ELIDE``); the whole caption is in
the tooltip and in ``text()``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

LINES = 2
PAD = 4  # pixels left and right of the text
SMALL = 0.8  # the smaller font's size, for a place too narrow for the short forms
ERROR_COLOR = QColor("#ff8080")
# how a line that fits in no form is cut: the name in its middle (the angle's number first
# and the end of its name stay), the frame line at its end (the tooltip has it whole)
ELIDE = (Qt.TextElideMode.ElideMiddle, Qt.TextElideMode.ElideRight)


class Caption(QWidget):
    """Two lines of monospace text; ``main`` highlights them, ``error`` reddens them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        # the fonts as painted, and their metrics: made from ``font()``, the family resolved
        # against the window's size (measured in ``font`` itself, a 12 pt font, a caption
        # was shortened while its 9 pt line fitted; and the "smaller" one was 9.6 pt)
        self._fonts: tuple[tuple[QFont, QFont], tuple[QFontMetrics, QFontMetrics]] | None = None
        self._layout: tuple[object, tuple[QFont, list[str], list[bool]]] | None = None
        # a long caption never widens its place: it is shortened (whole in the tooltip)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(LINES * self.fontMetrics().lineSpacing() + 2)
        self._lines: tuple[tuple[str, ...], ...] = ()
        self.main = False
        self.error = False

    def set_lines(self, lines: Sequence[str | Sequence[str]], *, main: bool = False,
                  error: bool = False) -> None:
        """Each line: its text, or its forms from the whole to the shortest."""
        self._lines = tuple((line,) if isinstance(line, str) else tuple(line)
                            for line in lines[:LINES])
        self.main, self.error = main, error
        self.setToolTip("\n".join(forms[0] for forms in self._lines))
        self.update()

    def text(self) -> str:
        """The whole caption, whatever fits on screen."""
        return " · ".join(forms[0] for forms in self._lines if forms[0])

    def _drawn(self) -> tuple[QFont, list[str], list[bool]]:
        """The font and the lines as drawn, and which of them are whole (in one of their
        forms). The font is the caption's unless the smaller one shows more lines whole; a
        line that fits in no form is elided: the name in its middle (its number stays), the
        rest at its end."""
        width = max(0, self.width() - 2 * PAD)
        key = (self._lines, width)  # (painted at every frame: measured once per caption)
        if self._layout is not None and self._layout[0] == key:
            return self._layout[1]
        fonts, all_metrics = self._measures()
        best: tuple[int, list[str | None]] | None = None
        for which, metrics in enumerate(all_metrics):
            chosen = [next((f for f in forms if metrics.horizontalAdvance(f) <= width), None)
                      for forms in self._lines]
            if best is None or chosen.count(None) < best[1].count(None):
                best = (which, chosen)
            if None not in chosen:
                break
        assert best is not None
        which, chosen = best
        metrics = all_metrics[which]
        lines = [c if c is not None else metrics.elidedText(forms[-1], ELIDE[i], width)
                 for i, (c, forms) in enumerate(zip(chosen, self._lines, strict=True))]
        drawn = (fonts[which], lines, [c is not None for c in chosen])
        self._layout = (key, drawn)
        return drawn

    def _measures(self) -> tuple[tuple[QFont, QFont], tuple[QFontMetrics, QFontMetrics]]:
        """The caption's font as painted and the smaller one, with their metrics."""
        if self._fonts is None:
            font = self.font()
            small = QFont(font)
            small.setPointSizeF(font.pointSizeF() * SMALL)
            self._fonts = (font, small), (QFontMetrics(font), QFontMetrics(small))
        return self._fonts

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # measured again, laid out again
            self._fonts, self._layout = None, None
        super().changeEvent(event)

    def shown_lines(self) -> list[str]:
        """The lines as drawn: the longest form of each that fits, else elided."""
        return self._drawn()[1]

    def fits(self) -> bool:
        """Whether every line is drawn whole (in one of its forms) at the caption's width."""
        return all(self._drawn()[2])

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
        font, lines, _whole = self._drawn()
        p.setFont(font)
        step = self.height() // LINES
        for i, line in enumerate(lines):
            p.drawText(QRect(PAD, 1 + i * step, self.width() - 2 * PAD, step),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
