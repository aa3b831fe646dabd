"""Screenshot of the player stepping field by field, for docs/user-guide.md.

Renders the demo incident as 25i broadcast video (each field its own moment, 20 ms apart:
the demo scene drawn at 50 pictures a second, woven two by two), opens it in the real player
window, turns on View > Step by Field and steps to the field where the boot meets the head.
Run under a display or Xvfb:

    xvfb-run -a .venv/bin/python scripts/player_screenshots.py docs/images
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import _checkout  # noqa: F401  (the checkout's tests.kit)
from guide_screenshots import settle, wait  # beside this script
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reviewtool.demo import scene
from reviewtool.demo.render import render_frame
from tests.kit.synth import make_interlaced
from ui.player.window import PlayerWindow
from ui.settings import Settings
from ui.theme import apply_dark_theme

START = scene.CONTACT_T - 0.4  # seconds of the scene at the clip's first field
FIELDS = 50


def interlaced_demo(out: Path) -> Path:
    """One second of the demo scene as MPEG-2 25i, top field first."""
    pictures = (render_frame(START + k / scene.FPS) for k in range(FIELDS))
    return make_interlaced(out, pictures, scene.FPS / 2, "tff")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    apply_dark_theme(app)
    shoot(app, Path(tempfile.mkdtemp(prefix="player-shots-")), out)


def shoot(app: QApplication, work: Path, out: Path) -> None:
    """player-fields.png: the field of contact, stepped to with the arrow key."""
    clip = interlaced_demo(work / "incident-25i.ts")
    w = PlayerWindow(Settings(QSettings(str(work / "s.ini"), QSettings.Format.IniFormat)))
    w.resize(1280, 800)
    w.show()
    w.open_path(clip)
    wait(app, lambda: w.player.clip is not None and w.view.pixels is not None)
    w.actions_by_id["view.fields"].trigger()
    contact = round((scene.CONTACT_T - START) * scene.FPS)  # the field of the contact
    for _ in range(contact):
        QTest.keyClick(w.view, Qt.Key.Key_Right)
    wait(app, lambda: (w.player.shown, w.player.field) == divmod(contact, 2))
    settle(app, 1.0)
    w.grab().save(str(out / "player-fields.png"))
    w.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
