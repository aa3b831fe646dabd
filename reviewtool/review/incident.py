"""An incident: a tagged moment or range of a clip, with category, people and place.

Places are stored in metres on a 105 x 68 pitch, x along the touchline from the home team's
goal line (as the broadcast shows it in the first half), y across from the near touchline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from reviewtool.laws.offences import CATALOGUE
from reviewtool.laws.var import INCIDENT_SITUATIONS, LEGACY_CODES
from reviewtool.match.model import Side
from reviewtool.match.state import Person

PITCH_LENGTH = 105.0
PITCH_WIDTH = 68.0

# Checks that are not offences but decisions the VAR looks at: the VAR protocol's own codes.
CHECKS: dict[str, str] = dict(INCIDENT_SITUATIONS)

CATEGORIES: dict[str, str] = {**{code: o.name for code, o in CATALOGUE.items()}, **CHECKS}


@dataclass(frozen=True)
class PitchPlace:
    x: float
    y: float

    def __post_init__(self) -> None:
        if not (0 <= self.x <= PITCH_LENGTH and 0 <= self.y <= PITCH_WIDTH):
            raise ValueError(f"place ({self.x:.1f}, {self.y:.1f}) m is off the 105 x 68 pitch")

    def in_penalty_area(self) -> Side | None:
        """Whose penalty area the place is in (home defends x = 0), or None."""
        if abs(self.y - PITCH_WIDTH / 2) > 20.16:
            return None
        if self.x <= 16.5:
            return "home"
        if self.x >= PITCH_LENGTH - 16.5:
            return "away"
        return None


@dataclass(frozen=True)
class Incident:
    id: str
    category: str
    key_frame: int
    in_frame: int
    out_frame: int
    clip_id: int | None = None
    manner: str | None = None
    offender: Person | None = None
    victim: Person | None = None
    place: PitchPlace | None = None
    notes: str = ""
    minute: str | None = None  # match minute at the key frame, when the clip is synced
    clock: str | None = None  # running match clock at the key frame, e.g. "90+4:12"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f'unknown incident category "{self.category}"')
        if not self.in_frame <= self.key_frame <= self.out_frame:
            raise ValueError(f"the key frame {self.key_frame} must lie between the in frame "
                             f"{self.in_frame} and the out frame {self.out_frame}")

    @property
    def title(self) -> str:
        return CATEGORIES[self.category]

    def edited(self, **changes: Any) -> Incident:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "category": self.category, "key_frame": self.key_frame,
            "in_frame": self.in_frame, "out_frame": self.out_frame, "clip": self.clip_id,
            "manner": self.manner, "notes": self.notes, "minute": self.minute,
            "clock": self.clock,
            "offender": self.offender.to_json() if self.offender else None,
            "victim": self.victim.to_json() if self.victim else None,
            "place": {"x": round(self.place.x, 2), "y": round(self.place.y, 2)}
            if self.place else None,
        }
        return {**self.extra, **out}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Incident:
        known = {"id", "category", "key_frame", "in_frame", "out_frame", "clip", "manner",
                 "notes", "minute", "clock", "offender", "victim", "place"}
        place = d.get("place")
        category = LEGACY_CODES.get(d["category"], d["category"])
        return cls(
            id=d["id"], category=category, key_frame=d["key_frame"],
            in_frame=d["in_frame"], out_frame=d["out_frame"], clip_id=d.get("clip"),
            manner=d.get("manner"), notes=d.get("notes") or "", minute=d.get("minute"),
            clock=d.get("clock"), offender=Person.from_json(d.get("offender")),
            victim=Person.from_json(d.get("victim")),
            place=PitchPlace(place["x"], place["y"]) if place else None,
            extra={k: v for k, v in d.items() if k not in known})
