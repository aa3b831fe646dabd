"""The player window driven through its real widgets and keys (pytest-qt, offscreen)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from reviewtool.video.decoder import ExactDecoder
from tests.kit.stamp import read_stamp
from ui.player.window import PlayerWindow, parse_position

TIMEOUT = 10_000


def open_clip(qtbot, w: PlayerWindow, path: Path) -> None:
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        w.open_path(path)


def on_screen(w: PlayerWindow) -> int | None:
    pixels = w.view.pixels
    return None if pixels is None else read_stamp(pixels)


def press(qtbot, w: PlayerWindow, key: Qt.Key, mods=Qt.KeyboardModifier.NoModifier,
          expect: int | None = None) -> None:
    """Press a key and, if a frame is expected, wait until it is on screen."""
    if expect is None:
        qtbot.keyClick(w.view, key, mods)
        return
    qtbot.keyClick(w.view, key, mods)
    qtbot.waitUntil(lambda: w.player.shown == expect and on_screen(w) == expect,
                    timeout=TIMEOUT)


def test_open_shows_frame_zero_and_the_facts(qtbot, window: PlayerWindow,
                                             ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    assert on_screen(window) == 0
    assert window.chrome.frame_label.text() == "frame 0 / 99"
    described = window.chrome.clip_label.text()
    assert "h264 640x360" in described and "25.000 fps" in described
    assert window.timeline.frame_count == 100


def test_step_with_keys(qtbot, window: PlayerWindow, ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    for n in (1, 2, 3):
        press(qtbot, window, Qt.Key.Key_Right, expect=n)
    press(qtbot, window, Qt.Key.Key_Left, expect=2)
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier, expect=27)
    press(qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier, expect=2)
    press(qtbot, window, Qt.Key.Key_End, expect=99)
    press(qtbot, window, Qt.Key.Key_Home, expect=0)
    assert window.chrome.time_label.text() == "00:00:00.000"


def test_play_and_pause(qtbot, window: PlayerWindow, ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    with qtbot.waitSignal(window.player.playing_changed, timeout=TIMEOUT) as sig:
        qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert sig.args == [True]
    qtbot.waitUntil(lambda: window.player.shown >= 10, timeout=TIMEOUT)
    with qtbot.waitSignal(window.player.playing_changed, timeout=TIMEOUT) as sig:
        qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert sig.args == [False]
    stopped = window.player.shown
    assert on_screen(window) == stopped
    press(qtbot, window, Qt.Key.Key_Right, expect=stopped + 1)


def test_speed_keys(qtbot, window: PlayerWindow, ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    qtbot.keyClick(window.view, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    assert window.player.speed == 0.25 and window.chrome.speed_box.currentText() == "1/4x"
    qtbot.keyClick(window.view, Qt.Key.Key_L)  # starts playing at 1/4x
    assert window.player.playing
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert window.player.speed == 0.5
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert not window.player.playing


def test_shortcuts_do_not_fire_in_the_text_field(qtbot, window: PlayerWindow,
                                                 ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    window.chrome.goto_field.setFocus()
    qtbot.keyClicks(window.chrome.goto_field, "1:02")
    qtbot.keyClick(window.chrome.goto_field, Qt.Key.Key_Left)
    qtbot.keyClick(window.chrome.goto_field, Qt.Key.Key_Space)
    qtbot.keyClick(window.chrome.goto_field, Qt.Key.Key_I)
    assert window.player.target == 0 and not window.player.playing
    assert window.player.in_point is None
    assert window.chrome.goto_field.text() == "1:0 i2"  # the keys went into the field
    window.chrome.goto_field.setText("42")
    with qtbot.waitSignal(window.player.frame_shown, timeout=TIMEOUT):
        qtbot.keyClick(window.chrome.goto_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: on_screen(window) == 42, timeout=TIMEOUT)
    window.chrome.goto_field.setText("2.5s")
    qtbot.keyClick(window.chrome.goto_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: on_screen(window) == 62, timeout=TIMEOUT)


def test_position_parsing() -> None:
    assert parse_position("120") == ("frame", 120.0)
    assert parse_position("12.5s") == ("time", 12.5)
    assert parse_position("1:02.5") == ("time", 62.5)
    assert parse_position("abc") is None


def test_scrub_shows_a_nearby_frame_then_the_exact_one(qtbot, window: PlayerWindow,
                                                       ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    tl = window.timeline
    y = tl.height() // 2
    x_of = lambda n: round(tl._x_of(n))  # noqa: E731
    seen: list[int] = []
    window.player.frame_shown.connect(lambda r: seen.append(r.index))
    qtbot.mousePress(tl, Qt.MouseButton.LeftButton, pos=QPoint(x_of(10), y))
    for n in range(10, 80, 5):
        qtbot.mouseMove(tl, QPoint(x_of(n), y))
    assert tl.dragging
    qtbot.waitUntil(lambda: any(n >= 40 for n in seen), timeout=TIMEOUT)  # while dragging
    qtbot.mouseRelease(tl, Qt.MouseButton.LeftButton, pos=QPoint(x_of(80), y))
    target = tl.frame_at_x(x_of(80))
    qtbot.waitUntil(lambda: on_screen(window) == target and window.player.shown == target,
                    timeout=TIMEOUT)
    assert window.chrome.frame_label.text() == f"frame {target} / 99"


def test_zoom_around_the_cursor_and_fit(qtbot, window: PlayerWindow,
                                        ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    view = window.view
    fit = view.zoom
    cursor = QPointF(view.width() * 0.3, view.height() * 0.4)
    under = view.image_point(cursor)
    wheel = QWheelEvent(cursor, view.mapToGlobal(cursor), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, wheel)
    assert view.zoom == fit * 1.25 ** 2 and not view.fit_mode
    after = view.image_point(cursor)
    assert abs(after.x() - under.x()) < 1e-6 and abs(after.y() - under.y()) < 1e-6
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    qtbot.mouseMove(view, QPoint(160, 130))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(160, 130))
    moved = view.image_point(cursor)
    assert moved.x() < after.x()  # the picture moved right under the cursor
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert view.zoom == 1.0 and window.chrome.zoom_label.text() == "zoom 100 %"
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert view.fit_mode and view.zoom == fit


def test_in_out_loop(qtbot, window: PlayerWindow, ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    window.player.seek(10)
    qtbot.waitUntil(lambda: window.player.shown == 10, timeout=TIMEOUT)
    qtbot.keyClick(window.view, Qt.Key.Key_I)
    window.player.seek(20)
    qtbot.waitUntil(lambda: window.player.shown == 20, timeout=TIMEOUT)
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    assert (window.timeline.in_point, window.timeline.out_point) == (10, 20)
    window.player.seek(15)
    qtbot.waitUntil(lambda: window.player.shown == 15, timeout=TIMEOUT)
    seen: list[int] = []
    window.player.frame_shown.connect(lambda r: seen.append(r.index))
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: 20 in seen and seen[-1] < 20 and len(seen) > 8, timeout=TIMEOUT)
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert all(10 <= n <= 20 for n in seen)
    assert seen[seen.index(20) + 1] == 10  # wrapped to the in point, nothing skipped at 1x


def test_recent_clips(qtbot, window: PlayerWindow, ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    open_clip(qtbot, window, ui_clips["mkv"])
    names = [a.text() for a in window.chrome.recent_menu.actions()]
    assert names == ["b.mkv", "a.mp4"]
    assert window.settings.last_folder() == str(ui_clips["mkv"].parent)
    with qtbot.waitSignal(window.player.frame_shown, timeout=TIMEOUT):
        window.chrome.recent_menu.actions()[1].trigger()
    assert window.windowTitle().startswith("a.mp4")


def test_error_dialog_and_the_window_stays_usable(qtbot, window: PlayerWindow, tmp_path: Path,
                                                  ui_clips: dict[str, Path]) -> None:
    bad = tmp_path / "noise.mp4"
    bad.write_bytes(b"\x00\x01garbage" * 5000)
    with qtbot.waitSignal(window.player.open_failed, timeout=TIMEOUT):
        window.open_path(bad)
    box = window.chrome.error_box
    assert box is not None and box.isVisible()
    assert box.text().startswith("noise.mp4: not a video file that FFmpeg can read")
    box.accept()
    with qtbot.waitSignal(window.player.open_failed, timeout=TIMEOUT):
        window.open_path(tmp_path / "gone.mkv")
    box = window.chrome.error_box
    assert box is not None and box.text() == "gone.mkv: file not found"
    window.chrome.error_box.accept()
    open_clip(qtbot, window, ui_clips["mp4"])
    press(qtbot, window, Qt.Key.Key_Right, expect=1)


def test_gui_stays_responsive_while_a_slow_decode_runs(qtbot, window: PlayerWindow,
                                                       ui_clips: dict[str, Path],
                                                       monkeypatch) -> None:
    open_clip(qtbot, window, ui_clips["mkv"])
    real = ExactDecoder.decode

    def slow(self, n, on_picture=None):  # a decoder stuck for 1.5 s, e.g. on a network drive
        time.sleep(1.5)
        return real(self, n, on_picture)

    monkeypatch.setattr(ExactDecoder, "decode", slow)
    window.player.clip.cache.clear()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(beat)
    timer.start(10)
    with qtbot.waitSignal(window.player.frame_shown, timeout=TIMEOUT):
        window.player.seek(77)
    timer.stop()
    assert on_screen(window) == 77
    assert len(gaps) > 50 and max(gaps) < 0.2


def test_shortcuts_dialog_lists_the_actions(qtbot, window: PlayerWindow) -> None:
    window.chrome.show_shortcuts()
    dialogs = [w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Keyboard Shortcuts"]
    assert dialogs and dialogs[-1].isVisible()
    table = dialogs[-1].table
    rows = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows["Previous Frame"] == "Left or ," and rows["Set In Point"] == "I"
    dialogs[-1].close()


def test_drag_and_drop_opens_the_clip(qtbot, window: PlayerWindow,
                                      ui_clips: dict[str, Path]) -> None:
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(ui_clips["mkv"]))])
    pos = QPointF(200, 200)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.player.frame_shown, timeout=TIMEOUT):
        QApplication.sendEvent(window, drop)
    assert window.windowTitle().startswith("b.mkv") and on_screen(window) == 0


def test_deinterlace_toggle(qtbot, window: PlayerWindow, tmp_path: Path) -> None:
    from tests.kit.synth import make_clip

    clip = make_clip(tmp_path / "i.ts", "interlaced_mpeg2_ts", frames=30)
    open_clip(qtbot, window, clip)
    action = window.actions_by_id["view.deinterlace"]
    assert action.isEnabled() and action.isChecked()
    woven = window.view.pixels.copy()
    with qtbot.waitSignal(window.player.frame_shown, timeout=TIMEOUT):
        action.trigger()  # off: both fields as stored
    assert window.player.render.view == "off" and on_screen(window) == 0
    assert window.settings.value("video/deinterlace") == "off"
    assert (window.view.pixels != woven).any()


def test_step_by_field(qtbot, window: PlayerWindow, tmp_path: Path) -> None:
    """Each field of a bottom-first clip in turn, both ways, with the field in the status."""
    from tests.kit.synth import make_field_clip

    clip = make_field_clip(tmp_path / "fields.ts", "mpeg2_ts", "bff", frames=12)
    open_clip(qtbot, window, clip)
    action = window.actions_by_id["view.fields"]
    assert action.isEnabled() and not action.isChecked()
    assert on_screen(window) == 0  # deinterlaced: the first field of frame 0

    def key_to_field(key: Qt.Key, field: int) -> None:  # field 2n+k: frame n's field k+1
        qtbot.keyClick(window.view, key)
        qtbot.waitUntil(lambda: window.player.shown == field // 2 and on_screen(window) == field,
                        timeout=TIMEOUT)

    action.trigger()
    assert window.player.by_field
    for field in range(1, 6):
        key_to_field(Qt.Key.Key_Right, field)
    assert window.chrome.frame_label.text() == "frame 2 / 11 · field 2/2 (top)"
    key_to_field(Qt.Key.Key_Left, 4)
    assert window.chrome.frame_label.text() == "frame 2 / 11 · field 1/2 (bottom)"
    key_to_field(Qt.Key.Key_Left, 3)
    key_to_field(Qt.Key.Key_End, 22)  # a jump lands on the first field
    action.trigger()  # off again: frames, deinterlaced as set
    assert not window.player.by_field
    key_to_field(Qt.Key.Key_Left, 20)
    assert "field" not in window.chrome.frame_label.text()


def test_step_by_field_is_off_for_progressive_clips(qtbot, window: PlayerWindow,
                                                    ui_clips: dict[str, Path]) -> None:
    open_clip(qtbot, window, ui_clips["mp4"])
    assert not window.actions_by_id["view.fields"].isEnabled()
    window.player.set_by_field(True)
    assert not window.player.by_field
    press(qtbot, window, Qt.Key.Key_Right, expect=1)
