"""Who gets the cores first in a station window: the GUI thread, which paints every angle,
then the main angle's decoding, then the other angles', then prefetching."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from reviewtool.video.priority import (
    BACKGROUND_NICE,
    CODEC_NICE,
    FOLLOWER_NICE,
    MAIN_NICE,
    thread_nice,
)
from tests.ui.test_station import (  # noqa: F401  (fixtures)
    TIMEOUT,
    all_at,
    angle_clips,
    station_window,
)
from ui.main_window import ReviewWindow


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities: Linux")
def test_the_gui_thread_comes_before_the_main_angle_and_the_main_before_the_others(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """On a slower two-core machine, four angles at 1x kept the GUI thread waiting 5-23 ms
    for a core behind the main angle's decoding threads, which ran at its priority: the
    window blocked 37-46 ms while playing."""
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    gui = thread_nice(threading.get_native_id())
    nices = []
    for pane in w.station.panes:
        server = pane.controller._server
        assert server is not None
        threads = server.native_threads()
        assert threads["requests"] is not None
        nices.append((thread_nice(threads["requests"]),
                      None if threads["prefetch"] is None else thread_nice(threads["prefetch"])))
    assert gui == base
    assert nices[0][0] == min(19, base + MAIN_NICE)
    assert all(n[0] == min(19, base + FOLLOWER_NICE) for n in nices[1:])
    assert all(p in (None, min(19, base + BACKGROUND_NICE)) for _r, p in nices)
    assert gui < nices[0][0] < nices[1][0]



@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities: Linux")
def test_ffmpegs_threads_come_after_every_python_thread(
        qtbot, station_window: ReviewWindow) -> None:  # noqa: F811
    """A Python thread that held the interpreter's lock and lost its core to FFmpeg's
    threads (twenty of them for four angles, at their openers' priorities) kept the GUI
    thread waiting for the lock. Every angle's FFmpeg threads now run at nice 19."""
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    low = max(CODEC_NICE, os.getpriority(os.PRIO_PROCESS, os.getpid()))
    for pane in w.station.panes:
        server = pane.controller._server
        assert server is not None
        threads = server.codec_threads()
        assert threads["requests"]
        assert {thread_nice(t) for t in threads["requests"] + threads["prefetch"]} == {low}
