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
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

# Nice steps below a normal thread (the window's GUI thread). At +4 the scheduler gives a
# thread about a third of the time of a normal one when both want a core; at +10, about a
# tenth. In a station even the main angle's request thread (and FFmpeg's threads under it)
# runs a little below the GUI thread: the window paints what it decodes, a frame decoded on
# time and painted late is late, and with four decoders' threads at normal priority the GUI
# thread waited 5-23 ms for a core.
MAIN_NICE = 2  # the main angle's request thread in a station window
FOLLOWER_NICE = 6  # the request thread of an angle that is not the main one
BACKGROUND_NICE = 12  # prefetching


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
