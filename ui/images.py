"""Pixels as a QImage without a copy: the view paints them, and the mailbox makes them on the
frame server's thread (a QImage may be made on any thread; a QPixmap may not).

Making and destroying a QImage both let go of the interpreter's lock, and taking it back on
the GUI thread waits behind the frame servers' threads. So the images of played frames are
made on a frame server's thread (``Drawn``) and destroyed there too (``retire``): destroyed on
the GUI thread, each one held it up 0.2-0.4 ms on average and up to 9 ms, four angles playing
(measured).
"""

from __future__ import annotations

from collections import deque

import numpy as np
from PySide6.QtGui import QImage

# Images the GUI thread is done with, destroyed by the next frame server threads that make one.
_retired: deque[QImage] = deque()
DESTROYED_EACH = 2  # each angle retires about one image a frame, and makes one


def image_of(pixels: np.ndarray) -> QImage:
    """H x W x 4 (B G R X: Qt's RGB32 on a little-endian machine) or H x W x 3 RGB pixels as a
    QImage over the same memory, which the caller keeps alive as long as the image."""
    h, w, depth = pixels.shape
    fmt = QImage.Format.Format_RGB32 if depth == 4 else QImage.Format.Format_RGB888
    return QImage(pixels.data, w, h, depth * w, fmt)


class Drawn:
    """A QImage made off the GUI thread, given once to the view that shows it: the result that
    carried it then no longer holds it, so the view alone decides when it is retired."""

    __slots__ = ("_image",)

    def __init__(self, image: QImage) -> None:
        self._image: QImage | None = image

    def take(self) -> QImage | None:
        image, self._image = self._image, None
        return image


def drawn_off_gui(pixels: np.ndarray) -> Drawn:
    """``pixels`` as a QImage, made on the calling (frame server) thread, which also destroys
    up to ``DESTROYED_EACH`` of the images retired (a bounded delay for this frame)."""
    for _ in range(DESTROYED_EACH):
        try:
            _retired.popleft()  # dropped here: its destructor runs on this thread
        except IndexError:  # none left (another server thread may have taken the last)
            break
    return Drawn(image_of(pixels))


def let_go(drawn: object) -> None:
    """A result's image that no view took (an answer superseded before it was shown) is
    retired, not destroyed with the result on the GUI thread."""
    if isinstance(drawn, Drawn):
        retire(drawn.take())


def retire(image: QImage | None) -> None:
    """Hand an image the GUI thread no longer holds elsewhere to a frame server's thread to
    destroy."""
    if image is not None:
        _retired.append(image)
