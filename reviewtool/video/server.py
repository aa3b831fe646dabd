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

The working range: after the playhead rests (``rest_seconds`` on one frame) the prefetch
window (``prefetch_seconds`` each way) is centred there and the cache's eviction is pinned to
that centre. Jumps inside the window leave it where it is, so that moving to one side of the
range under review does not evict the other side. A step (one frame, as when stepping or
playing) slides it, a request outside it moves it at once, and the next rest re-centres it.
Once the window is filled, pictures kept unpacked on the way (decoding to a frame keeps the
frames before it) that are now far from the playhead are packed, to make room: for a painting
viewer reduced to the size it paints them (``Picture.pack``); zoomed in, it refills them whole.

Several servers can form a ``ServingGroup`` (the angles of a station, see
``reviewtool.video.station``): they share one lock, every prefetcher gives way while any of
them serves a request, the main server's request is served before the others decode theirs,
and only the main server's prefetcher runs until its window is filled.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import av
import numpy as np

from reviewtool.video.clip import Clip
from reviewtool.video.decoder import DEFAULT_RENDER, Render
from reviewtool.video.errors import VideoError
from reviewtool.video.group import ServingGroup
from reviewtool.video.painting import ANY_SIZE, Size
from reviewtool.video.picture import Picture
from reviewtool.video.prefetching import WorkingRange
from reviewtool.video.priority import lower_this_thread, lower_thread, place_codec_threads
from reviewtool.video.result import FrameResult

PREFETCH_SECONDS = 5.0
# The interpreter's thread switch interval an interactive viewer should use: the default 5 ms
# lets the prefetch thread's Python code delay a frame request by up to 5 ms.
SWITCH_INTERVAL = 0.001
RAW_SECONDS = 0.5
# Going forwards on cached pictures, how far ahead a request thread looks for the end of the
# cached run, and how many pictures it decodes towards it after each answer (``FrameServer.
# _prepare_past_cache``): two a frame cover a GOP's start in half the time playback takes.
PREPARE_AHEAD = 100
PREPARE_FRAMES = 2
PREVIEW_WITHIN = 250  # frames: how far a scrubbing preview may be from the pointer
# The playhead has rested once it stayed this long on one frame: the working range is then
# centred on it. Jumps faster than this (5 a second while comparing two moments) leave it.
REST_SECONDS = 1.0

__all__ = ["FrameResult", "FrameServer", "ServingGroup"]


