"""Opening a clip inside a review, as a VAR met it (issue 11 section 1, issue 14): a cut-off
faststart MP4 shows its own frames or a refusal, never the old clip's frame under its name; the
new clip's picture comes without a key press; a clip that is not one of the review's clips
shows no match clock; another synced angle opens at the same match instant (pytest-qt)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from reviewtool.review.matchtime import match_time
from tests.kit.stamp import read_stamp
from tests.kit.synth import KINDS, make_clip
from tests.review.helpers import VAR, demo_session
from ui.main_window import ReviewWindow

TIMEOUT = 10_000
FRAMES = 300  # the review's clip; the cut-off copy keeps about a third
PERIOD_2_AT_START = 2700.0 + 232.0  # the review clip's frame 0 is at 90+3:52, as the demo's


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The review's clip, a cut-off faststart copy of it, a healthy short clip, and a second
    angle of the review's clip."""
    d = tmp_path_factory.mktemp("opening-in-review")
    faststart = replace(KINDS["h264_mp4"], muxer_options={"movflags": "+faststart"})
    whole = make_clip(d / "whole.mp4", faststart, frames=FRAMES, size=(320, 180))
    data = whole.read_bytes()
    cut = d / "cut-fast.mp4"
    cut.write_bytes(data[: len(data) // 3])
    good = make_clip(d / "good.mkv", "h264_mkv", frames=60, size=(320, 180))
    angle = make_clip(d / "angle.mp4", "h264_mp4", frames=FRAMES, size=(320, 180))
    return {"whole": whole, "cut": cut, "good": good, "angle": angle}


def stamp_on_screen(w: ReviewWindow) -> int | None:
    pixels = w.view.pixels
    return None if pixels is None else read_stamp(pixels)


def shows(w: ReviewWindow, path: Path, frame: int) -> bool:
    """``frame`` of ``path`` is on screen: the clip, the controller, the picture's own stamp
    and the status bar all say so."""
    clip = w.player.clip
    return (clip is not None and clip.path == path and w.player.shown == frame
            and stamp_on_screen(w) == frame
            and w.chrome.frame_label.text().startswith(
                f"frame {frame} / {w.player.frame_count - 1}"))


def review_at(qtbot, w: ReviewWindow, tmp_path: Path, clip: Path, frame: int) -> int:
    """A review whose synced clip ``clip`` shows ``frame``; returns the clip's id."""
    path = tmp_path / "r.review"
    demo_session(path).close()
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    assert w.open_review(path, ignore_lock=True)
    w.add_clip(clip, sync=(2, PERIOD_2_AT_START))
    qtbot.waitUntil(lambda: w.review.clip_id is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: w.clock_label.text() != "", timeout=TIMEOUT)
    w.player.seek(frame)
    qtbot.waitUntil(lambda: shows(w, clip, frame), timeout=TIMEOUT)
    assert "clock 90+" in w.clock_label.text()
    clip_id = w.review.clip_id
    assert clip_id is not None
    return clip_id


def test_a_cut_off_faststart_clip_opened_in_a_review_shows_its_own_frames(
        qtbot, review_window: ReviewWindow, tmp_path: Path, clips: dict[str, Path]) -> None:
    w = review_window
    review_at(qtbot, w, tmp_path, clips["whole"], 200)  # beyond the cut-off copy's frames
    w.open_path(clips["cut"])
    # its own first frame at once, under its own name; never the old clip's frame 200
    qtbot.waitUntil(lambda: shows(w, clips["cut"], 0), timeout=TIMEOUT)
    assert "cut-fast.mp4" in w.windowTitle()
    assert w.statusBar().currentMessage() == ""  # "Opening…" no longer hides the counter
    last = w.player.frame_count - 1
    assert 0 < last < 200, "the cut-off copy must know fewer frames than the whole clip"
    assert w.clock_label.text() == ""  # not one of the review's clips: no match clock
    qtbot.keyClick(w.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: shows(w, clips["cut"], 1), timeout=TIMEOUT)
    w.chrome.goto_field.setText("40")
    qtbot.keyClick(w.chrome.goto_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shows(w, clips["cut"], 40), timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: shows(w, clips["cut"], 0), timeout=TIMEOUT)
    bar = w.timeline
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(bar.width() // 2,
                                                                bar.height() // 2))
    qtbot.waitUntil(lambda: w.player.shown > 0 and shows(w, clips["cut"], w.player.shown),
                    timeout=TIMEOUT)
    # its end: the frames that decode exactly, or a one-line refusal; never a frozen player
    qtbot.keyClick(w.view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: shows(w, clips["cut"], last) or (
        w.error_box is not None and w.error_box.isVisible()), timeout=TIMEOUT)
    if w.error_box is not None and w.error_box.isVisible():
        assert "\n" not in w.error_box.text() and "Traceback" not in w.error_box.text()
        w.error_box.done(0)
        # the keys come back with the window (the platform activates it after the message)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: shows(w, clips["cut"], 0), timeout=TIMEOUT)
    # a good clip opened afterwards is not frozen either
    w.open_path(clips["good"])
    qtbot.waitUntil(lambda: shows(w, clips["good"], 0), timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: shows(w, clips["good"], 1), timeout=TIMEOUT)


def test_another_synced_angle_opens_at_the_same_match_instant(
        qtbot, review_window: ReviewWindow, tmp_path: Path, clips: dict[str, Path]) -> None:
    w = review_window
    first = review_at(qtbot, w, tmp_path, clips["whole"], 120)
    session = w.review.session
    assert session is not None
    w.add_clip(clips["angle"], sync=(2, PERIOD_2_AT_START + 1.0))  # starts 1 s later
    qtbot.waitUntil(lambda: len(session.clips()) == 2, timeout=TIMEOUT)
    second = next(c.id for c in session.clips() if c.id != first)
    w.open_review_clip(first, 120)
    qtbot.waitUntil(lambda: shows(w, clips["whole"], 120), timeout=TIMEOUT)
    clip = w.player.clip
    assert clip is not None
    before = match_time(120, session.record.syncs_of(first), clip.timestamp)
    assert before is not None
    w.open_review_clip(second)
    # 120 frames at 25 fps is 4.8 s into the first angle: 3.8 s (frame 95) into the second
    qtbot.waitUntil(lambda: shows(w, clips["angle"], 95), timeout=TIMEOUT)
    assert w.clock_label.text() == f"  clock {before.clock} · minute {before.minute}'  "


def test_a_review_clip_opened_by_open_clip_is_the_review_s_clip(
        qtbot, review_window: ReviewWindow, tmp_path: Path, clips: dict[str, Path]) -> None:
    w = review_window
    clip_id = review_at(qtbot, w, tmp_path, clips["whole"], 50)
    w.open_path(clips["good"])  # not one of the review's clips: no match clock
    qtbot.waitUntil(lambda: shows(w, clips["good"], 0), timeout=TIMEOUT)
    assert w.review.clip_id is None and w.clock_label.text() == ""
    w.actions_by_id["review.tag"].trigger()  # T says why it cannot tag (fixes branch, 4)
    assert w.error_box is not None and "Add a clip to the review first" in w.error_box.text()
    w.error_box.close()
    w.open_path(clips["whole"])  # File > Open Clip of the review's own clip
    qtbot.waitUntil(lambda: shows(w, clips["whole"], 0), timeout=TIMEOUT)
    assert w.review.clip_id == clip_id
    assert w.clock_label.text() == "  clock 90+3:52 · minute 90+4'  "
    assert w.actions_by_id["review.tag"].isEnabled()
