"""While four angles play, Qt calls into Python only a few times for each frame.

Each call from Qt into Python (a slot, an overridden event method, an event filter) takes the
interpreter's lock, and while four angles play the frame servers' threads often hold it: the
window's longest blocks were made of such waits. Python event filters on the window and on
every picture saw each repaint, and the playback tick ran every 2 ms, ten times a frame. What
is left for each angle's frame: its delivery, and painting its picture, caption and timeline.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
import weakref
from collections import Counter

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

import ui.drawings.angles
import ui.images
import ui.mailbox
import ui.player.video_view
from tests.kit.stamp import read_stamp
from tests.ui.test_station import (  # noqa: F401  (fixtures)
    TIMEOUT,
    all_at,
    angle_clips,
    station_window,
)
from tests.ui.test_video_view_smoothing import rgb_of
from ui.main_window import ReviewWindow
from ui.player.timeline import Timeline
from ui.station.caption import Caption
from ui.station.pane import PLAYING_CAPTION_S

PLAYED = 40  # main frames


def _spin(loop: QEventLoop) -> None:
    loop.exec()


def calls_from_qt(w: ReviewWindow, frames: int, backwards: bool = False
                  ) -> tuple[Counter[str], int]:
    """The calls from Qt's event loop into Python on this thread, by function, while the
    main angle plays ``frames`` frames (forwards, or backwards with J); and how many it
    showed."""
    loop = QEventLoop()
    guard = QTimer()  # a stuck player ends the wait (and fails below)
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    shown: list[int] = []

    def on_main(result) -> None:
        shown.append(result.index)
        if len(shown) >= frames:
            loop.quit()

    counts: Counter[str] = Counter()
    entry = _spin.__code__

    def profile(frame, event, _arg) -> None:
        if event == "call" and frame.f_back is not None and frame.f_back.f_code is entry:
            counts[frame.f_code.co_qualname] += 1

    w.player.frame_shown.connect(on_main)
    w.player.reverse() if backwards else w.player.play()
    guard.start(TIMEOUT)
    sys.setprofile(profile)
    try:
        _spin(loop)
    finally:
        sys.setprofile(None)
        guard.stop()
        w.player.pause()
        w.player.frame_shown.disconnect(on_main)
    return counts, len(shown)


def test_four_angles_playing_call_into_python_a_few_times_a_frame(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    counts, shown = calls_from_qt(w, PLAYED)
    assert shown >= PLAYED, (shown, counts)
    per_frame = sum(counts.values()) / shown
    # four angles: a delivery and three paintings each, a tick, and some slack for the
    # moments a follower's answer comes apart from the others'; it was 60 a frame and more
    assert per_frame <= 4 * 4 + 4, (per_frame, counts.most_common(12))
    assert counts["Playback._tick"] <= 2 * shown, counts  # armed for each frame's time
    filters = {name: n for name, n in counts.items() if name.endswith("eventFilter")}
    assert not filters, filters  # none on the window or the pictures


def test_playing_backwards_ticks_once_or_twice_a_frame(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    w = station_window
    w.player.seek(90)
    qtbot.waitUntil(lambda: all_at(w, 90), timeout=TIMEOUT)
    counts, shown = calls_from_qt(w, PLAYED, backwards=True)
    assert shown >= PLAYED, (shown, counts)
    assert counts["Playback._tick"] <= 2 * shown, counts  # it ticked every 2 ms
    qtbot.waitUntil(lambda: all_at(w, w.player.shown), timeout=TIMEOUT)


def test_the_pictures_images_are_made_and_destroyed_off_the_gui_thread(
        qtbot, station_window: ReviewWindow, monkeypatch) -> None:  # noqa: F811
    """A QImage's constructor and destructor let go of the interpreter's lock: on the GUI
    thread, destroying the image of each angle's last frame held it up 0.2-0.4 ms on average
    and up to 9 ms. The followers' images were made there too, when their gate let a held
    frame through. Both happen on the frame servers' threads now."""
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    gui = threading.get_ident()
    made: Counter[bool] = Counter()
    destroyed: Counter[bool] = Counter()
    make = ui.images.image_of

    def image_of(pixels):
        image = make(pixels)
        made[threading.get_ident() == gui] += 1
        weakref.finalize(image, lambda: destroyed.update([threading.get_ident() == gui]))
        return image

    pixmaps_made: Counter[bool] = Counter()
    pixmaps_destroyed: Counter[bool] = Counter()
    make_pixmap = ui.images.pixmap_of

    def pixmap_of(image):  # the screens' pixmaps (copies of the images): the same
        pixmap = make_pixmap(image)
        pixmaps_made[threading.get_ident() == gui] += 1
        weakref.finalize(pixmap, lambda: pixmaps_destroyed.update([threading.get_ident() == gui]))
        return pixmap

    for module in (ui.images, ui.mailbox, ui.player.video_view, ui.drawings.angles):
        if hasattr(module, "image_of"):  # wherever images are made
            monkeypatch.setattr(module, "image_of", image_of)
        if hasattr(module, "pixmap_of"):
            monkeypatch.setattr(module, "pixmap_of", pixmap_of)
    _counts, shown = calls_from_qt(w, PLAYED)
    qtbot.waitUntil(lambda: all_at(w, w.player.shown), timeout=TIMEOUT)
    assert shown >= PLAYED
    for made_, destroyed_ in ((made, destroyed), (pixmaps_made, pixmaps_destroyed)):
        assert made_[False] >= 3 * PLAYED, made_  # four angles' frames, made by their servers
        assert made_[True] <= 4, made_  # (a picture shown again is made where it is shown)
        assert destroyed_[False] >= 2 * PLAYED, destroyed_
        assert destroyed_[True] <= 4, destroyed_


