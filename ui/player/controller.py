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
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from reviewtool.video.clip import Clip, ClipFacts, open_clip
from reviewtool.video.decoder import DEINTERLACE_MODES, Render
from reviewtool.video.errors import VideoError
from reviewtool.video.playback import PlaybackClock, step_speed
from reviewtool.video.screen import Opening, Screen
from reviewtool.video.server import FrameResult, FrameServer
from ui.bridge import FrameBridge, Mailbox

TICK_MS = 2


class PlayerController(QObject):
    opened = Signal(object)  # Opening: the request whose clip is now on screen
    open_failed = Signal(str, str)  # path, message
    facts_known = Signal(object)  # ClipFacts of the clip on screen, once wholly indexed
    frame_shown = Signal(object)  # FrameResult
    frame_failed = Signal(int, str)
    playing_changed = Signal(bool)
    speed_changed = Signal(float)
    range_changed = Signal(object, object)  # in, out (None when unset)
    index_grew = Signal(int, bool)  # frames known, whole clip indexed

    def __init__(self, parent: QObject | None = None, *, cache_bytes: int | None = None,
                 deinterlace: str = "linear") -> None:
        super().__init__(parent)
        self.screen = Screen()
        self.clip: Clip | None = None
        self.facts: ClipFacts | None = None
        self._server: FrameServer | None = None
        self._bridge = FrameBridge(self)
        self._bridge.frame_ready.connect(self._on_frame)
        self._bridge.frame_failed.connect(self._on_failed)
        self._bridge.preview_ready.connect(self._on_preview)
        self._opened_box = Mailbox(lambda item: self._finish_open(*item), self)
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
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        # playback: seconds each frame was shown after its time
        self.lateness: list[float] = []
        self._index_timer = QTimer(self)  # long clips are indexed in the background
        self._index_timer.setInterval(400)
        self._index_timer.timeout.connect(self._check_index)

    # --- opening -------------------------------------------------------------------------

    def open(self, path: str | Path, *, clip_id: int | None = None, frame: int | None = None,
             add_to_review: bool = False, sync: tuple[int, float] | None = None) -> Opening:
        """Open ``path`` on a worker thread; ``opened`` or ``open_failed`` follows, unless a
        newer open comes first (the newest wins: an older clip that opens later is closed).
        What is on screen does not change until then."""
        opening = self.screen.begin(path, clip_id=clip_id, frame=frame,
                                    add_to_review=add_to_review, sync=sync)
        name = str(path)
        options: dict[str, object] = {}
        if self._cache_bytes is not None:
            options["cache_bytes"] = self._cache_bytes

        def work() -> None:
            try:
                clip = open_clip(name, **options)  # type: ignore[arg-type]
                clip.wait_indexed(timeout=0.5)  # short files: the whole index at once
            except VideoError as e:
                self._opened_box.post((opening, None, str(e)))
                return
            except Exception as e:
                self._opened_box.post((opening, None,
                                       f"{Path(name).name}: cannot be opened ({e})"))
                return
            self._opened_box.post((opening, clip, ""))

        threading.Thread(target=work, name="open clip", daemon=True).start()
        return opening

    def _finish_open(self, opening: Opening, clip: Clip | None, error: str) -> None:
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
        self._server = FrameServer(clip, self._bridge.on_frame,
                                   lambda n, e: self._bridge.on_error(n, e, floor),
                                   request_ids=self.screen.request_ids)
        self.shown = self.target = 0
        self.in_point = self.out_point = None
        self.facts = clip.known_facts()
        # First, so that a handler of ``opened`` may ask for another frame.
        self.seek(opening.frame or 0)
        self.opened.emit(opening)
        if self.facts is not None:
            self.facts_known.emit(self.facts)
        else:
            self._index_timer.start()
        self.range_changed.emit(None, None)

    def _check_index(self) -> None:
        clip = self.clip
        if clip is None:
            self._index_timer.stop()
            return
        done = clip.indexed
        if done:
            self._index_timer.stop()
        self.index_grew.emit(len(clip.index), done)
        if done and clip.index.error is None:
            self.facts = clip.known_facts()
            if self.facts is not None:
                self.facts_known.emit(self.facts)

    def _close_clip(self) -> None:
        self._index_timer.stop()
        self.pause()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self.clip is not None:
            self.clip.close()
            self.clip = None
        self.facts = None

    def close(self) -> None:
        """Close the clip on screen and drop any open in flight."""
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

    def _request(self, n: int) -> None:
        if self._server is None:
            return
        n = max(0, min(self.frame_count - 1, n))
        if self.playing:
            self.pause()
        self.target = n
        self._latest_request = self._server.request(n, self.render)

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
        self._server.request_preview(n, self._bridge.on_preview)

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
        if self.clip is None:
            return
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

    # --- playback ------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def set_speed(self, speed: float) -> None:
        if self._clock is not None:
            self._clock.set_speed(speed, time.perf_counter())
        self.speed = speed
        self.speed_changed.emit(speed)

    def faster(self) -> None:
        if not self.playing:
            self.play()
        else:
            self.set_speed(step_speed(self.speed, +1))

    def slower(self) -> None:
        self.set_speed(step_speed(self.speed, -1))

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def play(self) -> None:
        if self.clip is None or self.playing:
            return
        self._set_field(0)  # by field, playback shows each frame's first field
        start = self.shown
        end = self.out_point if self.out_point is not None else self.frame_count - 1
        if start >= end:
            start = self.in_point if self.in_point is not None else 0
            self.seek(start)
        self._clock = PlaybackClock(self.clip.index.seconds, self.clip.index.frame_at,
                                    self.frame_count, self.speed)
        self._clock.start(start, time.perf_counter())
        self._ready = None
        self._awaiting = None
        self.lateness = []
        self._timer.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.target = self.shown
            self._ready = self._awaiting = None
            self.playing_changed.emit(False)

    def _loop_target(self, nxt: int | None) -> int | None:
        end = self.out_point if self.out_point is not None else self.frame_count - 1
        if nxt is not None and nxt <= end:
            return nxt
        if self.loop and self.out_point is not None:
            return -1  # wrap to the in point
        return None

    def _tick(self) -> None:
        clock, server = self._clock, self._server
        if clock is None or server is None:
            return
        now = time.perf_counter()
        if self._ready is not None and now >= clock.wall_time_of(self._ready.index) - 0.001:
            ready, self._ready = self._ready, None
            self.lateness.append(now - clock.wall_time_of(ready.index))
            self._show(ready)
        if self._ready is None and self._awaiting is None:
            nxt = self._loop_target(clock.next_frame(self.shown, now))
            if nxt is None:
                self.pause()
                return
            if nxt == -1:
                start = self.in_point or 0
                clock.start(start, now)
                nxt = start
            self._awaiting = nxt
            self.target = nxt
            self._latest_request = server.request(nxt, self.render)

    # --- results -------------------------------------------------------------------------

    def _show(self, result: FrameResult) -> None:
        self.shown = result.index
        self.frame_shown.emit(result)

    def _on_frame(self, result: FrameResult) -> None:
        if result.request < max(self._shown_request, self._floor):
            return  # an answer to an older request than what is on screen, or another clip's
        self._shown_request = result.request
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

    def _on_failed(self, n: int, message: str, server: int) -> None:
        if server != self._floor:
            return  # a frame of a clip that is no longer on screen
        if self.playing:
            self.pause()
        self.frame_failed.emit(n, message)
