"""Pixels as a QImage without a copy: the view paints them, and the mailbox makes them on the
frame server's thread (a QImage may be made on any thread; a QPixmap may not)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def image_of(pixels: np.ndarray) -> QImage:
    """H x W x 4 (B G R X: Qt's RGB32 on a little-endian machine) or H x W x 3 RGB pixels as a
    QImage over the same memory, which the caller keeps alive as long as the image."""
    h, w, depth = pixels.shape
    fmt = QImage.Format.Format_RGB32 if depth == 4 else QImage.Format.Format_RGB888
    return QImage(pixels.data, w, h, depth * w, fmt)
