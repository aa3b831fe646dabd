"""What a VAR met walking the multi-angle station at 1280 x 720: captions name each angle by
its number in the review (as the log does), stay one height so the pictures of a row line
up, small pictures are smoothed, and the sync dialog marks the active picture and opens at
the playhead."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from tests.kit.stamp import read_stamp
from tests.ui.test_station import (  # noqa: F401 (fixtures)
    ANGLES,
    TIMEOUT,
    all_at,
    angle_clips,
    expected,
    open_angles,
    station_window,
)
from ui.main_window import ReviewWindow


def test_a_caption_names_the_angle_by_its_number_in_the_review(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.actions_by_id["station.main_3"].trigger()  # Alt+3: the goal-line angle becomes main
    qtbot.waitUntil(lambda: w.review.clip_id == ids[2], timeout=TIMEOUT)
    panes = w.station.panes
    qtbot.waitUntil(lambda: panes[2].angle is not None and panes[2].angle.key == ids[0],
                    timeout=TIMEOUT)
    main, old = panes[0].caption.text(), panes[2].caption.text()
    assert main.startswith(f"angle {ids[2]} MAIN") and "goal" in main
    assert old.startswith(f"angle {ids[0]} ") and "MAIN" not in old and "wide" in old
    assert panes[1].caption.text().startswith(f"angle {ids[1]} ")


def _picture(w: ReviewWindow, place: int) -> tuple[int, int, int, int]:
    view = w.station.panes[place].player.view
    top_left = view.mapTo(w, QPoint(0, 0))
    return top_left.x(), top_left.y(), view.width(), view.height()


@pytest.fixture()
def long_names(review_window: ReviewWindow, tmp_path: Path, angle_clips: list[Path],  # noqa: F811
               qtbot) -> ReviewWindow:
    """Cameras with the long names real clips have (the first one short), 2 x 2 in a
    1280 x 720 window, every picture shown."""
    w = review_window
    w.resize(1280, 720)
    clips = [tmp_path / "wide.mp4"] + [
        tmp_path / f"{name}_camera_{i}_2026-11-28_second_half.mp4"
        for i, (name, *_rest) in enumerate(ANGLES) if i]
    for src, dst in zip(angle_clips, clips, strict=True):
        dst.write_bytes(src.read_bytes())
    open_angles(qtbot, w, tmp_path / "long.review", clips, [a[3] for a in ANGLES[1:]])
    w.actions_by_id["station.layout_grid"].trigger()
    qtbot.waitUntil(lambda: all(p.controller.clip is not None for p in w.station.panes),
                    timeout=TIMEOUT)
    w.player.seek(30)
    qtbot.waitUntil(lambda: all(p.player.view.pixels is not None for p in w.station.panes),
                    timeout=TIMEOUT)
    return w


def test_the_pictures_of_a_row_line_up_at_1280_by_720(qtbot, long_names: ReviewWindow
                                                      ) -> None:
    w = long_names
    assert w.width() == 1280
    for left, right in ((0, 1), (2, 3)):
        a, b = _picture(w, left), _picture(w, right)
        assert a[1] == b[1] and a[3] == b[3] and abs(a[2] - b[2]) <= 1, (left, right, a, b)
    caption = w.station.panes[3].caption
    assert caption.height() == w.station.panes[0].caption.height()
    assert "rate 1.000200" in caption.toolTip()  # the whole caption, whatever fits


def _open_sync_dialog(qtbot, w: ReviewWindow):
    from ui.station.sync_dialog import SyncDialog

    qtbot.keyClick(w.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = w.commands.dialog
    assert isinstance(dialog, SyncDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT)
    return dialog


def _shows(dialog, side: int, frame: int) -> bool:
    pixels = dialog.players[side].view.pixels
    return dialog.players[side].controller.shown == frame and pixels is not None \
        and read_stamp(pixels) == frame


def test_the_sync_dialog_opens_at_the_playhead(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.review.do(lambda s: s.unsync_angle(ids[1]))
    w.player.seek(40)  # 0.8 s on the reference clock
    qtbot.waitUntil(lambda: w.player.shown == 40, timeout=TIMEOUT)
    dialog = _open_sync_dialog(qtbot, w)
    assert dialog.key == ids[1]  # the unsynced one: the same clip time, 0.8 s
    qtbot.waitUntil(lambda: _shows(dialog, 0, 40) and _shows(dialog, 1, 40), timeout=TIMEOUT)
    dialog.angle_box.activated.emit(1)  # the goal-line angle, synced: at or before 0.8 s
    assert dialog.key == ids[2]
    qtbot.waitUntil(lambda: _shows(dialog, 1, expected(2, 0.8)), timeout=TIMEOUT)
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT):
        qtbot.keyClick(dialog.players[1].view, Qt.Key.Key_Escape)


def _border(dialog, side: int) -> tuple[int, int, int]:
    frame = dialog.frames[side]
    color = frame.grab().toImage().pixelColor(1, frame.height() // 2)
    return color.red(), color.green(), color.blue()


def test_the_sync_dialog_marks_the_active_picture(qtbot, long_names: ReviewWindow
                                                  ) -> None:
    w = long_names
    dialog = _open_sync_dialog(qtbot, w)
    qtbot.waitUntil(lambda: all(p.view.pixels is not None for p in dialog.players),
                    timeout=TIMEOUT)
    highlight = dialog.palette().color(QPalette.ColorRole.Highlight)
    marked = highlight.red(), highlight.green(), highlight.blue()
    assert _border(dialog, 0) == marked and _border(dialog, 1) != marked
    assert dialog.headings[0].text().startswith("1 ") and dialog.headings[1].isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    assert _border(dialog, 1) == marked and _border(dialog, 0) != marked
    assert dialog.headings[1].text().startswith("2 ")
    assert abs(dialog.frames[0].width() - dialog.frames[1].width()) <= 1  # a long name too
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT):
        qtbot.keyClick(dialog.players[1].view, Qt.Key.Key_Escape)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_small_places_captions_fit_in_one_large_and_three_small(
        qtbot, long_names: ReviewWindow, size: tuple[int, int]) -> None:
    """Found by a VAR walk-through of the demo: in one large and three small (Ctrl+Alt+3) the
    small places' captions were cut to "offs…". Each line now takes the longest of its forms
    that fits the place (a shorter one, or a smaller font): frame, time and offset show
    whole, nothing is cut, at 1920 x 1080 and at 1280 x 720."""
    w = long_names
    w.resize(*size)
    qtbot.keyClick(w.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier)
    assert w.station.model.layout == "main_plus"
    panes = w.station.panes
    qtbot.waitUntil(lambda: w.width() == size[0] and all(p.isVisible() for p in panes)
                    and all(p.controller.clip is not None for p in panes[1:])
                    and all("frame" in p.caption.text() for p in panes), timeout=TIMEOUT)
    for pane in panes[1:]:
        caption, angle = pane.caption, pane.angle
        assert caption.width() <= pane.width()
        title, line = caption.shown_lines()
        assert "…" not in line, (size, caption.width(), title, line)
        assert title.startswith((f"angle {angle.key} ", f"{angle.key} "))  # a long name may
        metrics = caption.fontMetrics()  # be cut in its middle, never the number
        assert metrics.horizontalAdvance(title) <= caption.width()
        assert str(pane.controller.shown) in line  # its own frame, time and offset
        assert f"{angle.time_map.offset:+.3f}" in line
        assert f"{pane.controller.clip.index.seconds(pane.controller.shown):.3f}" in line


def test_a_caption_is_measured_in_the_font_it_is_painted_in(qtbot) -> None:
    """Found by a VAR walk-through: in 2 x 2 a caption switched to its shorter form when the
    clip time reached 10 s, though the whole line fitted. The forms were measured in a 12 pt
    font while the caption painted in the window's 9 pt, and its "smaller" font was 9.6 pt."""
    from PySide6.QtGui import QFontMetrics

    from ui.station.caption import PAD, Caption

    caption = Caption()
    qtbot.addWidget(caption)
    whole = "frame 511 · 10.220 s · offset +1.370 s · rate 1.000200"
    short = "frame 511 · 10.220 s · +1.370 s · +200 ppm"
    caption.set_lines(["angle 2", [whole, short]])
    painted = QFontMetrics(caption.font()).horizontalAdvance(whole)
    caption.resize(painted + 2 * PAD + 1, caption.height())
    assert caption.shown_lines()[1] == whole
    caption.resize(QFontMetrics(caption.font()).horizontalAdvance(short) + 2 * PAD - 2,
                   caption.height())  # too narrow for both in its font: a smaller one
    font, lines, _whole = caption._drawn()
    assert font.pointSizeF() < caption.font().pointSizeF()
    assert lines[1] == short
