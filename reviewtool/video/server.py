"""The frame-serving API: frames for an interactive viewer, decoded off the caller's thread.

This is exactly what the window uses, with no Qt in it, so benchmarks, tests and other tools
measure what the window gets::

    server = FrameServer(clip, on_frame, on_error)   # callbacks run on the server's threads
    rid = server.request(n, Render("linear"))        # never blocks; the newest request wins
    # ... on_frame(FrameResult(index=n, rgb=..., request=rid, ...)) arrives off-thread
    server.request_preview(n, on_preview)            # while scrubbing: a cached nearby frame
    server.wait_prefetched(timeout)                  # resting: the working range is cached
    server.close()

``FrameServer`` owns two decoder threads, each with its own decoder: one answers requests (a
request replaces any older one still waiting, so a fast scrub never builds a queue), the other
fills the cache around the playhead, both ways, while the viewer rests, so stepping and moving
within the range under review are instant. A third thread converts cached pictures for
scrubbing previews (it never decodes). How a frame is drawn (deinterlace mode, one field)
travels with each request as a ``Render``. Request ids come from ``request_ids``: a viewer
that opens several clips in turn passes one counter to all its servers, so an answer from a
clip it has left is always older than any request to the clip it shows.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from reviewtool.video.clip import Clip
from reviewtool.video.decoder import DEFAULT_RENDER, ExactDecoder, Picture, Render
from reviewtool.video.errors import VideoError

PREFETCH_SECONDS = 5.0
# The interpreter's thread switch interval an interactive viewer should use: the default 5 ms
# lets the prefetch thread's Python code delay a frame request by up to 5 ms.
SWITCH_INTERVAL = 0.001
RAW_SECONDS = 0.5
PREVIEW_WITHIN = 250  # frames: how far a scrubbing preview may be from the pointer


@dataclass(frozen=True)
class FrameResult:
    index: int
    rgb: np.ndarray
    seconds: float
    exact: bool = True  # False: a nearby picture shown while scrubbing
    request: int = 0  # the request it answers (to drop answers to superseded requests)
    view: str = "off"  # how it was drawn: a deinterlace mode, or one field ("field1"/"field2")


class _Cancelled(Exception):
    """Control flow: stops a prefetch whose playhead has moved on."""

    pass


class FrameServer:
    """Serves one clip's frames to one viewer; see the module's docstring."""

    def __init__(self, clip: Clip, on_frame: Callable[[FrameResult], None],
                 on_error: Callable[[int, VideoError], None], *, prefetch: bool = True,
                 prefetch_seconds: float = PREFETCH_SECONDS,
                 request_ids: Iterator[int] | None = None) -> None:
        self.clip = clip
        self._on_frame = on_frame
        self._on_error = on_error
        self._cond = threading.Condition()
        self._ids = request_ids if request_ids is not None else itertools.count(1)
        self._pending: tuple[int, int, Render] | None = None  # frame, request id, render
        self._request_id = 0
        self._render = DEFAULT_RENDER  # the newest request's: previews and read-ahead use it
        self._busy = threading.Event()
        self._ready: tuple[int, str, np.ndarray] | None = None  # frame, view, RGB
        self._preview: tuple[int, Callable[[FrameResult], None]] | None = None
        self._previewer: threading.Thread | None = None
        self._closing = False
        self._playhead = 0
        self._direction = -1  # where the viewer last moved: -1 back, +1 forward
        self._generation = 0  # bumps when the playhead moves; stale prefetch stops
        self._prefetch_seconds = prefetch_seconds
        # Frames this close to the playhead stay unpacked: stepping reads them fastest.
        self._raw_radius = max(1, round(RAW_SECONDS / max(clip.frame_duration, 1e-3)))
        self._worker = threading.Thread(target=self._serve, name="frames", daemon=True)
        self._worker.start()
        self._prefetcher: threading.Thread | None = None
        if prefetch and clip.cache.budget > 0:
            self._prefetcher = threading.Thread(target=self._prefetch, name="prefetch",
                                                daemon=True)
            self._prefetcher.start()

    # --- called from the viewer's thread ---------------------------------------------------

    def request(self, n: int, render: Render = DEFAULT_RENDER) -> int:
        """Ask for exactly frame ``n`` drawn as ``render``; replaces any request not yet
        started, and returns at once with the request's id (``FrameResult.request``)."""
        n = max(0, n)
        with self._cond:
            self._request_id = next(self._ids)
            self._render = render
            self._pending = (n, self._request_id, render)
            if n != self._playhead:
                self._direction = 1 if n > self._playhead else -1
            self._playhead = n
            self._generation += 1
            self._cond.notify_all()
            return self._request_id

    def preview(self, n: int, within: int = 50) -> FrameResult | None:
        """A cached picture at or near ``n`` now, on the caller's thread, or None."""
        picture = self.clip.cache.nearest(n, within)
        if picture is None:
            return None
        return self._result(picture, exact=picture.index == n, request=0, render=self._render)

    def request_preview(self, n: int, on_preview: Callable[[FrameResult], None]) -> None:
        """While scrubbing: the cached picture nearest ``n`` is converted on the preview thread
        and handed to ``on_preview`` (newest wins), so the GUI thread only paints."""
        with self._cond:
            self._preview = (n, on_preview)
            if self._previewer is None:
                self._previewer = threading.Thread(target=self._serve_previews,
                                                   name="previews", daemon=True)
                self._previewer.start()
            self._cond.notify_all()

    def _serve_previews(self) -> None:
        last = -1
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._preview is not None or self._closing)
                if self._closing:
                    return
                assert self._preview is not None
                (n, deliver), self._preview = self._preview, None
                rid, render = self._request_id, self._render
            picture = self.clip.cache.nearest(n, PREVIEW_WITHIN)
            if picture is None or picture.index == last:
                continue
            last = picture.index
            deliver(self._result(picture, exact=picture.index == n, request=rid, render=render))

    def wait_prefetched(self, timeout: float | None = None) -> bool:
        """Wait until the window around the playhead is cached (as far as the budget allows)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._closing or (self._pending is None and not self._busy.is_set()
                                          and self._next_missing() is None), timeout)

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._generation += 1
            self._cond.notify_all()
        self._worker.join(timeout=5)
        if self._previewer is not None:
            self._previewer.join(timeout=5)
        if self._prefetcher is not None:
            self._prefetcher.join(timeout=5)

    # --- decoder threads -----------------------------------------------------------------

    def _result(self, picture: Picture, exact: bool, request: int,
                render: Render) -> FrameResult:
        view = render.view
        rgb = picture.rgb(view)
        return FrameResult(picture.index, rgb, self.clip.index.seconds(picture.index), exact,
                           request, view if picture.interlaced else "off")

    def _serve(self) -> None:
        # This thread's own decoder, ready before the first request (a file that cannot be
        # opened now is reported by the first request that needs it).
        with contextlib.suppress(VideoError):
            self.clip.open_decoder()
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closing)
                if self._closing:
                    return
                assert self._pending is not None
                n, rid, render = self._pending
                self._pending = None
                self._busy.set()
            try:
                ready = self._ready
                if ready is not None and ready[0] == n and ready[1] == render.view:
                    result = FrameResult(n, ready[2], self.clip.index.seconds(n), True, rid,
                                         ready[1] if self.clip.is_interlaced else "off")
                    self.clip.cache.set_playhead(n)
                else:
                    result = self._result(self.clip.picture(n), exact=True, request=rid,
                                          render=render)
            except VideoError as e:
                self._on_error(n, e)
                continue
            finally:
                self._busy.clear()
                with self._cond:
                    self._cond.notify_all()
            self._on_frame(result)
            self._read_ahead(n, render)

    def _read_ahead(self, n: int, render: Render) -> None:
        """Prepare the next frame in the viewer's direction now (convert it if cached; decode it
        if stepping forward and it is the decoder's next), so the next step is answered at
        once."""
        nxt = n + self._direction
        self._ready = None
        if self._pending is not None or not 0 <= nxt < len(self.clip.index):
            return
        picture = self.clip.cache.get(nxt)
        if picture is None and self._direction > 0 and self.clip.decodes_next(nxt):
            try:  # stepping forward: one frame's decoding, done while the viewer looks
                picture = self.clip.picture(nxt)
            except VideoError:
                return  # reported if and when that frame is asked for
        if picture is not None:
            self._ready = (nxt, render.view, picture.rgb(render.view))

    def _window(self) -> tuple[int, int, int]:
        head = self._playhead
        span = max(1, round(self._prefetch_seconds / max(self.clip.frame_duration, 1e-3)))
        last = len(self.clip.index) - 1
        return head, max(0, head - span), min(last, head + span)

    def _next_missing(self) -> int | None:
        """The next frame to decode ahead of the viewer, or None when the window is full.

        Behind the playhead, decoding the nearest missing frame fills its whole GOP; ahead,
        decoding to the end of the nearest missing run (within one GOP; the next call goes on
        without a seek) fills the run. The side the viewer is moving towards goes first."""
        head, lo, hi = self._window()
        cache = self.clip.cache
        behind = next((n for n in range(head, lo - 1, -1) if n not in cache), None)
        ahead = next((n for n in range(head, hi + 1) if n not in cache), None)
        if ahead is not None:  # on to the end of the run, within the GOP it starts in
            index = self.clip.index
            end = ahead
            while end < hi and end + 1 not in cache and not index.is_keyframe(end + 1):
                end += 1
            ahead = end
        order = (behind, ahead) if self._direction < 0 else (ahead, behind)
        for n in order:
            if n is not None and cache.would_keep(n):
                return n
        return None

    def _prefetch(self) -> None:
        decoder = ExactDecoder(self.clip.path, self.clip.stream_index, self.clip.index,
                               threads=2)
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._closing or (
                        self._pending is None and not self._busy.is_set()
                        and self._next_missing() is not None), timeout=0.25)
                    if self._closing:
                        return
                    generation = self._generation
                    target = None if self._pending or self._busy.is_set() \
                        else self._next_missing()
                if target is None:
                    continue

                def keep(picture: Picture, target: int = target) -> None:
                    with self._cond:  # give way while the viewer's request is served
                        self._cond.wait_for(lambda: self._closing or (
                            self._pending is None and not self._busy.is_set()))
                        _, lo, hi = self._window()
                        if self._closing or not lo <= target <= hi:
                            raise _Cancelled  # the playhead went elsewhere
                    if self.clip.cache.would_keep(picture.index):
                        far = abs(picture.index - self._playhead) > self._raw_radius
                        self.clip.cache.put(picture.pack() if far else picture)

                try:
                    decoder.decode(target, on_picture=keep)
                except _Cancelled:
                    pass
                except VideoError:
                    with self._cond:  # leave the bad spot alone until the playhead moves
                        self._cond.wait_for(lambda g=generation: self._closing
                                            or self._generation != g)
                with self._cond:
                    self._cond.notify_all()
        finally:
            decoder.close()
