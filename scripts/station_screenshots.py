"""Screenshots of the multi-angle station, for docs/user-guide.md ("Several angles").

Renders one second of the demo incident from four cameras (the broadcast camera, a reverse
angle, one behind the goal line at 25 fps, one high on the stand starting later and drifting),
puts them in a review synced by hand, opens it in the real review window in 2 x 2 and in one
large plus three small, steps to the contact and zooms one angle. Each picture is taken at
1280x720 and 1920x1080. Run it under a display or Xvfb:

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/station_screenshots.py \\
        docs/images
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import _checkout  # noqa: F401  (the checkout's tests.kit)
from guide_screenshots import settle, wait  # beside this script
from PySide6.QtCore import QPointF, QSettings
from PySide6.QtWidgets import QApplication

from reviewtool.demo import render, scene
from reviewtool.demo.cameras import BROADCAST, HIGH_BEHIND, REVERSE, TACTICAL
from reviewtool.resources import demo_log
from reviewtool.review.session import ReviewSession
from reviewtool.store.chain import Author
from reviewtool.store.matchlog import read
from reviewtool.video.clip import open_clip
from reviewtool.video.timemap import TimeMap
from tests.kit.synth import KINDS, encode
from ui.main_window import ReviewWindow
from ui.settings import Settings
from ui.theme import apply_dark_theme

VAR = Author("Screenshot VAR", "VAR")
START = scene.CONTACT_T - 0.6  # scene seconds at the broadcast clip's first frame
SECONDS = 1.0
# name, the demo's camera, fps, start after the broadcast clip (s), clock rate
CAMERAS = (
    ("broadcast", BROADCAST, 50.0, 0.0, 1.0),
    ("reverse", REVERSE, 50.0, 0.24, 1.0),
    ("behind-goal", HIGH_BEHIND, 25.0, -0.2, 1.0),
    ("tactical", TACTICAL, 50.0, 0.1, 1.0002),
)


def render_angles(work: Path) -> list[tuple[Path, TimeMap]]:
    """Each camera's clip and its time map to the broadcast clip's time."""
    out = []
    for name, rig, fps, start, rate in CAMERAS:
        count = round(SECONDS * fps)
        # the camera's clock runs at ``rate``: its frame k is at scene time start + k/(fps*rate)
        times = [START + start + k / fps * rate for k in range(count)]
        path = encode(work / f"{name}.mp4", (render.render_frame(t, rig) for t in times),
                      KINDS["h264_mp4"], fps)
        out.append((path, TimeMap(start, rate)))
    return out


def build_review(work: Path) -> Path:
    path = work / "angles.review"
    session = ReviewSession.create(path, read(demo_log()), VAR)
    for clip_path, time_map in render_angles(work):
        with open_clip(clip_path, store_index=False) as clip:
            facts = {k: v for k, v in clip.facts().as_json().items()
                     if k not in ("path", "fingerprint")}
            added = session.add_clip(str(clip_path), clip.fingerprint, facts)
        if added.id != 1:
            session.sync_by_hand(added.id, time_map)
    session.close()
    return path


def shoot(app: QApplication, work: Path, out: Path) -> None:
    review = build_review(work)
    settings = Settings(QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
    settings.set_value(f"authors/{review.resolve()}", f"{VAR.name}\t{VAR.role}")
    w = ReviewWindow(settings)
    w.show()
    assert w.open_review(review)
    for layout, name in (("grid", "station-2x2"), ("main_plus", "station-main-plus")):
        w.station.set_layout(layout)
        wait(app, lambda: all(p.controller.clip is not None for p in w.station.panes))
        w.player.seek(round(0.6 * 50))  # the contact on the broadcast clip
        wait(app, lambda: all(p.player.view.pixels is not None for p in w.station.panes))
        for width, height in ((1280, 720), (1920, 1080)):
            w.showNormal()
            w.resize(width, height)
            w.reset_layout()
            settle(app, 1.0)
            if layout == "grid":
                view = w.station.panes[2].player.view
                view.fit()
                view.set_zoom(view.zoom * 2.5, QPointF(view.width() / 2, view.height() / 3))
            settle(app, 0.5)
            w.grab().save(str(out / f"{name}-{width}.png"))
    w.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    apply_dark_theme(app)
    shoot(app, Path(tempfile.mkdtemp(prefix="station-shots-")), out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
