"""The view paints the background beside the picture only (a fill of the whole place under
every frame of every angle was a 2 MB write each): what is not picture is still background,
at any fit or zoom, and no pixel of the picture is lost to it."""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPixmap

import ui.images
from reviewtool.video.result import FrameResult
from tests.ui.test_video_view_smoothing import _rgb, rgb_of
from ui.images import Drawn, drawn_off_gui
from ui.player.video_view import BACKGROUND, VideoView

WHITE = 255


def _view(qtbot, width: int, height: int) -> VideoView:
    view = VideoView()
    qtbot.addWidget(view)
    view.setMinimumSize(160, 90)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def _background(pixels: np.ndarray) -> np.ndarray:
    return (pixels == (BACKGROUND.red(), BACKGROUND.green(), BACKGROUND.blue())).all(axis=-1)


def test_bands_beside_a_fitted_picture_are_background(qtbot) -> None:
    view = _view(qtbot, 400, 150)  # wider than 16:9: bands left and right
    view.set_frame(np.full((180, 320, 3), WHITE, np.uint8))
    shown = _rgb(view)
    left = round(view._offset.x())
    assert left > 50
    assert _background(shown[:, : left - 1]).all()
    assert _background(shown[:, -(left - 1):]).all()
    assert (shown[:, left + 1: -(left + 1)] == WHITE).all()  # the picture, whole


def test_zoomed_out_the_old_picture_s_place_is_background(qtbot) -> None:
    view = _view(qtbot, 320, 240)  # taller than 16:9: bands above and below
    view.set_frame(np.full((180, 320, 3), WHITE, np.uint8))
    _rgb(view)
    view.set_zoom(view.zoom / 2, QPointF(160, 120))  # 160 x 90 now
    shown = _rgb(view)
    picture = ~_background(shown)
    rows, columns = np.nonzero(picture)
    assert 160 <= columns.max() - columns.min() + 1 <= 162  # give or take its edges
    assert 90 <= rows.max() - rows.min() + 1 <= 92
    assert picture.sum() <= 162 * 92


def test_zoomed_in_past_the_place_there_is_no_band(qtbot) -> None:
    view = _view(qtbot, 320, 240)
    view.set_frame(np.full((180, 320, 3), WHITE, np.uint8))
    view.set_zoom(4.0, QPointF(160, 120))
    assert (_rgb(view) == WHITE).all()


def _on_screen(view: VideoView) -> np.ndarray:
    """What the window shows now (its backing store), not a fresh rendering like ``grab``."""
    grabbed = view.screen().grabWindow(view.winId())
    assert not grabbed.isNull(), "the window is being repainted"  # (waited on: asked again)
    return rgb_of(grabbed.toImage())


class _Marks:
    """An overlay that shows and paints nothing: the view must then paint the picture."""

    def __init__(self) -> None:
        self.showing = True

    def shows(self) -> bool:
        return self.showing

    def paint(self, painter, zoom: float) -> None:
        pass

    def press(self, point) -> bool:
        return False


def _counting(monkeypatch) -> tuple[list[int], list[tuple[int, int, int, int]]]:
    """The fills beside the picture and the rectangles the view's ``paintEvent`` repaints."""
    fills: list[int] = []
    fill = VideoView._fill_around
    monkeypatch.setattr(VideoView, "_fill_around",
                        lambda self, p, target: (fills.append(1), fill(self, p, target)))
    painted: list[tuple[int, int, int, int]] = []
    paint = VideoView.paintEvent

    def paint_event(self, event) -> None:
        r = event.rect()
        painted.append((r.x(), r.y(), r.width(), r.height()))
        paint(self, event)

    monkeypatch.setattr(VideoView, "paintEvent", paint_event)
    return fills, painted


def _shows_level(view: VideoView, level: int) -> bool:
    """The window shows a picture of ``level`` whole, background beside it."""
    shown = _on_screen(view)
    left = round(view._offset.x())
    return bool(_background(shown[:, : left - 1]).all()
                and _background(shown[:, -(left - 1):]).all()
                and (shown[:, left + 1: -(left + 1)] == level).all())


def test_a_new_frame_in_the_same_place_is_shown_without_the_view_painting(
        qtbot, monkeypatch) -> None:
    """Each call of the painter in the view's Python ``paintEvent`` lets go of the
    interpreter's lock and waits to take it back: a frame drawn at its own size where the last
    one was goes to the view's screen (a native label) and the view paints nothing; what the
    window shows is the new picture, background beside it, and a resize fills it again."""
    view = _view(qtbot, 400, 150)  # bands left and right
    fills, painted = _counting(monkeypatch)
    view.set_frame(np.full((180, 320, 3), WHITE, np.uint8))
    qtbot.waitUntil(lambda: len(painted) >= 1 and view.paint_size is not None)
    size = view.paint_size  # the frame server makes pictures at that size from now on
    view.set_frame(np.full((180, 320, 3), 230, np.uint8), _bgrx(230, *size))
    assert view.on_screen  # it moved there: the view paints the background beside it
    qtbot.waitUntil(lambda: len(painted) >= 2 and _shows_level(view, 230))
    first, count = len(fills), len(painted)
    for level in (200, 150, 100):
        view.set_frame(np.full((180, 320, 3), level, np.uint8), _bgrx(level, *size))
        qtbot.waitUntil(lambda level=level: _shows_level(view, level))
        assert view.on_screen
    assert (len(painted), len(fills)) == (count, first)  # the view painted nothing
    view.resize(420, 150)
    qtbot.waitUntil(lambda: len(fills) > first)


