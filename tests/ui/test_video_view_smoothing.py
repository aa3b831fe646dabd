"""A picture shown smaller than its pixels is smoothed over every pixel it covers: a VAR
saw the pitch lines of the station's small places break into dashes."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from reviewtool.video.painting import painted_rgb
from ui.player.video_view import VideoView


def _rgb(view: VideoView) -> np.ndarray:
    return rgb_of(view.grab().toImage())


def rgb_of(image: QImage) -> np.ndarray:
    """An image's pixels as an H x W x 3 RGB array of its own."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                               image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def _gray(view: VideoView) -> np.ndarray:
    return _rgb(view).max(axis=2)



def _small_view(qtbot) -> VideoView:
    """A view as small as a station's place, shown."""
    view = VideoView()
    qtbot.addWidget(view)
    view.setMinimumSize(160, 90)
    view.resize(160, 90)
    view.show()
    qtbot.waitExposed(view)
    return view

def test_a_small_picture_is_smoothed_so_thin_lines_stay_whole(qtbot) -> None:
    """A thin slanted line of a 1280 x 720 frame shown at 160 x 90 (a small place): every
    column it crosses still shows it (unsmoothed or point-sampled, it breaks into dashes)."""
    frame = np.zeros((720, 1280, 3), np.uint8)
    xs = np.arange(100, 1180)
    ys = (100 + (xs - 100) * 0.45).astype(int)
    for d in (0, 1):  # a two-pixel line, like a pitch line far away
        frame[ys + d, xs] = 255
    view = _small_view(qtbot)
    view.set_frame(frame)
    assert view.zoom == 0.125
    gray = _gray(view)
    columns = gray[:, 14:146].max(axis=0)  # inside the line's ends
    assert (columns > 20).all(), f"the line breaks in {int((columns <= 20).sum())} columns"


def test_a_picture_prepared_off_the_gui_thread_draws_the_same(qtbot) -> None:
    """The frame server prepares pictures as the view asks (``paint_size``, 32-bit pixels):
    drawn, they look as the RGB frame drawn by the view itself, and the RGB frame is still
    what ``pixels`` gives."""
    frame = np.zeros((720, 1280, 3), np.uint8)
    frame[100:300, 200:700] = (200, 40, 90)
    frame[400:402, 100:1180] = 255
    view = _small_view(qtbot)
    view.set_frame(frame)
    itself = _rgb(view).astype(int)
    assert view.paint_size == (160, 90)  # drawn at 0.125: made at the size it is drawn
    screen = painted_rgb(frame, view.paint_size)
    assert screen.shape == (90, 160, 4)
    view.set_frame(frame, screen)
    assert view.pixels is not None and (view.pixels == frame).all()
    assert np.abs(_rgb(view).astype(int) - itself).max() <= 2  # colours in their places


def test_a_picture_made_at_its_drawn_size_is_drawn_pixel_for_pixel(qtbot) -> None:
    """At any zoom below 1 the view asks for the picture at the very size it draws it and
    copies it to the screen unscaled: a one-pixel checkerboard made at that size shows on
    screen exactly (any scaling would blur it into grey)."""
    view = _small_view(qtbot)
    view.resize(300, 200)
    frame = np.zeros((720, 1280, 3), np.uint8)
    view.set_frame(frame)
    size = view.paint_size
    assert size is not None and size == (round(1280 * view.zoom), round(720 * view.zoom))
    board = np.zeros((size[1], size[0], 4), np.uint8)
    board[::2, ::2, :3] = 255
    board[1::2, 1::2, :3] = 255
    view.set_frame(frame, board)
    shown = _gray(view)
    corner = view.widget_point(QPointF(0, 0))  # the picture's top-left corner on screen
    x, y = round(corner.x()), round(corner.y())
    drawn = shown[y:y + size[1], x:x + size[0]]
    assert (drawn == board[..., 0]).all()


def test_zoomed_in_the_picture_itself_is_drawn(qtbot) -> None:
    """At zoom 1 or more there is no reduced copy: ``paint_size`` is None and a prepared
    whole picture is drawn at the zoom (a VAR zooming in sees the real pixels)."""
    view = _small_view(qtbot)
    frame = np.zeros((90, 160, 3), np.uint8)
    frame[:, ::2] = 255
    view.set_frame(frame)
    assert view.paint_size is None and view.zoom == 1.0
    view.set_zoom(4.0, view.rect().center().toPointF())
    assert view.paint_size is None
    shown = _gray(view)
    assert set(shown[45].tolist()) == {0, 255}  # the real pixels, unsmoothed


def test_a_resized_view_draws_its_prepared_picture_scaled_until_the_size_holds(qtbot) -> None:
    """A window or splitter drag does not remake the picture on every step (four 1080p angles
    took the GUI thread about 30 ms a step): the prepared picture is drawn scaled, and made
    anew from the frame at the new size once the size holds."""
    view = _small_view(qtbot)
    view.resize(300, 200)
    frame = np.zeros((720, 1280, 3), np.uint8)  # black
    view.set_frame(frame)
    size = view.paint_size
    assert size is not None
    view.set_frame(frame, np.full((size[1], size[0], 4), 255, np.uint8))  # prepared: white
    view.resize(360, 240)
    assert view.paint_size != size
    assert _gray(view).max() == 255  # the prepared picture, scaled to the new size
    qtbot.waitUntil(lambda: _gray(view).max() < 20, timeout=5000)  # the frame, made anew
