"""Pixels as a QImage without a copy: the view paints them, and the mailbox makes them on the
frame server's thread (a QImage may be made on any thread), with the pixmap the view's screen
shows (``ui.player.screen``) where the platform lets pixmaps be made off the GUI thread.

Making and destroying a QImage both let go of the interpreter's lock, and taking it back on
the GUI thread waits behind the frame servers' threads. So the images of played frames are
made on a frame server's thread (``Drawn``) and destroyed there too (``retire``): destroyed on
the GUI thread, each one held it up 0.2-0.4 ms on average and up to 9 ms, four angles playing
(measured).
"""

from __future__ import annotations

from collections import deque

import numpy as np
from PySide6.QtGui import QImage, QPixmap

# Images the GUI thread is done with, destroyed by the next frame server threads that make one.
_retired: deque[QImage | QPixmap] = deque()
DESTROYED_EACH = 4  # each angle retires about one image and one pixmap a frame, and makes them
# Whether pixmaps can be made off the GUI thread here: Qt makes a null one, and says so once,
# on a platform that cannot (None: not tried yet).
_pixmaps_off_gui: bool | None = None


def image_of(pixels: np.ndarray) -> QImage:
    """H x W x 4 (B G R X: Qt's RGB32 on a little-endian machine) or H x W x 3 RGB pixels as a
    QImage over the same memory, which the caller keeps alive as long as the image."""
    h, w, depth = pixels.shape
    fmt = QImage.Format.Format_RGB32 if depth == 4 else QImage.Format.Format_RGB888
    return QImage(pixels.data, w, h, depth * w, fmt)


def pixmap_of(image: QImage) -> QPixmap:
    """``image`` as a pixmap (a copy: what the view's screen shows)."""
    return QPixmap.fromImage(image)


class Drawn:
    """A QImage, and its pixmap when it could be made, made off the GUI thread and given once
    to the view that shows them: the result that carried them then no longer holds them, so
    the view alone decides when they are retired."""

    __slots__ = ("_image", "_pixmap")

    def __init__(self, image: QImage, pixmap: QPixmap | None = None) -> None:
        self._image: QImage | None = image
        self._pixmap = pixmap

    def take(self) -> QImage | None:
        """The image; its pixmap is then ``take_pixmap``'s alone."""
        image, self._image = self._image, None
        return image

    def take_pixmap(self) -> QPixmap | None:
        pixmap, self._pixmap = self._pixmap, None
        return pixmap


def drawn_off_gui(pixels: np.ndarray) -> Drawn:
    """``pixels`` as a QImage and a pixmap, made on the calling (frame server) thread, which
    also destroys up to ``DESTROYED_EACH`` of the images retired (a bounded delay for this
    frame)."""
    global _pixmaps_off_gui
    for _ in range(DESTROYED_EACH):
        try:
            _retired.popleft()  # dropped here: its destructor runs on this thread
        except IndexError:  # none left (another server thread may have taken the last)
            break
    image = image_of(pixels)
    pixmap = None
    if _pixmaps_off_gui is not False:
        pixmap = pixmap_of(image)
        if pixmap.isNull():  # not on this platform: the view makes them
            _pixmaps_off_gui, pixmap = False, None
        else:
            _pixmaps_off_gui = True
    return Drawn(image, pixmap)


def let_go(drawn: object) -> None:
    """A result's image and pixmap that no view took (an answer superseded before it was
    shown) are retired, not destroyed with the result on the GUI thread."""
    if isinstance(drawn, Drawn):
        retire(drawn.take())
        retire(drawn.take_pixmap())


def retire(image: QImage | QPixmap | None) -> None:
    """Hand an image or pixmap the GUI thread no longer holds elsewhere to a frame server's
    thread to destroy."""
    if image is not None:
        _retired.append(image)
