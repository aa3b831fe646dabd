"""Frames and match time across angles: which frame of each angle is on screen at an instant.

The shared playhead is an instant on the reference angle's clip time. An angle's frame at that
instant is the last frame whose own timestamp is at or before the instant mapped through the
angle's time map: exact, never interpolated, whatever each clip's frame rate (25p, 50p, 59.94p,
VFR, 50i). The match clock comes from the SYNC marks (``mark_sync``): a mark on any synced
angle is carried onto the reference angle's time, so the clock reads the same on every angle.
Frame facts are asked of a ``Frames`` (an open ``Clip`` is one) and answered from what its index
knows now: an instant beyond the frames indexed so far gives no frame yet, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from reviewtool.review.angles import Angle
from reviewtool.review.matchtime import MatchTime
from reviewtool.review.record import Sync
from reviewtool.video.timemap import frame_at_or_before

EPS = 1e-6  # seconds: an instant this close after a frame's timestamp is that frame


class Frames(Protocol):
    """What the clock needs of a clip: an open ``reviewtool.video.clip.Clip`` fits."""

    @property
    def frame_count(self) -> int: ...  # frames known now

    @property
    def indexed(self) -> bool: ...  # all frames known

    @property
    def frame_duration(self) -> float: ...

    def timestamp(self, n: int) -> float: ...

    def index_of(self, seconds: float) -> int: ...


@dataclass(frozen=True)
class NominalFrames:
    """A clip that is not open, at its nominal rate (from its facts): enough to carry its
    clock mark onto the reference angle when the angle has no place on screen (exact for a
    constant frame rate; an open clip's index, or one kept from it, is preferred)."""

    frame_count: int
    fps: float
    indexed: bool = True

    @property
    def frame_duration(self) -> float:
        return 1.0 / self.fps

    def timestamp(self, n: int) -> float:
        return n / self.fps

    def index_of(self, seconds: float) -> int:
        return min(max(0, int(seconds * self.fps + EPS)), max(0, self.frame_count - 1))

    @classmethod
    def of(cls, facts: Mapping[str, object] | None) -> NominalFrames | None:
        """From a clip's stored facts; None without a frame rate and a frame count."""
        fps, count = (facts or {}).get("fps"), (facts or {}).get("frame_count")
        if isinstance(fps, int | float) and fps > 0 and isinstance(count, int) and count > 0:
            return cls(count, float(fps))
        return None


@dataclass(frozen=True)
class Anchor:
    """A SYNC mark carried onto the reference angle: ``t_reference`` is ``elapsed`` seconds
    into ``period``."""

    t_reference: float
    period: int
    elapsed: float
    clip: int


@dataclass(frozen=True)
class Placement:
    """Where an instant falls on one angle: ``frame`` is None when the angle shows nothing
    there, and ``why`` says why (before its first frame, after its last, unsynced...)."""

    angle: int
    frame: int | None
    t_clip: float | None
    why: str = ""


class AngleClock:
    """The angles of a review with their clips' frames: maps instants to frames and clocks."""

    def __init__(self, angles: Sequence[Angle], frames: Mapping[int, Frames],
                 syncs: Callable[[int], Sequence[Sync]] = lambda clip: ()) -> None:
        self.angles = {a.number: a for a in angles}
        self.frames = frames
        self._syncs = syncs

    def angle(self, number: int) -> Angle:
        a = self.angles.get(number)
        if a is None:
            known = ", ".join(str(n) for n in self.angles) or "none"
            raise KeyError(f"there is no angle {number} in this review (angles: {known})")
        return a

    # --- frames and instants ---------------------------------------------------------------

    def reference_time(self, angle: int, frame: int) -> float | None:
        """The instant (reference clip seconds) of ``angle``'s frame; None if unsynced."""
        a = self.angle(angle)
        if a.time_map is None:
            return None
        return a.time_map.to_reference(self._frames(angle).timestamp(frame))

    def place(self, angle: int, t_reference: float) -> Placement:
        """``angle``'s frame at or before the instant ``t_reference``, or why there is none."""
        a = self.angle(angle)
        if a.time_map is None:
            return Placement(angle, None, None, a.why or f"angle {angle} is not synced")
        t = a.time_map.from_reference(t_reference)
        f = self.frames.get(angle)
        if f is None:  # the other angles keep working
            return Placement(angle, None, t, f"angle {angle} is not open (its clip failed to "
                             "open or was closed)")
        known = f.frame_count
        if known == 0:
            return Placement(angle, None, t, f"angle {angle} has no frame indexed yet")
        if t < f.timestamp(0) - EPS:
            return Placement(angle, None, t, f"angle {angle} starts {-t:.3f} s after this "
                             "instant")
        last = f.timestamp(known - 1)
        if t > last + EPS:  # past the frames known now (the frame duration costs a pass)
            if not f.indexed:
                return Placement(angle, None, t, f"angle {angle} is still being indexed there")
            if t >= last + f.frame_duration - EPS:
                return Placement(angle, None, t, f"angle {angle} ended {t - last:.3f} s "
                                 "before this instant")
        n = frame_at_or_before(a.time_map, t_reference, known, f.timestamp, f.index_of)
        return Placement(angle, n, t)

    def frame_at_or_before(self, angle: int, t_reference: float) -> int | None:
        """The frame of ``angle`` on screen at the instant: the last whose timestamp is at or
        before it; None before the angle's first frame, after its last, or when unsynced."""
        return self.place(angle, t_reference).frame

    def follow(self, main: int, frame: int) -> dict[int, Placement]:
        """Every angle at the instant of ``main``'s ``frame`` (the main angle included)."""
        t = self.reference_time(main, frame)
        if t is None:
            raise ValueError(f"angle {main} is not synced: it cannot drive the other angles")
        out = {n: self.place(n, t) for n in self.angles}
        out[main] = Placement(main, frame, self._frames(main).timestamp(frame))
        return out

    # --- the match clock -------------------------------------------------------------------

    def anchors(self) -> list[Anchor]:
        """The SYNC marks of every synced angle, on the reference's time, one per period (a
        mark on the reference angle wins over one carried from another angle)."""
        best: dict[int, Anchor] = {}
        for a in self.angles.values():
            f = self.frames.get(a.number)
            if a.time_map is None or f is None:
                continue
            for s in self._syncs(a.number):
                if not 0 <= s.frame < f.frame_count:
                    continue
                anchor = Anchor(a.time_map.to_reference(f.timestamp(s.frame)), s.period,
                                s.elapsed, a.number)
                held = best.get(s.period)
                if held is None or (a.is_reference and not self.angles[held.clip].is_reference):
                    best[s.period] = anchor
        return sorted(best.values(), key=lambda x: x.t_reference)

    def match_time_at(self, t_reference: float) -> MatchTime | None:
        """The match clock at an instant: from the latest anchor at or before it."""
        marks = [x for x in self.anchors() if x.t_reference <= t_reference + EPS]
        if not marks:
            return None
        x = marks[-1]
        return MatchTime(x.period, x.elapsed + t_reference - x.t_reference)

    def match_time_of(self, angle: int, frame: int) -> MatchTime | None:
        t = self.reference_time(angle, frame)
        return None if t is None else self.match_time_at(t)

    def instant_of(self, time: MatchTime) -> float | None:
        """The instant (reference clip seconds) of a match time; None when no angle carries a
        mark of that period."""
        x = next((x for x in self.anchors() if x.period == time.period), None)
        return None if x is None else x.t_reference + time.seconds - x.elapsed

    def _frames(self, angle: int) -> Frames:
        f = self.frames.get(angle)
        if f is None:
            raise KeyError(f"angle {angle} is not open (its clip failed to open or was closed)")
        return f
