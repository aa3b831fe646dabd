"""The pitch drawing the official picks landmarks from: every landmark as a dot, the ones
already clicked filled, the nearest to the pointer named. The incident panel's pitch widget
draws the pitch; this one adds the landmarks and picks one instead of a place."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen

from reviewtool.geometry import Pitch
from reviewtool.review.incident import PitchPlace
from ui.panels.pitch import PitchWidget

PICK_RADIUS = 14.0  # widget pixels: a click this near a landmark picks it
DRAWING = Pitch()  # the drawing's proportions; the names, not the metres, are what is picked


class LandmarkPitch(PitchWidget):
    picked = Signal(str)  # the landmark's name

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setObjectName("landmark_pitch")
        self.setToolTip("Pick the landmark you clicked on the picture")
        self.clicked: set[str] = set()
        self.highlight: str | None = None  # the landmark a refused fit names

    def landmark_at(self, point: QPointF) -> str | None:
        best, best_d = None, PICK_RADIUS
        for name in DRAWING.landmarks:
            c = self.point_of(name)
            d = ((c.x() - point.x()) ** 2 + (c.y() - point.y()) ** 2) ** 0.5
            if d < best_d:
                best, best_d = name, d
        return best

    def point_of(self, name: str) -> QPointF:
        """Where the drawing shows a landmark: the far ("top") touch line at the top, as the
        main camera sees the pitch."""
        x, y = DRAWING.landmarks[name]
        return self.to_widget(PitchPlace(x, DRAWING.width - y))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        name = self.landmark_at(event.position())
        if name is not None:
            self.picked.emit(name)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for name in DRAWING.landmarks:
            c = self.point_of(name)
            done = name in self.clicked
            p.setPen(QPen(QColor(255, 60, 60) if name == self.highlight else QColor(20, 20, 20),
                          2 if name == self.highlight else 1))
            p.setBrush(QColor(255, 214, 10) if done else QColor(235, 235, 235))
            p.drawEllipse(c, 4.5 if done else 3.0, 4.5 if done else 3.0)
        p.end()