def test_captions_are_rewritten_a_few_times_a_second_while_playing_and_exact_when_stopped(
        qtbot, station_window: ReviewWindow, monkeypatch) -> None:  # noqa: F811
    """Each angle's caption was painted for every frame it showed while playing: a quarter of
    the window's work for each frame. Playing, it is rewritten at most every 0.1 s; stopped,
    each caption names the very frame its angle shows."""
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    written: Counter[int] = Counter()
    original = Caption.set_lines

    def set_lines(caption, lines, **kw):
        written[id(caption)] += 1
        return original(caption, lines, **kw)

    monkeypatch.setattr(Caption, "set_lines", set_lines)
    started = time.monotonic()
    _counts, shown = calls_from_qt(w, PLAYED)
    seconds = time.monotonic() - started
    assert shown >= PLAYED
    limit = seconds / PLAYING_CAPTION_S + 3  # (+ the pause's own)
    assert written and max(written.values()) <= limit, (written, limit, shown)
    qtbot.waitUntil(lambda: all_at(w, w.player.shown), timeout=TIMEOUT)
    for pane in w.station.panes:
        if pane.isVisible() and pane.angle is not None:
            frame = read_stamp(pane.player.view.pixels)
            assert f"frame {frame} " in pane.caption.text() + " ", (frame, pane.caption.text())


def _drag(timeline, xs: list[int], y: int) -> None:
    for x in xs:
        QTest.mouseMove(timeline, QPoint(x, y))


