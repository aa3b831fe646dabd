"""What the video view paints over the picture: overlays (offside lines, drawings...).

The view keeps a list of them and knows nothing of what they draw. Each paints in picture
pixels (the painter is already scaled and moved to the picture) and may take a left click on
the picture (a press and release without a drag: a drag always pans).

Whoever changes what an overlay shows calls the view's ``refresh`` (not ``update``): a picture
with nothing over it is shown by the view's native screen, which ``refresh`` takes down when an
overlay has something to paint.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainter


class Overlay(Protocol):
    def shows(self) -> bool:
        """Whether it has anything to paint now (asked at every frame of every angle: the
        view sets its painter up for overlays only when one does)."""

    def paint(self, painter: QPainter, zoom: float) -> None:
        """Paint in picture pixels; ``zoom`` is screen pixels per picture pixel (for pens and
        text that keep their size on screen)."""

    def press(self, point: QPointF) -> bool:
        """A left click at picture pixel ``point`` (where it was pressed): True when the
        overlay took it (the next overlays are not asked)."""
