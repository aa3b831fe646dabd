"""The video view: one frame, fit to the window or at any zoom around the cursor, panned by
dragging. Large zoom shows the real pixels (no smoothing), as offside decisions need.

Shown smaller than its pixels, the picture is drawn from a copy made at exactly the size it
is drawn at (``video.painting``: area means, so thin pitch lines stay whole in the station's
small places), which the frame server prepares off the GUI thread: drawing it is then a plain
copy. Qt's own smooth scaling read only the four pixels nearest each screen pixel (lines broke
into dashes) and took the GUI thread 0.7 ms a picture, waiting on Qt's worker threads.

A picture the frame server kept reduced (far from the playhead, ``Picture.stored``) is drawn
again from its stored pixels when the view shrinks; when it grows beyond them the view draws
it scaled for a moment and asks for the whole frame (``whole_wanted``): decoding it here would
hold the GUI thread for a GOP.

A picture drawn at its own size with nothing over it is shown by the view's ``Screen``, a
native label, and the view's Python ``paintEvent`` paints only the background beside it: new
frames then reach the screen with one call and no Python painting. Whoever changes what is
drawn over the picture calls ``refresh`` (it may take the picture back from the screen)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from reviewtool.video.painting import Size, painted_rgb
from reviewtool.video.picture import Picture
from reviewtool.video.server import FrameResult
from ui.images import Drawn, image_of, pixmap_of, retire
from ui.player.overlay import Overlay
from ui.player.screen import Screen

MIN_ZOOM, MAX_ZOOM = 0.05, 32.0
BACKGROUND = QColor(12, 12, 12)
WHEEL_STEP = 1.25
CLICK_SLOP = 4  # screen pixels a click may move before it is a drag
REMAKE_MS = 120  # a picture shown at a new size is made anew once the size holds this long


class VideoView(QWidget):
    zoom_changed = Signal(float)
    whole_wanted = Signal()  # the picture on screen is kept reduced; more is needed
    # A double click, while ``claims_double_click`` (a station's other angles: the pane makes
    # its angle the main one). A signal, not the pane's event filter: a Python filter takes the
    # interpreter's lock for every event the picture gets, each repaint (``ChromeWindow``).
    double_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._size: tuple[int, int] | None = None  # of the whole picture: None, no picture
        self._image: QImage | None = None  # the whole picture, made when it is drawn so
        # The picture in painted form (its size, pixels, image): as the frame server made it,
        # or made here when the view was zoomed or resized since.
        self._painted: tuple[Size, np.ndarray, QImage] | None = None
        self._pixmap: QPixmap | None = None  # of ``_painted``, for the screen, when made
        self.screen_label = Screen(self)  # shows the picture while ``on_screen``
        self._pixels: np.ndarray | None = None  # the RGB frame (what tests read), when made
        self._rgb: Callable[[], np.ndarray] | None = None  # makes it when asked
        # The decoded picture on screen and its view: pictures are remade from it as the
        # frame server makes them, so a frame looks the same whoever painted it
        self._source: tuple[Picture, str] | None = None
        self._whole_asked = False
        self.claims_double_click = False  # see ``double_clicked``
        self._zoom_told: float | None = None  # the zoom ``zoom_changed`` last said
        # The size in device pixels pictures are drawn at now (None: whole): read by the frame
        # server's thread, which prepares the next pictures so (``Picture.painted``).
        self.paint_size: Size | None = None
        self._zoom = 1.0
        self._offset = QPointF(0, 0)  # where the image's top-left corner is drawn
        # What the last fit was for (picture size, view size) and what it set (zoom, offset)
        self._fitted: tuple[object, float, QPointF] | None = None
        self._fit = True
        self._drag_from: QPointF | None = None
        self._click: tuple[QPointF, QPointF] | None = None  # where a press began, on screen
        self.message = ""
        self.overlays: list[Overlay] = []  # painted over the picture; may take clicks
        self._remake = QTimer(self)  # makes the picture at a new size once it holds
        self._remake.setSingleShot(True)
        self._remake.setInterval(REMAKE_MS)
        self._remake.timeout.connect(self._remade)
        self._remake_for: Size | None = None
        # Where the last picture was drawn at its own size, on whole pixels (x, y, width,
        # height), and what placed it there: the next frame in the same place repaints that
        # box alone, and the background beside it is left as it is (``_repaint``).
        self._box: tuple[tuple[int, int, int, int], object] | None = None

    # --- picture -------------------------------------------------------------------------

    def set_frame(self, rgb: np.ndarray, screen: np.ndarray | None = None) -> None:
        """Show ``rgb``; ``screen`` is the same picture already in ``Picture.painted`` form
        (made off the GUI thread), else the view paints the RGB frame itself."""
        rgb = np.ascontiguousarray(rgb[..., :3])
        self._picture((rgb.shape[1], rgb.shape[0]), lambda: rgb, screen)
        self._pixels = rgb

    def show_result(self, result: FrameResult) -> None:
        """Show a frame server's answer: its painted form (made off the GUI thread) when it
        has one; its RGB frame is made only if someone reads ``pixels``."""
        if result.screen is None:
            self.set_frame(result.rgb)
            return
        self._picture(result.size, lambda: result.rgb, result.screen, result.drawn)
        if isinstance(result.source, Picture):
            self._source = result.source, result.view

    def _picture(self, size: tuple[int, int], rgb: Callable[[], np.ndarray],
                 screen: np.ndarray | None, drawn: object = None) -> None:
        """``drawn``: ``screen`` as a QImage (``ui.images.Drawn``), when the mailbox made it on
        the frame server's thread (made here, the QImage let go of the interpreter's lock on
        every frame)."""
        first, cleared = self._size != size, self._size is None
        self._let_go()
        self._size, self._rgb, self._pixels = size, rgb, None
        self._source, self._whole_asked = None, False
        if screen is not None:
            image = drawn.take() if isinstance(drawn, Drawn) else None
            if image is None:  # made here: shown again, or by a viewer without a mailbox
                image = image_of(screen)
            else:
                self._pixmap = drawn.take_pixmap()  # type: ignore[union-attr]
            self._painted = (screen.shape[1], screen.shape[0]), screen, image
        self.message = ""
        if cleared and not self._fit:  # zoomed, and cleared for a moment: the zoom stays
            self._offset = self._kept_in()  # (refitting here lost an angle's zoom)
            self.paint_size = self._wanted()
        elif first or self._fit:
            self._fit_now()
        if self._zoom_told is None:  # the first picture since the view was cleared
            self._tell_zoom(self._zoom)
        self._repaint()

    def _placing(self) -> object:
        """What decides where the picture is drawn: the same, and it is drawn where it was."""
        return (self._size, self._zoom, self._offset.x(), self._offset.y(), self.width(),
                self.height(), self.devicePixelRatioF(), self._painted and self._painted[0])

    def _repaint(self) -> None:
        """Repaint for a new picture: on the screen when it can be (the view itself only if
        the screen moved); else only its box when it is drawn where the last one was, at its
        own size. Each call of the painter lets go of the interpreter's lock and waits to take
        it back, and the four fills of the background beside the picture were a third of each
        angle's calls, for every frame, while nothing there changed."""
        shown = self._to_screen()
        if shown is not None:
            if shown:
                self.update()
            return
        box = self._box
        if box is not None and box[1] == self._placing():
            self.update(*box[0])
        else:
            self.update()

    def refresh(self) -> None:
        """Repaint after the picture moved, or what is drawn over it changed."""
        self._to_screen()
        self.update()

    def _to_screen(self) -> bool | None:
        """Put the picture on the screen when it is drawn at its own size, on whole pixels,
        with nothing over it: None when it is not (the view paints it), else whether the
        screen moved (the view paints the background beside it anew)."""
        painted = self._painted
        if (painted is None or self._size is None or painted[0] != self._wanted()
                or self.devicePixelRatioF() != 1.0
                or any(overlay.shows() for overlay in self.overlays)):
            self.screen_label.take_down()
            return None
        if self._pixmap is None:  # made here: remade at a new size, or no mailbox made it
            self._pixmap = pixmap_of(painted[2])
        self._box = None  # the next picture the view draws is drawn whole
        return self.screen_label.put(round(self._offset.x()), round(self._offset.y()), self._pixmap)

    @property
    def on_screen(self) -> bool:
        """Whether the picture is shown by the screen now (not painted by the view)."""
        return self.screen_label.box is not None

    def _let_go(self) -> None:
        """Retire the images of the picture leaving the screen (``ui.images``)."""
        retire(self._image)
        if self._painted is not None:
            retire(self._painted[2])
        retire(self._pixmap)
        self._image, self._painted, self._pixmap = None, None, None

    def clear(self, message: str = "") -> None:
        self._let_go()
        self._zoom_told = None  # the next picture's zoom is told, even if it is the same
        self._size, self._pixels = None, None
        self._rgb, self.message, self._source = None, message, None
        self._box = None  # the message covers the whole place: so does the next picture
        self.screen_label.take_down()
        self.update()

    @property
    def has_picture(self) -> bool:
        return self._size is not None

    @property
    def pixels(self) -> np.ndarray | None:
        """The RGB frame on screen (what tests read the stamped frame number from; made when
        first read)."""
        if self._pixels is None and self._rgb is not None:
            self._pixels = np.ascontiguousarray(self._rgb()[..., :3])
        return self._pixels

    def pixels_at_hand(self) -> np.ndarray | None:
        """``pixels`` when they can be had without decoding on the GUI thread (what a
        magnifier paints from). For a picture kept reduced: None for now, and the whole
        frame is asked for (``whole_wanted``); the view repaints when it comes."""
        if self._pixels is None and self._kept_reduced() is not None:
            self._ask_whole()
            return None
        return self.pixels

    @property
    def image_size(self) -> tuple[int, int] | None:
        return self._size

    # --- zoom and pan --------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def fit_mode(self) -> bool:
        return self._fit

    def fit(self) -> None:
        self._fit = True
        self._fit_now()
        self.refresh()

    def actual_size(self) -> None:
        self.set_zoom(1.0, QPointF(self.width() / 2, self.height() / 2))

    def _fit_now(self) -> None:
        if self._size is None:
            return
        width, height = self.width(), self.height()
        fitted = self._fitted
        if fitted is not None and fitted[0] == (self._size, width, height) \
                and fitted[1] == self._zoom and fitted[2] is self._offset:
            return  # as fitted for the last frame (done for every frame of every angle)
        w, h = self._size
        z = min(width / w, height / h)
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, z))
        self._offset = QPointF((width - w * self._zoom) / 2, (height - h * self._zoom) / 2)
        self._fitted = (self._size, width, height), self._zoom, self._offset
        self.paint_size = self._wanted()
        if self._zoom != self._zoom_told:  # each picture is fitted: a signal on every frame
            self._tell_zoom(self._zoom)  # of every angle cost the interpreter's lock

    def _tell_zoom(self, zoom: float) -> None:
        self._zoom_told = zoom
        self.zoom_changed.emit(zoom)

    def set_zoom(self, zoom: float, around: QPointF) -> None:
        """Zoom keeping the image point under ``around`` (widget coordinates) in place."""
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        ratio = zoom / self._zoom
        self._offset = around - (around - self._offset) * ratio
        self._zoom = zoom
        self._fit = False
        self.paint_size = self._wanted()
        self._tell_zoom(zoom)
        self.refresh()

    def view_state(self) -> tuple[float, QPointF, bool]:
        """Zoom, pan and fit mode, to give back later (an angle that changes places)."""
        return self._zoom, QPointF(self._offset), self._fit

    def set_view_state(self, state: tuple[float, QPointF, bool]) -> None:
        zoom, offset, fit = state
        if fit:
            self.fit()
            return
        self._zoom, self._offset, self._fit = zoom, QPointF(offset), False
        if self._size is not None:  # (kept from a view of another size)
            self._offset = self._kept_in()
        self.paint_size = self._wanted()
        self._tell_zoom(zoom)
        self.refresh()

    def image_point(self, widget_point: QPointF) -> QPointF:
        """The image pixel under a widget point."""
        return (widget_point - self._offset) / self._zoom

    def widget_point(self, image_point: QPointF) -> QPointF:
        """The widget point showing an image pixel (the inverse of ``image_point``)."""
        return image_point * self._zoom + self._offset

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps and self._size is not None:
            self.set_zoom(self._zoom * WHEEL_STEP ** steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position()
            self._click = (event.position(), self.image_point(event.position()))
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.claims_double_click:
            self.double_clicked.emit()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._offset += event.position() - self._drag_from
            self._drag_from = event.position()
            self._fit = False
            self.refresh()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A press and release without a drag is a click: the overlays may take it (at the
        picture pixel pressed); a drag pans, in every mode."""
        click, self._click = self._click, None
        self._drag_from = None
        self.unsetCursor()
        if click is not None and self._size is not None and (
                event.position() - click[0]).manhattanLength() < CLICK_SLOP:
            for overlay in list(self.overlays):
                if overlay.press(click[1]):
                    break

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit: fitted again. Zoomed: the same zoom, the point at the centre stays there, and
        the picture stays in the view (a zoomed angle moved to a taller place showed its
        old pan: cut at the top, black below)."""
        if self._fit:
            self._fit_now()
        elif self._size is not None:
            old = event.oldSize()  # (invalid when resized while hidden: its place changed)
            if old.width() > 0 and old.height() > 0:
                self._offset += QPointF(self.width() - old.width(),
                                        self.height() - old.height()) / 2
            self._offset = self._kept_in()
        self._to_screen()  # (Qt repaints the view after a resize)

    def _kept_in(self) -> QPointF:
        """The pan moved the least so that the picture fills the view along each side where
        it is larger than the view; centred where it is smaller (as fitting centres it)."""
        assert self._size is not None
        out = []
        for pos, size, room in ((self._offset.x(), self._size[0] * self._zoom, self.width()),
                                (self._offset.y(), self._size[1] * self._zoom, self.height())):
            out.append(min(max(pos, room - size), 0.0) if size >= room else (room - size) / 2)
        return QPointF(*out)

    def _wanted(self) -> Size | None:
        """The size in device pixels the picture is drawn at now; None when that is its whole
        size or more (then it is drawn from the picture itself)."""
        scale = self._zoom * self.devicePixelRatioF()
        if self._size is None or scale >= 1:
            return None
        w, h = self._size
        return max(1, round(w * scale)), max(1, round(h * scale))

    def _drawn(self) -> tuple[QImage, bool]:
        """The image to draw, and whether it is at the very size it is drawn at (a plain copy
        to the screen). A picture prepared at another size (the view was zoomed or resized
        since the frame server made it) is drawn scaled, and its copy at the new size is made
        here once the size has held for ``REMAKE_MS``: remade on every step of a resize, four
        angles of 1080p took the GUI thread 5-17 ms a step (measured)."""
        want = self._wanted()
        self.paint_size = want
        painted = self._painted
        if painted is not None and painted[0] == (want or self._size):
            return painted[2], want is not None  # whole: drawn at the zoom
        reduced = self._kept_reduced()
        if (reduced is not None and painted is not None and self._pixels is None
                and not reduced[0].covers(want)):  # scaled for now; the whole frame is asked for
            self._ask_whole()
            return painted[2], False
        if want is not None and painted is not None:
            if want != self._remake_for or not self._remake.isActive():
                self._remake_for = want  # (restarted while the size changes)
                self._remake.start()
            return painted[2], False
        pixels = self.pixels
        assert pixels is not None
        if want is None:
            if self._image is None:
                self._image = image_of(pixels)
            return self._image, False
        return self._make_painted(want), True

    def _ask_whole(self) -> None:
        if not self._whole_asked:  # once for each picture shown
            self._whole_asked = True
            self.whole_wanted.emit()

    def _kept_reduced(self) -> tuple[Picture, str] | None:
        source = self._source
        return source if source is not None and source[0].stored is not None else None

    def _make_painted(self, want: Size) -> QImage:
        source = self._source
        if source is not None and source[0].covers(want):  # as the frame server paints it
            small = source[0].painted(source[1], want)  # (a reduced one from its pixels)
        else:
            pixels = self.pixels
            assert pixels is not None
            small = painted_rgb(pixels, want)
        if self._painted is not None:
            retire(self._painted[2])
        retire(self._pixmap)  # (of the picture at its old size)
        self._painted, self._pixmap = (want, small, image_of(small)), None
        return self._painted[2]

    def _remade(self) -> None:
        want = self._wanted()
        if self._size is not None and want is not None and (
                self._painted is None or self._painted[0] != want):
            self._make_painted(want)
            self.refresh()

    def _fill_around(self, p: QPainter, target: QRectF) -> None:
        """The background beside the picture only (the picture is opaque): a fill of the
        whole place for every frame of every angle was a 2 MB write each. The bands reach a
        pixel into the picture, which is drawn over them."""
        width, height = self.width(), self.height()
        top, bottom = math.floor(target.top()) + 1, math.ceil(target.bottom()) - 1
        left, right = math.floor(target.left()) + 1, math.ceil(target.right()) - 1
        if top > 0:
            p.fillRect(0, 0, width, top, BACKGROUND)
        if bottom < height:
            p.fillRect(0, bottom, width, height - bottom, BACKGROUND)
        if left > 0:
            p.fillRect(0, 0, left, height, BACKGROUND)
        if right < width:
            p.fillRect(right, 0, width - right, height, BACKGROUND)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        if self._size is None:
            p.fillRect(self.rect(), BACKGROUND)
            p.setPen(QColor(170, 170, 170))
            text = self.message or "Open a clip: File > Open, or drop a file here"
            p.drawText(self.rect().adjusted(12, 12, -12, -12),  # a narrow pane wraps, never clips
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
            return
        target = QRectF(self._offset.x(), self._offset.y(), self._size[0] * self._zoom,
                        self._size[1] * self._zoom)
        if self.screen_label.box is not None:  # the screen shows the picture: beside it only
            self._fill_around(p, target)
            return
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self._zoom < 2.0)
        image, exact = self._drawn()
        box = self._box[0] if self._box is not None else None
        exposed = event.rect()
        if box is None or not (exposed.x() >= box[0] and exposed.y() >= box[1]
                               and exposed.right() < box[0] + box[2]
                               and exposed.bottom() < box[1] + box[3]):
            self._fill_around(p, target)  # (not when only the picture's box is repainted)
        self._box = None
        if exact:  # at its own size, on whole device pixels: a copy, no scaling
            ratio = self.devicePixelRatioF()
            image.setDevicePixelRatio(ratio)
            x, y = round(self._offset.x() * ratio), round(self._offset.y() * ratio)
            p.drawImage(QPointF(x / ratio, y / ratio), image)
            if ratio == 1.0:
                self._box = (x, y, image.width(), image.height()), self._placing()
        else:
            p.drawImage(target, image)
        showing = [overlay for overlay in self.overlays if overlay.shows()]
        if showing:
            p.setClipRect(target)  # nothing drawn off the picture
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.translate(self._offset)
            p.scale(self._zoom, self._zoom)
            for overlay in showing:
                p.save()
                overlay.paint(p, self._zoom)
                p.restore()
