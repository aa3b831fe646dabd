"""The player controller: one clip, its frame server and the playback clock, as Qt signals.

It decides nothing about layout; windows and panels listen to its signals. Opening and
decoding run on worker threads, so the GUI thread only paints. Which clip is on screen is
the Qt-free ``Screen`` model's answer (``self.screen``): every open is a numbered request and
the newest wins; frame requests draw their ids from the same counter, so an answer from a
clip that was left is never shown on the next one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from reviewtool.video.clip import Clip, ClipFacts, open_clip
from reviewtool.video.decoder import DEINTERLACE_MODES, Render
from reviewtool.video.errors import VideoError
from reviewtool.video.painting import Size
from reviewtool.video.playback import PlaybackClock
from reviewtool.video.screen import Opening, Screen
from reviewtool.video.server import FrameResult, FrameServer
from ui.direct import DirectSignal
from ui.images import let_go
from ui.mailbox import FrameMailbox, Mailbox
from ui.player.playing import TICK_MS, Playback
from ui.tasks import CANCELLED, Cancelled, Progress, Task, TaskRunner

INDEX_NOTICE_S = 0.4  # at most this often: "indexing: N frames so far"


class PlayerController(Playback, QObject):
    opened = Signal(object)  # Opening: the request whose clip is now on screen
    open_failed = Signal(str, str)  # path, message
    facts_known = Signal(object)  # ClipFacts of the clip on screen, once wholly indexed
    frame_failed = Signal(int, str)
    playing_changed = Signal(bool)
    speed_changed = Signal(float)
    range_changed = Signal(object, object)  # in, out (None when unset)
    index_grew = Signal(int, bool)  # frames known, whole clip indexed

    def __init__(self, parent: QObject | None = None, *, cache_bytes: int | None = None,
                 deinterlace: str = "linear") -> None:
        super().__init__(parent)
        # Per frame, so direct signals (``ui.direct``): FrameResult; a frame asked for by seek
        # or step, not playback (the other angles follow it).
        self.frame_shown = DirectSignal()
        self.requested = DirectSignal()
        self.screen = Screen()
        self.clip: Clip | None = None
        self.facts: ClipFacts | None = None
        self._server: FrameServer | None = None
        self.make_server: Callable[..., FrameServer] = FrameServer  # a station shares budgets
        # The size the view paints pictures at now (None: whole): the frame server prepares
        # each picture in that form (``FrameResult.screen``), off the GUI thread. The player
        # component sets it; left None, pictures come as RGB only.
        self.paint_size: Callable[[], Size | None] | None = None
        self._frames = FrameMailbox(self)
        self._frames.frame_ready.connect(self._on_frame)
        self._frames.frame_failed.connect(self._on_failed)
        self._frames.preview_ready.connect(self._on_preview)
        self.tasks = TaskRunner(self)
        self._cache_bytes = cache_bytes
        self.deinterlace = deinterlace if deinterlace in DEINTERLACE_MODES else "linear"
        self.by_field = False  # interlaced clips: step field by field, show one field
        self.field = 0  # the field on screen when stepping by field: 0 first, 1 second
        self.shown: int = 0  # the frame on screen
        self.target: int = 0  # the frame last asked for
        self._shown_request = 0
        self._latest_request = 0
        self._floor = 0  # answers to requests below this belong to a clip that was left
        self.in_point: int | None = None
        self.out_point: int | None = None
        self.loop = True
        self.speed = 1.0
        self._clock: PlaybackClock | None = None
        self._ready: FrameResult | None = None  # decoded ahead, waiting for its time
        self._awaiting: int | None = None  # playback frame requested, not yet arrived
        self.direction = 1  # -1 while playing backwards (J)
        self._reverse_anchor: tuple[float, float] = (0.0, 0.0)  # wall time, media time
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._tick_ms = TICK_MS
        self._timer.timeout.connect(self._tick)
        # playback: seconds each frame was shown after its time
        self.lateness: list[float] = []
        self._index_task: Task | None = None  # long clips are indexed in the background

    # --- opening -------------------------------------------------------------------------

    def open(self, path: str | Path, *, clip_id: int | None = None, frame: int | None = None,
             add_to_review: bool = False, sync: tuple[int, float] | None = None,
             frame_of: Callable[[Clip], int | None] | None = None) -> Opening:
        """Open ``path`` on a worker thread; ``opened`` or ``open_failed`` follows, unless a
        newer open comes first (the newest wins: an older clip that opens later is closed
        unseen). What is on screen does not change until then. Without ``frame``,
        ``frame_of`` may say the first frame to show from the opened clip (another angle at
        the same match instant); its answer is the first picture, so frame 0 never flashes."""
        opening = self.screen.begin(path, clip_id=clip_id, frame=frame,
                                    add_to_review=add_to_review, sync=sync)
        name = str(path)
        options: dict[str, object] = {}
        if self._cache_bytes is not None:
            options["cache_bytes"] = self._cache_bytes

        def work(_progress: Progress, cancelled: threading.Event) -> Clip:
            try:
                clip = open_clip(name, **options)  # type: ignore[arg-type]
            except VideoError:
                raise
            except Exception as e:
                raise VideoError(name, f"cannot be opened ({e})") from e
            clip.wait_indexed(timeout=0.5)  # short files: the whole index at once
            if cancelled.is_set():
                clip.close()
                raise Cancelled
            return clip

        self.tasks.run("open clip", work, lambda clip, error: self._finish_open(
            opening, clip, error, frame_of), key="open clip", discard=lambda clip: clip.close())
        return opening

    def share_mailbox(self, mailbox: Mailbox) -> None:
        """Its frames come to the GUI thread through ``mailbox``, with other players' (the
        angles of a station: one wake-up for their answers, which come close together)."""
        self._frames.share(mailbox)

    def shutdown(self) -> None:
        """The window closes: no background work outlives it."""
        self.tasks.shutdown()
        self.close()

    def _finish_open(self, opening: Opening, clip: Clip | None, error: str,
                     frame_of: Callable[[Clip], int | None] | None = None) -> None:
        if error == CANCELLED:
            self.screen.fail(opening.request)
            return
        if clip is None:
            if self.screen.fail(opening.request) is not None:
                self.open_failed.emit(str(opening.path), error)
            return
        if self.screen.land(opening.request) is None:
            clip.close()  # a newer open was asked for meanwhile: this one is not shown
            return
        self._close_clip()
        self.clip = clip
        self.by_field, self.field = False, 0  # the window turns it on again if it applies
        self._floor = next(self.screen.request_ids)
        floor = self._floor
        self._server = self.make_server(clip, self._frames.on_frame,
                                        lambda n, e: self._frames.on_error(n, e, floor),
                                        request_ids=self.screen.request_ids,
                                        paint_size=self.paint_size)
        self.shown = self.target = 0
        self.in_point = self.out_point = None
        self.facts = clip.known_facts()
        first = opening.frame
        if first is None and frame_of is not None:
            try:
                first = frame_of(clip)
            except VideoError:
                first = None  # beyond the frames indexed so far: the clip's start
        # First, so that a handler of ``opened`` may ask for another frame.
        self.seek(first or 0)
        self.opened.emit(opening)
        if self.facts is not None:
            self.facts_known.emit(self.facts)
        else:
            self._watch_index(clip)
        self.range_changed.emit(None, None)

    def _watch_index(self, clip: Clip) -> None:
        """Tell the window as the index grows: the indexer's own notices wake a waiting
        worker (no polling timer on the GUI thread)."""
        def watch(progress: Progress, cancelled: threading.Event) -> None:
            index, told = clip.index, 0.0
            while not cancelled.is_set() and not index.complete:
                try:
                    index.wait(len(index) + 1, timeout=0.5)  # 0.5 s: to see a cancel
                except VideoError:
                    break  # the index says so itself: error is set, complete
                now = time.monotonic()
                if now - told >= INDEX_NOTICE_S and not index.complete:
                    progress(len(index), 0)
                    told = now

        self._index_task = self.tasks.run(
            "index clip", watch, lambda _r, _e: self._index_grew(clip, done=True),
            key="index clip", progress=lambda _n, _t: self._index_grew(clip, done=False))

    def _index_grew(self, clip: Clip, *, done: bool) -> None:
        if clip is not self.clip:
            return  # a clip closed since
        self.index_grew.emit(len(clip.index), done)
        if done and clip.index.error is None:
            self.facts = clip.known_facts()
            if self.facts is not None:
                self.facts_known.emit(self.facts)

    def _close_clip(self) -> None:
        """The clip on screen goes (another comes, or none)."""
        if self._index_task is not None:
            self._index_task.cancel()
            self._index_task = None
        self.pause()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self.clip is not None:
            self.clip.close()
            self.clip = None
        self.facts = None
        self._floor = next(self.screen.request_ids)  # an answer still coming is not shown

    def close(self) -> None:
        """No clip any more: one still opening is dropped (and closed) when it comes."""
        self.tasks.cancel("open clip")
        self._close_clip()
        self.screen.clear()

    @property
    def frame_count(self) -> int:
        return len(self.clip.index) if self.clip else 0

    # --- moving --------------------------------------------------------------------------

    def seek(self, n: int) -> None:
        """Show exactly frame ``n`` (clamped to the clip); by field, its first field."""
        self._set_field(0)
        self._request(n)

    def _request(self, n: int, render: Render | None = None) -> None:
        if self._server is None:
            return
        n = max(0, min(self.frame_count - 1, n))
        if self.playing:
            self.pause()
        self.target = n
        self._latest_request = self._server.request(n, render or self.render)
        self.requested.emit(n)

    def redraw_whole(self) -> None:
        """The frame on screen again, whole (decoded off the GUI thread: a magnifier reads it)."""
        if not self.playing and self.target == self.shown:
            self._request(self.shown, self.render.wholly())

    @property
    def render(self) -> Render:
        """How frames are drawn now: the deinterlace setting, or the field on screen."""
        return Render(self.deinterlace, self.field if self.by_field else None)

    def preview(self, n: int) -> None:
        """While scrubbing: a cached nearby frame at once, the exact one when decoded."""
        if self._server is None:
            return
        if self.playing:
            self.pause()
        n = max(0, min(self.frame_count - 1, n))
        self.target = n
        self._latest_request = self._server.request(n, self.render)
        self._server.request_preview(n, self._frames.on_preview)

    def step(self, frames: int) -> None:
        """Frames forward (or back); by field, fields: two make a frame."""
        if not self.by_field:
            self.seek(self.target + frames)
            return
        last = max(0, self.frame_count - 1)
        n, field = divmod(max(0, min(2 * last + 1, 2 * self.target + self.field + frames)), 2)
        self._set_field(field)
        self._request(n)

    def set_by_field(self, on: bool) -> None:
        """Step field by field (interlaced clips only): each field is its own moment."""
        self.by_field = on and self.clip is not None and self.clip.is_interlaced
        self.field = 0
        if self.clip is not None:
            self._request(self.target)

    def _set_field(self, field: int) -> None:
        if self.by_field and field != self.field:
            self.field = field

    def step_seconds(self, seconds: float) -> None:
        if self.clip is not None:
            self.seek(self.clip.index_of(max(0.0, self.clip.timestamp(self.target) + seconds)))

    def go_home(self) -> None:
        self.seek(self.in_point if self.in_point is not None and self.target != self.in_point
                  else 0)

    def go_end(self) -> None:
        self.seek(self.out_point if self.out_point is not None and self.target != self.out_point
                  else self.frame_count - 1)

    def go_to_time(self, seconds: float) -> None:
        if self.clip is not None:
            self.seek(self.clip.index_of(seconds))

    def set_cache_mb(self, megabytes: int) -> None:
        """The frame cache of clips opened from now on."""
        self._cache_bytes = max(1, megabytes) << 20

    def set_deinterlace(self, mode: str) -> None:
        """Applies at once: the cache keeps frames as decoded, conversion happens on show.
        While stepping by field, one field is shown whatever the setting."""
        self.deinterlace = mode
        if self.clip is not None and not self.by_field:
            self.seek(self.target)

    # --- in and out ----------------------------------------------------------------------

    def set_in(self) -> None:
        self.in_point = self.target
        if self.out_point is not None and self.out_point < self.in_point:
            self.out_point = None
        self.range_changed.emit(self.in_point, self.out_point)

    def set_out(self) -> None:
        self.out_point = self.target
        if self.in_point is not None and self.in_point > self.out_point:
            self.in_point = None
        self.range_changed.emit(self.in_point, self.out_point)

    def clear_range(self) -> None:
        self.in_point = self.out_point = None
        self.range_changed.emit(None, None)

    # --- results -------------------------------------------------------------------------

    def _show(self, result: FrameResult) -> None:
        self.shown = result.index
        self.frame_shown.emit(result)

    def _on_frame(self, result: FrameResult) -> None:
        if result.request < max(self._shown_request, self._floor):
            let_go(result.drawn)  # an answer to an older request than what is on screen,
            return  # or another clip's
        self._shown_request = result.request
        if self.playing and self.direction < 0:
            if result.index == self._awaiting:
                self._awaiting = None
                self._show(result)
                self._tick()  # the next frame back, if due (else the tick is armed for it)
            return
        if self.playing and result.index == self._awaiting:
            self._awaiting = None
            self._ready = result
            self._tick()
            return
        if not self.playing:
            self._show(result)

    def _on_preview(self, result: FrameResult) -> None:
        """A nearby picture, shown only while the exact one for the newest request is due."""
        if not self.playing and result.request == self._latest_request \
                and max(self._shown_request, self._floor) < result.request:
            self.frame_shown.emit(result)
        else:
            let_go(result.drawn)

    def _on_failed(self, n: int, message: str, server: int) -> None:
        if server != self._floor:
            return  # a frame of a clip that is no longer on screen
        if self.playing:
            self.pause()
        self.frame_failed.emit(n, message)
