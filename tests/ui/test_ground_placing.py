"""Ground drawings over their whole frame range in the window: away from the calibrated
frame the homography is carried off the GUI thread ("placing..." meanwhile), then the
drawing shows where the pitch is; on a still camera it shows at every frame of its range."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from reviewtool.drawings.model import Drawing, Style
from reviewtool.geometry.homography import apply
from reviewtool.video.clip import open_clip
from tests.drawings.test_grounding import anchor_at, cam_at, picture
from tests.kit.stamp import stamp
from tests.kit.synth import ClipKind, encode, x264
from tests.review.helpers import VAR, demo_session
from ui.main_window import ReviewWindow

TIMEOUT = 20_000
KIND = ClipKind("pan_mp4", ".mp4", "libx264", options={**x264(25), "crf": "12"})
FRAMES = 12
CENTRE, RIM = (88.0, 34.0), (91.0, 34.0)  # a 3 m circle on the ground


def open_with_clip(qtbot, w: ReviewWindow, tmp_path: Path, pictures: list[np.ndarray]) -> int:
    (tmp_path / "clips").mkdir()
    clip_path = encode(tmp_path / "clips" / "pan.mp4",
                       [stamp(p, i) for i, p in enumerate(pictures)], KIND, 25.0)
    path = tmp_path / "ground.review"
    session = demo_session(path)
    with open_clip(clip_path) as clip:
        record = session.add_clip(str(clip_path), clip.fingerprint,
                                  {"frame_count": len(clip.index)})
    session.record_calibration(record.id, anchor_at(0))
    session.add_drawing(Drawing("", "circle", record.id, 0, FRAMES - 1, (CENTRE, RIM),
                                "ground", Style("#ffd400", 3.0), ""))
    session.close()
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        assert w.open_review(path)
    return record.id


def circle_in(a: float) -> np.ndarray:
    """Where the circle is in the picture of the camera at ``a`` (its rim, sampled)."""
    t = np.linspace(0, 2 * np.pi, 720)
    ring = np.column_stack([CENTRE[0] + 3 * np.cos(t), CENTRE[1] + 3 * np.sin(t)])
    return apply(cam_at(a).ground_homography(), ring)


def rim_error(drawn: np.ndarray, truth: np.ndarray) -> float:
    """The farthest a drawn point is from the true rim (both sampled densely)."""
    return float(max(np.linalg.norm(truth - p, axis=1).min() for p in drawn))


def seek(qtbot, w: ReviewWindow, frame: int) -> None:
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.player.seek(frame)
    qtbot.waitUntil(lambda: w.drawings.frame == frame, timeout=TIMEOUT)


def test_a_circle_on_a_panning_camera_is_placed_at_a_neighbouring_frame(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    w = review_window
    open_with_clip(qtbot, w, tmp_path, [picture(k / 40) for k in range(FRAMES)])
    desk = w.drawings
    seek(qtbot, w, 0)
    assert len(desk.outlines) == 1  # the calibrated frame: at once
    with qtbot.waitSignal(desk.placer.placed, timeout=TIMEOUT):
        seek(qtbot, w, 6)
        assert desk.outlines == [] and desk.hidden == 1
        assert desk.why_hidden().startswith("placing")
    qtbot.waitUntil(lambda: len(desk.outlines) == 1, timeout=TIMEOUT)
    known = desk.placer.known(w.review.clip_id, 6)  # type: ignore[arg-type]
    assert known is not None and not known.still and known.drift_px < 6.0
    assert rim_error(desk.outlines[0].lines[0], circle_in(6 / 40)) < 3.0
    seek(qtbot, w, 9)  # the anchor's picture is kept, this one is on screen
    qtbot.waitUntil(lambda: len(desk.outlines) == 1, timeout=TIMEOUT)
    assert rim_error(desk.outlines[0].lines[0], circle_in(9 / 40)) < 3.0
    ms = ", ".join(f"{t:.0f}" for t in desk.placer.timings_ms)
    print(f"panning camera: placed at frames 6 and 9 in {ms} ms (drift {known.drift_px:.1f} px)")


def test_a_still_camera_shows_the_circle_at_every_frame_of_its_range(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    w = review_window
    open_with_clip(qtbot, w, tmp_path, [picture(0.0)] * FRAMES)
    desk = w.drawings
    for frame in (3, 11, 7, 1):
        seek(qtbot, w, frame)
        qtbot.waitUntil(lambda: len(desk.outlines) == 1, timeout=TIMEOUT)
        known = desk.placer.known(w.review.clip_id, frame)  # type: ignore[arg-type]
        assert known is not None and known.still
        assert rim_error(desk.outlines[0].lines[0], circle_in(0.0)) < 2.0
    ms = desk.placer.timings_ms
    print("still camera: placed in " + ", ".join(f"{t:.0f}" for t in ms) + " ms")


@pytest.fixture()
def release() -> Iterator[threading.Event]:
    """Set when the test ends, however it ends: a held job goes on (no thread outlives it)."""
    event = threading.Event()
    yield event
    event.set()


def test_drawing_on_the_ground_while_it_is_being_placed_asks_to_wait_not_to_draw_flat(
        qtbot, review_window: ReviewWindow, tmp_path: Path, monkeypatch,
        release: threading.Event) -> None:
    from ui.drawings import placing

    carry = placing.ground_at

    def held(*args, **kwargs):  # the placing job waits until the test has drawn
        release.wait(TIMEOUT / 1000)
        return carry(*args, **kwargs)

    monkeypatch.setattr(placing, "ground_at", held)
    w = review_window
    clip = open_with_clip(qtbot, w, tmp_path, [picture(k / 40) for k in range(FRAMES)])
    desk = w.drawings
    seek(qtbot, w, 6)
    assert desk.placer.placing(clip, 6)
    desk.enter()
    desk.bar.set_tool("circle")
    start = desk.to_widget().map(QPointF(600, 400)).toPoint()
    qtbot.mousePress(w.view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(w.view, start + QPoint(20, 0))
    qtbot.mouseMove(w.view, start + QPoint(40, 0))
    qtbot.mouseRelease(w.view, Qt.MouseButton.LeftButton, pos=start + QPoint(40, 0))
    assert desk.question is None  # no "draw flat?" question: it is calibrated, nearly placed
    assert "Placing the ground" in w.statusBar().currentMessage()
    with qtbot.waitSignal(desk.placer.placed, timeout=TIMEOUT):
        release.set()
    qtbot.waitUntil(lambda: len(desk.outlines) == 1, timeout=TIMEOUT)

