"""Screenshots of drawing on the picture (docs/user-guide.md, "Drawing on the picture"), taken
of the real review window at 1280x720 with the mouse driven through QTest.

The demo clip's camera is known exactly (the renderer draws through it), so here it stands in
for a calibration of the angle: ground drawings are then drawn in its perspective. Run under
a display or Xvfb:

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python \
        scripts/drawing_screenshots.py docs/images
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
from guide_screenshots import settle, wait  # beside this script
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reviewtool.demo import render, scene
from ui.demo import DEMO_USER, open_demo
from ui.main_window import ReviewWindow
from ui.settings import Settings
from ui.theme import apply_dark_theme

LEFT = Qt.MouseButton.LeftButton


def demo_homography(clip: int, frame: int) -> np.ndarray:
    """The demo camera at ``frame``: ground metres to pixels, positive in front."""
    cam = render.camera_at(frame / scene.FPS)
    k = np.array([[cam.focal, 0, cam.width / 2], [0, -cam.focal, cam.height / 2],
                  [0, 0, 1.0]])
    return k @ np.column_stack([cam.rot[:, 0], cam.rot[:, 1], -cam.rot @ cam.pos])


def image_of(frame: int, x: float, y: float, z: float = 0.0) -> tuple[float, float]:
    p = render.camera_at(frame / scene.FPS).project(np.array([[x, y, z]]))[0]
    return float(p[0]), float(p[1])


def drag(w: ReviewWindow, a: tuple[float, float], b: tuple[float, float]) -> None:
    t = w.drawings.to_widget()
    start = t.map(QPointF(*a)).toPoint()
    end = t.map(QPointF(*b)).toPoint()
    QTest.mousePress(w.view, LEFT, Qt.KeyboardModifier.NoModifier, start)
    for s in np.linspace(0.1, 1.0, 10):
        QTest.mouseMove(w.view, start + QPoint(round((end.x() - start.x()) * s),
                                               round((end.y() - start.y()) * s)))
    QTest.mouseRelease(w.view, LEFT, Qt.KeyboardModifier.NoModifier, end)


def zoom_to(w: ReviewWindow, x: float, y: float, zoom: float) -> None:
    """Zoom the picture to ``zoom`` with image pixel (x, y) in the middle of the view."""
    view = w.view
    at = QPointF(view.width() / 2, view.height() / 2)
    view.set_zoom(view.zoom, at + (QPointF(x, y) - view.image_point(at)) * view.zoom)
    view.set_zoom(zoom, at)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    apply_dark_theme(app)
    work = Path(tempfile.mkdtemp(prefix="drawings-"))
    w = ReviewWindow(Settings(QSettings(str(work / "s.ini"), QSettings.Format.IniFormat)))
    w.show()
    w.resize(1280, 720)
    open_demo(w, work / "cache")
    wait(app, lambda: w.review.author == DEMO_USER and w.view.pixels is not None, 1800)
    for dock in ("log", "state"):
        w.docks[dock].hide()
    frame = 405
    w.player.seek(frame)
    wait(app, lambda: w.player.shown == frame and w.drawings.frame == frame)
    desk = w.drawings
    desk.ground = demo_homography
    desk.enter()
    settle(app)
    zoom_to(w, *image_of(frame, 98.5, 35.0), 1.5)
    settle(app)
    # the attacker's run, on the ground: an arrow in the camera's perspective
    desk.bar.set_tool("arrow")
    desk.bar.colour.setCurrentIndex(desk.bar.colour.findData("#ff3b30"))
    attacker = scene.FIGURES[1].position(frame / scene.FPS)
    drag(w, image_of(frame, 94.5, 33.3), image_of(frame, attacker[0] - 0.4, attacker[1] - 0.2))
    # a 2 m circle on the ground where boot meets head
    desk.bar.set_tool("circle")
    desk.bar.colour.setCurrentIndex(desk.bar.colour.findData("#ffd400"))
    drag(w, image_of(frame, 99.6, 35.4), image_of(frame, 101.6, 35.4))
    # the defender's zone, an ellipse on the ground
    desk.bar.set_tool("ellipse")
    desk.bar.colour.setCurrentIndex(desk.bar.colour.findData("#00d7ff"))
    far = scene.FIGURES[8].position(frame / scene.FPS)  # Dortmund's 23
    drag(w, image_of(frame, far[0] - 1.5, far[1] - 1.0),
         image_of(frame, far[0] + 1.5, far[1] + 1.0))
    desk.bar.set_tool("text")
    desk.bar.colour.setCurrentIndex(desk.bar.colour.findData("#ffffff"))
    desk.bar.text.setText("Krstovic runs in")
    x, y = image_of(frame, 94.5, 33.3)
    QTest.mouseClick(w.view, LEFT, Qt.KeyboardModifier.NoModifier,
                     w.drawings.to_widget().map(QPointF(x - 113, y - 13)).toPoint())
    settle(app)
    w.grab().save(str(out / "drawing-ground.png"))

    # a spotlight on the attacker as he runs in, over a short range of frames
    frame = 400
    w.player.seek(frame)
    wait(app, lambda: w.player.shown == frame and w.drawings.frame == frame)
    zoom_to(w, *image_of(frame, 99.0, 35.0, 1.0), 1.6)
    desk.select(None)  # else the range typed would be the selected drawing's
    desk.bar.show_range(380, 420)
    desk.bar.range_edited.emit()
    desk.bar.set_tool("spotlight")
    fx, fy = image_of(frame, *scene.FIGURES[1].position(frame / scene.FPS))
    _hx, hy = image_of(frame, *scene.FIGURES[1].position(frame / scene.FPS), 1.9)
    half = (fy - hy) * 0.5
    drag(w, (fx - half, hy - 10), (fx + half, fy + 10))
    desk.select(None)
    settle(app)
    w.grab().save(str(out / "drawing-spotlight.png"))

    # a magnifier over the contact: the picture under it, twice as large
    contact = round(scene.CONTACT_T * scene.FPS)
    w.player.seek(contact)
    wait(app, lambda: w.player.shown == contact and w.drawings.frame == contact)
    desk.bar.show_range(contact - 5, contact + 5)
    desk.bar.range_edited.emit()
    desk.bar.set_tool("magnifier")
    cx, cy = image_of(contact, 99.7, 35.4, 1.75)
    drag(w, (cx, cy), (cx + 45, cy))
    desk.select(None)
    settle(app)
    w.grab().save(str(out / "drawing-magnifier.png"))

    desk.ground = lambda clip, frame: None  # an angle never calibrated
    desk.bar.set_tool("circle")
    desk.bar.ground.setChecked(True)
    w.player.seek(frame)
    wait(app, lambda: w.player.shown == frame and w.drawings.frame == frame)
    drag(w, image_of(frame, 97.0, 30.0), image_of(frame, 99.0, 30.0))
    settle(app)
    screen = w.screen()
    screen.grabWindow(0, w.x(), w.y(), w.width(), w.height()).save(
        str(out / "drawing-uncalibrated.png"))
    if desk.question is not None:
        desk.question.reject()
    desk.leave()
    w.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
