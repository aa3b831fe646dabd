"""Switching clips in the real windows: a clip still being indexed never blocks the keys, a
second clip shows at once, the newest open wins, a long clip joins a review (pytest-qt)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reviewtool.video.clip import Clip, open_clip
from tests.kit.stamp import read_stamp
from tests.review.helpers import VAR, demo_session
from tests.video.long_clip import PERIOD, make_long_clip
from ui.main_window import ReviewWindow
from ui.player import controller as controller_module
from ui.player.window import PlayerWindow

TIMEOUT = 10_000


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_long_clip(tmp_path_factory.mktemp("long-ui"))


def on_screen(w: PlayerWindow) -> int | None:
    pixels = w.view.pixels
    return None if pixels is None else read_stamp(pixels)


def shows(w: PlayerWindow, path: Path, frame: int) -> bool:
    """``frame`` of ``path`` is on screen (the long clip repeats its stamps every PERIOD)."""
    clip = w.player.clip
    stamp = frame % PERIOD if path.name == "long.mp4" else frame
    return (clip is not None and clip.path == path and w.player.shown == frame
            and on_screen(w) == stamp)


def test_shift_right_on_a_clip_still_being_indexed_does_not_block(
        qtbot, window: PlayerWindow, long_clip: Path) -> None:
    with qtbot.waitSignal(window.player.frame_shown, timeout=TIMEOUT):
        window.open_path(long_clip)
    clip = window.player.clip
    assert clip is not None and not clip.indexed, "the clip must still be indexing"
    for expect in (50, 100):
        t0 = time.perf_counter()
        qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        blocked = time.perf_counter() - t0
        assert blocked < 0.1, f"Shift+Right blocked the window for {blocked:.2f} s"
        qtbot.waitUntil(lambda e=expect: shows(window, long_clip, e), timeout=TIMEOUT)
    t0 = time.perf_counter()
    qtbot.keyClick(window.view, Qt.Key.Key_End)  # the last frame known so far
    assert time.perf_counter() - t0 < 0.1
    assert not clip.indexed  # everything above ran while the index was still growing
    qtbot.waitUntil(lambda: window.player.shown > 100, timeout=TIMEOUT)


def test_a_second_clip_shows_without_pressing_keys(qtbot, window: PlayerWindow,
                                                   ui_clips: dict[str, Path]) -> None:
    first, second = ui_clips["mp4"], ui_clips["mkv"]
    with qtbot.waitSignal(window.player.frame_shown, timeout=TIMEOUT):
        window.open_path(first)
    for n in range(1, 6):  # use the first clip: several requests
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda n=n: shows(window, first, n), timeout=TIMEOUT)
    window.open_path(second)
    qtbot.waitUntil(lambda: shows(window, second, 0), timeout=TIMEOUT)
    assert window.view.message == ""
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: shows(window, second, 1), timeout=TIMEOUT)


def test_two_opens_in_quick_succession_end_with_the_second(
        qtbot, window: PlayerWindow, ui_clips: dict[str, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    slow, fast = ui_clips["mp4"], ui_clips["mkv"]
    release = threading.Event()
    opened: list[Clip] = []

    def opener(path: str | Path, **options: object) -> Clip:
        if Path(path) == slow:
            release.wait(20)  # a slow disk: this clip opens only after the other one
        clip = open_clip(path, **options)  # type: ignore[arg-type]
        opened.append(clip)
        return clip

    monkeypatch.setattr(controller_module, "open_clip", opener)
    w = window
    try:
        w.open_path(slow)
        w.open_path(fast)
        qtbot.waitUntil(lambda: shows(w, fast, 0), timeout=TIMEOUT)
        release.set()
        qtbot.waitUntil(lambda: len(opened) == 2, timeout=TIMEOUT)
        late = next(c for c in opened if c.path == slow)
        qtbot.waitUntil(lambda: late.cache.nbytes == 0, timeout=TIMEOUT)  # closed, not shown
        qtbot.keyClick(w.view, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda: shows(w, fast, 1), timeout=TIMEOUT)
        assert w.player.clip is not None and w.player.clip.path == fast
        assert w.player.screen.opening is None
    finally:
        release.set()


def test_adding_a_long_clip_to_a_review(qtbot, review_window: ReviewWindow, tmp_path: Path,
                                        long_clip: Path) -> None:
    w = review_window
    path = tmp_path / "long.review"
    demo_session(path).close()
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    assert w.open_review(path, ignore_lock=True)
    session = w.review.session
    assert session is not None and session.clips() == []
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.add_clip(long_clip)
    assert w.player.clip is not None and not w.player.clip.indexed
    assert w.review.clip_id is None  # not in the review until its facts are final
    qtbot.waitUntil(lambda: len(session.clips()) == 1, timeout=120_000)
    added = session.clips()[0]
    assert Path(added.path) == long_clip.resolve()
    assert w.review.clip_id == added.id == w.player.screen.clip_id
    assert w.clip_box.currentText() == "long.mp4"
    assert added.facts["frame_count"] == w.player.clip.frame_count == 400 * PERIOD
    assert added.facts["fps"] == pytest.approx(50)


def test_the_presenter_composes_a_player_with_the_table_s_keys(
        qtbot, settings, ui_clips: dict[str, Path]) -> None:
    """The presenter holds a player component; its keys come from the action table (a
    changed shortcut applies there too), PgUp/PgDown stay the presenter's."""
    from reviewtool.training.quiz import Item, Quiz, Segment
    from ui.player.component import Player
    from ui.training.presenter import PresenterWindow

    clip = ui_clips["mp4"]
    with open_clip(clip, store_index=False) as opened:
        fingerprint = opened.fingerprint
    session = Quiz("s1", "Evening", (
        Item("q1", "Holding", (Segment(str(clip), fingerprint, 20, 40),)),))
    settings.set_shortcut("nav.next_frame", "N")
    p = PresenterWindow(session, settings=settings)
    qtbot.addWidget(p)
    p.show()
    try:
        assert isinstance(p.clip_player, Player) and p.player is p.clip_player.controller
        qtbot.waitUntil(lambda: p.player.playing, timeout=TIMEOUT)
        qtbot.keyClick(p, Qt.Key.Key_Space)
        assert not p.player.playing
        shown = p.player.shown
        qtbot.keyClick(p, Qt.Key.Key_N)
        qtbot.waitUntil(lambda: p.player.shown == shown + 1 and read_stamp(p.view.pixels)
                        == shown + 1, timeout=TIMEOUT)
        qtbot.keyClick(p, Qt.Key.Key_PageDown)
        assert p.stack.currentWidget() is p.question
    finally:
        p.close()


