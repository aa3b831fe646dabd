"""The picture shown without Python painting it: a native label that holds the frame's pixmap.

Every call of a painter in the view's Python ``paintEvent`` let go of the interpreter's lock
and waited to take it back behind the frame servers' threads: four angles playing, the views'
paints were the GUI thread's largest waits for it (1.3 ms a frame, measured) and behind its
longest blocks. A picture drawn at its own size with nothing over it (the station's angles
fitted in their places, every frame played) is shown by a ``QLabel`` instead: one call gives it
the frame's pixmap, and Qt paints it in C++ with no Python at all.

The view still takes every click, drag and wheel turn (the label lets them through), paints
the background beside the picture, and paints the picture itself whenever anything is drawn
over it or it is zoomed past its pixels (``VideoView``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget

Box = tuple[int, int, int, int]  # x, y, width, height in the view


class Screen(QLabel):
    """The view's picture at its own size, in a box of the view. The state is kept in Python
    (``box``): asking Qt whether it shows would be one more call into Qt every frame."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the view's
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # the view not repainted
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)  # under it, nor cleared
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        self.box: Box | None = None  # where it shows; None: hidden

    def put(self, x: int, y: int, pixmap: QPixmap) -> bool:
        """Show ``pixmap`` with its top-left corner at (x, y). True when the box changed (the
        view then paints the background beside it anew). Its size is fixed: a label that may
        change size asks its parent for a new layout with every pixmap."""
        box = (x, y, pixmap.width(), pixmap.height())
        old = self.box
        if old is None or old[2:] != box[2:]:
            self.setFixedSize(box[2], box[3])
        if old is None or old[:2] != box[:2]:
            self.move(x, y)
        self.setPixmap(pixmap)
        if old is None:
            self.show()
        self.box = box
        return box != old

    def take_down(self) -> bool:
        """Hide it (the view paints the picture); True when it was showing."""
        if self.box is None:
            return False
        self.box = None
        self.hide()
        self.clear()  # its pixmap is not kept alive behind the view's back
        return True
