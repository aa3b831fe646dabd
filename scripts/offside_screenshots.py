"""Screenshots of calibrating an angle and measuring offside, for docs/user-guide.md.

Renders two short clips of the right penalty area from a known camera (tests/kit/pitch_clip):
one where the attacker is clearly offside when the ball is played, one where the margin is
inside one frame's movement. Opens each in the real review window at 1280x720, clicks the
landmarks and the players on the picture with the mouse, names the landmarks on the pitch
drawing, and saves the calibration, the clear offside and the close call. Run it under a
display or Xvfb:

    xvfb-run -a .venv/bin/python scripts/offside_screenshots.py docs/images
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import _checkout  # noqa: F401  (the checkout's tests.kit)
from guide_screenshots import settle, wait  # beside this script
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reviewtool.resources import demo_log
from reviewtool.review.session import ReviewSession
from reviewtool.store.chain import Author
from reviewtool.store.matchlog import read
from reviewtool.video.clip import open_clip
from tests.kit.pitch_clip import Run, landmark_pixels, make_pitch_clip, pixel
from ui.main_window import ReviewWindow
from ui.settings import Settings
from ui.theme import apply_dark_theme

VAR = Author("Demo VAR", "VAR")
KICK = 3
CLEAR = (Run((89.0, 30.0), 5.0), Run((89.5, 40.0), 7.0))  # 62 cm offside at frame 3
CLOSE = (Run((89.0, 30.0), 2.0), Run((88.7, 40.0), 8.0))  # 6 cm, 12 cm a frame


def review_with(work: Path, name: str, clip_path: Path) -> Path:
    path = work / f"{name}.review"
    log = read(demo_log())
    s = ReviewSession.create(path, log.__class__(log.match, log.events[:16], log.extra), VAR)
    with open_clip(clip_path) as clip:
        added = s.add_clip(str(clip_path), clip.fingerprint, {"frame_count": len(clip.index)})
    s.tag_incident("offside", KICK, clip_id=added.id)
    s.close()
    return path


def click(app: QApplication, w: ReviewWindow, image_px: tuple[float, float]) -> None:
    spot = w.view.widget_point(QPointF(*image_px))
    QTest.mouseClick(w.view, Qt.MouseButton.LeftButton, pos=QPoint(round(spot.x()),
                                                                    round(spot.y())))
    settle(app, 0.05)


def measure(app: QApplication, w: ReviewWindow, runs: tuple[Run, Run]) -> None:
    """Zoomed in on the players, as an official clicks them."""
    middle = pixel(((runs[0].at(KICK)[0] + runs[1].at(KICK)[0]) / 2, 34.0))
    w.view.set_zoom(1.3, w.view.widget_point(QPointF(*middle)))
    QTest.keyClick(w.view, Qt.Key.Key_M)
    for frame in (KICK, KICK + 1):
        if frame != KICK:
            QTest.keyClick(w.view, Qt.Key.Key_Right)
            wait(app, lambda f=frame: w.lines.frame == f)
        for run in runs:
            click(app, w, pixel(run.at(frame)))
    wait(app, lambda: w.lines.measured is not None)  # measured off the GUI thread
    QTest.keyClick(w.view, Qt.Key.Key_Left)
    wait(app, lambda: w.lines.frame == KICK)
    QTest.keyClick(w.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    settle(app, 0.5)


def window_on(app: QApplication, work: Path, review: Path) -> ReviewWindow:
    settings = Settings(QSettings(str(work / f"{review.stem}.ini"), QSettings.Format.IniFormat))
    settings.set_value(f"authors/{review.resolve()}", f"{VAR.name}\t{VAR.role}")
    w = ReviewWindow(settings)
    w.resize(1280, 720)
    w.show()
    w.open_review(review)
    wait(app, lambda: w.player.clip is not None and w.view.pixels is not None)
    w.incidents.select("i1")
    wait(app, lambda: w.lines.frame == KICK)
    return w


def calibrate(app: QApplication, w: ReviewWindow) -> None:
    QTest.keyClick(w.view, Qt.Key.Key_C)
    pitch = w.lines.calibration_panel.pitch
    for name, px in landmark_pixels().items():
        click(app, w, px)
        QTest.mouseClick(pitch, Qt.MouseButton.LeftButton, pos=pitch.point_of(name).toPoint())
    QTest.keyClick(w.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    settle(app, 0.5)


def shoot(app: QApplication, work: Path, out: Path) -> None:
    """offside-calibration.png, offside-clear.png, offside-too-close.png."""
    for name, runs in (("clear", CLEAR), ("too-close", CLOSE)):
        clip = make_pitch_clip(work / f"offside-{name}.mp4", *runs)
        w = window_on(app, work, review_with(work, name, clip))
        calibrate(app, w)
        if name == "clear":
            w.grab().save(str(out / "offside-calibration.png"))
        QTest.keyClick(w.view, Qt.Key.Key_Escape)
        measure(app, w, runs)
        settle(app, 1.0)
        w.grab().save(str(out / f"offside-{name}.png"))
        w.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    apply_dark_theme(app)
    shoot(app, Path(tempfile.mkdtemp(prefix="offside-shots-")), out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
