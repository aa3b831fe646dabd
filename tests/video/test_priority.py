"""FFmpeg's threads are told apart from the process's other threads and placed below the
thread that opened their decoder (``video.priority``)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import av
import pytest

from reviewtool.video.priority import (
    CODEC_NICE,
    lower_this_thread,
    open_codec,
    thread_nice,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="thread priorities are set on Linux only")

Placed = set[int | None]  # the nice values of threads


def _placed(threads: tuple[int, ...]) -> Placed:
    return {thread_nice(t) for t in threads}


def _open(path: Path, nice: int, meanwhile: Callable[[], int] | None = None
          ) -> tuple[tuple[int, ...], Placed, Placed]:
    """Open ``path``'s video codec with three threads on a thread ``nice`` steps down;
    ``meanwhile`` runs as it opens and returns the id of a thread of its own. Returns
    FFmpeg's threads and, while they live, their placing and that other thread's."""
    got: dict[str, object] = {}

    def run() -> None:
        lower_this_thread(nice)
        container = av.open(str(path))
        ctx = container.streams.video[0].codec_context
        ctx.thread_type, ctx.thread_count = "FRAME", 3

        def open_() -> None:
            if meanwhile is not None:
                got["other"] = meanwhile()
            ctx.open(strict=False)

        threads = open_codec(open_)
        got["threads"], got["placed"] = threads, _placed(threads)
        other = got.get("other")
        got["other_placed"] = _placed((other,)) if isinstance(other, int) else set()
        container.close()

    t = threading.Thread(target=run)
    t.start()
    t.join(30)
    assert not t.is_alive() and "threads" in got
    return got["threads"], got["placed"], got["other_placed"]  # type: ignore[return-value]


def test_a_thread_started_while_a_codec_opens_is_not_taken_for_ffmpegs(
        clips: dict[str, Path]) -> None:
    """Only threads FFmpeg named as its own are placed: a Python thread started by another
    part of the process while a codec opened keeps its priority."""
    stop = threading.Event()
    bystander = threading.Thread(target=stop.wait, name="bystander", daemon=True)

    def start_one() -> int:
        bystander.start()
        assert bystander.native_id is not None
        return bystander.native_id

    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    try:
        threads, placed, other = _open(clips["h264_mp4"], 6, start_one)
    finally:
        stop.set()
        bystander.join(5)
    assert len(threads) == 3 and bystander.native_id not in threads
    assert placed == {max(base, CODEC_NICE)}
    assert other == {min(19, base + 6)}  # its opener's, as it inherited it


def test_codec_threads_are_placed_by_their_openers_priority(clips: dict[str, Path]) -> None:
    """A lowered decoding thread gets its FFmpeg threads at nice 19, below itself; one not
    lowered (a lone viewer, a headless main angle) leaves them at its own."""
    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    placed = {nice: _open(clips["h264_mp4"], nice)[1] for nice in (0, 2, 12)}
    assert placed[0] == {base}
    assert placed[2] == placed[12] == {max(base, CODEC_NICE)}
