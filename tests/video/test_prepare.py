"""Playing forwards on cached pictures, a frame server's own decoder gets ready for where the
cached run ends (found by measuring: angles fell 3-6 frames behind the main angle there, their
request waiting for a seek and the start of a GOP)."""

from __future__ import annotations

import threading
from pathlib import Path

from reviewtool.video.clip import open_clip
from reviewtool.video.decoder import ExactDecoder
from reviewtool.video.server import FrameServer
from tests.kit.stamp import read_stamp
from tests.video.test_server import Collector


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
