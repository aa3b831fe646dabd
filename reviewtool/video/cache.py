"""Memory-bounded frame caches around the playhead (Kinovea's "working zone", automatic).

When a budget is exceeded the pictures farthest from the centre of their working range go
first, so whatever the official is looking at, the frames around it stay. Several caches (the
angles of a station) may share one ``Budget``: the memory preference is then a total, and a
picture's claim to stay is its distance in seconds from its own centre. A cache with a ``lead``
(an angle that is not the main one) keeps its nearest second on equal terms with the main angle,
and the rest only after the main angle's whole working range: so the main angle is filled first.

The centre is the playhead, unless the frame server pins it: after a rest the range stays
where it was while the reviewer jumps about inside it (see ``FrameServer``), so moving to the
far side of the range does not evict what the near side needs. Thread-safe: the decoder
threads fill the caches and the player reads them; caches sharing a budget share its lock.

Pictures far from the playhead are packed, and for a viewer that paints them small (the
angles of a station in their places) reduced to the size it paints them (``repack``): a
quarter of the bytes in a 2x2 station. A reduced picture serves only requests it covers
(``Picture.covers``): for any other it is as good as missing, and the whole picture decoded
for that request replaces it.
"""

from __future__ import annotations

import bisect
import itertools
import math
import threading
from dataclasses import dataclass

from reviewtool.video.painting import Size
from reviewtool.video.picture import Picture
from reviewtool.video.tally import ByteTally

# 768 MiB holds +-5 s of 1080p50 around the playhead on the benchmark clips (half a second
# unpacked, the rest packed) and keeps the whole app under 1.5 GB.
DEFAULT_BUDGET = 768 * 1024 * 1024
# Every angle keeps this much around its centre on equal terms with the main angle: stepping
# shows all angles, so each needs its neighbouring frames.
NEAR_SECONDS = 0.5


@dataclass(frozen=True)
class CacheStats:
    """What a cache holds and how it answered, for tests, benchmarks and the status bar."""

    frames: int
    nbytes: int
    hits: int
    misses: int
    centre: int


class Budget:
    """One memory budget in bytes, shared by the caches that join it (one per angle)."""

    def __init__(self, total_bytes: int) -> None:
        self._total = total_bytes
        self.lock = threading.RLock()
        self.nbytes = 0
        self._caches: list[FrameCache] = []
        # Bumped by every change that can alter what a cache holds or would keep: the frame
        # servers' prefetchers ask "what next?" on every wake-up, and reuse the answer until
        # this moves (``FrameCache.version``).
        self.version = 0

    @property
    def total(self) -> int:
        return self._total

    @total.setter
    def total(self, total_bytes: int) -> None:
        with self.lock:
            self._total = total_bytes
            self.version += 1

    def _farthest(self) -> tuple[float, FrameCache, int] | None:
        """The picture with the weakest claim to stay (rank, cache, frame), or None."""
        worst: tuple[float, FrameCache, int] | None = None
        for cache in self._caches:
            candidate = cache._farthest()
            if candidate is not None and (worst is None or candidate[0] > worst[0]):
                worst = (candidate[0], cache, candidate[1])
        return worst

    def _evict(self) -> None:
        self.version += 1
        while self.nbytes > self.total:
            worst = self._farthest()
            if worst is None:
                return
            worst[1]._drop(worst[2])


