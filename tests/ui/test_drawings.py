"""Drawing on the picture through the real widgets: P enters, a drag draws and logs an arrow,
Undo takes it back, Del deletes, Esc leaves, the tool bar shows only while drawing, a ground
drawing on an uncalibrated angle asks first, and playback runs on under a drawing."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from reviewtool.review.payloads import DRAWING, payload_of
from reviewtool.video.clip import open_clip
from tests.kit.stamp import read_stamp
from tests.review.helpers import VAR, demo_session
from tests.ui.test_station import angle_clips, station_window  # noqa: F401  (fixtures)
from ui.main_window import ReviewWindow

TIMEOUT = 10_000
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture()
def drawing_window(qtbot, review_window: ReviewWindow, tmp_path: Path,
                   ui_clips: dict[str, Path]) -> ReviewWindow:
    """A review with one clip, open at frame 40, recording as the test VAR."""
    path = tmp_path / "draw.review"
    session = demo_session(path)
    copy = tmp_path / "clips" / ui_clips["mp4"].name
    copy.parent.mkdir()
    shutil.copy(ui_clips["mp4"], copy)
    with open_clip(copy) as clip:
        session.add_clip(str(copy), clip.fingerprint, {"frame_count": len(clip.index)})
    session.close()
    w = review_window
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        assert w.open_review(path)
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.player.seek(40)
    qtbot.waitUntil(lambda: w.drawings.frame == 40, timeout=TIMEOUT)
    return w


def widget_at(w: ReviewWindow, x: float, y: float) -> QPoint:
    """The widget point over image pixel (x, y), as the view maps them now."""
    return w.drawings.to_widget().map(QPointF(x, y)).toPoint()


def drag(qtbot, w: ReviewWindow, a: tuple[float, float], b: tuple[float, float]) -> None:
    start, end = widget_at(w, *a), widget_at(w, *b)
    qtbot.mousePress(w.view, LEFT, pos=start)
    for t in (0.25, 0.5, 0.75, 1.0):
        qtbot.mouseMove(w.view, start + (end - start) * t)
    qtbot.mouseRelease(w.view, LEFT, pos=end)


def drawing_entries(w: ReviewWindow) -> list[str]:
    assert w.review.session is not None
    return [payload_of(e).op for e in w.review.session.record.entries if e.kind == DRAWING]


def press(qtbot, w: ReviewWindow, key: Qt.Key) -> None:
    widget = QApplication.focusWidget() or w.view
    qtbot.keyClick(widget, key)


def test_draw_an_arrow_undo_it_delete_one_and_leave(qtbot, drawing_window: ReviewWindow
                                                    ) -> None:
    w = drawing_window
    desk = w.drawings
    assert not desk.bar.isVisible()
    w.view.setFocus()
    press(qtbot, w, Qt.Key.Key_P)
    assert desk.active and desk.bar.isVisible()
    assert (desk.bar.first.value(), desk.bar.last.value()) == (0, 90)  # 40 +- 2 s at 25 fps
    desk.bar.ground.setChecked(False)  # flat on the picture: this angle is not calibrated
    drag(qtbot, w, (100, 100), (300, 200))
    assert drawing_entries(w) == ["create"]
    session = w.review.session
    assert session is not None
    arrow = session.drawings(w.review.clip_id, 40)[0]  # type: ignore[arg-type]
    assert arrow.kind == "arrow" and arrow.space == "image"
    # the toolbar's text is the text tool's: an arrow logged with it never showed it
    assert arrow.text == ""
    assert np.allclose(arrow.points, [(100, 100), (300, 200)], atol=1.5 / w.view.zoom)
    assert desk.selected == arrow.id and [o.drawing for o in desk.outlines] == [arrow]
    assert "Drawing added: arrow" in w.actions_by_id["edit.undo"].text()

    w.actions_by_id["edit.undo"].trigger()
    assert session.drawings(w.review.clip_id, 40) == []  # type: ignore[arg-type]
    assert desk.outlines == [] and desk.selected is None

    desk.bar.set_tool("circle")
    drag(qtbot, w, (320, 180), (360, 180))
    circle = session.drawings(w.review.clip_id, 40)[0]  # type: ignore[arg-type]
    assert circle.kind == "circle" and circle.text == ""
    desk.select(None)
    desk.bar.set_tool("select")
    qtbot.mouseClick(w.view, LEFT, pos=widget_at(w, 360, 180))  # on the rim
    assert desk.selected == circle.id
    w.view.setFocus()
    press(qtbot, w, Qt.Key.Key_Delete)
    assert drawing_entries(w) == ["create", "create", "delete"]
    assert session.drawings(w.review.clip_id, 40) == []  # type: ignore[arg-type]

    press(qtbot, w, Qt.Key.Key_Escape)
    assert not desk.active and not desk.bar.isVisible()


def test_the_keyboard_selects_each_drawing_on_the_frame_and_deletes_it(
        qtbot, drawing_window: ReviewWindow) -> None:
    w = drawing_window
    desk = w.drawings
    w.view.setFocus()
    press(qtbot, w, Qt.Key.Key_P)
    desk.bar.ground.setChecked(False)
    drag(qtbot, w, (100, 100), (300, 200))
    desk.bar.set_tool("freehand")
    drag(qtbot, w, (50, 250), (250, 300))
    desk.select(None)
    ids = [o.drawing.id for o in desk.outlines]
    assert len(ids) == 2
    w.view.setFocus()
    press(qtbot, w, Qt.Key.Key_S)
    assert desk.selected == ids[0]
    press(qtbot, w, Qt.Key.Key_S)
    assert desk.selected == ids[1]
    press(qtbot, w, Qt.Key.Key_Delete)
    assert [o.drawing.id for o in desk.outlines] == [ids[0]]
    assert drawing_entries(w) == ["create", "create", "delete"]


def test_select_and_move_a_drawing_records_one_edit(qtbot, drawing_window: ReviewWindow
                                                    ) -> None:
    w = drawing_window
    desk = w.drawings
    desk.enter()
    desk.bar.ground.setChecked(False)
    desk.bar.set_tool("line")
    drag(qtbot, w, (100, 100), (200, 100))
    desk.bar.set_tool("select")
    drag(qtbot, w, (150, 100), (150, 150))
    assert drawing_entries(w) == ["create", "edit"]
    line = w.review.session.drawings(w.review.clip_id, 40)[0]  # type: ignore[union-attr,arg-type]
    assert np.allclose(line.points, [(100, 150), (200, 150)], atol=2 / w.view.zoom)


def test_text_is_placed_with_a_click_and_edited_in_the_bar(qtbot, drawing_window: ReviewWindow
                                                           ) -> None:
    w = drawing_window
    desk = w.drawings
    desk.enter()
    desk.bar.set_tool("text")
    # found by a VAR walk-through: the field held the word "Text", and typing into it made
    # "TextFoul here"; it is empty, with a placeholder, and a click with it empty says so
    assert desk.bar.text.text() == "" and desk.bar.text.placeholderText()
    qtbot.mouseClick(w.view, LEFT, pos=widget_at(w, 50, 60))
    assert drawing_entries(w) == []
    assert "Type the text" in w.statusBar().currentMessage()
    qtbot.keyClicks(desk.bar.text, "Contact here")  # typed, as a VAR types it
    qtbot.mouseClick(w.view, LEFT, pos=widget_at(w, 50, 60))
    session = w.review.session
    assert session is not None
    text = session.drawings(w.review.clip_id, 40)[0]  # type: ignore[arg-type]
    assert text.text == "Contact here" and desk.selected == text.id
    qtbot.mouseDClick(w.view, LEFT, pos=widget_at(w, 50, 60))  # no second text
    assert drawing_entries(w) == ["create"]
    desk.bar.text.setText("Studs on the shin")
    qtbot.keyClick(desk.bar.text, Qt.Key.Key_Return)
    edited = session.drawings(w.review.clip_id, 40)[0]  # type: ignore[arg-type]
    assert edited.text == "Studs on the shin" and drawing_entries(w) == ["create", "edit"]


def test_the_frame_range_shows_and_hides_a_drawing(qtbot, drawing_window: ReviewWindow) -> None:
    w = drawing_window
    desk = w.drawings
    desk.enter()
    desk.bar.ground.setChecked(False)
    desk.bar.show_range(38, 42)
    desk.bar.range_edited.emit()  # typed: kept for the next drawings
    drag(qtbot, w, (100, 100), (300, 200))
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.player.seek(43)
    qtbot.waitUntil(lambda: desk.frame == 43, timeout=TIMEOUT)
    assert desk.outlines == []
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.player.seek(42)
    qtbot.waitUntil(lambda: desk.frame == 42 and len(desk.outlines) == 1, timeout=TIMEOUT)


def test_a_ground_drawing_on_an_uncalibrated_angle_asks_and_draws_flat_only_if_told(
        qtbot, drawing_window: ReviewWindow) -> None:
    w = drawing_window
    desk = w.drawings
    desk.enter()
    assert desk.bar.ground.isChecked()
    drag(qtbot, w, (100, 100), (300, 200))
    box = desk.question
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "not calibrated at frame 40" in box.text()
    assert drawing_entries(w) == []  # nothing drawn that looks precise
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert desk.bar.ground.isChecked() and drawing_entries(w) == []  # cancelled: gone
    assert desk.outlines == []
    drag(qtbot, w, (120, 110), (280, 210))
    box = desk.question
    assert box is not None and box.isVisible()
    flat = next(b for b in box.buttons() if b.text() == "Draw Flat")
    flat.click()
    assert not desk.bar.ground.isChecked()
    assert drawing_entries(w) == ["create"]  # the drag just made, not a second one
    session = w.review.session
    assert session is not None
    arrow = session.drawings(w.review.clip_id, 40)[0]  # type: ignore[arg-type]
    assert arrow.kind == "arrow" and arrow.space == "image"
    assert np.allclose(arrow.points, [(120, 110), (280, 210)], atol=1.5 / w.view.zoom)
    assert [o.drawing for o in desk.outlines] == [arrow] and desk.selected == arrow.id
    drag(qtbot, w, (100, 100), (300, 200))  # flat from now on: no question
    assert drawing_entries(w) == ["create", "create"]


def test_a_click_with_ground_ticked_on_an_uncalibrated_angle_asks_nothing(
        qtbot, drawing_window: ReviewWindow) -> None:
    w = drawing_window
    desk = w.drawings
    desk.enter()
    qtbot.mouseClick(w.view, LEFT, pos=widget_at(w, 100, 100))  # too small to be a drawing
    assert desk.question is None and drawing_entries(w) == []


def test_a_ground_drawing_with_a_homography_is_logged_in_metres(
        qtbot, drawing_window: ReviewWindow) -> None:
    w = drawing_window
    desk = w.drawings
    # 10 pixels a metre, pitch origin at pixel (20, 30): a plain (affine) calibration
    h = np.array([[10.0, 0, 20], [0, 10.0, 30], [0, 0, 1]])
    desk.ground = lambda clip, frame: h
    desk.enter()
    desk.bar.set_tool("ellipse")
    drag(qtbot, w, (120, 130), (220, 180))
    d = w.review.session.drawings(w.review.clip_id, 40)[0]  # type: ignore[union-attr,arg-type]
    assert d.space == "ground"
    assert np.allclose(d.points, [(10, 10), (20, 15)], atol=0.3 / w.view.zoom)


def test_playback_runs_on_while_a_drawing_is_shown(qtbot, drawing_window: ReviewWindow
                                                   ) -> None:
    w = drawing_window
    desk = w.drawings
    desk.enter()
    desk.bar.ground.setChecked(False)
    desk.bar.set_tool("spotlight")
    drag(qtbot, w, (100, 50), (200, 250))
    assert len(desk.outlines) == 1
    shown: list[int] = []
    w.player.frame_shown.connect(lambda r: shown.append(r.index))
    w.actions_by_id["play.toggle"].trigger()
    qtbot.waitUntil(lambda: len(shown) >= 5, timeout=TIMEOUT)
    w.actions_by_id["play.toggle"].trigger()
    assert shown == sorted(shown) and shown[0] > 40
    pixels = w.view.pixels
    assert pixels is not None and read_stamp(pixels) == w.player.shown
    assert desk.frame == w.player.shown


def test_the_mode_needs_a_clip_of_the_review(qtbot, review_window: ReviewWindow) -> None:
    w = review_window
    assert not w.actions_by_id["draw.mode"].isEnabled()
    w.drawings.enter()
    assert not w.drawings.active and not w.drawings.bar.isVisible()


def test_a_ground_drawing_follows_the_angles_calibration_and_hides_without_it(
        qtbot, drawing_window: ReviewWindow) -> None:
    from reviewtool.geometry import homography
    from reviewtool.geometry.calibration import calibrate
    from reviewtool.geometry.camera import PinholeCamera
    from tests.geometry.helpers import PITCH, clicks

    w = drawing_window
    desk = w.drawings
    session = w.review.session
    assert session is not None and w.review.clip_id is not None
    cam = PinholeCamera((70.0, -30.0, 18.0), (92.0, 34.0, 0.0), 870.0, 640, 360)
    w.review.do(lambda s: s.record_calibration(w.review.clip_id,  # type: ignore[arg-type]
                                               calibrate(PITCH, clicks(cam=cam), frame=40)))
    desk.enter()
    desk.bar.set_tool("line")
    a, b = (260.0, 250.0), (380.0, 230.0)
    drag(qtbot, w, a, b)
    line = session.drawings(w.review.clip_id, 40)[0]
    assert line.space == "ground"
    clicked = [w.view.image_point(QPointF(widget_at(w, *p))) for p in (a, b)]  # whole pixels
    truth = homography.apply(np.linalg.inv(cam.ground_homography()),
                             np.array([(p.x(), p.y()) for p in clicked]))
    assert np.allclose(line.points, truth, atol=1e-3)  # metres
    assert desk.hidden == 0 and len(desk.outlines) == 1
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.player.seek(41)  # not calibrated here: not drawn until carried here (placing...)
    qtbot.waitUntil(lambda: desk.frame == 41, timeout=TIMEOUT)
    assert desk.outlines == [] and desk.hidden == 1


def test_each_place_of_the_station_shows_its_own_angles_drawings(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811  (the fixture)
    w = station_window
    session = w.review.session
    assert session is not None
    ids = [c.id for c in session.clips()]
    other = ids[1]
    views = {p.clip: p.pane.player.view for p in w.drawings.panes}
    # fitted in their places, with nothing drawn, the pictures are on the views' native screens
    qtbot.waitUntil(lambda: all(v.on_screen for v in views.values()), timeout=TIMEOUT)
    w.review.do(lambda s: s.add_drawing(drawing_on(other)))
    place = next(p for p in w.drawings.panes if p.clip == other)
    qtbot.waitUntil(lambda: len(place.outlines) == 1, timeout=TIMEOUT)
    assert place.outlines[0].drawing.clip == other
    assert w.drawings.outlines == []  # the main angle has none
    assert all(p.outlines == [] for p in w.drawings.panes if p.clip != other)
    # the place with a drawing paints its picture and the drawing over it (the screen would
    # hide the drawing); the others' pictures stay on their screens
    assert not views[other].on_screen
    assert all(v.on_screen for clip, v in views.items() if clip != other)
    w.actions_by_id["edit.undo"].trigger()
    qtbot.waitUntil(lambda: place.outlines == [], timeout=TIMEOUT)
    assert views[other].on_screen


def drawing_on(clip: int):  # type: ignore[no-untyped-def]
    from reviewtool.drawings.model import Drawing

    return Drawing("", "circle", clip, 0, 99, ((100.0, 90.0), (130.0, 90.0)))



NOTICE = (120, 40, 0)  # ui.drawings.painter.paint_notice's box


def notice_shown(w: ReviewWindow) -> bool:
    """Whether the view, as painted now, shows the notice's box (a run of its colour)."""
    image = w.view.grab().toImage()
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            found += (c.red(), c.green(), c.blue()) == NOTICE
    return found > 100


def test_the_notice_is_painted_where_a_ground_drawing_cannot_be_placed(
        qtbot, drawing_window: ReviewWindow) -> None:
    """On the picture shown, letterboxed or not (the test's view has bands above and below)."""
    w = drawing_window
    desk = w.drawings
    h = np.array([[10.0, 0, 20], [0, 10.0, 30], [0, 0, 1]])
    desk.ground = lambda clip, frame: h if frame == 40 else None  # calibrated at 40 only
    desk.enter()
    desk.bar.set_tool("circle")
    drag(qtbot, w, (220, 180), (260, 180))
    assert len(desk.outlines) == 1 and not notice_shown(w)
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.player.seek(41)
    qtbot.waitUntil(lambda: desk.frame == 41, timeout=TIMEOUT)
    assert desk.outlines == [] and desk.hidden == 1
    assert notice_shown(w)
