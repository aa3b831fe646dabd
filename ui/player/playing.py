"""Playback of the player controller: play, pause, J/K/L and slow motion, on the clip's own
clock (``PlaybackClock``), as the base of ``PlayerController`` (which owns the frame server,
what is on screen and the signals).

Forwards, the next frame is asked for as soon as one is shown, and shown when its time comes.
Backwards, the frame due by the wall clock is asked for when the one shown has had its time;
frames in between are dropped. Either way the tick is armed for the moment it has something to
do (``_arm``, ``_tick_reverse``), and an answer ticks at once: it ran every ``TICK_MS``, and
each tick is a call from Qt into Python, which takes the interpreter's lock (while four angles
played, the GUI thread waited for the decoders' threads there about ten times a frame).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from reviewtool.video.decoder import Render
from reviewtool.video.playback import PlaybackClock, step_speed

if TYPE_CHECKING:
    from reviewtool.video.clip import Clip
    from reviewtool.video.server import FrameResult, FrameServer

TICK_MS = 2  # when playing starts or the speed changes (then it is armed, see the module)
AWAIT_TICK_MS = 50  # while a frame is being decoded: its answer ticks at once


class Playback:
    """Playing forwards and backwards; see the module's docstring."""

    clip: Clip | None
    _server: FrameServer | None
    _timer: QTimer
    _clock: PlaybackClock | None
    _ready: FrameResult | None
    _awaiting: int | None
    shown: int
    target: int
    speed: float
    direction: int
    field: int
    in_point: int | None
    out_point: int | None
    loop: bool
    lateness: list[float]
    _latest_request: int
    _reverse_anchor: tuple[float, float]
    _tick_ms: int  # the tick's interval now (see ``_arm``)
    playing_changed: Any  # Signal(bool)
    speed_changed: Any  # Signal(float)
    # The controller's (``PlayerController``):
    frame_count: int
    render: Render
    seek: Callable[[int], None]
    _set_field: Callable[[int], None]
    _show: Callable[[FrameResult], None]

    # --- playback ------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def set_speed(self, speed: float) -> None:
        now = time.perf_counter()
        if self._clock is not None:
            self._clock.set_speed(speed, now)
        if self.playing and self.direction < 0:  # re-anchor: no jump when the speed changes
            self._reverse_anchor = (now, self._reverse_media(now))
        self.speed = speed
        if self.playing:  # the tick was armed for the old speed's times
            self._set_tick(TICK_MS)
        self.speed_changed.emit(speed)

    def faster(self) -> None:
        """L: play forwards; again, faster (from playing backwards: forwards at once)."""
        if not self.playing or self.direction < 0:
            self.pause()
            self._start_at_most_1x()
            self.play()
        else:
            self.set_speed(step_speed(self.speed, +1))

    def reverse(self) -> None:
        """J: play backwards; again, faster backwards (as editing suites do)."""
        if self.playing and self.direction < 0:
            self.set_speed(step_speed(self.speed, +1))
            return
        self.pause()
        if self.clip is None or self._server is None:
            return
        self._start_at_most_1x()
        self._set_field(0)
        if self.shown <= self._reverse_stop():
            return  # nothing before this frame to play
        self.direction = -1
        now = time.perf_counter()
        self._reverse_anchor = (now, self.clip.index.seconds(self.shown))
        self._awaiting = None
        self._set_tick(TICK_MS)
        self._timer.start()
        self.playing_changed.emit(True)

    def _start_at_most_1x(self) -> None:
        """A new direction starts at 1x (LL then J is 1x backwards, not 1.5x); a slow motion
        chosen with Shift+J is kept."""
        if self.speed > 1.0:
            self.set_speed(1.0)

    def _reverse_media(self, now: float) -> float:
        wall, media = self._reverse_anchor
        return media - (now - wall) * self.speed

    def _reverse_stop(self) -> int:
        return self.in_point if self.in_point is not None and self.in_point < self.shown \
            else 0

    def _tick_reverse(self, now: float) -> None:
        """Backwards: the frame due now by the wall clock; frames in between are dropped."""
        clip, server = self.clip, self._server
        if clip is None or server is None or self._awaiting is not None:
            return
        stop = self._reverse_stop()
        if self.shown <= stop:
            self.pause()
            return
        due = max(stop, clip.index.frame_at(max(0.0, self._reverse_media(now))))
        if due < self.shown:
            self._awaiting = due
            self.target = due
            self._latest_request = server.request(due, self.render)
            if self._tick_ms != AWAIT_TICK_MS:  # its answer ticks at once (``_on_frame``)
                self._set_tick(AWAIT_TICK_MS)
            return
        # the next frame back is due when the clock passes the start of the one shown
        wall, media = self._reverse_anchor
        when = wall + (media - clip.index.seconds(self.shown)) / self.speed - now
        self._set_tick(max(1, math.ceil(when * 1000)))

    def slower(self) -> None:
        self.set_speed(step_speed(self.speed, -1))

    def stop(self) -> None:
        """K: stop; a fast speed of L or J (above 1x) goes back to 1x, as editing suites do,
        so the Speed box and Space agree with K (a slow motion is kept)."""
        self.pause()
        self._start_at_most_1x()

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
        self._set_tick(TICK_MS)
        self._timer.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.target = self.shown
            self._ready = self._awaiting = None
            self.direction = 1
            self.playing_changed.emit(False)

    def _loop_target(self, nxt: int | None) -> int | None:
        end = self.out_point if self.out_point is not None else self.frame_count - 1
        if nxt is not None and nxt <= end:
            return nxt
        if self.loop and self.out_point is not None:
            return -1  # wrap to the in point
        return None

    def _tick(self) -> None:
        if not self._timer.isActive():
            return  # paused meanwhile (by a listener of the frame shown)
        if self.direction < 0:
            self._tick_reverse(time.perf_counter())
            return
        clock, server = self._clock, self._server
        if clock is None or server is None:
            return
        now = time.perf_counter()
        if self._ready is not None and now >= clock.wall_time_of(self._ready.index) - 0.001:
            ready, self._ready = self._ready, None
            self.lateness.append(now - clock.wall_time_of(ready.index))
            self._show(ready)
            if not self._timer.isActive():
                return  # a listener of the frame shown paused
        if self._ready is None and self._awaiting is None:
            nxt = self._loop_target(clock.next_frame(self.shown, now))
            if nxt is None:
                self.pause()
                return
            if nxt == -1:  # the loop starts again when the frame after its last was due:
                start = self.in_point or 0  # at once, its last frame was cut short
                period = self.clip.frame_duration / self.speed if self.clip else 0.0
                clock.start(start, max(now, clock.wall_time_of(self.shown) + period))
                nxt = start
            self._awaiting = nxt
            self.target = nxt
            self._latest_request = server.request(nxt, self.render)
        self._arm(clock, now)

    def _arm(self, clock: PlaybackClock, now: float) -> None:
        """The next tick forwards: when the frame decoded ahead is due (a tick may be up to a
        millisecond early, as ``_tick`` allows), or, while one is decoded, a late safety
        tick (its answer ticks at once, ``_on_frame``)."""
        if not self._timer.isActive():
            return  # paused (the end, or a listener of the frame shown)
        ready = self._ready
        if ready is None:
            if self._tick_ms != AWAIT_TICK_MS:  # (a Qt call, as every tick is: only when due)
                self._set_tick(AWAIT_TICK_MS)
            return
        due = clock.wall_time_of(ready.index) - 0.001 - now
        self._set_tick(max(1, math.ceil(due * 1000)))

    def _set_tick(self, ms: int) -> None:
        """The tick, ``ms`` from now and every ``ms`` after (restarted when it runs)."""
        self._tick_ms = ms
        self._timer.setInterval(ms)

