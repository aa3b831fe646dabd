"""The decision log's ANGLE entry: one clip's time map to a reference angle, and how it was found.

Entries are canonical JSON covered by the hash chain, so ``to_json`` writes a fixed set of keys
with rounded numbers, and ``from_json`` refuses what cannot be a time map (a non-positive rate,
an unknown method) with one line that names the problem.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from reviewtool.video.timemap import SyncMark, TimeMap

ANGLE = "angle"  # the kind name reserved in payloads.py
MARKS = "marks"  # fitted to sync marks: the same moment marked in both angles
SOUND = "sound"  # estimated by cross-correlating the audio tracks
MANUAL = "manual"  # offset (and rate) typed by the reviewer
REFERENCE = "reference"  # ``clip`` becomes the reference angle (its map is the identity)
UNSYNCED = "unsynced"  # the clip's time map is taken away: it leaves the shared transport
REMOVED = "removed"  # the clip is no longer an angle of the station (its record and maps stay)
RESTORED = "restored"  # a removed clip is added back to the station as an angle
MAPPED = (MARKS, SOUND, MANUAL)
ABOUT_ITSELF = (REFERENCE, REMOVED, RESTORED)  # entries that name one clip (reference == clip)
METHODS = (*MAPPED, REFERENCE, UNSYNCED, REMOVED, RESTORED)


def _finite(value: Any, what: str) -> float:
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"an angle's {what} is not a finite number ({value!r})")
    return v


@dataclass(frozen=True)
class AnglePayload:
    """Clip ``clip`` reads on clip ``reference`` as ``t_reference = offset + rate * t_clip``.

    ``marks`` are (reference seconds, clip seconds) pairs and ``residuals_ms`` their misfit;
    ``confidence`` (0..1) is the sound sync's, None for the other methods.
    """

    kind: ClassVar[str] = ANGLE
    clip: int
    reference: int
    offset: float = 0.0
    rate: float = 1.0
    method: str = MARKS
    marks: tuple[tuple[float, float], ...] = ()
    residuals_ms: tuple[float, ...] = ()
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"an angle's method is one of {', '.join(METHODS)}, "
                             f"not {self.method!r}")
        if not (math.isfinite(self.rate) and self.rate > 0 and math.isfinite(self.offset)):
            raise ValueError(f"an angle's time map needs a finite offset and a positive rate, "
                             f"got offset {self.offset} and rate {self.rate}")
        if self.method in ABOUT_ITSELF and self.clip != self.reference:
            raise ValueError(f"a {self.method} angle entry names the same clip twice")

    @property
    def time_map(self) -> TimeMap | None:
        """The map to ``reference``; None when the entry takes a map away."""
        return TimeMap(self.offset, self.rate) if self.method in MAPPED else None

    @property
    def sync_marks(self) -> tuple[SyncMark, ...]:
        return tuple(SyncMark(r, c) for r, c in self.marks)

    def to_json(self) -> dict[str, Any]:
        return {"clip": self.clip, "reference": self.reference,
                "offset": round(self.offset, 6), "rate": round(self.rate, 9),
                "method": self.method,
                "marks": [[round(r, 6), round(c, 6)] for r, c in self.marks],
                "residuals_ms": [round(r, 3) for r in self.residuals_ms],
                "confidence": None if self.confidence is None else round(self.confidence, 4)}

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> AnglePayload:
        marks: Sequence[Any] = p.get("marks") or ()
        confidence = p.get("confidence")
        return cls(
            int(p["clip"]), int(p["reference"]), _finite(p.get("offset", 0.0), "offset"),
            _finite(p.get("rate", 1.0), "rate"), str(p.get("method", MARKS)),
            tuple((_finite(m[0], "mark"), _finite(m[1], "mark")) for m in marks),
            tuple(_finite(r, "residual") for r in p.get("residuals_ms") or ()),
            None if confidence is None else _finite(confidence, "confidence"))

    def describe(self) -> str:
        """One line for the log panel and the undo labels ("Undo: Sync angle 2 to angle 1
        (2 marks): ..."); angles are numbered by their clip's number in the review."""
        if self.method == REFERENCE:
            return f"Reference angle: angle {self.clip}"
        if self.method == UNSYNCED:
            return f"Unsync angle {self.clip}"
        if self.method == REMOVED:
            return f"Remove angle {self.clip} from the station"
        if self.method == RESTORED:
            return f"Add angle {self.clip} back to the station"
        how = {MARKS: f"{len(self.marks)} mark{'s' if len(self.marks) != 1 else ''}",
               SOUND: "sound", MANUAL: "by hand"}[self.method]
        text = f"Sync angle {self.clip} to angle {self.reference} ({how}): offset " \
               f"{self.offset:+.3f} s"
        if self.rate != 1.0:
            text += f", rate {self.rate:.6f}"
        if self.residuals_ms:
            text += f", worst residual {max(abs(r) for r in self.residuals_ms):.1f} ms"
        if self.confidence is not None:
            text += f", confidence {self.confidence:.2f}"
        return text
