"""The clip model shared by the window and the decoder threads: immutable facts, an index that
answers what it knows now, one decoder per thread, render options per request."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

import pytest

from reviewtool.video import decoder as decoder_module
from reviewtool.video.clip import open_clip
from reviewtool.video.decoder import Render
from reviewtool.video.errors import VideoError
from reviewtool.video.server import FrameResult, FrameServer
from tests.kit.stamp import read_stamp
from tests.kit.synth import make_field_clip
from tests.video.long_clip import PERIOD

QUICK = 0.05  # seconds: anything longer than this on the window's thread is a visible stall


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - t0


def test_a_clip_still_being_indexed_answers_at_once(long_clip: Path) -> None:
    with open_clip(long_clip, store_index=False) as clip:
        assert not clip.indexed, "the clip must still be indexing for this test to mean much"
        known = clip.frame_count
        assert known > 0
        for ask in (lambda: clip.fps, lambda: clip.frame_count, lambda: clip.duration,
                    lambda: clip.index_of(1.0), lambda: clip.index_of(10_000.0),
                    lambda: clip.timestamp(10), clip.known_facts):
            _, took = timed(ask)
            assert took < QUICK, f"{ask} blocked the caller for {took:.2f} s"
        assert clip.index_of(1.0) == 50
        assert clip.index_of(10_000.0) <= clip.frame_count - 1  # clamped to the known frames
        assert clip.fps == pytest.approx(50, rel=0.01)
        assert clip.known_facts() is None  # the whole clip's facts are not known yet
        with pytest.raises(VideoError, match="not known"):
            clip.timestamp(99_999)
        assert not clip.indexed  # all of the above ran while the index was still growing
        assert clip.wait_indexed(timeout=120)
        facts = clip.known_facts()
        assert facts is not None and facts.frame_count == clip.frame_count == 400 * PERIOD


def test_the_facts_of_an_open_clip_cannot_change(clips: dict[str, Path],
                                                 cache_dir: Path) -> None:
    with open_clip(clips["interlaced_h264_mkv"], cache_dir=cache_dir) as clip:
        with pytest.raises(dataclasses.FrozenInstanceError):
            clip.info.is_interlaced = False  # type: ignore[misc]
        with pytest.raises(AttributeError):
            clip.is_interlaced = False  # type: ignore[misc]
        assert not hasattr(clip, "deinterlace")  # how to draw travels with each request
        assert clip.info.is_interlaced and clip.size == (640, 360)


class Collect:
    def __init__(self) -> None:
        self.results: list[FrameResult] = []
        self.errors: list[tuple[int, VideoError]] = []
        self.cond = threading.Condition()

    def on_frame(self, result: FrameResult) -> None:
        with self.cond:
            self.results.append(result)
            self.cond.notify_all()

    def on_error(self, n: int, error: VideoError) -> None:
        with self.cond:
            self.errors.append((n, error))
            self.cond.notify_all()

    def wait_for(self, request: int) -> FrameResult:
        with self.cond:
            assert self.cond.wait_for(
                lambda: any(r.request == request for r in self.results), timeout=20)
            return next(r for r in self.results if r.request == request)


def test_render_options_travel_with_each_request(tmp_path: Path) -> None:
    """Field stepping asks for field 1 then field 2 of a frame while the decoder threads may
    still be drawing the last request: each answer is drawn as its own request said."""
    path = make_field_clip(tmp_path / "f.ts", "mpeg2_ts", "tff", frames=30)
    got = Collect()
    with open_clip(path, store_index=False) as clip:
        server = FrameServer(clip, got.on_frame, got.on_error)
        try:
            asked: dict[int, int] = {}  # request id -> the field stamp it must show
            for n in (3, 4, 10, 11, 20):
                for field in (0, 1):
                    asked[server.request(n, Render(field=field))] = 2 * n + field
            last = max(asked)
            got.wait_for(last)
            whole = server.request(5, Render("linear"))  # not by field: the first field
            assert read_stamp(got.wait_for(whole).rgb) == 10
            assert got.results and not got.errors
            for result in got.results:
                if result.request in asked:
                    assert read_stamp(result.rgb) == asked[result.request], result.view
        finally:
            server.close()


def test_each_decoder_is_used_by_one_thread_only(clips: dict[str, Path], cache_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    users: dict[int, set[int]] = {}
    lock = threading.Lock()
    decode = decoder_module.ExactDecoder.decode

    def watched(self, n, on_picture=None):  # type: ignore[no-untyped-def]
        with lock:
            users.setdefault(id(self), set()).add(threading.get_ident())
        return decode(self, n, on_picture)

    monkeypatch.setattr(decoder_module.ExactDecoder, "decode", watched)
    got = Collect()
    with open_clip(clips["h264_mp4"], cache_dir=cache_dir, cache_bytes=64 << 20) as clip:
        clip.wait_indexed()
        assert read_stamp(clip.frame(90)) == 90  # this thread decodes too
        server = FrameServer(clip, got.on_frame, got.on_error)
        try:
            for n in (40, 41, 42, 80, 79, 3):
                assert read_stamp(got.wait_for(server.request(n)).rgb) == n
            server.wait_prefetched(timeout=20)
        finally:
            server.close()
        assert read_stamp(clip.frame(60)) == 60
    assert len(users) >= 3  # the opener's, this thread's, the server's and the prefetcher's
    shared = {d: t for d, t in users.items() if len(t) > 1}
    assert not shared, f"decoders used by more than one thread: {shared}"
