"""A review's angles: each clip with its time map to the reference angle, folded from the log.

An ANGLE entry maps one clip's time onto another clip's (usually the reference angle's). The
reference angle is the review's first clip unless an entry chose another. Maps compose: a clip
synced to angle 2, and angle 2 synced to the reference, reads on the reference through both;
when the reference changes, the maps recorded against the old one still hold (through the
inverse of the new reference's map). A clip with no path to the reference is unsynced and
cannot join the shared transport; its ``why`` says so.

Removing an angle from the station (a REMOVED entry) loses nothing: the clip stays in the
review, its incidents and sync history stay in the log, and its own map stays in effect as an
edge, so angles synced through it keep their maps, composed through it as before. It is simply
not one of the station's angles until an entry brings it back: an "add back" (RESTORED), a new
sync of its own, or choosing it as the reference. Removing the reference angle makes the next
one the reference (the chosen one if still there, else the lowest-numbered angle left); every
map still holds, read through the removed clip's recorded maps, and undoing the removal gives
the old reference back, since the reference is folded, not stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from reviewtool.review.angle_payload import (
    ANGLE,
    MAPPED,
    REFERENCE,
    REMOVED,
    UNSYNCED,
    AnglePayload,
)
from reviewtool.review.record import ReviewRecord
from reviewtool.store.entries import ClipRecord
from reviewtool.video.timemap import IDENTITY, INSTANT_TOLERANCE, TimeMap

# A mark whose residual is above this many frame durations contradicts the others.
FRAMES_TOLERATED = 1.0


@dataclass(frozen=True)
class Angle:
    """One clip of the review as an angle: ``time_map`` takes its clip time to the reference
    angle's clip time (None: unsynced). ``entry`` is the log entry that synced it."""

    clip: ClipRecord
    time_map: TimeMap | None
    method: str | None = None  # "marks", "sound", "manual", "reference", "composed" (through
    # other angles' maps, e.g. the old reference after a new one was chosen) or None
    residuals_ms: tuple[float, ...] = ()
    marks: tuple[tuple[float, float], ...] = ()
    confidence: float | None = None
    reference: int = 0  # the reference angle's clip id
    entry: int | None = None
    why: str = ""  # why it is unsynced, or that it was removed ("" when neither)
    removed: int | None = None  # the REMOVED entry that took it out of the station

    @property
    def number(self) -> int:
        """The angle's number: its clip's number in the review (``reviewtool angles``)."""
        return self.clip.id

    @property
    def synced(self) -> bool:
        return self.time_map is not None

    @property
    def is_reference(self) -> bool:
        return self.clip.id == self.reference

    @property
    def frame_duration(self) -> float | None:
        fps = self.clip.facts.get("fps") if self.clip.facts else None
        return 1.0 / float(fps) if fps else None

    def shows(self, instant: float) -> bool:
        """Whether the angle has a picture at ``instant`` (the reference clock): it is synced,
        its clip started at or before it and has not ended (a clip of unknown length is taken
        not to have ended)."""
        if self.time_map is None:
            return False
        t = self.time_map.from_reference(instant)
        duration = self.clip.facts.get("duration") if self.clip.facts else None
        return t >= -INSTANT_TOLERANCE and (
            duration is None or t < float(duration) - INSTANT_TOLERANCE)

    def warnings(self) -> list[str]:
        """A mark that contradicts the others (residual above one frame), named."""
        frame = self.frame_duration or 0.04
        limit_ms = FRAMES_TOLERATED * frame * 1000.0
        out = []
        for i, r in enumerate(self.residuals_ms, start=1):
            if abs(r) > limit_ms:
                out.append(f"angle {self.number}: sync mark {i} is {r:+.1f} ms off the fit of "
                           f"the others (more than one frame, {limit_ms:.0f} ms): check it")
        return out

    def to_json(self) -> dict[str, object]:
        """What ``reviewtool angles`` prints for it."""
        m = self.time_map
        return {"angle": self.number, "path": self.clip.path, "reference": self.is_reference,
                "synced": self.synced, "method": self.method,
                "offset": None if m is None else round(m.offset, 6),
                "rate": None if m is None else round(m.rate, 9),
                "residuals_ms": [round(r, 3) for r in self.residuals_ms],
                "marks": [list(mk) for mk in self.marks], "confidence": self.confidence,
                "fps": self.clip.facts.get("fps"), "warnings": self.warnings(),
                "removed": self.removed is not None,
                **({"why": self.why} if self.why else {})}


