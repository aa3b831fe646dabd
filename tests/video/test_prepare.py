"""Playing forwards on cached pictures, a frame server's own decoder gets ready for where the
cached run ends (found by measuring: angles fell 3-6 frames behind the main angle there, their
request waiting for a seek and the start of a GOP)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.decoder import ExactDecoder
from reviewtool.video.server import FrameServer
from reviewtool.video.station import AngleServer, ServedAngle
from tests.kit.stamp import read_stamp
from tests.video.test_server import Collector
from tests.video.test_station import Collect


def _ask(server: FrameServer, got: Collector, n: int, done: threading.Event) -> None:
    """Ask for ``n`` and wait until the server has answered and looked ahead (as the next
    frame of playback comes a frame period later)."""
    done.clear()
    rid = server.request(n)
    while not any(r.request == rid for r in got.results):
        assert got.event.wait(10)
        got.event.clear()
    assert done.wait(10)


def test_the_end_of_a_cached_run_is_reached_without_a_seek(clips: dict[str, Path],
                                                            cache_dir: Path,
                                                            monkeypatch) -> None:
    got = Collector()
    with open_clip(clips["h264_mkv"], cache_dir=cache_dir) as clip:
        clip.wait_indexed()
        keys = [n for n in range(len(clip.index)) if clip.index.is_keyframe(n)]
        assert len(keys) >= 2 and keys[1] >= 12, keys  # a GOP long enough to show it
        end = keys[1] + 8  # the cached run ends inside the second GOP
        for n in range(end):  # decoded on this thread: the server's decoder stands still
            clip.picture(n)
        assert end not in clip.cache
        seeks: list[str] = []
        restart = ExactDecoder._restart_at

        def counted(self, *args, **kwargs):
            seeks.append(threading.current_thread().name)
            return restart(self, *args, **kwargs)

        done = threading.Event()
        read_ahead = FrameServer._read_ahead

        def looked_ahead(self, *args, **kwargs):
            read_ahead(self, *args, **kwargs)
            done.set()

        monkeypatch.setattr(FrameServer, "_read_ahead", looked_ahead)
        server = FrameServer(clip, got.frame, got.error, prefetch=False)
        try:
            for n in range(end - 20, end):  # playing on cached pictures
                _ask(server, got, n, done)
            monkeypatch.setattr(ExactDecoder, "_restart_at", counted)
            _ask(server, got, end, done)
            assert read_stamp(got.results[-1].rgb) == end
            assert seeks == [], "the frame after the cached run needed a seek"
        finally:
            server.close()


@contextmanager
def _cached_angles(path: Path, tmp_path: Path, count: int) -> Iterator[tuple[list[Clip], int]]:
    """``count`` angles of one clip, each with its own cache holding every frame before
    ``end``, a frame inside the second GOP; yields them and ``end``."""
    opened = [open_clip(path, cache_dir=tmp_path / f"cache{k}") for k in range(count)]
    try:
        for clip in opened:
            clip.wait_indexed()
        index = opened[0].index
        keys = [n for n in range(len(index)) if index.is_keyframe(n)]
        assert len(keys) >= 2 and keys[1] >= 12, keys  # a GOP long enough to show it
        end = keys[1] + 8
        for clip in opened:
            for n in range(end):  # decoded on this thread: the servers' decoders stand still
                clip.picture(n)
        yield opened, end
    finally:
        for clip in opened:
            clip.close()


def _play(station: AngleServer, got: Collect, frames: range, monkeypatch) -> dict[int, int]:
    """Ask for each frame in turn as playback does, waiting until every angle has answered
    and looked ahead (the next frame comes a frame period later); the stamps of the last."""
    looked = threading.Condition()
    done = [0]
    read_ahead = FrameServer._read_ahead

    def looked_ahead(self, *args, **kwargs):
        read_ahead(self, *args, **kwargs)
        with looked:
            done[0] += 1
            looked.notify_all()

    monkeypatch.setattr(FrameServer, "_read_ahead", looked_ahead)
    count = len(station.angles)
    answers = {}
    for n in frames:
        with looked:
            done[0] = 0
        asked = station.request_frame(n)
        answers = got.answers(asked.request, count)
        with looked:
            assert looked.wait_for(lambda: done[0] >= count, timeout=20)
    return {k: read_stamp(f.result.rgb) for k, f in answers.items()}


def test_angles_playing_together_take_turns_to_seek_ahead(clips: dict[str, Path],
                                                          tmp_path: Path,
                                                          monkeypatch) -> None:
    """Playing from a rest, every angle's cached run ends at the same instant: their request
    threads seeked there in the same frame period, four seeks and keyframes at once on two
    cores, and the other angles fell 2-3 frames behind. One seeks at a time; all still get
    there in time."""
    with _cached_angles(clips["h264_mkv"], tmp_path, 4) as (opened, end):
        lock = threading.Lock()
        seeking: set[str] = set()
        overlaps: list[set[str]] = []
        seeks: list[str] = []
        restart = ExactDecoder._restart_at

        def slow_seek(self, *args, **kwargs):  # long enough that two at once would meet
            name = threading.current_thread().name
            with lock:
                seeks.append(name)
                seeking.add(name)
                if len(seeking) > 1:
                    overlaps.append(set(seeking))
            try:
                threading.Event().wait(0.03)
                return restart(self, *args, **kwargs)
            finally:
                with lock:
                    seeking.discard(name)

        got = Collect()
        with AngleServer([ServedAngle(c) for c in opened], got.on_frame, got.on_error,
                         prefetch=False) as station:
            for k, server in enumerate(station._servers):
                server._worker.name = f"angle {k + 1}"
            monkeypatch.setattr(ExactDecoder, "_restart_at", slow_seek)
            # playing on cached pictures, then past them
            assert _play(station, got, range(end - 20, end + 1), monkeypatch) == \
                {k: end for k in range(4)}
            assert len(seeks) == 4, seeks  # each angle's decoder seeked ahead once
            assert overlaps == [], f"angles seeked ahead at once: {overlaps}"


def test_the_main_angle_is_not_decoded_twice_while_its_prefetcher_runs_ahead(
        clips: dict[str, Path], tmp_path: Path, monkeypatch) -> None:
    """During playback the main angle's prefetcher goes on filling its nearest frames
    (``ServingGroup.may_prefetch``); its request thread also decoded towards the end of the
    cached run, so past the rested range every main frame was decoded twice (290 and 276
    times in 10 s of four 720p angles). The other angles, whose prefetchers wait, still
    prepare."""
    decoded: dict[tuple[int, str], int] = {}
    decode_next = ExactDecoder._next

    def counted(self):
        found = decode_next(self)
        if found is not None:
            key = (id(self.index), threading.current_thread().name)
            decoded[key] = decoded.get(key, 0) + 1
        return found

    with _cached_angles(clips["h264_mkv"], tmp_path, 2) as (opened, end):
        got = Collect()
        with AngleServer([ServedAngle(c) for c in opened], got.on_frame, got.on_error,
                         prefetch_seconds=0.2) as station:
            monkeypatch.setattr(ExactDecoder, "_next", counted)
            assert _play(station, got, range(end - 12, end), monkeypatch) == \
                {k: end - 1 for k in range(2)}
            main, other = (id(c.index) for c in opened)
            assert decoded.get((main, "frames"), 0) == 0, decoded
            assert decoded.get((other, "frames"), 0) > 0, decoded  # it prepared


def test_a_lone_viewer_is_not_decoded_twice_while_its_prefetcher_runs_ahead(
        clips: dict[str, Path], tmp_path: Path, monkeypatch) -> None:
    """The main angle's fix, for a viewer alone in its group (the single-angle player): its
    prefetcher also fills the nearest frames during a run, and its request thread decoded
    towards the end of the cached run as well. A viewer without a prefetcher still does."""
    preparing = threading.local()
    prepared: list[str] = []  # decodes made while preparing past the cache, by thread
    decode_next = ExactDecoder._next
    prepare = FrameServer._prepare_past_cache

    def counted(self):
        found = decode_next(self)
        if found is not None and getattr(preparing, "on", False):
            prepared.append(threading.current_thread().name)
        return found

    def watched(self, *args, **kwargs):
        preparing.on = True
        try:
            return prepare(self, *args, **kwargs)
        finally:
            preparing.on = False

    with _cached_angles(clips["h264_mkv"], tmp_path, 1) as ([clip], end):
        monkeypatch.setattr(FrameServer, "_prepare_past_cache", watched)
        for prefetch in (True, False):
            got = Collector()
            done = threading.Event()
            read_ahead = FrameServer._read_ahead

            def looked_ahead(self, *args, read_ahead=read_ahead, done=done, **kwargs):
                read_ahead(self, *args, **kwargs)
                done.set()

            monkeypatch.setattr(FrameServer, "_read_ahead", looked_ahead)
            server = FrameServer(clip, got.frame, got.error, prefetch=prefetch,
                                 prefetch_seconds=0.2)
            try:
                monkeypatch.setattr(ExactDecoder, "_next", counted)
                for n in range(end - 12, end):
                    _ask(server, got, n, done)
            finally:
                server.close()
                monkeypatch.setattr(ExactDecoder, "_next", decode_next)
                monkeypatch.setattr(FrameServer, "_read_ahead", read_ahead)
            if prefetch:
                assert prepared == [], prepared
        assert prepared and set(prepared) == {"frames"}  # without a prefetcher it prepares
