"""The drawings of the other angles of the station: each place shows the drawings of its own
angle at its own frame (drawn on the main angle with the drawing desk; shown here, not
edited). Per frame shown the outlines are computed once; painting is a few polylines."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QPointF
from PySide6.QtGui import QImage, QPainter

from reviewtool.drawings.shapes import HomographySource, NotCalibrated, Outline, outline
from reviewtool.review.recorder import Change, Topic
from reviewtool.video.server import FrameResult
from ui.drawings.painter import paint_notice, paint_outlines
from ui.images import image_of


def outlines_at(session: Any, clip: int | None, frame: int | None,
                ground: HomographySource) -> tuple[list[Outline], int]:
    """The outlines of angle ``clip``'s drawings at ``frame``, and how many drawings on the
    ground are left out there (no calibration at that frame)."""
    shown: list[Outline] = []
    hidden = 0
    if session is not None and clip is not None and frame is not None:
        for d in session.drawings(clip, frame):
            try:
                shown.append(outline(d, frame, ground))
            except NotCalibrated:
                hidden += 1
    return shown, hidden


def wrap(pixels: np.ndarray | None) -> QImage | None:
    """The frame on screen as a QImage, without a copy (for a magnifier)."""
    return None if pixels is None else image_of(pixels)


class PaneDrawings(QObject):
    """A ``ui.player.overlay.Overlay`` on one place of the station."""

    def __init__(self, review: Any, pane: Any, ground: HomographySource | None = None) -> None:
        super().__init__(pane)
        self.review = review
        self.ground = ground or self._calibrated
        self.pane = pane
        self.frame: int | None = None
        self.shown: FrameResult | None = None
        self.outlines: list[Outline] = []
        self.hidden = 0
        pane.controller.frame_shown.connect(self._on_frame)
        review.changed.connect(self._on_change)
        pane.player.view.overlays.append(self)

    @property
    def clip(self) -> int | None:
        angle = self.pane.angle
        return None if angle is None else int(angle.key)

    def _calibrated(self, clip: int, frame: int) -> np.ndarray | None:
        s = self.review.session
        return None if s is None else s.ground_at(clip, frame)

    def _on_frame(self, result: FrameResult) -> None:
        self.frame, self.shown = result.index, result
        self.refresh()

    def _on_change(self, change: Change) -> None:
        if change.concerns(Topic.DRAWINGS, Topic.CLIPS, Topic.LINES):
            self.refresh()

    def refresh(self) -> None:
        """Outlines for the frame shown now; the whole place is repainted only when drawings
        show or just stopped showing (the view repaints its picture itself: a whole repaint
        for every frame of every angle, with nothing drawn, repainted the bands beside it)."""
        showed = self.shows()
        self.outlines, self.hidden = outlines_at(self.review.session, self.clip, self.frame,
                                                 self.ground)
        if showed or self.shows():
            self.pane.player.view.refresh()

    def shows(self) -> bool:
        return bool(self.outlines or self.hidden)

    def paint(self, p: QPainter, zoom: float) -> None:
        to_widget = p.worldTransform()
        p.resetTransform()
        lens = any(o.lens is not None for o in self.outlines)
        paint_outlines(p, to_widget, self.outlines, None,
                       wrap(self.pane.player.view.pixels_at_hand()) if lens else None)
        if self.hidden:
            why = getattr(self.ground, "why_hidden", None)  # the desk's placer says why
            said = why(self.clip, self.frame) if why and self.clip is not None \
                and self.frame is not None else "not shown: not calibrated here"
            paint_notice(p, f"{self.hidden} on the ground: {said}")

    def press(self, point: QPointF) -> bool:
        return False
