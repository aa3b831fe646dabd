"""Decoding a viewer waits for runs before decoding it may do without.

On a two-core machine with four angles, every thread that decodes competes for the same two
cores. Three kinds of decoding matter unequally: the main angle's frame (the transport paces
on it: a late one is a visible stutter), another angle's frame (it may drop frames, never fall
behind), and prefetching (filling the working range while the viewer rests: opportunistic).
Lowering the scheduling priority of the last two lets the operating system give the cores to
the main angle and the GUI thread first, while the others still use every idle moment.

Linux schedules threads individually, so one thread's own nice value can be raised
(``setpriority`` on its thread id); FFmpeg's decoding threads, started by a decoder opened on
that thread, inherit it. Lowering a priority is always allowed; raising it back (a headless
station's ``set_main``) needs the privilege to (root, or ``RLIMIT_NICE``), and without it the
thread simply stays lower. Elsewhere this does nothing: priorities there are not portable without
native calls, and nothing depends on them but speed.

FFmpeg's own threads are the exception to inheriting (``open_codec``). A Python thread that
holds the interpreter's lock and loses its core to one of them keeps the GUI thread waiting for
the lock until it runs again; a station window has about twenty of them. So the threads of a
decoder opened by a lowered thread go to nice 19, below every Python thread of the process:
they still get every moment no Python thread wants a core, which is most of them. (Lower
still, ``SCHED_IDLE``, was tried: a thread starved while it holds a lock of the process's
memory or of FFmpeg stalls everyone who waits for it, and the window stalled for 141 ms.)
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable

# Nice steps below a normal thread (the window's GUI thread). At +4 the scheduler gives a
# thread about a third of the time of a normal one when both want a core; at +10, about a
# tenth. In a station even the main angle's request thread (and FFmpeg's threads under it)
# runs a little below the GUI thread: the window paints what it decodes, a frame decoded on
# time and painted late is late, and with four decoders' threads at normal priority the GUI
# thread waited 5-23 ms for a core.
MAIN_NICE = 2  # the main angle's request thread in a station window
FOLLOWER_NICE = 6  # the request thread of an angle that is not the main one
BACKGROUND_NICE = 12  # prefetching
CODEC_NICE = 19  # FFmpeg's threads of a decoder opened by a lowered thread
NAMING_SECONDS = 0.05  # FFmpeg's new threads name themselves ("av:h264:df0") as they start

_opening = threading.Lock()  # one codec opens at a time: the threads it starts are told apart


def _supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "setpriority")


def lower_thread(native_id: int, by: int) -> bool:
    """Run thread ``native_id`` of this process ``by`` nice steps below the process (0: as
    the process); False when the platform cannot or the call was refused."""
    if not _supported():
        return False
    with contextlib.suppress(OSError):
        base = os.getpriority(os.PRIO_PROCESS, os.getpid())
        os.setpriority(os.PRIO_PROCESS, native_id, max(base, min(19, base + by)))
        return True
    return False


def lower_this_thread(by: int) -> bool:
    """``lower_thread`` for the calling thread (before it opens a decoder: FFmpeg's threads
    inherit the priority)."""
    return lower_thread(threading.get_native_id(), by)


def thread_nice(native_id: int) -> int | None:
    """The nice value of one of this process's threads (Linux), or None."""
    if not _supported():
        return None
    with contextlib.suppress(OSError):
        return os.getpriority(os.PRIO_PROCESS, native_id)
    return None


def open_codec(open_: Callable[[], object]) -> tuple[int, ...]:
    """Run ``open_`` (a decoder opening its codec on the calling thread) and place the threads
    FFmpeg starts for it by the calling thread's priority (``place_codec_threads``); returns
    their ids. Threads that FFmpeg did not name as its own are never touched."""
    if not _supported():
        open_()
        return ()
    with _opening:
        before = _tasks()
        open_()
        new = _tasks() - before
    threads = _ffmpeg_threads(new)
    offset = _offset(threading.get_native_id())
    if offset:
        place_codec_threads(threads, offset)
    return threads


def place_codec_threads(threads: Iterable[int], nice: int) -> None:
    """Place a decoder's FFmpeg threads for a decoding thread ``nice`` steps below normal:
    at the process's priority for 0 (a lone viewer, a headless main angle), else at nice 19.
    Moving them up again needs the privilege (as for ``lower_thread``); without it they stay
    where they are."""
    if not _supported():
        return
    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    for tid in threads:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, tid, max(base, CODEC_NICE) if nice else base)


def _offset(native_id: int) -> int:
    nice = thread_nice(native_id)
    return 0 if nice is None else nice - os.getpriority(os.PRIO_PROCESS, os.getpid())


def _tasks() -> set[int]:
    return {int(t) for t in os.listdir("/proc/self/task")}


def _name(tid: int) -> str | None:
    try:
        with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return None


def _ffmpeg_threads(new: set[int]) -> tuple[int, ...]:
    """Of the threads started while a codec opened, FFmpeg's: they name themselves "av:..."
    as they start, so wait a moment for the names (another thread may have started a thread
    of its own meanwhile: it is left alone)."""
    deadline = time.monotonic() + NAMING_SECONDS
    ours: set[int] = set()
    waiting = set(new)
    while waiting:
        for tid in list(waiting):
            name = _name(tid)
            if name is None or name.startswith("av:"):
                waiting.discard(tid)
                if name is not None:
                    ours.add(tid)
        if not waiting or time.monotonic() > deadline:
            break
        time.sleep(0.001)
    return tuple(sorted(ours))
