"""Time maps between angles: how one camera's clip time reads on another's.

Cameras do not start together and their clocks drift (consumer and broadcast clocks differ by
7-33 ppm, one to four frames at 50 fps over a half), so an angle's clip time ``t`` maps to the
reference angle's clip time as ``offset + rate * t``. One mark fixes the offset; two or more
marks fit the rate too, by least squares, and each mark's residual says how well they agree.
Times are seconds of the clips' own timestamps, so mixed and variable frame rates need nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# A fitted rate this far from 1 is not clock drift but marks that contradict each other.
MAX_DRIFT = 0.01
# Marks fit a rate only when one mark's placement error moves it by less than this (50 ppm,
# about a camera clock's drift): with marks on 25p frames, when they are 800 s apart or more.
RATE_KNOWN = 5e-5


class SyncError(ValueError):
    """Marks that cannot give a time map; the message names why, in one line."""


@dataclass(frozen=True)
class TimeMap:
    """``t_reference = offset + rate * t_clip``."""

    offset: float = 0.0
    rate: float = 1.0

    def to_reference(self, t_clip: float) -> float:
        return self.offset + self.rate * t_clip

    def from_reference(self, t_reference: float) -> float:
        return (t_reference - self.offset) / self.rate

    def then(self, outer: TimeMap) -> TimeMap:
        """This map followed by ``outer`` (clip -> this reference -> outer's reference)."""
        return TimeMap(outer.offset + outer.rate * self.offset, outer.rate * self.rate)

    def inverse(self) -> TimeMap:
        return TimeMap(-self.offset / self.rate, 1.0 / self.rate)

    def to_json(self) -> dict[str, float]:
        return {"offset": round(self.offset, 6), "rate": round(self.rate, 9)}

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> TimeMap:
        offset, rate = float(doc["offset"]), float(doc.get("rate", 1.0))
        if not np.isfinite(offset) or not np.isfinite(rate) or rate <= 0:
            raise SyncError(f"a time map needs a finite offset and a positive rate, got "
                            f"offset {offset} and rate {rate}")
        return cls(offset, rate)


IDENTITY = TimeMap()


@dataclass(frozen=True)
class SyncMark:
    """The same moment seen at ``reference`` seconds on the reference angle and ``clip``
    seconds on the angle being synced."""

    reference: float
    clip: float


@dataclass(frozen=True)
class MarkFit:
    time_map: TimeMap
    residuals_ms: tuple[float, ...]  # per mark: mapped minus marked, in milliseconds

    @property
    def worst_ms(self) -> float:
        return max((abs(r) for r in self.residuals_ms), default=0.0)


def fit_marks(marks: Sequence[SyncMark], precision: float = 0.0) -> MarkFit:
    """The time map the marks give: one mark sets the offset (rate 1), two or more set the
    rate as well. A rate further than ``MAX_DRIFT`` from 1 means marks that contradict.

    ``precision`` says how exactly a mark is placed (a frame's duration for marks placed on
    frames; 0 for exact times). The rate is fitted only when the marks lie far enough apart for
    that error to move it by less than ``RATE_KNOWN``: marks a few seconds apart, each a frame
    out, would give a rate a hundred times a clock's drift, wrong by seconds later in the half.
    Then the rate is 1 and the offset the median of the marks' (robust to one wrong mark).
    """
    if not marks:
        raise SyncError("syncing needs at least one mark of the same moment in both angles")
    ref = np.array([m.reference for m in marks], dtype=float)
    clip = np.array([m.clip for m in marks], dtype=float)
    if not (np.all(np.isfinite(ref)) and np.all(np.isfinite(clip))):
        raise SyncError("a sync mark is not a finite time")
    span = float(np.ptp(clip))
    if len(marks) == 1 or span < 1e-3 or span * RATE_KNOWN < precision:
        rate = 1.0
        offset = float(np.median(ref - clip))
    else:
        rate, offset = (float(v) for v in np.polyfit(clip, ref, 1))
        if abs(rate - 1.0) > MAX_DRIFT:
            raise SyncError(f"the marks contradict each other: they would make one camera run "
                            f"{abs(rate - 1.0) * 100:.1f} % faster than the other (marks "
                            f"{span:.1f} s apart)")
    fitted = TimeMap(offset, rate)
    residuals = tuple(float((fitted.to_reference(c) - r) * 1000.0)
                      for r, c in zip(ref, clip, strict=True))
    return MarkFit(fitted, residuals)


# Seconds: a map's float round trip is off by far less; a frame lasts 4 ms or more.
INSTANT_TOLERANCE = 1e-6


def frame_at_or_before(time_map: TimeMap, instant: float, count: int,
                       seconds: Callable[[int], float], index_of: Callable[[float], int]
                       ) -> int | None:
    """The last of a clip's first ``count`` frames whose timestamp, read on the reference
    clock through ``time_map``, is at or before ``instant``: exact, never a later frame, never
    interpolated; None when its first frame comes after the instant. ``seconds(n)`` is frame
    n's timestamp and ``index_of(t)`` the clip's own at-or-before lookup (its answer is only
    a start: the time map's rounding is settled here, whatever the index's time base)."""
    if count <= 0:
        return None
    limit = instant + INSTANT_TOLERANCE
    if time_map.to_reference(seconds(0)) > limit:
        return None
    n = min(max(index_of(time_map.from_reference(instant) + INSTANT_TOLERANCE), 0), count - 1)
    while n > 0 and time_map.to_reference(seconds(n)) > limit:
        n -= 1
    while n + 1 < count and time_map.to_reference(seconds(n + 1)) <= limit:
        n += 1
    return n
