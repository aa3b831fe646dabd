"""When the station's followers are asked for frames, and when their pictures may be shown.

A follower asked for the instant the main angle shows answers only after its own latency
(its decoding waits for the main angle's, then takes its own time). By then a playing main
angle has moved on, so while playing each follower is asked for the instant the main angle
will show when the answer comes (``lead_frame``), and the newest request still wins (a
follower is asked at every main frame; one that cannot keep up drops frames).

Leading must never show a moment later than the main angle's: every follower's picture
passes a gate (``Following.gate``, on its frame server's thread) that holds a picture later
than the main angle's instant on screen until the main angle reaches it (``show_main``).
Forwards, that makes a follower that answers within a frame show each frame together with
the main angle; backwards, a follower is asked for the main angle's frame at the time its
next answer replaces this one, so that its picture stays at or before the main angle's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from reviewtool.video.server import FrameResult
from reviewtool.video.timemap import INSTANT_TOLERANCE, TimeMap
from ui.images import let_go
from ui.mailbox import with_drawn

DECAY = 0.8  # a shorter answer lowers the latency slowly; a longer one raises it at once
MAX_LEAD = 0.5  # seconds: a follower slower than this is not led further (it drops frames)
ASKS_KEPT = 32  # a follower's recent requests, to time the answers that come
HELD_KEPT = 4  # a follower's newest pictures waiting for the main angle
# Frames before a loop's last that a follower is asked for its first: going back is a seek,
# slower than the next frame (under load it came after the main angle had wrapped).
LOOP_MARGIN = 2

Deliver = Callable[[FrameResult], None]


@dataclass(frozen=True)
class Followed:
    """What the gate needs to place a follower's picture on the shared clock."""

    time_map: TimeMap
    half_frame: float  # a second field is this much later than its frame

    def instant(self, result: FrameResult) -> float:
        half = self.half_frame if result.view == "field2" else 0.0
        return self.time_map.to_reference(result.seconds + half)


@dataclass(frozen=True)
class MainPlaying:
    """The main angle while it plays: its frame on screen and how it moves."""

    shown: int
    count: int
    frame_duration: float
    speed: float
    direction: int  # +1 forwards, -1 backwards
    seconds: Callable[[int], float]
    frame_at: Callable[[float], int]
    loop: tuple[int, int] | None = None  # first and last frame, when it plays a loop


def lead_frame(main: MainPlaying, latency: float) -> int:
    """The main angle's frame a follower is asked for now (see the module's docstring).

    Forwards: the frame after the one on screen when the answer comes (the gate holds it
    until the main angle shows it); in a loop, near and past its last frame, the frames from
    its first again (led past the out point, a follower showed the out point's moment after the
    main angle had wrapped, later than the main angle's, for a seek's time). Backwards: the
    frame on screen when the next answer comes (a busy follower's next answer comes a latency
    after this one)."""
    latency = min(latency, MAX_LEAD)
    last = max(0, main.count - 1)
    now = main.seconds(main.shown)
    if main.direction > 0:
        then = main.frame_at(now + latency * main.speed)
        n = min(last, max(then, main.shown) + 1)
        if main.loop is not None:  # led past the out point: the loop starts again there
            first, end = main.loop  # (asked a little earlier: going back is a seek)
            if n + LOOP_MARGIN > end >= main.shown:
                n = min(end, first + max(0, n - end - 1))
        return n
    wall_frame = main.frame_duration / max(main.speed, 1e-3)
    until = latency + max(latency, wall_frame)  # when the next answer replaces this one
    # the main angle went to this frame when its clock passed the next frame's time
    then = now + main.frame_duration - until * main.speed
    return max(0, min(main.shown, main.frame_at(max(0.0, then))))


