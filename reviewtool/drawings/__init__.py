"""Drawings on an angle: arrows, lines, shapes, text, spotlights and magnifiers over a frame
range, in image pixels or on the ground plane (pitch metres), and the outlines a painter
draws for them. Qt-free: the window paints these outlines, an export can draw them with
OpenCV; the decision log keeps the drawings (``reviewtool.review.drawing_log``)."""

from reviewtool.drawings.model import GROUND, IMAGE, KINDS, Drawing, DrawingError, Style
from reviewtool.drawings.shapes import HomographySource, NotCalibrated, Outline, outline

__all__ = ["GROUND", "IMAGE", "KINDS", "Drawing", "DrawingError", "HomographySource",
           "NotCalibrated", "Outline", "Style", "outline"]
