"""The lines desk keeps the whole picture of a calibrated frame (tracking carries the
calibration from it) without decoding on the GUI thread.

On a frame whose picture the cache kept reduced (far from where the playhead rested, for a
small picture), reading ``view.pixels`` decoded the whole frame on the GUI thread: stepping
onto a calibrated frame froze the window for a GOP's decoding. The desk now takes the pixels
only when they are at hand and asks for the whole frame otherwise; the frame server decodes
it on its own thread, and the desk keeps it when it comes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from reviewtool.video.clip import open_clip
from tests.kit.pitch_clip import PITCH, landmark_pixels
from tests.kit.stamp import read_stamp
from tests.review.helpers import VAR, demo_session
from tests.ui.test_reduced_view import gui_thread_decodes
from ui.main_window import ReviewWindow

TIMEOUT = 30_000
CALIBRATED = 20


def test_a_calibrated_frame_kept_reduced_is_kept_whole_without_decoding_on_the_gui_thread(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path],
        monkeypatch) -> None:
    w = review_window
    path = tmp_path / "reduced.review"
    s = demo_session(path)
    with open_clip(ui_clips["mkv"]) as clip:
        added = s.add_clip(str(ui_clips["mkv"]), clip.fingerprint,
                           {"frame_count": len(clip.index)})
    s.calibrate(added.id, CALIBRATED, PITCH, landmark_pixels())
    s.close()
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    w.view.setFixedSize(320, 180)
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        assert w.open_review(path)
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.player.seek(60)
    server, clip = w.player._server, w.player.clip
    assert server is not None and clip is not None
    qtbot.waitUntil(lambda: server.wait_prefetched(0) and server.centre == 60, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: clip.cache.unpacked_beyond(60, 12, (320, 180)) is None,
                    timeout=TIMEOUT)
    w.lines._pictures.clear()
    on_gui = gui_thread_decodes(monkeypatch, clip)
    kept_reduced = clip.cache.peek(CALIBRATED)
    assert kept_reduced is not None and kept_reduced.stored == (320, 180)
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.player.seek(CALIBRATED)
    key = (added.id, CALIBRATED)
    qtbot.waitUntil(lambda: key in w.lines._pictures, timeout=TIMEOUT)
    kept = w.lines._pictures[key]
    assert kept.shape == (360, 640, 3) and read_stamp(kept) == CALIBRATED
    assert on_gui == []
    # calibrating (C) at another frame kept reduced: the same, once the whole frame comes
    far = 45
    reduced = clip.cache.peek(far)
    assert reduced is not None and reduced.stored == (320, 180)
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.player.seek(far)
    qtbot.waitUntil(lambda: w.lines.frame == far, timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_C)
    assert w.lines.mode == "calibrate"
    qtbot.waitUntil(lambda: (added.id, far) in w.lines._pictures, timeout=TIMEOUT)
    assert read_stamp(w.lines._pictures[(added.id, far)]) == far
    assert on_gui == []
