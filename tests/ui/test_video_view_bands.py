"""The view paints the background beside the picture only (a fill of the whole place under
every frame of every angle was a 2 MB write each): what is not picture is still background,
at any fit or zoom, and no pixel of the picture is lost to it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF

from tests.ui.test_video_view_smoothing import _rgb
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
