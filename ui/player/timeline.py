"""The timeline (scrub bar): the playhead, the in/out range, incident marks to come.

Dragging reports every position at once (``scrubbed``) so the view can show a cheap nearby
frame, and the release reports the final one (``released``) for the exact frame.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.direct import DirectSignal

MARGIN = 8
RANGE_COLOUR = QColor(240, 160, 40)
MARKER_COLOUR = QColor(230, 70, 70)


class Timeline(QWidget):
    """The clip's frames across the width: the playhead, in/out and incidents; a drag scrubs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # direct calls (``ui.direct``): a Qt signal emitted for every move of a drag took
        # 0.7 ms on average, four angles following, waiting for the interpreter's lock
        self.scrubbed = DirectSignal()  # int: the frame under the pointer, while dragging
        self.released = DirectSignal()  # int: on release, or a click
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frame_count = 0
        self.position = 0
        self.in_point: int | None = None
        self.out_point: int | None = None
        self.dragging = False
        self.markers: list[tuple[int, int, int]] = []  # incidents: (in, key, out)
        # Seconds: while set, a moving playhead is repainted at most this often (``set_pace``)
        self.pace = 0.0
        self._painted_at = 0.0
        self._behind = False  # the playhead moved since it was last painted

    def sizeHint(self) -> QSize:
        return QSize(600, 34)

    def set_clip(self, frame_count: int) -> None:
        self.frame_count = frame_count
        self.position, self.in_point, self.out_point = 0, None, None
        self.update()

    def set_frame_count(self, frame_count: int) -> None:
        """The clip grew (its index is still being built): keep position and range."""
        self.frame_count = frame_count
        self.update()

    def set_position(self, n: int) -> None:
        if not self.dragging:
            moved = self._pixel_of(n) != self._pixel_of(self.position)
            self.position = n
            if moved:  # a long clip's playhead moves a pixel in many frames: each repaint is
                # a call into Python that waits for the interpreter's lock, and each painter
                # call in it lets the lock go and waits to take it back
                now = time.monotonic()
                if self.pace and now - self._painted_at < self.pace:
                    self._behind = True
                    return
                self._painted_at, self._behind = now, False
                self.update()

    def set_pace(self, seconds: float) -> None:
        """Repaint a moving playhead at most every ``seconds`` (0: at every pixel it moves),
        as the other angles' timelines do while the station plays; at 0 the playhead is
        painted where it is now."""
        self.pace = seconds
        if not seconds and self._behind:
            self._behind = False
            self.update()

    def _pixel_of(self, n: int) -> int:
        """The device pixel column the playhead is drawn at for frame ``n``."""
        return round(self._x_of(n) * self.devicePixelRatioF())

    def set_range(self, in_point: int | None, out_point: int | None) -> None:
        self.in_point, self.out_point = in_point, out_point
        self.update()

    def set_markers(self, markers: list[tuple[int, int, int]]) -> None:
        """Incidents of this clip, drawn as ticks at their key frames over their ranges."""
        self.markers = list(markers)
        self.update()

    def _x_of(self, n: int) -> float:
        span = max(1, self.frame_count - 1)
        return MARGIN + (self.width() - 2 * MARGIN) * n / span

    def frame_at_x(self, x: float) -> int:
        if self.frame_count <= 1:
            return 0
        frac = (x - MARGIN) / max(1, self.width() - 2 * MARGIN)
        return max(0, min(self.frame_count - 1, round(frac * (self.frame_count - 1))))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.frame_count:
            self.dragging = True
            self.position = self.frame_at_x(event.position().x())
            self.scrubbed.emit(self.position)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.dragging:
            n = self.frame_at_x(event.position().x())
            if n != self.position:
                self.position = n
                self.scrubbed.emit(n)
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.dragging:
            self.dragging = False
            self.position = self.frame_at_x(event.position().x())
            self.released.emit(self.position)
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        h = self.height()
        track = QRectF(MARGIN, h / 2 - 3, self.width() - 2 * MARGIN, 6)
        p.fillRect(track, pal.color(QPalette.ColorRole.Mid))
        if self.frame_count:
            x = self._x_of(self.position)
            p.fillRect(QRectF(MARGIN, h / 2 - 3, x - MARGIN, 6),
                       pal.color(QPalette.ColorRole.Highlight))
            if self.in_point is not None or self.out_point is not None:
                lo = self.in_point if self.in_point is not None else 0
                hi = self.out_point if self.out_point is not None else self.frame_count - 1
                x0, x1 = self._x_of(lo), self._x_of(hi)
                p.fillRect(QRectF(x0, h / 2 + 5, max(2.0, x1 - x0), 5), RANGE_COLOUR)
                p.setPen(RANGE_COLOUR)
                if self.in_point is not None:
                    p.drawLine(round(x0), 4, round(x0), h - 4)
                if self.out_point is not None:
                    p.drawLine(round(x1), 4, round(x1), h - 4)
            for lo, key, hi in self.markers:
                x0, xk, x1 = self._x_of(lo), self._x_of(key), self._x_of(hi)
                p.fillRect(QRectF(x0, 2, max(2.0, x1 - x0), 4), MARKER_COLOUR)
                p.fillRect(QRectF(xk - 1.5, 2, 3, h / 2 - 2), MARKER_COLOUR)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(pal.color(QPalette.ColorRole.BrightText))
            p.drawRoundedRect(QRectF(x - 3, 4, 6, h - 8), 2, 2)