def test_under_an_overlay_a_new_frame_repaints_the_picture_alone(qtbot, monkeypatch) -> None:
    """With something drawn over it the view paints the picture itself; a frame drawn where
    the last one was repaints its box alone (the four fills beside it were a third of each
    angle's calls), and what the window shows beside it is still background."""
    view = _view(qtbot, 400, 150)
    marks = _Marks()
    view.overlays.append(marks)
    fills, painted = _counting(monkeypatch)
    view.set_frame(np.full((180, 320, 3), WHITE, np.uint8))
    qtbot.waitUntil(lambda: len(painted) >= 1 and view.paint_size is not None)
    size = view.paint_size
    view.set_frame(np.full((180, 320, 3), WHITE, np.uint8), _bgrx(WHITE, *size))
    qtbot.waitUntil(lambda: len(painted) >= 2)
    first = len(fills)
    for level in (200, 150, 100):
        count = len(painted)
        view.set_frame(np.full((180, 320, 3), level, np.uint8), _bgrx(level, *size))
        qtbot.waitUntil(lambda count=count: len(painted) > count)
        _x, _y, w, h = painted[-1]
        assert (w, h) != (view.width(), view.height()) and w < view.width(), painted[-1]
        assert not view.on_screen
        qtbot.waitUntil(lambda level=level: _shows_level(view, level))
    assert len(fills) == first
    marks.showing = False  # the overlay has nothing left to draw: the screen takes over
    view.refresh()
    assert view.on_screen
    qtbot.waitUntil(lambda: _shows_level(view, 100))
    marks.showing = True
    view.refresh()
    assert not view.on_screen
    qtbot.waitUntil(lambda: _shows_level(view, 100))


def _bgrx(level: int, width: int, height: int) -> np.ndarray:
    """A picture in the painted form the frame server makes (B G R X), at its own size."""
    return np.full((height, width, 4), level, np.uint8)


def test_a_picture_after_a_message_repaints_the_whole_place(qtbot) -> None:
    """A cleared view paints its message across the whole place: the next picture, even of
    the same size in the same place, repaints all of it, so no letter of the message stays
    beside the picture."""
    view = _view(qtbot, 400, 150)
    view.set_frame(np.full((180, 320, 3), WHITE, np.uint8))
    qtbot.waitUntil(lambda: view.paint_size is not None)
    size = view.paint_size
    view.set_frame(np.full((180, 320, 3), WHITE, np.uint8), _bgrx(WHITE, *size))
    qtbot.waitUntil(lambda: view.on_screen and _shows_level(view, WHITE))  # on the screen
    left = round(view._offset.x())
    view.clear("Opening a long message that runs across the whole place, bands and all")
    qtbot.waitUntil(  # letters where the band was
        lambda: not _background(_on_screen(view)[:, : left - 1]).all())
    view.set_frame(np.full((180, 320, 3), 100, np.uint8), _bgrx(100, *size))
    qtbot.waitUntil(lambda: (_on_screen(view)[:, left + 1: -(left + 1)] == 100).all())
    shown = _on_screen(view)
    assert _background(shown[:, : left - 1]).all()
    assert _background(shown[:, -(left - 1):]).all()


def test_where_pixmaps_cannot_be_made_off_the_gui_thread_the_view_makes_them(
        qtbot, monkeypatch) -> None:
    """Qt makes a null pixmap off the GUI thread on a platform that cannot: the frame
    server's thread then stops trying (Qt's warning once, not every frame), and the view
    makes the screen's pixmap itself; the picture still shows."""
    monkeypatch.setattr(ui.images, "_pixmaps_off_gui", None)
    tried: list[int] = []
    monkeypatch.setattr(ui.images, "pixmap_of",
                        lambda image: (tried.append(1), QPixmap())[1])  # as Qt there
    view = _view(qtbot, 400, 150)
    view.set_frame(np.full((180, 320, 3), WHITE, np.uint8))
    qtbot.waitUntil(lambda: view.paint_size is not None)
    size = view.paint_size
    made: list[tuple[np.ndarray, Drawn]] = []

    def on_a_server_thread(level: int) -> None:
        pixels = _bgrx(level, *size)
        made.append((pixels, drawn_off_gui(pixels)))

    for level in (200, 100):
        worker = threading.Thread(target=on_a_server_thread, args=(level,))
        worker.start()
        worker.join()
    assert tried == [1] and ui.images._pixmaps_off_gui is False  # tried once, then not
    pixels, drawn = made[1]
    assert drawn._pixmap is None
    view.show_result(FrameResult(0, np.full((180, 320, 3), 100, np.uint8), 0.0,
                                 screen=pixels, drawn=drawn))
    assert view.on_screen  # with a pixmap the view made
    qtbot.waitUntil(lambda: _shows_level(view, 100))
