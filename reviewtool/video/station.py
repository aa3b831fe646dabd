"""Frames of several angles at one shared instant: the serving API of the multi-angle station.

A station shows up to four angles of one moment. Each angle is an open ``Clip`` with a
``TimeMap`` from its clip time to the shared (match) time; the transport keeps one instant,
and every angle shows its frame at or before that instant, exact, never interpolated::

    station = AngleServer([ServedAngle(clip_a), ServedAngle(clip_b, TimeMap(1.37, 1.0002))],
                          on_frame, on_error, budget_bytes=768 << 20)
    asked = station.request(t)            # never blocks; per angle: the frame at or before t
    asked.frames                          # (412, 343): None where an angle has no picture at t
    # ... on_frame(AngleFrame(angle=1, request=asked.request, instant=t, result=...))
    #     arrives off-thread, once per angle, as each angle's picture is ready
    station.request_frame(413)            # a step: the main angle's frame 413 and the others
    station.wait_prefetched(timeout)      # resting: every angle's working range is cached
    station.close()                       # stops every thread; the clips stay open

Each angle has its own ``FrameServer`` (its own decoder threads; the newest request wins per
angle). They form one ``ServingGroup``: prefetching gives way to every angle's requests, and
the main angle's working range is filled before the other angles prefetch. All angles share
one memory ``Budget`` (the cache-size preference is the total): every angle keeps its nearest
second, then the main angle its whole working range, then the others what is left. An angle
that says the size it is painted at (``ServedAngle.paint_size``: its place in the window)
keeps its far pictures reduced to that size (``FrameCache.repack``), so +-5 s of four 1080p
angles fits in ``STATION_BUDGET``. The station does not own the clips: whoever opens them
closes them after ``close``.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from reviewtool.video.cache import Budget, CacheStats
from reviewtool.video.clip import Clip
from reviewtool.video.decoder import DEFAULT_RENDER, Render
from reviewtool.video.errors import VideoError
from reviewtool.video.painting import Size
from reviewtool.video.priority import FOLLOWER_NICE
from reviewtool.video.server import (
    PREFETCH_SECONDS,
    RAW_SECONDS,
    REST_SECONDS,
    FrameResult,
    FrameServer,
    ServingGroup,
)
from reviewtool.video.timemap import IDENTITY, INSTANT_TOLERANCE, TimeMap, frame_at_or_before

# Angles that are not the main one keep fewer pictures unpacked: four angles of 1080p would
# otherwise hold 600 MB of unpacked pictures; unpacking one costs a few milliseconds.
OTHER_RAW_SECONDS = 0.06
# The station's total by default: +-5 s of four 1080p50 angles kept reduced for 2x2 places
# (about 0.4 MB a picture) and the main angle's unpacked half second; peak RSS stays under
# 2 GB (docs/benchmarks.md, "Four angles"). A single viewer keeps ``DEFAULT_BUDGET``.
STATION_BUDGET = 1024 * 1024 * 1024
_ANSWERS_KEPT = 16  # request ids remembered per angle (older answers are dropped)


@dataclass(frozen=True)
class ServedAngle:
    """One angle of the station: an open clip and how its clip time reads as shared time."""

    clip: Clip
    time_map: TimeMap = IDENTITY
    name: str = ""
    # The size its viewer paints it at now (None: whole), asked from the server's threads:
    # pictures are made at that size and far ones kept reduced to it. None: not painted.
    paint_size: Callable[[], Size | None] | None = None


@dataclass(frozen=True)
class AngleFrame:
    """One angle's picture for a station request, delivered on that angle's server thread."""

    angle: int  # position in the station's angles
    request: int  # the station request it answers (``AskedFrames.request``)
    instant: float  # the shared instant that was asked for
    result: FrameResult  # the frame itself: index, RGB, timestamp, the angle's request id


@dataclass(frozen=True)
class AskedFrames:
    """What one ``request`` asked for: per angle, the frame at or before the instant, or None
    where the angle has no picture then (before its first frame, after its last, or not yet
    indexed)."""

    request: int
    instant: float
    frames: tuple[int | None, ...]


class AngleServer:
    """Serves several angles at one shared instant; see the module's docstring."""

    def __init__(self, angles: Sequence[ServedAngle], on_frame: Callable[[AngleFrame], None],
                 on_error: Callable[[int, int, VideoError], None], *, main: int = 0,
                 budget_bytes: int = STATION_BUDGET, prefetch: bool = True,
                 prefetch_seconds: float = PREFETCH_SECONDS, rest_seconds: float = REST_SECONDS,
                 request_ids: Iterator[int] | None = None) -> None:
        if not angles:
            raise ValueError("a station needs at least one angle")
        if len({id(a.clip) for a in angles}) != len(angles):
            raise ValueError("each angle needs its own open clip (open the file once per angle)")
        if not 0 <= main < len(angles):
            raise ValueError(f"main angle {main} is not one of the {len(angles)} angles")
        self.angles: tuple[ServedAngle, ...] = tuple(angles)
        self._on_frame = on_frame
        self._on_error = on_error
        self._main = main
        self._lock = threading.Lock()  # request ids -> what they asked
        self._ids = itertools.count(1)
        self._asked: list[dict[int, tuple[int, float]]] = [{} for _ in angles]
        self._prefetch_seconds = prefetch_seconds
        self._durations: list[float | None] = [None] * len(angles)
        self.budget = Budget(budget_bytes)
        for k, angle in enumerate(self.angles):
            angle.clip.cache.share(self.budget, seconds_per_frame=self._frame_seconds(k),
                                   lead=self._lead(k))
        self._group = ServingGroup()
        shared_ids = request_ids if request_ids is not None else itertools.count(1)
        self._servers = [
            FrameServer(a.clip, self._deliver_to(k), self._error_to(k), prefetch=prefetch,
                        prefetch_seconds=prefetch_seconds, request_ids=shared_ids,
                        group=self._group, rest_seconds=rest_seconds,
                        raw_seconds=RAW_SECONDS if k == main else OTHER_RAW_SECONDS,
                        nice=self._nice(k), paint_size=a.paint_size)
            for k, a in enumerate(self.angles)]
        self._group.set_main(self._servers[main])

    # --- the shared instant ---------------------------------------------------------------

    @property
    def main(self) -> int:
        """The angle whose frames the transport steps."""
        return self._main

    def frame_at(self, k: int, instant: float) -> int | None:
        """Angle ``k``'s frame at or before the shared ``instant``, or None when it has no
        picture then (before its first frame, after its last, or not indexed that far yet)."""
        clip, time_map = self.angles[k].clip, self.angles[k].time_map
        known = len(clip.index)
        n = frame_at_or_before(time_map, instant, known, clip.index.seconds, clip.index_of)
        if n == known - 1 and time_map.from_reference(instant) + INSTANT_TOLERANCE >= \
                clip.index.seconds(n) + self._frame_seconds(k):
            return None  # past the last frame known (the camera had stopped, or not indexed)
        return n

    def _frame_seconds(self, k: int) -> float:
        """Angle ``k``'s frame duration (worked out over the whole index once it is known:
        it costs a pass over every timestamp)."""
        known = self._durations[k]
        if known is not None:
            return known
        clip = self.angles[k].clip
        seconds = clip.frame_duration
        if clip.indexed:
            self._durations[k] = seconds
        return seconds

    def instant_of(self, k: int, n: int) -> float:
        """The shared instant of angle ``k``'s frame ``n`` (a frame known now)."""
        angle = self.angles[k]
        return angle.time_map.to_reference(angle.clip.timestamp(n))

    def request(self, instant: float, render: Render = DEFAULT_RENDER,
                renders: Mapping[int, Render] | None = None) -> AskedFrames:
        """Ask every angle for its frame at or before ``instant``; returns at once. Each
        picture comes to ``on_frame`` from its angle's thread; ``renders`` draws some angles
        differently (an interlaced angle stepped by field)."""
        frames = tuple(self.frame_at(k, instant) for k in range(len(self.angles)))
        with self._lock:
            sid = next(self._ids)
            # the main angle is asked first: an angle asked before it would start decoding
            # before the main angle's request is there to wait for
            for k in sorted(range(len(frames)), key=lambda j: j != self._main):
                n = frames[k]
                if n is None:
                    continue
                rid = self._servers[k].request(n, (renders or {}).get(k, render))
                asked = self._asked[k]
                asked[rid] = (sid, instant)
                if len(asked) > _ANSWERS_KEPT:
                    del asked[min(asked)]
        return AskedFrames(sid, instant, frames)

    def request_frame(self, n: int, render: Render = DEFAULT_RENDER,
                      renders: Mapping[int, Render] | None = None) -> AskedFrames:
        """Ask for the main angle's frame ``n`` and every other angle's frame at its instant
        (a frame step moves by one frame of the main angle)."""
        return self.request(self.instant_of(self._main, n), render, renders)

    def request_preview(self, instant: float,
                        on_preview: Callable[[AngleFrame], None]) -> tuple[int | None, ...]:
        """While the scrub bar is dragged: each angle's cached picture nearest its frame at
        ``instant`` goes to ``on_preview`` from that angle's preview thread (newest wins; an
        angle with nothing cached nearby sends nothing). Returns the frames aimed at."""
        frames = tuple(self.frame_at(k, instant) for k in range(len(self.angles)))
        for k, n in enumerate(frames):
            if n is not None:
                self._servers[k].request_preview(
                    n, lambda r, k=k: on_preview(AngleFrame(k, 0, instant, r)))
        return frames

    def set_main(self, k: int) -> None:
        """Make angle ``k`` the main one: its working range is filled first from now on."""
        if not 0 <= k < len(self.angles):
            raise ValueError(f"angle {k} is not one of the {len(self.angles)} angles")
        self._main = k
        for j, angle in enumerate(self.angles):
            angle.clip.cache.set_lead(self._lead(j))
            self._servers[j].set_nice(self._nice(j))
        self._group.set_main(self._servers[k])

    def _lead(self, k: int) -> float:
        return 0.0 if k == self._main else self._prefetch_seconds

    def _nice(self, k: int) -> int:
        """The other angles decode below the main angle's priority (``video.priority``)."""
        return 0 if k == self._main else FOLLOWER_NICE

    # --- resting and measuring --------------------------------------------------------------

    def wait_prefetched(self, timeout: float | None = None) -> bool:
        """Wait until the playhead has rested and every angle's working range is cached (as
        far as the shared budget allows), the main angle's first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        order = [self._main] + [k for k in range(len(self.angles)) if k != self._main]
        for k in order:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._servers[k].wait_prefetched(left):
                return False
        return True

    def cache_stats(self) -> tuple[CacheStats, ...]:
        """Per angle: frames and bytes cached, hits and misses, the working range's centre."""
        return tuple(a.clip.cache.stats() for a in self.angles)

    @property
    def cached_bytes(self) -> int:
        """Bytes held by all angles together (never above ``budget.total`` for long)."""
        return self.budget.nbytes

    def close(self) -> None:
        """Stop every angle's threads and give each clip's cache back its own budget."""
        for server in self._servers:
            server.close()
        for angle in self.angles:
            angle.clip.cache.leave()

    def __enter__(self) -> AngleServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- server threads -------------------------------------------------------------------

    def _deliver_to(self, k: int) -> Callable[[FrameResult], None]:
        def deliver(result: FrameResult) -> None:
            with self._lock:
                asked = self._asked[k].get(result.request)
            if asked is not None:
                self._on_frame(AngleFrame(k, asked[0], asked[1], result))
        return deliver

    def _error_to(self, k: int) -> Callable[[int, VideoError], None]:
        def report(n: int, error: VideoError) -> None:
            self._on_error(k, n, error)
        return report
