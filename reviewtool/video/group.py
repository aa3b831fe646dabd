"""Frame servers that serve one viewer together (the angles of a station).

They share one lock; every prefetcher gives way while any request is served; the main
angle's nearest frames come first, then every other angle's nearest ones (a step and the
start of playback show all angles), then the main angle's whole range, then the others'.
During a run of requests (stepping with a key held, or playback) forwards, only the main
angle's nearest frames are prefetched: the next frames come from the request threads' own
decoders, and decoding them twice took the cores from the frames on screen. Backwards, every
angle's nearest frames are: each step back into an earlier GOP would decode it whole.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewtool.video.server import FrameServer

# Requests closer together than this are a run (stepping with a key held, or playback): the
# other angles' prefetching waits for it to end (see ``ServingGroup.may_prefetch``).
RUN_SECONDS = 0.3


class ServingGroup:
    """Frame servers that serve one viewer together (the angles of a station): one lock for
    all, requests before any prefetching, and the main server's working range first.

    Each server's request thread and preview thread wait on a condition of their own, on the
    group's lock (``condition``): a request or a preview wakes its own thread alone, and the
    group's own ``cond`` (the prefetchers, and anyone waiting on the group as a whole) is
    notified once no request is left (``served``); ``wake_all`` wakes every thread. Every
    thread woken takes the lock and the interpreter's lock again: when each request woke all
    of them (nine for four angles), the GUI thread asking for frames while scrubbing waited
    for the lock up to 39 ms."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.cond = threading.Condition(self.lock)
        self.servers: list[FrameServer] = []
        self.main: FrameServer | None = None
        self._seeking: FrameServer | None = None  # whose decoder seeks to prepare now

    def condition(self) -> threading.Condition:
        """A condition on the group's lock, for one thread of one server."""
        return threading.Condition(self.lock)

    def wake_all(self) -> None:
        """Wake every thread of every server (the lock is held): something all of them may
        be waiting for has changed (a request served, the main server, a server closing)."""
        self.cond.notify_all()
        for server in self.servers:
            server.wake()

    def served(self, server: FrameServer) -> None:
        """``server`` has delivered an answer (the lock is held): if it is the main server, the
        others may serve theirs now; once no request is left, the prefetchers may go on."""
        if server is self.main:
            for other in self.servers:
                if other is not server:
                    other.wake()
        if not self.serving():
            self.cond.notify_all()

    def set_main(self, server: FrameServer | None) -> None:
        """``server``'s requests go first from now on (the others may serve theirs now)."""
        with self.lock:
            self.main = server
            self.wake_all()

    def serving(self) -> bool:
        """Whether any server has a request waiting or being served (the lock is held)."""
        return any(s._pending is not None or s._busy.is_set() for s in self.servers)

    def may_prefetch(self, server: FrameServer) -> bool:
        """Whether ``server``'s prefetcher may decode now (the lock is held): the main
        angle's near frames first, then every other angle's near frames (a step shows all
        angles, and so does the start of playback), then the main angle's whole range, then
        the others'."""
        if self.serving():
            return False
        main = self.main
        if self.moving():  # a run of steps, or playback: the next frames come from the
            # request threads' own decoders (read ahead); only the main angle's nearest
            # frames are worth decoding twice now
            # going back (the main angle paces), every angle needs the GOP behind it
            # decoded before a step gets there: their near frames too
            return main is None or ((server is main or main._direction < 0)
                                    and server._near_missing())
        if main is None or main is server or main._filled():
            return True
        return server._near_missing() and not (main._prefetching and main._near_missing())

    def fills_near_in_runs(self, server: FrameServer) -> bool:
        """Whether ``server``'s prefetcher goes on filling its near frames during a run (the
        main angle's, and a viewer's alone in its group, as ``may_prefetch`` lets them): its
        request thread need not decode them too."""
        leads = server is self.main or (self.main is None and self.servers == [server])
        return leads and server._prefetching and not server._stalled

    def moving(self) -> bool:
        """Whether the viewer moved within the last ``RUN_SECONDS`` (the lock is held)."""
        now = time.monotonic()
        return any(now - s._moved_at < RUN_SECONDS for s in self.servers)

    @contextmanager
    def seek_turn(self, server: FrameServer) -> Iterator[bool]:
        """Whether ``server`` may seek now to prepare past its cached run (``FrameServer.
        _prepare_past_cache``), holding the turn while it does: one server at a time. Playing
        from a rest, every angle's cached run ends at the same shared instant, so all of them
        came to seek in the same frame period, within 6 ms of each other: four seeks and
        keyframes on two cores, and the other angles fell 2-3 frames behind. The others try
        again after their next answer; the run ahead leaves time for all of them."""
        with self.lock:
            mine = self._seeking is None
            if mine:
                self._seeking = server
        try:
            yield mine
        finally:
            if mine:
                with self.lock:
                    self._seeking = None
