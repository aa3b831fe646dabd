"""Issue 14: "," steps back, J plays backwards (JJ faster), Play looks enabled, and a bad file
opened over a good clip leaves the good picture on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from tests.kit.stamp import read_stamp
from ui.player.window import PlayerWindow

TIMEOUT = 10_000


def open_clip(qtbot, w: PlayerWindow, path: Path) -> None:
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.open_path(path)


def on_screen(w: PlayerWindow) -> int | None:
    pixels = w.view.pixels
    return None if pixels is None else read_stamp(pixels)


def key(qtbot, w: PlayerWindow, k: Qt.Key, expect: int,
        mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(w.view, k, mods)
    qtbot.waitUntil(lambda: w.player.shown == expect and on_screen(w) == expect,
                    timeout=TIMEOUT)


def test_comma_and_full_stop_step_as_the_action_table_says(
        qtbot, window: PlayerWindow, ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    key(qtbot, window, Qt.Key.Key_Period, 1)
    key(qtbot, window, Qt.Key.Key_Period, 2)
    key(qtbot, window, Qt.Key.Key_Comma, 1)
    prev = window.actions_by_id["nav.prev_frame"]
    assert [s.toString() for s in prev.shortcuts()] == ["Left", ","]


def test_j_plays_backwards_and_again_faster(qtbot, window: PlayerWindow,
                                            ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    key(qtbot, window, Qt.Key.Key_End, 99)
    with qtbot.waitSignal(window.player.playing_changed, timeout=TIMEOUT) as sig:
        qtbot.keyClick(window.view, Qt.Key.Key_J)
    assert sig.args == [True] and window.player.direction == -1
    qtbot.waitUntil(lambda: window.player.shown <= 95, timeout=TIMEOUT)
    assert on_screen(window) is not None and on_screen(window) <= 96  # earlier pictures
    assert window.chrome.frame_label.text().endswith("◀ backwards")
    qtbot.keyClick(window.view, Qt.Key.Key_J)  # JJ: faster backwards
    assert window.player.speed == 1.5 and window.player.playing
    assert window.player.direction == -1
    with qtbot.waitSignal(window.player.playing_changed, timeout=TIMEOUT) as sig:
        qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert sig.args == [False]
    stopped = window.player.shown
    assert on_screen(window) == stopped <= 95
    qtbot.keyClick(window.view, Qt.Key.Key_J)  # backwards to the first frame, then stop
    qtbot.waitUntil(lambda: not window.player.playing, timeout=TIMEOUT)
    assert window.player.shown == 0 and on_screen(window) == 0
    qtbot.keyClick(window.view, Qt.Key.Key_L)  # L plays forwards again
    assert window.player.playing and window.player.direction == 1
    qtbot.keyClick(window.view, Qt.Key.Key_K)


def test_play_button_is_drawn_in_the_text_colour_playing_or_not(
        qtbot, window: PlayerWindow, ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    action = window.actions_by_id["play.toggle"]
    text = window.palette().color(QPalette.ColorRole.ButtonText)

    def drawn_in_text_colour() -> bool:
        image = action.icon().pixmap(32, 32).toImage()
        opaque = [image.pixelColor(x, y) for x in range(image.width())
                  for y in range(image.height()) if image.pixelColor(x, y).alpha() > 200]
        return bool(opaque) and all(
            max(abs(c.red() - text.red()), abs(c.green() - text.green()),
                abs(c.blue() - text.blue())) <= 4 for c in opaque)

    for _ in range(2):  # play, then pause: both icons
        with qtbot.waitSignal(window.player.playing_changed, timeout=TIMEOUT):
            action.trigger()
        assert action.isEnabled() and drawn_in_text_colour()


def test_a_bad_file_over_a_good_clip_keeps_the_picture(
        qtbot, window: PlayerWindow, ui_clips: dict[str, Path], tmp_path: Path) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    key(qtbot, window, Qt.Key.Key_Right, 1)
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00not a video" * 100)
    with qtbot.waitSignal(window.player.open_failed, timeout=TIMEOUT):
        window.open_path(bad)
    assert window.error_box is not None and window.error_box.isVisible()
    assert on_screen(window) == 1  # the last good picture, with the error
    window.error_box.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    key(qtbot, window, Qt.Key.Key_Right, 2)  # and the good clip still steps
