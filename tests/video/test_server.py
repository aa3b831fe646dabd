"""The frame server (decoding off the caller's thread) and the playback clock."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from reviewtool.video.clip import open_clip
from reviewtool.video.errors import VideoError
from reviewtool.video.painting import painted_rgb
from reviewtool.video.picture import Picture
from reviewtool.video.playback import PlaybackClock, step_speed
from reviewtool.video.server import FrameResult, FrameServer
from tests.kit.stamp import read_stamp


class Collector:
    def __init__(self) -> None:
        self.results: list[FrameResult] = []
        self.errors: list[tuple[int, VideoError]] = []
        self.event = threading.Event()

    def frame(self, r: FrameResult) -> None:
        self.results.append(r)
        self.event.set()

    def error(self, n: int, e: VideoError) -> None:
        self.errors.append((n, e))
        self.event.set()


def test_newest_request_wins_and_frames_are_exact(clips: dict[str, Path],
                                                  cache_dir: Path) -> None:
    got = Collector()
    with open_clip(clips["h264_mkv"], cache_dir=cache_dir) as clip:
        server = FrameServer(clip, got.frame, got.error, prefetch=False)
        try:
            last = 0
            for n in range(5, 95, 3):
                last = server.request(n)
            while not any(r.request == last for r in got.results):
                assert got.event.wait(10)
                got.event.clear()
            assert len(got.results) < 30  # superseded requests were dropped, not queued
            for r in got.results:
                assert read_stamp(r.rgb) == r.index
            assert got.results[-1].index == 92
        finally:
            server.close()


def test_prefetch_fills_the_window_both_ways(clips: dict[str, Path], cache_dir: Path) -> None:
    got = Collector()
    with open_clip(clips["h264_mp4"], cache_dir=cache_dir) as clip:
        server = FrameServer(clip, got.frame, got.error, prefetch_seconds=1.0)
        try:
            server.request(60)
            assert server.wait_prefetched(timeout=20)
            assert all(n in clip.cache for n in range(35, 86))
            preview = server.preview(40)
            assert preview is not None and preview.exact and read_stamp(preview.rgb) == 40
        finally:
            server.close()


def test_errors_come_back_through_the_callback(clips: dict[str, Path], cache_dir: Path) -> None:
    got = Collector()
    with open_clip(clips["h264_mp4"], cache_dir=cache_dir) as clip:
        server = FrameServer(clip, got.frame, got.error, prefetch=False)
        try:
            server.request(500)
            assert got.event.wait(10)
            assert got.errors and got.errors[0][0] == 500
            assert "frame 500 does not exist" in str(got.errors[0][1])
        finally:
            server.close()


def _clock(times: list[float]) -> PlaybackClock:
    import bisect

    return PlaybackClock(seconds_of=lambda n: times[n],
                         frame_at=lambda t: max(0, bisect.bisect_right(times, t + 1e-9) - 1),
                         frame_count=len(times))


def test_clock_shows_every_frame_at_or_below_1x() -> None:
    clock = _clock([i * 0.04 for i in range(100)])
    clock.start(10, now=100.0, speed=0.5)
    assert clock.next_frame(10, now=100.5) == 11  # late: still the next one, none skipped
    assert clock.wall_time_of(11) == pytest.approx(100.08)  # 0.04 s of media at 1/2 speed
    assert clock.next_frame(99, now=101) is None


def test_clock_drops_frames_above_1x_without_drift() -> None:
    clock = _clock([i * 0.02 for i in range(3000)])
    clock.start(0, now=0.0, speed=2.0)
    shown = 0
    for tick in range(1, 1001):  # a 60 Hz display for ~16.7 s of wall time
        now = tick / 60
        shown = clock.next_frame(shown, now) or shown
    # 16.67 s at 2x = 33.3 s of media = frame 1666; never more than a frame behind
    assert abs(shown - 1666) <= 1


def test_speed_change_keeps_the_picture_in_place() -> None:
    clock = _clock([i * 0.02 for i in range(1000)])
    clock.start(100, now=10.0, speed=1.0)
    before = clock.media_time(11.0)
    clock.set_speed(0.25, now=11.0)
    assert clock.media_time(11.0) == pytest.approx(before)
    assert clock.media_time(12.0) == pytest.approx(before + 0.25)
    with pytest.raises(ValueError):
        clock.set_speed(4.0, now=12.0)


def test_speed_ladder() -> None:
    assert step_speed(1.0, +1) == 1.5 and step_speed(2.0, +1) == 2.0
    assert step_speed(1.0, -1) == 0.5 and step_speed(0.125, -1) == 0.125


def test_vfr_schedule_follows_each_frame_time() -> None:
    times = [0.0, 0.04, 0.06, 0.08, 0.16, 0.2]
    clock = _clock(times)
    clock.start(0, now=50.0, speed=1.0)
    assert [round(clock.wall_time_of(n) - 50, 3) for n in range(6)] == times


def _rested(clip_path: Path, cache_dir: Path, cache_bytes: int, got: Collector,
            centre: int) -> tuple[FrameServer, int]:
    """A server whose playhead has rested on ``centre`` with its working range cached."""
    clip = open_clip(clip_path, cache_dir=cache_dir, cache_bytes=cache_bytes)
    server = FrameServer(clip, got.frame, got.error, prefetch_seconds=1.0)
    server.request(centre)
    assert server.wait_prefetched(timeout=20)
    return server, clip.cache.nbytes


def test_jumps_inside_the_rested_range_do_not_evict_it(clips: dict[str, Path],
                                                       cache_dir: Path) -> None:
    """Comparing moments inside the range under review (5 jumps a second) must not slide the
    range: each jump used to move the prefetch window, whose far side was then evicted."""
    got = Collector()
    centre, span = 50, 25  # 25 fps: the working range is +-1 s
    server, need = _rested(clips["h264_mp4"], cache_dir, 1 << 30, got, centre)
    server.close()
    server.clip.close()
    # A budget that holds the rested range and little more, as a long clip at 1080p does.
    server, _ = _rested(clips["h264_mp4"], cache_dir, need * 11 // 10, got, centre)
    clip = server.clip
    try:
        window = range(centre - span, centre + span + 1)
        assert all(n in clip.cache for n in window)
        misses = clip.cache.misses
        for i in range(20):
            n = centre + span - i // 2 if i % 2 else centre - span + i // 2  # far side each time
            got.event.clear()
            rid = server.request(n)
            while not any(r.request == rid for r in got.results):
                assert got.event.wait(10)
                got.event.clear()
            assert read_stamp(got.results[-1].rgb) == n
            threading.Event().wait(0.2)  # the reviewer's pace: 5 jumps a second
        assert clip.cache.misses == misses  # every jump was a cache hit
        assert all(n in clip.cache for n in window)
        assert server.centre == centre
    finally:
        server.close()
        clip.close()


def test_a_rest_or_a_run_of_steps_moves_the_range(clips: dict[str, Path],
                                                  cache_dir: Path) -> None:
    got = Collector()
    with open_clip(clips["h264_mkv"], cache_dir=cache_dir) as clip:
        server = FrameServer(clip, got.frame, got.error, prefetch_seconds=1.0,
                             rest_seconds=0.2)
        try:
            server.request(50)
            assert server.wait_prefetched(timeout=20) and server.centre == 50
            server.request(60)  # a jump inside the range: it stays until the next rest
            assert server.centre == 50
            assert server.wait_prefetched(timeout=20) and server.centre == 60
            for n in range(61, 64):  # steps slide it
                server.request(n)
                assert server.centre == n
            server.request(5)  # outside the range: it moves at once
            assert server.centre == 5
        finally:
            server.close()


def test_pictures_kept_on_the_way_are_packed_while_resting(clips: dict[str, Path],
                                                           cache_dir: Path) -> None:
    """Decoding to a frame keeps the frames before it unpacked (3 MB each at 1080p); once the
    window is filled the prefetcher packs those far from the playhead, to make room."""
    got = Collector()
    with open_clip(clips["h264_mkv"], cache_dir=cache_dir) as clip:
        server = FrameServer(clip, got.frame, got.error, prefetch_seconds=1.0)
        try:
            server.request(80)
            assert server.wait_prefetched(timeout=20)
            radius = 12  # half a second at 25 fps
            done = threading.Event()
            for _ in range(200):  # the packing follows the filling: give it a moment
                if clip.cache.unpacked_beyond(80, radius) is None:
                    break
                done.wait(0.05)
            assert clip.cache.unpacked_beyond(80, radius) is None
            assert clip.cache.peek(60) is not None and clip.cache.peek(60).packed
            assert clip.cache.peek(80) is not None and not clip.cache.peek(80).packed
            assert read_stamp(clip.frame(60)) == 60
        finally:
            server.close()


@pytest.mark.parametrize("kind", ["h264_mkv", "interlaced_h264_mkv", "mjpeg_avi"])
def test_a_painting_viewer_gets_the_painted_form_and_the_same_rgb(
        clips: dict[str, Path], cache_dir: Path, kind: str) -> None:
    """Pictures for a painting viewer are converted once, from the decoder's frame, to the
    32-bit form it paints, at the size it paints them (whole or smaller); their RGB, made only
    when read, is exactly what a viewer that does not paint gets, and at full size it is the
    painted form's first three channels reversed. Smaller, it is the RGB frame made smaller:
    reduced before the colour conversion, its brightness is the same within a level or two.
    Colours differ more (the synthetic clips' colour changes from pixel to pixel, and 8 % of
    their pixels clip): FFmpeg's own area scaling differs from either by 3.6 to 5.3 levels."""
    size: list[tuple[int, int] | None] = [None]
    painted, plain = Collector(), Collector()
    with open_clip(clips[kind], cache_dir=cache_dir) as clip:
        servers = [FrameServer(clip, painted.frame, painted.error, prefetch=False,
                               paint_size=lambda: size[0]),
                   FrameServer(clip, plain.frame, plain.error, prefetch=False)]
        w, h = clip.size
        try:
            for want, n in ((None, 17), ((w // 2, h // 2), 18), (None, 40),
                            ((w * 3 // 7, h * 3 // 7), 41), ((w // 3, h // 3), 42)):
                size[0] = want
                for got, server in zip((painted, plain), servers, strict=True):
                    rid = server.request(n)
                    while not any(r.request == rid for r in got.results):
                        assert got.event.wait(10)
                        got.event.clear()
                a, b = painted.results[-1], plain.results[-1]
                assert b.screen is None and a.screen is not None
                assert a.size == (w, h)
                if want is None:
                    assert a.screen.shape == (h, w, 4)
                    assert (a.screen[..., 2::-1] == b.rgb).all()
                else:
                    assert a.screen.shape == (want[1], want[0], 4)
                    alike = painted_rgb(b.rgb, want)
                    grey = [cv2.cvtColor(np.ascontiguousarray(x[..., :3]), cv2.COLOR_BGR2GRAY)
                            .astype(int) for x in (a.screen, alike)]
                    if (w % want[0], h % want[1]) == (0, 0):  # by a whole factor alike
                        off = np.abs(grey[0] - grey[1])
                        assert off.mean() < 1 and np.percentile(off, 99) <= 3
                    # any size: every part of the picture in its place (8 x 8 means)
                    coarse = [cv2.resize(g.astype(np.uint8), (8, 8), interpolation=cv2.INTER_AREA)
                              .astype(int) for g in grey]
                    assert np.abs(coarse[0] - coarse[1]).max() <= 2
                    assert np.abs(a.screen.astype(int) - alike)[..., :3].mean() < 12
                assert (a.rgb == b.rgb).all() and read_stamp(a.rgb) == n
        finally:
            for server in servers:
                server.close()


def test_a_packed_picture_paints_as_it_was(clips: dict[str, Path], cache_dir: Path) -> None:
    with open_clip(clips["h264_mkv"], cache_dir=cache_dir) as clip:
        picture = clip.picture(33)
        packed = picture.pack()
        assert packed.packed
        w, h = picture.width, picture.height
        for size in (None, (w // 2, h // 2), (w * 2 // 5, h * 2 // 5)):
            assert (packed.painted("off", size) == picture.painted("off", size)).all()
        assert read_stamp(packed.painted()[..., 2::-1]) == 33


def test_a_painting_viewer_never_gets_the_decoders_own_frame_to_let_go_of(
        clips: dict[str, Path], cache_dir: Path) -> None:
    """The viewer's thread lets go of each result it replaces. A result that carried the
    decoder's own frame freed it there, and freeing it lets go of the interpreter's lock and
    waits to take it back: the window's thread waited so about once a frame while four angles
    played. Results carry pictures in arrays of their own, the cache's where it has one, and
    their RGB is still the exact frame."""
    got = Collector()
    with open_clip(clips["h264_mkv"], cache_dir=cache_dir) as clip:
        server = FrameServer(clip, got.frame, got.error, prefetch=False,
                             paint_size=lambda: None)
        try:
            for n in (30, 31, 32, 5, 60):
                rid = server.request(n)
                while not any(r.request == rid for r in got.results):
                    assert got.event.wait(10)
                    got.event.clear()
            assert len(got.results) >= 5 and not got.errors
            for r in got.results:
                assert isinstance(r.source, Picture)
                assert not isinstance(r.source.source, av.VideoFrame), r.index
                assert read_stamp(r.rgb) == r.index
        finally:
            server.close()