@dataclass(frozen=True)
class Edges:
    """The latest ANGLE entries in effect: each clip's own map, and the chosen reference."""

    maps: dict[int, tuple[int, AnglePayload]]  # clip -> (entry seq, payload with a map)
    chosen: int | None  # the clip chosen as reference, if any entry chose one
    removed: dict[int, int] = dataclasses.field(default_factory=dict)  # clip -> REMOVED seq


def edges(record: ReviewRecord) -> Edges:
    """Fold the ANGLE entries in effect (later ones replace earlier ones of the same clip).
    A removal keeps the clip's map; a sync, an add back or choosing it as reference ends it."""
    maps: dict[int, tuple[int, AnglePayload]] = {}
    chosen: int | None = None
    removed: dict[int, int] = {}
    for e in record.entries:
        if e.kind != ANGLE or not record.in_effect.get(e.seq, False):
            continue
        p = AnglePayload.from_json(e.payload)
        if p.method == REMOVED:
            removed[p.clip] = e.seq
            continue
        if p.method != UNSYNCED:  # a sync, an add back, or choosing it as the reference
            removed.pop(p.clip, None)
        if p.method == REFERENCE:
            chosen = p.clip
        elif p.method == UNSYNCED:
            maps.pop(p.clip, None)
        elif p.method in MAPPED:
            maps[p.clip] = (e.seq, p)
    return Edges(maps, chosen, removed)


def reference_of(clips: Sequence[ClipRecord], found: Edges) -> int | None:
    """The reference angle: the chosen clip while it is an angle of the station, else the
    first clip that is (the first of all if every one was removed: the desk refuses that)."""
    ids = [c.id for c in clips]
    present = [i for i in ids if i not in found.removed] or ids
    if found.chosen is not None and found.chosen in present:
        return found.chosen
    return min(present) if present else None


def _chain(clip: int, found: Edges) -> dict[int, TimeMap]:
    """Every clip reached by following ``clip``'s own maps, with the map from ``clip`` to it."""
    out = {clip: IDENTITY}
    at, m = clip, IDENTITY
    while at in found.maps:
        target, step = found.maps[at][1].reference, found.maps[at][1].time_map
        if target in out or step is None:
            break
        m = m.then(step)
        out[target] = m
        at = target
    return out


def map_between(clip: int, reference: int, found: Edges) -> TimeMap | None:
    """``clip``'s time read on ``reference``'s, through the maps recorded; None if none lead."""
    mine, theirs = _chain(clip, found), _chain(reference, found)
    for node, to_node in mine.items():
        if node in theirs:
            return to_node.then(theirs[node].inverse())
    return None


def fold_angles(record: ReviewRecord, clips: Sequence[ClipRecord]) -> tuple[Angle, ...]:
    """The review's clips as angles in clip order, each with its map to the reference angle;
    the removed ones too, with ``removed`` set (``AngleDesk.angles()`` leaves them out)."""
    found = edges(record)
    reference = reference_of(clips, found)
    out = []
    for c in clips:
        assert reference is not None
        angle = _angle(c, reference, found)
        gone = found.removed.get(c.id)
        if gone is not None:
            angle = dataclasses.replace(angle, removed=gone, why=(
                f"angle {c.id} was removed from the station (entry {gone}): add it back "
                "(Angles > Add Angle Back), or sync it again"))
        out.append(angle)
    return tuple(out)


def _angle(c: ClipRecord, reference: int, found: Edges) -> Angle:
    """One clip as an angle, with its map to ``reference`` (None: no path to it)."""
    own = found.maps.get(c.id)
    m = map_between(c.id, reference, found)
    if c.id == reference:
        return Angle(c, IDENTITY, REFERENCE, reference=reference,
                     entry=own[0] if own else None)
    if m is None:
        why = (f"angle {c.id} is not synced to the reference angle {reference}: mark the "
               "same moment in both, or sync by sound")
        return Angle(c, None, None, reference=reference, why=why)
    p = own[1] if own else None
    return Angle(c, m, p.method if p else "composed", p.residuals_ms if p else (),
                 p.marks if p else (), p.confidence if p else None, reference,
                 own[0] if own else None)