class Following:
    """The followers' gates, latencies and pictures held back; see the module's docstring.

    Each follower is known by its place's pane (``key``: a pane keeps its player when the
    places move). The gate runs on the frame servers' threads, the rest on the GUI thread:
    one lock between them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._limit: float | None = None  # the main angle's instant on screen
        self._followed: dict[object, Followed] = {}
        self._held: dict[object, list[tuple[FrameResult, Deliver]]] = {}
        self._asks: dict[object, dict[int, float]] = {}  # frame asked for -> when
        self._latency: dict[object, float] = {}

    # --- the frame servers' threads ----------------------------------------------------------

    def gate(self, key: object, deliver: Deliver) -> Deliver:
        """The frame server's callback for the follower ``key``: ``deliver`` now, or when
        the main angle reaches the picture's instant."""

        def on_frame(result: FrameResult) -> None:
            result = with_drawn(result)  # here, not on the GUI thread when it is let through
            with self._lock:
                self._timed(key, result)
                followed, limit = self._followed.get(key), self._limit
                held = self._held.setdefault(key, [])
                if (followed is not None and limit is not None
                        and followed.instant(result) > limit + INSTANT_TOLERANCE):
                    held.append((result, deliver))
                    del held[:-HELD_KEPT]  # (a newer answer makes an older one stale)
                    return
                held[:] = [h for h in held if h[0].request > result.request]
            deliver(result)

        return on_frame

    def _timed(self, key: object, result: FrameResult) -> None:
        asks = self._asks.get(key)
        sent = None if asks is None else asks.get(result.index)
        if asks is None or sent is None:
            return
        for n, t in list(asks.items()):  # this request and those before it are answered
            if t <= sent:
                del asks[n]
        took, old = time.perf_counter() - sent, self._latency.get(key, 0.0)
        self._latency[key] = took if took > old else DECAY * old + (1 - DECAY) * took

    # --- the GUI thread ----------------------------------------------------------------------

    def follow(self, key: object, followed: Followed) -> None:
        """The follower ``key`` follows the shared clock (its pictures pass the gate)."""
        with self._lock:
            self._followed[key] = followed

    def asked(self, key: object, frame: int) -> None:
        """The follower ``key`` is asked for ``frame`` now (to time its answer)."""
        with self._lock:
            asks = self._asks.setdefault(key, {})
            asks[frame] = time.perf_counter()
            if len(asks) > ASKS_KEPT:
                del asks[next(iter(asks))]

    def afresh(self) -> None:
        """Playback starts: the followers' answers are timed afresh. A jump's answers (a
        seek, after the main angle's) are slower than playing's; led by them, a follower was
        asked for frames up to ``MAX_LEAD`` ahead, held them all, and showed none meanwhile."""
        with self._lock:
            self._asks.clear()
            self._latency.clear()

    def unfollow(self, key: object) -> None:
        """The follower ``key`` shows another angle, or moves on its own: no gate."""
        with self._lock:
            self._followed.pop(key, None)
            self._held.pop(key, None)
            self._asks.pop(key, None)

    def lower(self, instant: float) -> None:
        """The main angle was asked for an earlier instant: no follower shows a later one
        (a step back while a follower's step forward is still coming)."""
        with self._lock:
            if self._limit is not None and instant < self._limit:
                self._limit = instant

    def show_main(self, instant: float) -> None:
        """The main angle shows ``instant``: the newest picture held at or before it goes
        to its player (older ones are dropped)."""
        released: list[tuple[FrameResult, Deliver]] = []
        with self._lock:
            self._limit = instant
            for key, held in self._held.items():
                followed = self._followed.get(key)
                if followed is None or not held:
                    continue
                due = [h for h in held if followed.instant(h[0]) <= instant
                       + INSTANT_TOLERANCE]
                if due:
                    newest = max(due, key=lambda h: h[0].request)
                    for result, _ in held:
                        if result.request < newest[0].request:
                            let_go(result.drawn)  # stale: its image is retired
                    held[:] = [h for h in held if h[0].request > newest[0].request]
                    released.append(newest)
        for result, deliver in released:
            deliver(result)

    def latency(self, key: object) -> float:
        """Seconds of wall time the follower ``key`` takes to answer (recent, high)."""
        with self._lock:
            return self._latency.get(key, 0.0)
