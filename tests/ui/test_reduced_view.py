"""A picture the frame server kept reduced (far from the playhead, for a small place) is drawn
again from its stored pixels when the view shrinks, and when the view grows beyond them the
whole frame is asked for instead of being decoded on the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path

from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.picture import Picture
from reviewtool.video.result import FrameResult
from tests.kit.stamp import read_stamp
from ui.player.video_view import VideoView


def shown_view(qtbot, size: tuple[int, int]) -> VideoView:
    """A video view on screen at ``size`` (smaller than its default minimum allows)."""
    view = VideoView()
    qtbot.addWidget(view)
    view.setMinimumSize(80, 45)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view

def rested_small(qtbot, w, clip_path: Path) -> Clip:
    """``clip_path`` open in a 320x180 view, rested on frame 60 until the frames far from it
    are kept reduced to that size; the open clip."""
    w.view.setFixedSize(320, 180)  # a 640x360 clip drawn at half size: kept at 320x180
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000):
        w.open_path(clip_path)
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000):
        w.player.seek(60)
    server, clip = w.player._server, w.player.clip
    assert server is not None and clip is not None
    qtbot.waitUntil(lambda: server.wait_prefetched(0) and server.centre == 60, timeout=30_000)
    qtbot.waitUntil(lambda: clip.cache.unpacked_beyond(60, 12, (320, 180)) is None,
                    timeout=30_000)
    return clip


def gui_thread_decodes(monkeypatch, clip: Clip) -> list[int]:
    """The frames ``clip`` decodes on the GUI thread from now on (the list grows)."""
    on_gui: list[int] = []
    picture = clip.picture

    def spied(n: int, size=None):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            on_gui.append(n)
        return picture(n, size)

    monkeypatch.setattr(clip, "picture", spied)
    return on_gui


def test_a_reduced_picture_is_redrawn_small_and_asks_for_the_whole_frame_to_grow(
        qtbot, ui_clips: dict[str, Path], tmp_path: Path) -> None:
    path = next(iter(ui_clips.values()))
    with open_clip(path, cache_dir=tmp_path / "cache", cache_bytes=0) as clip:
        w, h = clip.size
        n = 7
        reduced = clip.picture(n).pack((w // 4, h // 4))
        assert reduced.stored is not None and reduced.stored[0] < w
        decoded: list[Picture] = []

        def whole(m: int) -> Picture:
            decoded.append(clip.picture(m))
            return decoded[-1]

        view = shown_view(qtbot, (w // 4, h // 4))
        view.show_result(FrameResult(n, reduced, 0.0, screen=reduced.painted(
            "off", (w // 4, h // 4)), whole=whole))
        view.grab()
        view.resize(w // 5, h // 5)  # smaller: drawn again from the stored pixels
        with qtbot.assertNotEmitted(view.whole_wanted):
            view.grab()
            qtbot.waitUntil(lambda: view._painted is not None
                            and view._painted[0] == view.paint_size, timeout=5000)
        assert not decoded
        view.resize(w, h)  # beyond them: drawn scaled for now, the whole frame asked for
        with qtbot.waitSignal(view.whole_wanted, timeout=1000):
            view.grab()
        with qtbot.assertNotEmitted(view.whole_wanted):  # once
            view.grab()
        assert not decoded  # nothing decoded on the GUI thread by drawing
        pixels = view.pixels  # a reader of the RGB frame gets the whole exact frame
        assert pixels is not None and pixels.shape == (h, w, 3) and read_stamp(pixels) == n
        assert len(decoded) == 1


def test_zooming_in_on_a_far_frame_brings_the_whole_frame(
        qtbot, window, ui_clips: dict[str, Path]) -> None:
    """In a small view, a frame far from where the playhead rested is kept reduced; zooming in
    to 1:1 shows the whole exact frame, decoded off the GUI thread."""
    w = window
    cache = rested_small(qtbot, w, ui_clips["mkv"]).cache
    kept = cache.peek(20)
    assert kept is not None and kept.stored == (320, 180)
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000) as shown:
        w.player.seek(20)
    assert shown.args[0].source is kept  # the reduced picture is on screen
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000) as shown:
        w.view.actual_size()  # 1:1: the view asks for the whole frame as it draws
        w.view.grab()
    result = shown.args[0]
    assert result.index == 20 and result.source.stored is None
    assert result.screen is not None and result.screen.shape == (360, 640, 4)
    assert read_stamp(result.screen[..., 2::-1]) == 20 and read_stamp(w.view.pixels) == 20


def test_a_magnifier_on_a_far_frame_gets_the_whole_frame_decoded_off_the_gui_thread(
        qtbot, window, ui_clips: dict[str, Path], monkeypatch) -> None:
    """A magnifier reads the pixels of the frame on screen. On a frame kept reduced, reading
    them decoded the whole frame on the GUI thread (a GOP, 100 ms and more at 1080p). Now the
    view answers None for the moment and asks for the whole frame, which the frame server
    decodes on its own thread; then the magnifier has the exact whole frame."""
    w = window
    clip = rested_small(qtbot, w, ui_clips["mkv"])
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000) as shown:
        w.player.seek(20)
    assert shown.args[0].source.stored == (320, 180)  # the reduced picture is on screen
    on_gui = gui_thread_decodes(monkeypatch, clip)
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000) as shown:
        assert w.view.pixels_at_hand() is None  # not now: asked for
    result = shown.args[0]
    assert result.index == 20 and result.source.stored is None
    assert result.screen is not None and result.screen.shape == (180, 320, 4)  # still small
    pixels = w.view.pixels_at_hand()
    assert pixels is not None and pixels.shape == (360, 640, 3) and read_stamp(pixels) == 20
    assert on_gui == []


def test_scrubbing_zoomed_in_shows_the_nearest_picture_even_one_kept_reduced(
        qtbot, window, ui_clips: dict[str, Path], monkeypatch) -> None:
    """Zoomed to 1:1 in a small view, a scrubbing preview had to be a whole picture: far from
    where the playhead rested only reduced ones are kept, so the preview was a whole picture
    from 25 frames away and more, or none. The nearest picture comes now, drawn scaled until
    the exact frame is decoded."""
    w = window
    clip = rested_small(qtbot, w, ui_clips["mkv"])
    cache = clip.cache
    w.view.actual_size()  # 1:1: a preview must be whole to be drawn unscaled
    nearest = cache.nearest(20, 250, (1, 1))
    assert nearest is not None and nearest.stored == (320, 180) and nearest.index == 20
    decode, previewed = clip.picture, threading.Event()

    def held(n: int, size=None):  # type: ignore[no-untyped-def]
        if n == 20 and size is None:  # the exact frame waits until the preview is shown
            previewed.wait(10)
        return decode(n, size)

    monkeypatch.setattr(clip, "picture", held)
    try:
        with qtbot.waitSignal(w.player.frame_shown, timeout=10_000) as shown:
            w.player.preview(20)
    finally:
        previewed.set()
    assert shown.args[0].source is nearest  # (it was frame 48, the nearest whole one)
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000) as shown:
        pass  # then the exact frame, whole
    assert shown.args[0].index == 20 and shown.args[0].source.stored is None
