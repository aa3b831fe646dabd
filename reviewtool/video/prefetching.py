"""The working range of a ``FrameServer``: where it is, what is missing in it, and the
prefetch thread that fills it (see ``reviewtool.video.server`` for the whole picture).

After the playhead rests (``rest_seconds`` on one frame) the window (``prefetch_seconds`` each
way) is centred there and the cache's eviction is pinned to that centre. Jumps inside it leave
it where it is; a step slides it; a request outside it moves it at once. The prefetcher
decodes the nearest missing frames first, the side the viewer moves towards before the other,
gives way while any request of its serving group is served, and packs pictures kept whole far
from the playhead once the window is filled.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reviewtool.video.cache import NEAR_SECONDS
from reviewtool.video.decoder import ExactDecoder
from reviewtool.video.errors import VideoError
from reviewtool.video.group import RUN_SECONDS
from reviewtool.video.painting import Size
from reviewtool.video.picture import Picture
from reviewtool.video.priority import BACKGROUND_NICE, lower_this_thread

if TYPE_CHECKING:
    from reviewtool.video.clip import Clip
    from reviewtool.video.group import ServingGroup


class _Cancelled(Exception):
    """Control flow: stops a prefetch whose playhead has moved on."""


class WorkingRange:
    """The working range and its prefetch thread, as the base of ``FrameServer`` (which sets
    these attributes up and serves the requests)."""

    clip: Clip
    _cond: threading.Condition
    _group: ServingGroup
    _pending: Any
    _busy: threading.Event
    _closing: bool
    _playhead: int
    _centre: int
    _moved_at: float
    _rest_seconds: float
    _stalled: bool
    _reused: dict[str, tuple[tuple[object, ...], Any]]
    _direction: int
    _generation: int
    _prefetch_seconds: float
    _raw_radius: int
    _prefetching: bool
    _need: Callable[[], Size | None]  # the size pictures are painted at now (None: whole)
    _prefetch_codec_threads: tuple[int, ...]  # FFmpeg's threads for its decoder

    @property
    def centre(self) -> int:
        """The centre of the working range (where the playhead last rested)."""
        return self._centre

    def wait_prefetched(self, timeout: float | None = None) -> bool:
        """Wait until the playhead has rested and the window around it is cached (as far as
        the budget allows)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._closing or (self._pending is None and not self._busy.is_set()
                                          and self._centre == self._playhead
                                          and self._next_missing() is None), timeout)

    # --- the working range (the lock is held) ---------------------------------------------

    def _span(self) -> int:
        return max(1, round(self._prefetch_seconds / max(self.clip.frame_duration, 1e-3)))

    def _recentre(self, n: int) -> None:
        self._centre = n
        if self._prefetching:
            self.clip.cache.pin(n)

    def _rest_due(self) -> bool:
        """The playhead has rested away from the centre: the range should move there."""
        return (self._centre != self._playhead and self._pending is None
                and not self._busy.is_set()
                and time.monotonic() - self._moved_at >= self._rest_seconds)

    def _reuse(self, what: str, key: tuple[object, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``, reused until ``key`` (the cache's version and the range) changes:
        every thread of a serving group re-asks these, under its lock, on every wake-up."""
        memo = self._reused.get(what)
        if memo is not None and memo[0] == key:
            return memo[1]
        value = compute()
        self._reused[what] = (key, value)
        return value

    def _loose(self) -> int | None:
        """An unpacked picture far from the playhead, to pack (None: there is none)."""
        size = self._need()
        found: int | None = self._reuse(
            "loose", (self.clip.cache.version, self._playhead, size),
            lambda: self.clip.cache.unpacked_beyond(self._playhead, self._raw_radius, size))
        return found

    def _near_missing(self) -> bool:
        """Whether a frame within ``NEAR_SECONDS`` of the centre of the range is still to be
        prefetched: those of every angle come before the main angle's far ones."""
        def find() -> bool:
            _, lo, hi = self._window()
            radius = round(NEAR_SECONDS / max(self.clip.frame_duration, 1e-3))
            cache, centre = self.clip.cache, self._centre
            return any(not cache.holds(n, size) and cache.would_keep(n)
                       for n in range(max(lo, centre - radius), min(hi, centre + radius) + 1))

        size = self._need()
        missing: bool = self._reuse(
            "near", (self.clip.cache.version, self._centre, len(self.clip.index), size), find)
        return missing

    def _filled(self) -> bool:
        """Whether this server's prefetcher has nothing left to do for now."""
        return (not self._prefetching or self._closing or self._stalled
                or self._next_missing() is None)


    def _window(self) -> tuple[int, int, int]:
        head, span = self._centre, self._span()
        last = len(self.clip.index) - 1
        return head, max(0, head - span), min(last, head + span)

    def _next_missing(self) -> int | None:
        """``_find_missing``, reused until the cache or the window changes (``_reuse``)."""
        found: int | None = self._reuse(
            "missing", (self.clip.cache.version, self._centre, self._direction,
                        len(self.clip.index), self._need()), self._find_missing)
        return found

    def _find_missing(self) -> int | None:
        """The next frame to decode ahead of the viewer, or None when the window is full.

        Behind the playhead, decoding the nearest missing frame fills its whole GOP; ahead,
        decoding to the end of the nearest missing run (within one GOP; the next call goes on
        without a seek) fills the run. The side the viewer is moving towards goes first. A
        picture kept smaller than the viewer paints now (it zoomed in) is missing, once."""
        head, lo, hi = self._window()
        cache, size = self.clip.cache, self._need()
        behind = next((n for n in range(head, lo - 1, -1) if not cache.holds(n, size)), None)
        ahead = next((n for n in range(head, hi + 1) if not cache.holds(n, size)), None)
        if ahead is not None:  # on to the end of the run, within the GOP it starts in
            index = self.clip.index
            end = ahead
            while (end < hi and not cache.holds(end + 1, size)
                   and not index.is_keyframe(end + 1)):
                end += 1
            ahead = end
        order = (behind, ahead) if self._direction < 0 else (ahead, behind)
        for n in order:
            if n is not None and cache.would_keep(n):
                return n
        return None


    def _prefetch(self) -> None:
        lower_this_thread(BACKGROUND_NICE)  # before its decoder: FFmpeg's threads inherit it
        decoder = ExactDecoder(self.clip.path, self.clip.stream_index, self.clip.index,
                               threads=2)
        self._prefetch_codec_threads = decoder.codec_threads
        try:
            group = self._group
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._closing or self._rest_due() or (
                        group.may_prefetch(self) and (self._next_missing() is not None
                                                      or self._loose() is not None)),
                        timeout=0.25)
                    if self._closing:
                        return
                    if self._rest_due():
                        self._recentre(self._playhead)
                        self._cond.notify_all()
                    generation = self._generation
                    allowed = group.may_prefetch(self)
                    target = self._next_missing() if allowed else None
                    loose = self._loose() if allowed and target is None else None
                if loose is not None:
                    self.clip.cache.repack(loose, self._need())
                if target is None:
                    continue

                def keep(picture: Picture, target: int = target) -> None:
                    with self._cond:  # give way while any request is served (or a run
                        # of them goes on: that ends with time, not with a notice)
                        while not self._cond.wait_for(
                                lambda: self._closing or group.may_prefetch(self),
                                timeout=RUN_SECONDS):
                            pass
                        _, lo, hi = self._window()
                        if self._closing or not lo <= target <= hi:
                            raise _Cancelled  # the playhead went elsewhere
                        near = group.main is self and self._near_missing()
                    if self.clip.cache.would_keep(picture.index):
                        far = abs(picture.index - self._playhead) > self._raw_radius
                        self.clip.cache.put(picture.pack(self._need()) if far else picture)
                    if near:  # the main angle's near frames are in: the others may start
                        with self._cond:
                            if not self._near_missing():
                                self._cond.notify_all()

                try:
                    decoder.decode(target, on_picture=keep)
                except _Cancelled:
                    pass
                except VideoError:
                    with self._cond:  # leave the bad spot alone until the playhead moves
                        self._stalled = True
                        self._cond.notify_all()
                        while not self._cond.wait_for(lambda g=generation: self._closing
                                                      or self._generation != g, 0.25):
                            pass  # (a request does not wake the prefetchers)
                        self._stalled = False
                with self._cond:
                    self._cond.notify_all()
        finally:
            decoder.close()
