"""Pictures kept far from the playhead for a viewer that paints them small are kept reduced to
the size it paints them (issue 11, section 6), read by their stamps."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.painting import Size
from reviewtool.video.server import FrameResult, FrameServer
from reviewtool.video.station import AngleServer, ServedAngle
from tests.kit.stamp import read_stamp
from tests.video.test_server import Collector

RADIUS = 12  # the raw half second at 25 fps: pictures farther away are packed


def _ask(server: FrameServer, got: Collector, n: int) -> FrameResult:
    rid = server.request(n)
    while not any(r.request == rid for r in got.results):
        assert got.event.wait(10)
        got.event.clear()
    return next(r for r in got.results if r.request == rid)


def _until(ready: Callable[[], bool]) -> None:
    """Wait for the prefetcher's packing, which follows its filling."""
    pause = threading.Event()
    for _ in range(400):
        if ready():
            return
        pause.wait(0.05)
    assert ready()


@contextlib.contextmanager
def _rested(clip: Clip, got: Collector, size: list[Size | None]) -> Iterator[FrameServer]:
    """A server painting at ``size[0]`` that has rested on frame 50, its range filled and the
    pictures far from it packed."""
    server = FrameServer(clip, got.frame, got.error, prefetch_seconds=1.0,
                         paint_size=lambda: size[0])
    try:
        _ask(server, got, 50)
        assert server.wait_prefetched(timeout=30)
        _until(lambda: clip.cache.unpacked_beyond(50, RADIUS, size[0]) is None)
        yield server
    finally:
        server.close()


def test_a_far_picture_is_kept_reduced_and_a_whole_request_gets_the_whole_frame(
        clips: dict[str, Path], cache_dir: Path) -> None:
    got = Collector()
    size: list[Size | None] = [(320, 180)]  # a 640x360 clip painted at half size
    with open_clip(clips["h264_mkv"], cache_dir=cache_dir) as clip, \
            open_clip(clips["h264_mkv"], cache_dir=cache_dir, cache_bytes=0) as plain, \
            _rested(clip, got, size) as server:
        far, near = clip.cache.peek(30), clip.cache.peek(50)
        assert far is not None and far.packed and far.stored == (320, 180)
        assert far.nbytes * 2 < plain.picture(30).pack().nbytes  # kept whole: over twice
        assert (far.width, far.height) == (640, 360)  # the frame's geometry stays
        assert near is not None and near.stored is None and not near.packed
        assert read_stamp(far.painted("off", (320, 180))) == 30

        hits = clip.cache.hits
        small = _ask(server, got, 30)  # the viewer paints it small: the reduced one does
        assert clip.cache.hits == hits + 1 and small.source is far
        assert small.screen is not None and small.screen.shape == (180, 320, 4)
        assert read_stamp(small.screen) == 30
        assert small.size == (640, 360)

        whole = clip.picture(30)  # a caller that needs the whole frame: not a hit
        assert whole.stored is None and read_stamp(whole.rgb()) == 30
        assert (whole.rgb() == plain.frame(30)).all()
        assert clip.cache.peek(30) is not None and clip.cache.peek(30).stored is None


def test_zooming_in_refills_the_range_whole_once(clips: dict[str, Path],
                                                 cache_dir: Path) -> None:
    got = Collector()
    size: list[Size | None] = [(320, 180)]
    with open_clip(clips["h264_mkv"], cache_dir=cache_dir) as clip, \
            _rested(clip, got, size) as server:
        assert clip.cache.peek(28) is not None and clip.cache.peek(28).stored is not None
        size[0] = None  # zoomed to 1:1: every picture must be whole
        zoomed = _ask(server, got, 28)  # a jump within the range, to a reduced picture
        assert zoomed.screen is not None and zoomed.screen.shape == (360, 640, 4)
        assert read_stamp(zoomed.screen[..., 2::-1]) == 28
        assert server.wait_prefetched(timeout=30)  # it settles: no endless refilling
        assert all(clip.cache.holds(n) for n in range(25, 76))


def test_the_rgb_of_a_result_made_from_a_reduced_picture_is_the_whole_exact_frame(
        clips: dict[str, Path], cache_dir: Path) -> None:
    got = Collector()
    with open_clip(clips["h264_mp4"], cache_dir=cache_dir) as clip, \
            open_clip(clips["h264_mp4"], cache_dir=cache_dir, cache_bytes=0) as plain:
        server = FrameServer(clip, got.frame, got.error, prefetch_seconds=1.0,
                             paint_size=lambda: (320, 180))
        try:
            _ask(server, got, 60)
            assert server.wait_prefetched(timeout=30)
            _until(lambda: clip.cache.unpacked_beyond(60, RADIUS, (320, 180)) is None)
            assert clip.cache.peek(40) is not None and clip.cache.peek(40).stored == (320, 180)
            result = _ask(server, got, 40)
            assert result.source is not None and result.screen.shape == (180, 320, 4)
            rgb = result.rgb
            assert rgb.shape == (360, 640, 3) and read_stamp(rgb) == 40
            assert (rgb == plain.frame(40)).all()
            assert result.rgb is rgb  # decoded once
        finally:
            server.close()


def _held_per_angle(clips: list[Clip], size: Size | None) -> list[int]:
    """Frames each of two angles holds after a rest, under one 14 MB budget."""
    with AngleServer([ServedAngle(c, paint_size=lambda: size) for c in clips],
                     lambda f: None, lambda k, n, e: None, budget_bytes=14 << 20,
                     prefetch_seconds=1.0, rest_seconds=0.2) as station:
        station.request_frame(50)
        for _ in range(3):  # packing makes room, which prefetching fills: until it settles
            assert station.wait_prefetched(timeout=60)
            _until(lambda: all(c.cache.unpacked_beyond(50, RADIUS, size) is None
                               for c in clips))
        assert station.cached_bytes <= 14 << 20
        held = [len(c.cache) for c in clips]
        for c in clips:
            assert all(read_stamp(p.painted("off", p.stored)) == p.index
                       for p in (c.cache.peek(n) for n in range(25, 76)) if p is not None)
    for c in clips:
        c.cache.clear()
    return held


def test_a_shared_budget_holds_more_of_each_angle_for_small_viewers(
        clips: dict[str, Path], cache_dir: Path) -> None:
    opened = [open_clip(clips["h264_mkv"], cache_dir=cache_dir) for _ in range(2)]
    try:
        whole = _held_per_angle(opened, None)
        small = _held_per_angle(opened, (320, 180))
    finally:
        for c in opened:
            c.close()
    assert small[0] >= whole[0] and small[1] > whole[1] + 10, (whole, small)
