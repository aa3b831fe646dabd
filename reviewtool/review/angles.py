"""A review's angles: each clip with its time map to the reference angle, folded from the log.

An ANGLE entry maps one clip's time onto another clip's (usually the reference angle's). The
reference angle is the review's first clip unless an entry chose another. Maps compose: a clip
synced to angle 2, and angle 2 synced to the reference, reads on the reference through both;
when the reference changes, the maps recorded against the old one still hold (through the
inverse of the new reference's map). A clip with no path to the reference is unsynced and
cannot join the shared transport; its ``why`` says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewtool.review.angle_payload import (
    ANGLE,
    MAPPED,
    REFERENCE,
    UNSYNCED,
    AnglePayload,
)
from reviewtool.review.record import ReviewRecord
from reviewtool.store.entries import ClipRecord
from reviewtool.video.timemap import IDENTITY, TimeMap

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
    why: str = ""  # why it is unsynced ("" when synced)

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
                **({"why": self.why} if self.why else {})}


@dataclass(frozen=True)
class Edges:
    """The latest ANGLE entries in effect: each clip's own map, and the chosen reference."""

    maps: dict[int, tuple[int, AnglePayload]]  # clip -> (entry seq, payload with a map)
    chosen: int | None  # the clip chosen as reference, if any entry chose one


def edges(record: ReviewRecord) -> Edges:
    """Fold the ANGLE entries in effect (later ones replace earlier ones of the same clip)."""
    maps: dict[int, tuple[int, AnglePayload]] = {}
    chosen: int | None = None
    for e in record.entries:
        if e.kind != ANGLE or not record.in_effect.get(e.seq, False):
            continue
        p = AnglePayload.from_json(e.payload)
        if p.method == REFERENCE:
            chosen = p.clip
        elif p.method == UNSYNCED:
            maps.pop(p.clip, None)
        elif p.method in MAPPED:
            maps[p.clip] = (e.seq, p)
    return Edges(maps, chosen)


def reference_of(clips: Sequence[ClipRecord], found: Edges) -> int | None:
    """The reference angle: the chosen clip while it is in the review, else the first clip."""
    ids = [c.id for c in clips]
    if found.chosen is not None and found.chosen in ids:
        return found.chosen
    return min(ids) if ids else None


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
    """The review's angles in clip order, each with its map to the reference angle."""
    found = edges(record)
    reference = reference_of(clips, found)
    out = []
    for c in clips:
        assert reference is not None
        own = found.maps.get(c.id)
        m = map_between(c.id, reference, found)
        if c.id == reference:
            out.append(Angle(c, IDENTITY, REFERENCE, reference=reference,
                             entry=own[0] if own else None))
        elif m is None:
            why = (f"angle {c.id} is not synced to the reference angle {reference}: mark the "
                   "same moment in both, or sync by sound")
            out.append(Angle(c, None, None, reference=reference, why=why))
        else:
            p = own[1] if own else None
            out.append(Angle(c, m, p.method if p else "composed",
                             p.residuals_ms if p else (), p.marks if p else (),
                             p.confidence if p else None, reference, own[0] if own else None))
    return tuple(out)
