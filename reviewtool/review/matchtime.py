"""Match time in a clip: from the frame of a period's kick-off to a running match clock.

The official marks the frame where a period kicks off (elapsed 0), or any frame whose match
time is known (a clip that starts in stoppage time); every frame after that mark, up to the next
period's mark, reads as that period's clock. Time follows the frames' timestamps, so variable
frame rate clips keep the right clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reviewtool.match.clock import PERIOD_END_MINUTE, PERIOD_START_MINUTE, Minute, clock_text
from reviewtool.review.record import Sync


@dataclass(frozen=True)
class MatchTime:
    period: int
    seconds: float  # since the period's kick-off

    @property
    def clock(self) -> str:
        return clock_text(self.period, self.seconds)

    @property
    def minute(self) -> str:
        return str(Minute.from_elapsed(self.period, self.seconds))


def match_time(frame: int, syncs: Sequence[Sync],
               timestamp: Callable[[int], float]) -> MatchTime | None:
    """The match time of ``frame``, from the latest mark at or before it; None before any."""
    marks = [s for s in syncs if s.frame <= frame]
    if not marks:
        return None
    mark = max(marks, key=lambda s: s.frame)
    return MatchTime(mark.period, mark.elapsed + timestamp(frame) - timestamp(mark.frame))


_CLOCK = re.compile(r"^(\d{1,3})(?:\+(\d{1,2}))?:(\d{2})(\.\d+)?$")
_MINUTE = re.compile(r"^(\d{1,3})(?:\+(\d{1,2}))?'$")


def parse_clock(text: str) -> MatchTime | None:
    """A running match clock ("90+4:00", "67:30", "90+4:12.340": the fraction is kept, a
    frame counts) or a report minute ("90+5'": the start of that minute) as a period and the
    seconds since its kick-off; None if it is neither."""
    t = text.strip().replace("’", "'")
    m = _CLOCK.match(t)
    if m:
        base, added, sec = int(m.group(1)), int(m.group(2) or 0), int(m.group(3))
        fraction = float(m.group(4) or 0.0)
        if sec >= 60:
            return None
    else:
        m = _MINUTE.match(t)
        if not m:
            return None
        base, added, sec = int(m.group(1)), int(m.group(2) or 0), 0
        fraction = 0.0
        if added:
            added -= 1  # "90+5'" is the minute that starts at 90+4:00
        elif base:
            base -= 1
    if added:
        period = next((p for p, end in PERIOD_END_MINUTE.items() if end == base), None)
        if period is None:
            return None
        total = base * 60 + added * 60 + sec
    else:
        total = base * 60 + sec
        period = next((p for p in (1, 2, 3, 4) if total < PERIOD_END_MINUTE[p] * 60), 4)
    return MatchTime(period, total - PERIOD_START_MINUTE[period] * 60 + fraction)


def frame_at(time: MatchTime, syncs: Sequence[Sync], timestamp: Callable[[int], float],
             index_of: Callable[[float], int]) -> int | None:
    """The frame of a clip showing match time ``time``, from its period's mark; None when the
    clip is not synced to that period."""
    mark = next((s for s in syncs if s.period == time.period), None)
    if mark is None:
        return None
    return index_of(timestamp(mark.frame) + time.seconds - mark.elapsed)
