"""A pitch diagram: click to place an incident; the place is kept in metres (105 x 68)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from reviewtool.review.incident import PITCH_LENGTH, PITCH_WIDTH, PitchPlace

GRASS = QColor(36, 96, 52)
LINE = QColor(235, 235, 235)


class PitchWidget(QWidget):
    placed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place: PitchPlace | None = None
        self.setMinimumSize(210, 136)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Click where the incident happened (home team defends the left goal)")

    def sizeHint(self) -> QSize:
        return QSize(315, 204)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width * PITCH_WIDTH / PITCH_LENGTH)

    def _field(self) -> QRectF:
        w, h = self.width() - 8, self.height() - 8
        scale = min(w / PITCH_LENGTH, h / PITCH_WIDTH)
        fw, fh = PITCH_LENGTH * scale, PITCH_WIDTH * scale
        return QRectF((self.width() - fw) / 2, (self.height() - fh) / 2, fw, fh)

    def to_widget(self, place: PitchPlace) -> QPointF:
        f = self._field()
        return QPointF(f.left() + place.x / PITCH_LENGTH * f.width(),
                       f.top() + place.y / PITCH_WIDTH * f.height())

    def to_metres(self, point: QPointF) -> PitchPlace | None:
        f = self._field()
        x = (point.x() - f.left()) / f.width() * PITCH_LENGTH
        y = (point.y() - f.top()) / f.height() * PITCH_WIDTH
        if not (0 <= x <= PITCH_LENGTH and 0 <= y <= PITCH_WIDTH):
            return None
        return PitchPlace(round(x, 1), round(y, 1))

    def set_place(self, place: PitchPlace | None) -> None:
        self.place = place
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        place = self.to_metres(event.position())
        if place is not None:
            self.set_place(place)
            self.placed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        f = self._field()
        s = f.width() / PITCH_LENGTH
        p.fillRect(f, GRASS)
        p.setPen(QPen(LINE, 1.2))
        p.drawRect(f)
        p.drawLine(QPointF(f.center().x(), f.top()), QPointF(f.center().x(), f.bottom()))
        p.drawEllipse(f.center(), 9.15 * s, 9.15 * s)
        for left in (True, False):
            for depth, half in ((16.5, 20.16), (5.5, 9.16)):
                x = f.left() if left else f.right() - depth * s
                p.drawRect(QRectF(x, f.center().y() - half * s, depth * s, 2 * half * s))
            spot = f.left() + 11 * s if left else f.right() - 11 * s
            p.drawEllipse(QPointF(spot, f.center().y()), 1.2, 1.2)
        if self.place is not None:
            c = self.to_widget(self.place)
            p.setPen(QPen(QColor(20, 20, 20), 1.5))
            p.setBrush(QColor(240, 200, 40))
            p.drawEllipse(c, 5, 5)
        p.end()
