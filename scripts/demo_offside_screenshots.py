"""Screenshots of the demo's two offside moments measured in the real review window, for
docs/user-guide.md ("The demo's offside moments").

Renders the two offside clips of the demo (1080p, 2.4 s each), builds a demo review holding
them, opens it at 1280x720, and for each moment: selects its incident, calibrates on the
landmarks the camera sees (clicked on the picture at their true pixels, named on the pitch
drawing), measures at the frame after the pass and the one before (the players' front feet,
clicked at their true pixels), saves, and grabs the window. Run it under a display or Xvfb:

    xvfb-run -a .venv/bin/python scripts/demo_offside_screenshots.py docs/images
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import _checkout  # noqa: F401  (the checkout's root)
from guide_screenshots import settle, wait  # beside this script
from offside_screenshots import click
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reviewtool.demo.clips import demo_clips, render_all
from reviewtool.demo.review import build_demo_review
from reviewtool.store.chain import Author
from ui.main_window import ReviewWindow
from ui.settings import Settings
from ui.theme import apply_dark_theme

VAR = Author("Demo official", "VAR")


def shoot(app: QApplication, work: Path, out: Path) -> None:
    clips = tuple(c for c in demo_clips() if c.moment is not None)
    render_all(work, clips, workers=2)
    review = build_demo_review(work / "offside.review", clips, work)
    settings = Settings(QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
    settings.set_value(f"authors/{review.resolve()}", f"{VAR.name}\t{VAR.role}")
    w = ReviewWindow(settings)
    w.resize(1280, 720)
    w.show()
    w.open_review(review)
    wait(app, lambda: w.player.clip is not None and w.view.pixels is not None)
    for n, clip in enumerate(clips, start=1):
        moment = clip.moment
        assert moment is not None
        kick = moment.truth().kick_frame
        w.incidents.select(f"i{n}")
        wait(app, lambda k=kick: w.lines.frame == k and w.view.pixels is not None)
        settle(app, 0.5)
        w.view.setFocus()
        QTest.keyClick(w.view, Qt.Key.Key_C)
        pitch = w.lines.calibration_panel.pitch
        for name, px in moment.landmark_pixels().items():
            click(app, w, px)
            QTest.mouseClick(pitch, Qt.MouseButton.LeftButton,
                             pos=pitch.point_of(name).toPoint())
        QTest.keyClick(w.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        settle(app, 0.5)
        if n == 1:
            w.grab().save(str(out / "demo-offside-calibration.png"))
        QTest.keyClick(w.view, Qt.Key.Key_Escape)
        feet = moment.feet_pixels(kick)
        middle = ((feet["defender"][0] + feet["attacker"][0]) / 2,
                  (feet["defender"][1] + feet["attacker"][1]) / 2)
        w.view.set_zoom(0.8, w.view.widget_point(QPointF(*middle)))
        w.view.setFocus()
        QTest.keyClick(w.view, Qt.Key.Key_M)
        for frame in (kick, kick - 1):
            if frame != kick:
                QTest.keyClick(w.view, Qt.Key.Key_Left)
                wait(app, lambda f=frame: w.lines.frame == f)
            pixels = moment.feet_pixels(frame)
            click(app, w, pixels["defender"])
            click(app, w, pixels["attacker"])
        wait(app, lambda: w.lines.measured is not None)
        QTest.keyClick(w.view, Qt.Key.Key_Right)
        wait(app, lambda k=kick: w.lines.frame == k)
        QTest.keyClick(w.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
        settle(app, 1.0)
        w.grab().save(str(out / f"demo-{clip.key}.png"))
        w.view.fit()
    w.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    apply_dark_theme(app)
    shoot(app, Path(tempfile.mkdtemp(prefix="demo-offside-shots-")), out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
