"""Typed payloads of the decision log's entries, one dataclass per kind.

Entries are stored as canonical JSON covered by the hash chain and the signatures, so each
``to_json`` writes exactly the keys (and only the keys) the log has always held: an entry
written today is byte-identical to the one an earlier reviewtool wrote for the same operation,
and every stored entry reads back through ``from_json``. Readers use the typed fields instead
of ``payload["incident"]["id"]``; the JSON stays the contract on disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from reviewtool.match import events as ev
from reviewtool.review.angle_payload import AnglePayload
from reviewtool.review.decision import Decision
from reviewtool.review.drawing_payload import DrawingPayload
from reviewtool.review.incident import Incident
from reviewtool.review.lines_payloads import CalibrationPayload, MeasurementPayload
from reviewtool.store.chain import LogEntry
from reviewtool.store.matchlog import event_json, parse_event

# Kinds of log entries
CREATE = "create"  # the review begins: the match and the match events imported
EVENTS = "events"  # match events recorded directly, optionally for an incident
INCIDENT = "incident"  # an incident tagged or edited: the whole incident
DECISION = "decision"  # one step of a decision and the events it appends
SYNC = "sync"  # match time of a clip's frame
CLIP = "clip"  # a clip added to the review, or found again elsewhere
RETRACT = "retract"  # undo / redo / correction of an earlier entry
# Kinds the station, the lines and the drawings add; each payload lives in its own module.
ANGLE = "angle"  # a clip's time map to the reference angle (sync by marks or by sound)
CALIBRATION = "calibration"  # an angle's ground-plane homography at a frame
MEASUREMENT = "offside_measurement"  # an offside measurement attached to an incident
DRAWING = "drawing"  # a drawing on an angle over a frame range

UNDOABLE = (EVENTS, INCIDENT, DECISION, SYNC,
            ANGLE,
            CALIBRATION, MEASUREMENT,
            DRAWING,
            )


def _events(docs: Any) -> tuple[ev.MatchEvent, ...]:
    return tuple(parse_event(doc, i) for i, doc in enumerate(docs or ()))


@dataclass(frozen=True)
class CreatePayload:
    """The match (match-log JSON, parsed by ``store.matchlog``) and the events imported."""

    kind: ClassVar[str] = CREATE
    match: Mapping[str, Any]
    events: tuple[ev.MatchEvent, ...] = ()
    log_extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"match": dict(self.match), "events": [event_json(e) for e in self.events],
                "log_extra": dict(self.log_extra)}

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> CreatePayload:
        return cls(p["match"], _events(p.get("events")), dict(p.get("log_extra") or {}))


@dataclass(frozen=True)
class EventsPayload:
    kind: ClassVar[str] = EVENTS
    events: tuple[ev.MatchEvent, ...]
    summary: str = ""
    incident: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"events": [event_json(e) for e in self.events], "summary": self.summary,
                "incident": self.incident}

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> EventsPayload:
        incident = p.get("incident")
        return cls(_events(p.get("events")), str(p.get("summary") or ""),
                   None if incident is None else str(incident))


@dataclass(frozen=True)
class IncidentPayload:
    kind: ClassVar[str] = INCIDENT
    incident: Incident
    edit: bool = False  # an edit of an incident tagged earlier (the key is absent otherwise)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"incident": self.incident.to_json()}
        if self.edit:
            out["edit"] = True
        return out

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> IncidentPayload:
        return cls(Incident.from_json(p["incident"]), bool(p.get("edit")))


@dataclass(frozen=True)
class DecisionPayload:
    kind: ClassVar[str] = DECISION
    decision: Decision
    events: tuple[ev.MatchEvent, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"decision": self.decision.to_json(),
                "events": [event_json(e) for e in self.events]}

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> DecisionPayload:
        return cls(Decision.from_json(p["decision"]), _events(p.get("events")))


@dataclass(frozen=True)
class SyncPayload:
    """Frame ``frame`` of clip ``clip`` is ``elapsed`` seconds into ``period``."""

    kind: ClassVar[str] = SYNC
    clip: int
    frame: int
    period: int
    elapsed: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"clip": self.clip, "frame": self.frame, "period": self.period,
                "elapsed": round(self.elapsed, 3)}

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> SyncPayload:
        return cls(int(p["clip"]), int(p["frame"]), int(p["period"]),
                   float(p.get("elapsed", 0.0)))


@dataclass(frozen=True)
class ClipPayload:
    kind: ClassVar[str] = CLIP
    clip: int
    path: str
    fingerprint: str
    relocated: bool = False  # found again at ``path`` (the key is absent otherwise)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"clip": self.clip, "path": self.path,
                               "fingerprint": self.fingerprint}
        if self.relocated:
            out["relocated"] = True
        return out

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> ClipPayload:
        return cls(int(p["clip"]), str(p.get("path")), str(p.get("fingerprint")),
                   bool(p.get("relocated")))


@dataclass(frozen=True)
class RetractPayload:
    """Takes back entry ``entry``; ``reason`` is undo, redo or a correction's word."""

    kind: ClassVar[str] = RETRACT
    entry: int
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"entry": self.entry, "reason": self.reason}

    @classmethod
    def from_json(cls, p: Mapping[str, Any]) -> RetractPayload:
        return cls(int(p["entry"]), str(p.get("reason") or ""))


Payload = (CreatePayload | EventsPayload | IncidentPayload | DecisionPayload | SyncPayload
           | ClipPayload | RetractPayload
           | AnglePayload
           | CalibrationPayload | MeasurementPayload
           | DrawingPayload
           )

KINDS: dict[str, Any] = {c.kind: c for c in (CreatePayload, EventsPayload, IncidentPayload,
                                                DecisionPayload, SyncPayload, ClipPayload,
                                                RetractPayload,
                                                AnglePayload,
                                                CalibrationPayload, MeasurementPayload,
                                                DrawingPayload,
                                                )}


def payload_of(entry: LogEntry) -> Payload:
    """The typed payload of a stored entry; ValueError names an unknown kind."""
    reader = KINDS.get(entry.kind)
    if reader is None:
        raise ValueError(f"log entry {entry.seq} is of an unknown kind {entry.kind!r}")
    result: Payload = reader.from_json(entry.payload)
    return result


def retracted(entry: LogEntry) -> int:
    """The entry a retraction takes back (cheap: read on every fold)."""
    return int(entry.payload["entry"])