def test_scrubbing_four_angles_calls_into_python_once_a_move(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Each move of a drag on the timeline was a Qt signal, whose slot (the four angles
    following) took the interpreter's lock again: 0.7 ms a move on average. Now the timeline's
    own mouse handler is the only call from Qt into Python."""
    w = station_window
    timeline = w.station.panes[0].player.timeline
    y = timeline.height() // 2
    xs = list(range(40, 240, 8))
    QTest.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(xs[0], y))
    counts: Counter[str] = Counter()  # calls from Qt into Python
    through_qt: Counter[str] = Counter()  # the handler's listeners called back by Qt
    entry = _drag.__code__
    # the garbage collector's callbacks (hypothesis times it) run inside whatever allocates
    collector = {getattr(callback, "__code__", None) for callback in gc.callbacks}

    def profile(frame, event, _arg) -> None:
        if event != "call" or frame.f_back is None or frame.f_code in collector:
            return
        caller = frame.f_back.f_code
        if caller is entry:
            counts[frame.f_code.co_qualname] += 1
        elif caller.co_qualname == "Timeline.mouseMoveEvent" \
                and frame.f_code.co_filename != caller.co_filename \
                and frame.f_code.co_qualname != "DirectSignal.emit":
            through_qt[frame.f_code.co_qualname] += 1  # (a Qt signal's slot)

    sys.setprofile(profile)
    try:
        _drag(timeline, xs, y)
    finally:
        sys.setprofile(None)
    QTest.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(xs[-1], y))
    assert counts == Counter({"Timeline.mouseMoveEvent": len(xs)}), counts
    assert not through_qt, through_qt
    target = timeline.frame_at_x(xs[-1])
    qtbot.waitUntil(lambda: w.player.shown == target and all_at(w, target), timeout=TIMEOUT)


def test_the_four_angles_answers_wake_the_gui_thread_about_once_a_frame(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Each angle's answers came through a mailbox of its own: four wake-ups of the GUI thread
    for each frame, and each waited for the interpreter's lock there (a third of the window's
    waits for it while playing). The angles' answers come close together, and a follower's
    picture let through by the main angle's is posted while the main one is delivered: one
    mailbox for the station carries them in about one wake-up."""
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    counts, shown = calls_from_qt(w, PLAYED)
    assert shown >= PLAYED, (shown, counts)
    assert counts["Mailbox._drain"] <= 2 * shown, (counts["Mailbox._drain"], shown)


def test_the_other_angles_timelines_move_at_the_captions_pace_while_playing(
        qtbot, station_window: ReviewWindow, monkeypatch) -> None:  # noqa: F811
    """Every angle's timeline repainted whenever its playhead moved a pixel: on a clip of a
    minute, four paintings for each two or three frames, each a call into Python and a dozen
    painter calls that let the interpreter's lock go. The main angle's timeline still follows
    every step; the others' at most every 0.1 s while playing, and exactly once stopped."""
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    for pane in w.station.panes:  # (narrow timelines would move a pixel only now and then)
        pane.player.timeline.frame_count = 120
    painted: Counter[int] = Counter()  # repaints asked for (Qt caches the paint method)

    def counted(timeline, *area) -> None:
        painted[id(timeline)] += 1
        QWidget.update(timeline, *area)

    monkeypatch.setattr(Timeline, "update", counted)
    started = time.monotonic()
    _counts, shown = calls_from_qt(w, PLAYED)
    seconds = time.monotonic() - started
    assert shown >= PLAYED
    main, *others = [p.player.timeline for p in w.station.panes if p.isVisible()]
    assert others
    assert painted[id(main)] >= shown // 3, (painted, shown)  # it moves a pixel every 1-2
    limit = seconds / PLAYING_CAPTION_S + 2
    for timeline in others:
        assert painted[id(timeline)] <= limit, (painted, limit, shown)
    qtbot.waitUntil(lambda: all_at(w, w.player.shown), timeout=TIMEOUT)
    for pane in w.station.panes[1:]:
        if pane.isVisible() and pane.angle is not None:
            timeline = pane.player.timeline
            assert timeline.position == pane.controller.shown
            assert not timeline._behind and timeline.pace == 0.0


def test_the_window_is_not_laid_out_again_for_every_frame_played(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """The status bar's frame, time and match-clock labels asked for a new layout of the whole
    window whenever their text changed: with every frame played the window was laid out again
    and its docks' layout made and deleted nine animations. Their size is steady now."""
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    layouts = Counter()

    class Watch(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            layouts[event.type()] += 1
            return False

    watch = Watch()
    w.installEventFilter(watch)
    try:
        _counts, shown = calls_from_qt(w, PLAYED)
    finally:
        w.removeEventFilter(watch)
    assert shown >= PLAYED
    assert layouts[QEvent.Type.LayoutRequest] <= 2, (layouts[QEvent.Type.LayoutRequest], shown)
    assert w.chrome.frame_label.text().startswith(f"frame {w.player.shown} /")


def test_an_angle_without_drawings_is_not_repainted_whole_for_every_frame(
        qtbot, station_window: ReviewWindow, monkeypatch) -> None:  # noqa: F811
    """Each place's drawings asked for a repaint of the whole place with every frame shown,
    drawings or none: the background bands beside every angle's picture were filled again for
    every frame (the picture's own repaint covers its box alone)."""
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    whole: Counter[int] = Counter()

    def counted(view, *area) -> None:
        if not area:
            whole[id(view)] += 1
        QWidget.update(view, *area)

    monkeypatch.setattr(ui.player.video_view.VideoView, "update", counted)
    _counts, shown = calls_from_qt(w, PLAYED)
    assert shown >= PLAYED
    for pane in w.station.panes:
        if pane.isVisible():
            assert whole[id(pane.player.view)] <= 3, (whole, shown)


def test_four_angles_playing_show_their_pictures_without_python_painting_them(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """Each painter call in a view's Python ``paintEvent`` let go of the interpreter's lock and
    waited to take it back behind the frame servers: the views' paints were the GUI thread's
    largest waits while four angles played. Fitted in their places, the pictures go to each
    view's screen (a native label) and no view paints for a frame played; what each place
    shows is its angle's frame."""
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    counts, shown = calls_from_qt(w, PLAYED)
    assert shown >= PLAYED
    assert counts["VideoView.paintEvent"] <= 4, counts.most_common(12)  # (a screen moved)
    views = [pane.player.view for pane in w.station.panes if pane.isVisible()]
    assert len(views) == 4 and all(view.on_screen for view in views)
    for view in views:  # what each place shows: its frame (stamped), as the server made it
        box = view.screen_label.box
        shown_there = rgb_of(view.grab().toImage().copy(*box))
        made = view._painted[1][..., 2::-1]  # (B G R X)
        assert made.shape[:2] == (box[3], box[2]) and (shown_there == made).all()
        assert read_stamp(view.pixels) is not None