class FrameServer(WorkingRange):
    """Serves one clip's frames to one viewer; see the module's docstring."""

    def __init__(self, clip: Clip, on_frame: Callable[[FrameResult], None],
                 on_error: Callable[[int, VideoError], None], *, prefetch: bool = True,
                 prefetch_seconds: float = PREFETCH_SECONDS,
                 request_ids: Iterator[int] | None = None, group: ServingGroup | None = None,
                 rest_seconds: float = REST_SECONDS, raw_seconds: float = RAW_SECONDS,
                 paint_size: Callable[[], Size | None] | None = None,
                 nice: int = 0) -> None:
        self.clip = clip
        # For a painting viewer: the size it draws pictures at now (None: whole), which each
        # picture is made at (``FrameResult.screen``). None for a viewer that does not paint.
        self._paint_size = paint_size
        self._nice = nice  # its request thread's priority below normal (``set_nice``)
        self._serving_thread: int | None = None
        self._codec_threads: tuple[int, ...] = ()  # FFmpeg's, for its decoder (``set_nice``)
        self._prefetch_codec_threads = ()
        self._on_frame = on_frame
        self._on_error = on_error
        self._group = group if group is not None else ServingGroup()
        self._cond = self._group.cond
        self._requests = self._group.condition()  # its request thread waits on this
        self._previews = self._group.condition()  # its preview thread waits on this
        self._ids = request_ids if request_ids is not None else itertools.count(1)
        self._pending: tuple[int, int, Render] | None = None  # frame, request id, render
        self._request_id = 0
        self._render = DEFAULT_RENDER  # the newest request's: previews and read-ahead use it
        self._busy = threading.Event()
        # The next step's answer, made early: frame, ``_form``, RGB or picture, painted form.
        self._ready: tuple[int, tuple[str, Size | None], np.ndarray | Picture,
                           np.ndarray | None] | None = None
        self._preview: tuple[int, Callable[[FrameResult], None]] | None = None
        self._previewer: threading.Thread | None = None
        self._closing = False
        self._playhead = 0
        self._centre = 0  # of the working range: pinned after a rest (see the module)
        self._moved_at = time.monotonic()  # when the playhead last moved
        self._rest_seconds = rest_seconds
        self._stalled = False  # the prefetcher met an undecodable spot and waits for a move
        self._reused: dict[str, tuple[tuple[object, ...], Any]] = {}  # see ``_reuse``
        self._direction = -1  # where the viewer last moved: -1 back, +1 forward
        self._generation = 0  # bumps when the playhead moves; stale prefetch stops
        self._prefetch_seconds = prefetch_seconds
        # Frames this close to the playhead stay unpacked: stepping reads them fastest.
        self._raw_radius = max(1, round(raw_seconds / max(clip.frame_duration, 1e-3)))
        self._prefetching = prefetch and clip.cache.budget > 0
        with self._cond:
            self._group.servers.append(self)
        if self._prefetching:
            clip.cache.pin(0)
        self._worker = threading.Thread(target=self._serve, name="frames", daemon=True)
        self._worker.start()
        self._prefetcher: threading.Thread | None = None
        if self._prefetching:
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
            previous = self._playhead
            if n != previous:
                self._direction = 1 if n > previous else -1
                self._moved_at = time.monotonic()
            self._playhead = n
            _, lo, hi = self._window()
            if abs(n - previous) == 1 or not lo <= n <= hi:  # a step, or out of the range
                self._recentre(n)
            self._generation += 1
            self._requests.notify()  # its request thread alone (``ServingGroup``)
            return self._request_id

    def preview(self, n: int, within: int = 50) -> FrameResult | None:
        """A cached picture at or near ``n`` now, on the caller's thread, or None (chosen as
        ``request_preview`` chooses)."""
        picture = self._nearest(n, within)
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
            self._previews.notify()

    def _nearest(self, n: int, within: int = PREVIEW_WITHIN) -> Picture | None:
        """The picture to preview ``n`` with: the nearest that serves the viewer's size, or a
        nearer one kept smaller (drawn scaled until the exact frame comes). Zoomed in, only
        whole pictures serve, and far from where the playhead rested only reduced ones are
        kept: the preview was 25 frames away and more."""
        cache = self.clip.cache
        serving = cache.nearest(n, within, self._need())
        if serving is not None and serving.index == n:
            return serving
        nearer = cache.nearest(n, within, ANY_SIZE)
        if nearer is not None and (serving is None
                                   or abs(nearer.index - n) < abs(serving.index - n)):
            return nearer
        return serving

    def _serve_previews(self) -> None:
        last = -1
        while True:
            with self._cond:
                self._previews.wait_for(lambda: self._preview is not None or self._closing)
                if self._closing:
                    return
                assert self._preview is not None
                (n, deliver), self._preview = self._preview, None
                rid, render = self._request_id, self._render
            picture = self._nearest(n)
            if picture is None or picture.index == last:
                continue
            last = picture.index
            deliver(self._result(picture, exact=picture.index == n, request=rid, render=render))

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._generation += 1
            if self in self._group.servers:
                self._group.servers.remove(self)
            if self._group.main is self:
                self._group.main = None
            self._group.wake_all()
            self.wake()
        self._worker.join(timeout=5)
        if self._previewer is not None:
            self._previewer.join(timeout=5)
        if self._prefetcher is not None:
            self._prefetcher.join(timeout=5)
        if self._prefetching:
            self.clip.cache.pin(None)

    # --- decoder threads -----------------------------------------------------------------

    def _may_serve(self) -> bool:
        """A request is waiting and may be served now: the main server's request goes first
        (the transport steps the main angle; the others follow), unless the answer is ready."""
        pending, main = self._pending, self._group.main
        if pending is None or main is None or main is self:
            return pending is not None
        ready = self._ready
        if ready is not None and ready[0] == pending[0] and ready[1] == self._form(
                pending[2].view):
            return True
        return main._pending is None and not main._busy.is_set()


    def _result(self, picture: Picture, exact: bool, request: int,
                render: Render) -> FrameResult:
        source, screen = self._made(picture, self._form(render.view))
        return FrameResult(picture.index, source, self.clip.index.seconds(picture.index), exact,
                           request, render.view if picture.interlaced else "off", screen,
                           self.clip.picture)

    def _need(self) -> Size | None:
        """The size pictures are painted at now, which cached ones must serve (None: whole,
        also for a viewer that does not paint). A prepared picture serves a request only if
        the viewer has not zoomed or been resized since."""
        return None if self._paint_size is None else self._paint_size()

    def _form(self, view: str) -> tuple[str, Size | None]:
        """How a picture made now is drawn: its view and the size it is painted at."""
        return view, self._need()

    def _made(self, picture: Picture, form: tuple[str, Size | None]) -> tuple[
            np.ndarray | Picture, np.ndarray | None]:
        """What a result carries: for a painting viewer the painted form (RGB only if it is
        asked for); else the RGB frame."""
        view, size = form
        if self._paint_size is None:
            return picture.rgb(view), None
        return self._own(picture), picture.painted(view, size)

    def _own(self, picture: Picture) -> Picture:
        """The picture a result carries to the viewer, in arrays of its own: the cache's copy
        of a picture the decoder lends, else a copy. The viewer's thread lets go of each
        result in turn, and freeing a decoder's frame there let go of the interpreter's lock
        and waited to take it back (while four angles played, about once a frame)."""
        if not isinstance(picture.source, av.VideoFrame):
            return picture
        kept = self.clip.cache.peek(picture.index)
        if kept is not None and kept.stored is None and isinstance(kept.source, np.ndarray):
            return kept  # the same pixels, unpacked: its RGB is still one conversion
        return picture.detached()

    def native_threads(self) -> dict[str, int | None]:
        """The operating system's ids of its request and prefetch threads (None before a
        thread has started), for diagnostics and tests of their priorities."""
        prefetcher = self._prefetcher
        return {"requests": self._serving_thread,
                "prefetch": None if prefetcher is None else prefetcher.native_id}

    def codec_threads(self) -> dict[str, tuple[int, ...]]:
        """The ids of FFmpeg's threads for its request and prefetch threads' decoders (empty
        before they have opened), for tests of their priorities (``video.priority``)."""
        return {"requests": self._codec_threads, "prefetch": self._prefetch_codec_threads}

    def wake(self) -> None:
        """Wake its request and preview threads (the group's lock is held)."""
        self._requests.notify_all()
        self._previews.notify_all()

    def set_nice(self, nice: int) -> None:
        """Run the request thread ``nice`` steps below normal priority (``video.priority``):
        an angle that is not the main one decodes only when the main angle's does not."""
        self._nice = nice
        if self._serving_thread is not None:
            lower_thread(self._serving_thread, nice)
        place_codec_threads(self._codec_threads, nice)

    def _serve(self) -> None:
        self._serving_thread = threading.get_native_id()
        if self._nice:  # before its decoder opens: FFmpeg's threads inherit the priority
            lower_this_thread(self._nice)
        # This thread's own decoder, ready before the first request (a file that cannot be
        # opened now is reported by the first request that needs it).
        with contextlib.suppress(VideoError):
            self._codec_threads = self.clip.open_decoder()
        while True:
            with self._cond:
                self._requests.wait_for(lambda: self._closing or self._may_serve())
                if self._closing:
                    return
                assert self._pending is not None
                n, rid, render = self._pending
                self._pending = None
                self._busy.set()
            try:  # busy until delivered: in a group, the main angle's picture comes first
                ready = self._ready  # (one made from a reduced picture is not whole)
                if ready is not None and ready[0] == n and ready[1] == self._form(render.view) \
                        and not (render.whole and isinstance(ready[2], Picture)
                                 and ready[2].stored is not None):
                    result = FrameResult(n, ready[2], self.clip.index.seconds(n), True, rid,
                                         render.view if self.clip.is_interlaced else "off",
                                         ready[3], self.clip.picture)
                    self.clip.cache.set_playhead(n)
                else:
                    result = self._result(self.clip.picture(
                        n, None if render.whole else self._need()), exact=True, request=rid,
                        render=render)
                self._on_frame(result)
            except VideoError as e:
                self._on_error(n, e)
                continue
            finally:
                self._busy.clear()
                with self._cond:
                    self._group.served(self)
            self._read_ahead(n, render)

    def _read_ahead(self, n: int, render: Render) -> None:
        """Prepare the next frame in the viewer's direction now (convert it if cached; decode it
        if stepping forward and it is the decoder's next), so the next step is answered at
        once."""
        nxt = n + self._direction
        self._ready = None
        if self._pending is not None or not 0 <= nxt < len(self.clip.index):
            return
        picture = self.clip.cache.peek(nxt)
        if picture is not None and not picture.covers(self._need()):
            picture = None  # kept reduced, and the viewer needs more now
        if picture is None and self._direction > 0 and self.clip.decodes_next(nxt):
            try:  # stepping forward: one frame's decoding, done while the viewer looks
                picture = self.clip.picture(nxt)
            except VideoError:
                return  # reported if and when that frame is asked for
        if picture is not None:
            form = self._form(render.view)
            self._ready = (nxt, form, *self._made(picture, form))
            if self._direction > 0:
                self._prepare_past_cache(nxt)

    def _prepare_past_cache(self, n: int) -> None:
        """Going forwards on cached pictures, bring this thread's decoder up to where the
        cached run ahead ends, a few pictures after each answer: else, when playback gets
        there, the request waits for a seek and the start of a GOP (angles fell 3-6 frames
        behind there, up to 220 ms late). The same pictures a seek would decode, spread out.
        Angles take turns to seek (``ServingGroup.seek_turn``); the main angle leaves this to
        its prefetcher, which fills its near frames during a run."""
        if self._group.fills_near_in_runs(self):
            return  # its prefetcher decodes there now: the main angle was decoded twice
        cache, last = self.clip.cache, min(len(self.clip.index) - 1, n + PREPARE_AHEAD)
        size = self._need()
        end = next((m for m in range(n + 1, last + 1) if not cache.holds(m, size)), None)
        if end is None or self.clip.decodes_next(end) or self._pending is not None:
            return
        turn = (self._group.seek_turn(self) if self.clip.prepare_seeks(end)
                else contextlib.nullcontext(True))
        with turn as mine:
            if not mine:
                return  # another angle's decoder seeks now (``ServingGroup.seek_turn``)
            with contextlib.suppress(VideoError):  # reported if and when that frame is asked
                self.clip.prepare(end, PREPARE_FRAMES)
