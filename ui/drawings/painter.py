"""Painting drawings' outlines over the picture (the video view's overlay).

Outlines come from the core in image pixels; they are mapped to widget coordinates here, so
strokes and text keep their on-screen size at any zoom. Painting a few polylines is all that
happens on the GUI thread: the outlines are computed once per frame shown, not per paint.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from reviewtool.drawings.shapes import Outline

SPOTLIGHT_SHADE = QColor(0, 0, 0, 150)
SELECTED = QColor(255, 255, 255)
TEXT_PT = 15
NOTICE = QColor(120, 40, 0)  # opaque: the line reads on any picture


def polygon(points: np.ndarray, to_widget: QTransform) -> QPolygonF:
    return to_widget.map(QPolygonF([QPointF(float(x), float(y)) for x, y in points]))


def paint_outlines(p: QPainter, to_widget: QTransform, outlines: Sequence[Outline],
                   selected: str | None, picture: QImage | None) -> None:
    """Spotlights first (they darken the picture), then lenses, then strokes and text."""
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    holes = [o for o in outlines if o.hole is not None]
    if holes:
        shade = QPainterPath()
        shade.addRect(QRectF(p.viewport()))
        for o in holes:
            hole = QPainterPath()
            hole.addPolygon(polygon(o.hole, to_widget))  # type: ignore[arg-type]
            shade = shade.subtracted(hole)
        p.fillPath(shade, SPOTLIGHT_SHADE)
    for o in outlines:
        if o.lens is not None and picture is not None:
            _lens(p, to_widget, o, picture)
    for o in outlines:
        _strokes(p, to_widget, o, o.drawing.id == selected)


def _pen(o: Outline, halo: bool = False) -> QPen:
    width = o.drawing.style.width + (4 if halo else 0)
    colour = QColor(0, 0, 0, 160) if halo else QColor(o.drawing.style.colour)
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _strokes(p: QPainter, to_widget: QTransform, o: Outline, selected: bool) -> None:
    polys = [polygon(line, to_widget) for line in o.lines]
    heads = [polygon(h, to_widget) for h in o.heads]
    for halo in (True, False):  # a dark edge under each stroke: it reads on any grass
        p.setPen(_pen(o, halo))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for poly in polys:
            if o.closed:
                p.drawPolygon(poly)
            else:
                p.drawPolyline(poly)
        p.setBrush(QBrush(p.pen().color()))
        for head in heads:
            p.drawPolygon(head)
    if o.label is not None:
        _text(p, to_widget.map(QPointF(*o.label)), o, selected)
    if selected:
        dash = QPen(SELECTED, 1.5, Qt.PenStyle.DashLine)
        p.setPen(dash)
        p.setBrush(Qt.BrushStyle.NoBrush)
        box = QRectF()
        for poly in [*polys, *heads]:
            box = box.united(poly.boundingRect())
        if o.label is not None:
            box = box.united(text_box(to_widget.map(QPointF(*o.label)), o.drawing.text))
        p.drawRect(box.adjusted(-6, -6, 6, 6))


def text_box(at: QPointF, text: str) -> QRectF:
    metrics = QFontMetricsF(_font())
    rect = metrics.boundingRect(QRectF(0, 0, 2000, 2000), 0, text)
    return QRectF(at, rect.size()).adjusted(-4, -2, 4, 2)


def _font() -> QFont:
    font = QFont()
    font.setPointSize(TEXT_PT)
    font.setBold(True)
    return font


def _text(p: QPainter, at: QPointF, o: Outline, selected: bool) -> None:
    box = text_box(at, o.drawing.text)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 170))
    p.drawRoundedRect(box, 4, 4)
    p.setFont(_font())
    p.setPen(QColor(o.drawing.style.colour))
    p.drawText(box.adjusted(4, 2, -4, -2), 0, o.drawing.text)


def _lens(p: QPainter, to_widget: QTransform, o: Outline, picture: QImage) -> None:
    """The picture around the lens's centre, ``zoom`` times larger, inside the circle."""
    assert o.lens is not None
    cx, cy, r = o.lens
    centre = to_widget.map(QPointF(cx, cy))
    scale = to_widget.m11()
    radius = r * scale
    circle = QPainterPath()
    circle.addEllipse(centre, radius, radius)
    p.save()
    p.setClipPath(circle)
    zoom = o.drawing.zoom
    lens = QTransform().translate(centre.x(), centre.y()).scale(scale * zoom, scale * zoom) \
        .translate(-cx, -cy)
    p.setTransform(lens)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale * zoom < 2)
    seen = QRectF(cx - r / zoom, cy - r / zoom, 2 * r / zoom, 2 * r / zoom).adjusted(-2, -2, 2, 2)
    p.drawImage(seen, picture, seen)  # only the pixels the lens shows
    p.restore()


def paint_notice(p: QPainter, text: str) -> None:
    """One line at the top-left of the picture in view (e.g. why a drawing is not shown).

    Called with the painter as the view hands it to an overlay (scaled to picture pixels and
    clipped to the picture): the notice goes where the picture is on screen, not at the
    widget's corner, which is a black band when the picture is letterboxed (and clipped)."""
    if not text:
        return
    shown = p.transform().mapRect(p.clipBoundingRect()) if p.hasClipping() else QRectF()
    device = p.device()
    if device is not None:
        whole = QRectF(0, 0, device.width(), device.height())
        shown = whole if shown.isEmpty() else shown.intersected(whole)
    p.resetTransform()
    p.setClipping(False)  # a narrow picture: the line may run on over the band beside it
    p.setFont(QFont())
    metrics = QFontMetricsF(p.font())
    room = (device.width() if device is not None else shown.right()) - shown.left() - 32
    text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(room, 40.0))
    box = QRectF(shown.left() + 8, shown.top() + 8, metrics.horizontalAdvance(text) + 16,
                 metrics.height() + 8)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(NOTICE)
    p.drawRoundedRect(box, 4, 4)
    p.setPen(QColor(255, 255, 255))
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