def test_windows_compose_a_player_instead_of_inheriting_one(
        qtbot, review_window: ReviewWindow, settings, tmp_path: Path) -> None:
    """Each window holds a player component and the chrome around it; none is a kind of
    player window, so the station can hold one player per angle."""
    from ui.player.chrome import PlayerChrome
    from ui.player.component import Player
    from ui.training.trainee import TrainingWindow

    trainee = TrainingWindow(settings, cache_dir=tmp_path / "cache")
    qtbot.addWidget(trainee)
    for w in (review_window, trainee):
        assert not isinstance(w, PlayerWindow)
        assert isinstance(w.player_widget, Player) and w.player is w.player_widget.controller
        assert isinstance(w.chrome, PlayerChrome)
        assert w.actions_by_id["nav.next_frame"] is w.chrome.actions_by_id["nav.next_frame"]
    trainee.close()


def test_a_frame_error_from_a_clip_left_behind_is_not_reported(
        qtbot, window: PlayerWindow, ui_clips: dict[str, Path]) -> None:
    """A decoder thread of the previous clip may still report a bad frame after the switch:
    that report is not about the clip on screen."""
    from reviewtool.video.errors import VideoError

    first, second = ui_clips["mp4"], ui_clips["mkv"]
    with qtbot.waitSignal(window.player.frame_shown, timeout=TIMEOUT):
        window.open_path(first)
    left = window.player._floor  # the first clip's frame server
    window.open_path(second)
    qtbot.waitUntil(lambda: shows(window, second, 0), timeout=TIMEOUT)
    reported: list[int] = []
    window.player.frame_failed.connect(lambda n, _message: reported.append(n))
    frames = window.player._frames
    frames.on_error(7, VideoError(first, "frame 7 cannot be decoded"), left)
    frames.on_error(9, VideoError(second, "frame 9 cannot be decoded"), window.player._floor)
    qtbot.waitUntil(lambda: reported == [9], timeout=TIMEOUT)
    assert window.chrome.error_box is not None and "frame 9" in window.chrome.error_box.text()
