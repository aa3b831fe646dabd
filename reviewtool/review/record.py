"""The review record: what a decision log says, folded from its entries.

Entries are never changed; an undo appends a ``retract`` entry naming the entry it takes back,
and a redo retracts that retraction. An entry is in effect when no retraction in effect names
it; since a retraction always comes after its target, one backward pass decides them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from reviewtool.match import events as ev
from reviewtool.match.model import Match
from reviewtool.review.decision import Decision
from reviewtool.review.incident import Incident
from reviewtool.review.lines_payloads import CalibrationPayload, MeasurementPayload
from reviewtool.review.payloads import (  # the kinds of log entries and their payloads
    CLIP,
    CREATE,
    DECISION,
    EVENTS,
    INCIDENT,
    RETRACT,
    SYNC,
    UNDOABLE,
    AnglePayload,
    ClipPayload,
    CreatePayload,
    DecisionPayload,
    EventsPayload,
    IncidentPayload,
    RetractPayload,
    SyncPayload,
    payload_of,
    retracted,
)
from reviewtool.store.chain import LogEntry
from reviewtool.store.matchlog import parse_match

__all__ = ["CLIP", "CREATE", "DECISION", "EVENTS", "INCIDENT", "RETRACT", "SYNC", "UNDOABLE",
           "ReviewRecord", "Sync", "describe", "fold", "in_effect"]


@dataclass(frozen=True)
class Sync:
    """Frame ``frame`` of clip ``clip`` is ``elapsed`` seconds into ``period``."""

    clip: int
    frame: int
    period: int
    elapsed: float = 0.0


@dataclass
class ReviewRecord:
    match: Match
    entries: list[LogEntry]
    in_effect: dict[int, bool]
    events: list[ev.MatchEvent] = field(default_factory=list)
    event_entry: list[int] = field(default_factory=list)  # the entry of each event
    incidents: dict[str, Incident] = field(default_factory=dict)
    incident_seen: set[str] = field(default_factory=set)  # ids ever used, retracted too
    decisions: dict[str, list[Decision]] = field(default_factory=dict)  # incident -> steps
    syncs: dict[tuple[int, int], Sync] = field(default_factory=dict)  # (clip, period) -> sync

    def entry(self, seq: int) -> LogEntry:
        return self.entries[seq - 1]

    def decision_step(self, incident: str, step: str) -> Decision | None:
        return next((d for d in self.decisions.get(incident, []) if d.step == step), None)

    def syncs_of(self, clip: int) -> list[Sync]:
        return sorted((s for (c, _), s in self.syncs.items() if c == clip),
                      key=lambda s: s.frame)


def in_effect(entries: Sequence[LogEntry]) -> dict[int, bool]:
    retracted_by: dict[int, list[int]] = {}
    for e in entries:
        if e.kind == RETRACT:
            retracted_by.setdefault(retracted(e), []).append(e.seq)
    effect: dict[int, bool] = {}
    for e in reversed(entries):
        effect[e.seq] = not any(effect.get(r, False) for r in retracted_by.get(e.seq, ()))
    return effect


def fold(entries: Sequence[LogEntry]) -> ReviewRecord:
    """Fold every entry from the beginning (the ledger does it one entry at a time)."""
    if not entries or entries[0].kind != CREATE:
        raise ValueError("the decision log does not begin with the creation of the review")
    effect = in_effect(entries)
    create = CreatePayload.from_json(entries[0].payload)
    record = ReviewRecord(match=parse_match(create.match), entries=list(entries),
                          in_effect=effect)
    for e in entries:
        p = payload_of(e)
        if isinstance(p, IncidentPayload):
            record.incident_seen.add(p.incident.id)
        if not effect[e.seq]:
            continue
        if isinstance(p, (CreatePayload, EventsPayload, DecisionPayload)):
            record.events.extend(p.events)
            record.event_entry.extend([e.seq] * len(p.events))
        if isinstance(p, IncidentPayload):
            record.incidents[p.incident.id] = p.incident
        elif isinstance(p, DecisionPayload):
            d = p.decision
            steps = [s for s in record.decisions.get(d.incident, []) if s.step != d.step]
            record.decisions[d.incident] = [*steps, d]
        elif isinstance(p, SyncPayload):
            s = Sync(p.clip, p.frame, p.period, p.elapsed)
            record.syncs[(s.clip, s.period)] = s
    return record


def describe(entry: LogEntry, record: ReviewRecord) -> str:
    """One line for the log panel, the undo labels and the command line: an undo or redo
    says what it takes back ("Undo: Goal (penalty) 90+8': Lazar Samardzic"), not a number."""
    p = payload_of(entry)
    if isinstance(p, (CalibrationPayload, MeasurementPayload)):
        return p.describe()
    if isinstance(p, CreatePayload):
        n = len(p.events)
        return f"Review created ({n} match events imported)" if n else "Review created"
    if isinstance(p, EventsPayload):
        return p.summary or ", ".join(e.type for e in p.events)
    if isinstance(p, IncidentPayload):
        inc = p.incident
        verb = "Incident edited" if p.edit else "Incident tagged"
        where = f" at {inc.minute}'" if inc.minute else ""
        return f"{verb}: {inc.title}{where} (frame {inc.key_frame})"
    if isinstance(p, DecisionPayload):
        return p.decision.summary()
    if isinstance(p, SyncPayload):
        return (f"Match time: clip {p.clip} frame {p.frame} = period {p.period} + "
                f"{p.elapsed:.2f} s")
    if isinstance(p, AnglePayload):
        return p.describe()
    if isinstance(p, ClipPayload):
        verb = "Clip found again" if p.relocated else "Clip added"
        return f"{verb}: {PurePath(p.path).name}"
    if not isinstance(p, RetractPayload):  # the kinds that describe themselves
        return p.describe()
    verb = (p.reason or "retracted").capitalize()
    if not 1 <= p.entry <= len(record.entries):
        return f"{verb}: entry {p.entry}"
    target = record.entry(p.entry)
    while target.kind == RETRACT:  # a redo takes back an undo: name what comes back
        target = record.entry(retracted(target))
    return f"{verb}: {describe(target, record)}"
