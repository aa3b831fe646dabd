"""The lines on the picture: landmark clicks, the fitted pitch, the offside lines and band.

Painted in picture pixels over the video view (one of its overlays). It draws only what the
lines desk hands it as a ``Scene``: the desk decides what holds at the frame shown, so nothing
that looks precise is drawn where it is not (no lines away from the frame they were measured
at, no perspective without a calibration).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF

from ui.lines.labels import Box, place_labels

Pixel = tuple[float, float]
Segment = list[Pixel]

LANDMARK = QColor(255, 214, 10)
PENDING = QColor(255, 120, 0)
FITTED = QColor(120, 220, 255, 150)
DEFENDER = QColor(60, 140, 255)
ATTACKER = QColor(255, 60, 60)
BAND = QColor(255, 220, 0, 70)


@dataclass
class Scene:
    landmarks: list[tuple[str, Pixel, float | None]] = field(default_factory=list)
    pending: Pixel | None = None
    pitch: list[list[Pixel]] = field(default_factory=list)  # markings through the fit
    points: list[tuple[str, Pixel]] = field(default_factory=list)  # "D", "A" clicks
    lines: dict[str, Segment] = field(default_factory=dict)  # defender, attacker
    band: list[Pixel] = field(default_factory=list)
    caption: str = ""  # the verdict, or why nothing is drawn


def _in_view(p: QPainter) -> Box | None:
    """The part of the picture on screen, in picture pixels (None: not known)."""
    if not p.hasClipping():
        return None
    shown = p.clipBoundingRect()
    device = p.device()
    if device is not None:
        inverse, ok = p.worldTransform().inverted()
        if ok:
            shown = shown.intersected(inverse.mapRect(QRectF(0, 0, device.width(),
                                                             device.height())))
    return shown.left(), shown.top(), shown.right(), shown.bottom()


class LinesOverlay:
    """Paints ``scene``; a click goes to ``on_press`` while a mode is on."""

    def __init__(self, on_press: Callable[[Pixel], bool]) -> None:
        self.scene = Scene()
        self._on_press = on_press

    def press(self, point: QPointF) -> bool:
        return self._on_press((point.x(), point.y()))

    def shows(self) -> bool:
        s = self.scene
        return bool(s.pitch or s.band or s.lines or s.landmarks or s.pending is not None
                    or s.points or s.caption)

    def paint(self, p: QPainter, zoom: float) -> None:
        s = self.scene
        px = 1.0 / max(zoom, 1e-6)  # one screen pixel in picture pixels
        if s.pitch:
            p.setPen(QPen(FITTED, 1.5 * px))
            for line in s.pitch:
                p.drawPolyline(QPolygonF([QPointF(*q) for q in line]))
        if s.band:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(BAND))
            p.drawPolygon(QPolygonF([QPointF(*q) for q in s.band]))
        for role, colour in (("defender", DEFENDER), ("attacker", ATTACKER)):
            seg = s.lines.get(role)
            if seg:
                p.setPen(QPen(colour, 2.5 * px))
                p.drawLine(QPointF(*seg[0]), QPointF(*seg[1]))
        font = QFont(p.font())
        font.setPointSizeF(max(1.0, 8.5 * px))
        p.setFont(font)
        if s.landmarks:  # (placing no labels still measured fonts: every angle, every frame)
            self._landmarks(p, s.landmarks, px)
        if s.pending is not None:
            p.setPen(QPen(PENDING, 2 * px))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QPointF(*s.pending), 9 * px, 9 * px)
            self._cross(p, *s.pending, PENDING, px)
        for label, (x, y) in s.points:
            colour = DEFENDER if label.startswith("D") else ATTACKER
            self._cross(p, x, y, colour, px)
            self._label(p, x + 7 * px, y + 16 * px, label, colour, px)
        if s.caption:  # in screen pixels, at the bottom left of the picture in view
            shown = p.transform().mapRect(p.clipBoundingRect())
            p.resetTransform()
            device = p.device()
            if device is not None:
                shown = shown.intersected(QRectF(0, 0, device.width(), device.height()))
            p.setClipping(False)
            big = QFont(font)
            big.setPointSizeF(13)
            big.setBold(True)
            p.setFont(big)
            self._label(p, shown.left() + 12, shown.bottom() - 12, s.caption,
                        QColor(255, 255, 255), 1.0)

    def _landmarks(self, p: QPainter, landmarks: list[tuple[str, Pixel, float | None]],
                   px: float) -> None:
        """Crosses, then labels placed inside the picture in view and clear of each other
        (flipped to the left of their point near the right edge)."""
        metrics = p.fontMetrics()
        texts = [name if error is None else f"{name}  {error:.1f} px"
                 for name, _at, error in landmarks]
        sizes = [(metrics.horizontalAdvance(t) + 6 * px, metrics.height() + 2 * px)
                 for t in texts]
        crosses = [(x - 6 * px, y - 6 * px, x + 6 * px, y + 6 * px)
                   for _n, (x, y), _e in landmarks]
        boxes = place_labels([(at, w, h) for (_n, at, _e), (w, h) in
                              zip(landmarks, sizes, strict=True)], _in_view(p), 5 * px,
                             crosses)
        for _name, (x, y), _error in landmarks:
            self._cross(p, x, y, LANDMARK, px)
        p.setPen(QPen(LANDMARK, 1 * px))
        for (_n, (x, y), _e), (left, top, right, bottom) in zip(landmarks, boxes, strict=True):
            nx, ny = min(max(x, left), right), min(max(y, top), bottom)
            if abs(nx - x) + abs(ny - y) > 8 * px:  # pushed off its point: a leader to it
                p.drawLine(QPointF(x, y), QPointF(nx, ny))
        for text, (left, _top, _r, bottom) in zip(texts, boxes, strict=True):
            self._label(p, left + 3 * px, bottom - 4 * px, text, LANDMARK, px)

    @staticmethod
    def _cross(p: QPainter, x: float, y: float, colour: QColor, px: float) -> None:
        p.setPen(QPen(colour, 2 * px))
        r = 6 * px
        p.drawLine(QPointF(x - r, y), QPointF(x + r, y))
        p.drawLine(QPointF(x, y - r), QPointF(x, y + r))

    @staticmethod
    def _label(p: QPainter, x: float, y: float, text: str, colour: QColor, px: float) -> None:
        metrics = p.fontMetrics()
        w, h = metrics.horizontalAdvance(text), metrics.height()
        p.fillRect(QRectF(x - 3 * px, y - h + 2 * px, w + 6 * px, h + 2 * px),
                   QColor(0, 0, 0, 160))
        p.setPen(colour)
        p.drawText(QPointF(x, y), text)
