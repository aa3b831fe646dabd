"""Match time in a clip: from the frame of a period's kick-off to a running match clock.

The official marks the frame where a period kicks off (elapsed 0), or any frame whose match
time is known (a clip that starts in stoppage time); every frame after that mark, up to the next
period's mark, reads as that period's clock. Time follows the frames' timestamps, so variable
frame rate clips keep the right clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reviewtool.match.clock import Minute, clock_text
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