class FrameCache:
    def __init__(self, budget_bytes: int = DEFAULT_BUDGET) -> None:
        self._budget = Budget(budget_bytes)
        self._budget._caches.append(self)
        self._pictures: dict[int, Picture] = {}
        self._keys: list[int] = []  # sorted: the farthest picture is at one end
        self._tally = ByteTally()  # bytes by frame, for ``_bytes_beyond``
        self._bytes = 0
        self._playhead = 0
        self._pinned: int | None = None
        self._own: int | None = None  # its own budget while it shares another
        self._refused: set[int] = set()  # evicted as soon as they were put
        self.seconds_per_frame = 1.0  # ranks in seconds when caches share a budget
        self.lead = 0.0  # seconds added beyond NEAR_SECONDS: 0 for the main angle
        self.hits = 0
        self.misses = 0

    # --- sharing a budget ----------------------------------------------------------------

    def share(self, budget: Budget, *, seconds_per_frame: float, lead: float = 0.0) -> None:
        """Count this cache against ``budget`` (shared with other caches) from now on. Call it
        before any frame server uses the cache: the lock changes with the budget."""
        with self._budget.lock:
            if self._own is None:
                self._own = self._budget.total
            self._budget._caches.remove(self)
            self._budget.nbytes -= self._bytes
        with budget.lock:
            self._budget = budget
            budget._caches.append(self)
            budget.nbytes += self._bytes
            self.seconds_per_frame = seconds_per_frame
            self.lead = lead
            budget._evict()

    def leave(self) -> None:
        """Back to the budget of its own it had before ``share`` (the station let it go)."""
        with self._budget.lock:
            total = self._budget.total if self._own is None else self._own
            self._own = None
            self._budget._caches.remove(self)
            self._budget.nbytes -= self._bytes
            self.lead = 0.0
        self._budget = Budget(total)
        self._budget._caches.append(self)
        self._budget.nbytes = self._bytes
        with self._budget.lock:
            self._budget._evict()

    def set_lead(self, lead: float) -> None:
        with self._budget.lock:
            self.lead = lead
            self._moved()
            self._budget._evict()

    # --- reading -------------------------------------------------------------------------

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever what this cache holds, or would keep, may have changed (any cache
        sharing its budget included); read without the lock."""
        budget = self._budget
        return id(budget), budget.version

    @property
    def budget(self) -> int:
        """The budget in bytes (shared with other caches when ``share`` was called)."""
        return self._budget.total

    def __contains__(self, n: int) -> bool:
        return n in self._pictures

    def __len__(self) -> int:
        return len(self._pictures)

    @property
    def nbytes(self) -> int:
        return self._bytes

    def stats(self) -> CacheStats:
        return CacheStats(len(self._pictures), self._bytes, self.hits, self.misses,
                          self.centre)

    def get(self, n: int, size: Size | None = None) -> Picture | None:
        """Frame ``n``'s picture if it serves a viewer painting at ``size`` (None: the whole
        frame is needed), counted as a hit; else None, counted as a miss."""
        picture = self._pictures.get(n)
        if picture is None or not picture.covers(size):
            picture = None
            self.misses += 1
        else:
            self.hits += 1
        return picture

    def peek(self, n: int) -> Picture | None:
        """The cached picture of frame ``n`` or None, not counted as a hit or a miss (for
        reading ahead of the viewer)."""
        return self._pictures.get(n)

    def holds(self, n: int, size: Size | None = None) -> bool:
        """Whether frame ``n`` is cached in a form that serves a viewer painting at ``size``:
        prefetching counts the rest as missing (a reduced picture, once the viewer zoomed in
        beyond it), so the range refills whole."""
        picture = self._pictures.get(n)
        return picture is not None and picture.covers(size)

    def nearest(self, n: int, within: int, size: Size | None = None) -> Picture | None:
        """A cached picture close to ``n`` that serves a viewer painting at ``size`` (for a
        cheap preview while scrubbing)."""
        with self._budget.lock:
            keys, pictures = self._keys, self._pictures
            i = bisect.bisect_left(keys, n)
            lo, hi = i - 1, i  # walk outwards, nearest first
            while lo >= 0 or hi < len(keys):
                if hi >= len(keys) or (lo >= 0 and n - keys[lo] <= keys[hi] - n):
                    k, lo = keys[lo], lo - 1
                else:
                    k, hi = keys[hi], hi + 1
                if abs(k - n) > within:
                    return None
                if pictures[k].covers(size):
                    return pictures[k]
        return None

    # --- the centre of the working range ---------------------------------------------------

    @property
    def centre(self) -> int:
        return self._playhead if self._pinned is None else self._pinned

    def set_playhead(self, n: int) -> None:
        if n != self._playhead:
            with self._budget.lock:
                self._playhead = n
                if self._pinned is None:
                    self._moved()

    def pin(self, centre: int | None) -> None:
        """Keep the range centred on ``centre`` whatever the playhead does (None: follow the
        playhead again)."""
        with self._budget.lock:
            if centre != self._pinned:
                self._pinned = centre
                self._moved()

    def _moved(self) -> None:
        """A working range moved: what did not fit before may fit now, in every cache."""
        self._budget.version += 1
        for cache in self._budget._caches:
            cache._refused.clear()

    def _rank(self, n: int) -> float:
        """How weak the claim of a picture at ``n`` is to stay: seconds from the centre, plus
        the lead beyond the near range."""
        d = abs(n - self.centre) * self.seconds_per_frame
        return d if d <= NEAR_SECONDS else d + self.lead

    def _farthest(self) -> tuple[float, int] | None:
        keys = self._keys
        if not keys:
            return None
        lo, hi = self._rank(keys[0]), self._rank(keys[-1])
        return (lo, keys[0]) if lo > hi else (hi, keys[-1])

    def _bytes_beyond(self, rank: float) -> int:
        """Bytes of this cache's pictures whose claim to stay is weaker than ``rank``."""
        if not self._keys:
            return 0
        # rank > r  <=>  seconds from the centre > r (within the near range), or > r - lead
        limit = rank if rank < NEAR_SECONDS else max(NEAR_SECONDS, rank - self.lead)
        frames = limit / max(self.seconds_per_frame, 1e-9)
        c = self.centre  # frames before the first or after the last are farther
        return self._tally.outside(math.ceil(c - frames), math.floor(c + frames))

    def would_keep(self, n: int, nbytes: int | None = None) -> bool:
        """Whether a picture at ``n`` (of about ``nbytes``; by default this cache's average)
        would survive eviction: prefetching stops when not, so it never decodes a picture
        only to evict it again."""
        budget = self._budget
        with budget.lock:
            if n in self._refused:
                return False
            if nbytes is None:
                nbytes = self._bytes // len(self._pictures) if self._pictures else 0
            if budget.nbytes + nbytes <= budget.total:
                return True
            rank = self._rank(n)
            freed = sum(c._bytes_beyond(rank) for c in budget._caches)
            return budget.nbytes - freed + nbytes <= budget.total

    # --- writing -------------------------------------------------------------------------

    def put(self, picture: Picture) -> None:
        """Keep ``picture``, in an array of its own when it is the decoder's frame
        (``Picture.detached``): kept frames grew the decoders' buffer pools, which never
        shrink, to about 0.6 bytes for each byte cached."""
        budget = self._budget
        if budget.total <= 0:
            return
        picture = picture.detached()  # outside the lock: a copy
        with budget.lock:
            budget.version += 1
            self._drop(picture.index)
            self._pictures[picture.index] = picture
            bisect.insort(self._keys, picture.index)
            self._tally.add(picture.index, picture.nbytes)
            self._bytes += picture.nbytes
            budget.nbytes += picture.nbytes
            if budget.nbytes > budget.total:
                budget._evict()
                if picture.index not in self._pictures:  # it did not fit: do not try again
                    self._refused.add(picture.index)  # until a working range moves

    def unpacked_beyond(self, playhead: int, radius: int,
                        size: Size | None = None) -> int | None:
        """A picture farther than ``radius`` frames from ``playhead`` that ``repack`` would
        make smaller for a viewer painting at ``size``: kept unpacked, or packed whole where
        it could be reduced (the viewer was laid out, or zoomed out, since). None if none."""
        with self._budget.lock:
            keys = self._keys
            lo = bisect.bisect_left(keys, playhead - radius)
            hi = bisect.bisect_right(keys, playhead + radius)
            pictures = self._pictures
            return next((k for k in itertools.chain(keys[:lo], keys[hi:])
                         if pictures[k].shrinks(size)), None)

    def repack(self, n: int, size: Size | None = None) -> None:
        """Pack frame ``n``'s picture in place (about a third of the memory), reduced for a
        viewer painting at ``size`` (``Picture.pack``)."""
        picture = self._pictures.get(n)
        if picture is None or not picture.shrinks(size):
            return
        packed = picture.pack(size)  # outside the lock: 6 ms at 1080p
        with self._budget.lock:
            if self._pictures.get(n) is picture:
                self._budget.version += 1
                self._pictures[n] = packed
                self._tally.add(n, packed.nbytes - picture.nbytes)
                self._bytes += packed.nbytes - picture.nbytes
                self._budget.nbytes += packed.nbytes - picture.nbytes

    def _drop(self, n: int) -> None:
        """Forget frame ``n`` (the budget's lock is held)."""
        old = self._pictures.pop(n, None)
        if old is None:
            return
        self._budget.version += 1
        del self._keys[bisect.bisect_left(self._keys, n)]
        self._tally.add(n, -old.nbytes)
        self._bytes -= old.nbytes
        self._budget.nbytes -= old.nbytes

    def clear(self) -> None:
        with self._budget.lock:
            self._budget.version += 1
            self._budget.nbytes -= self._bytes
            self._pictures.clear()
            self._keys.clear()
            self._tally.clear()
            self._refused.clear()
            self._bytes = 0
