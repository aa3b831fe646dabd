"""The review record: what a decision log says, folded from its entries.

Entries are never changed; an undo appends a ``retract`` entry naming the entry it takes back,
and a redo retracts that retraction. An entry is in effect when no retraction in effect names
it; since a retraction always comes after its target, one backward pass decides them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from reviewtool.match import events as ev
from reviewtool.match.model import Match
from reviewtool.review.decision import Decision
from reviewtool.review.incident import Incident
from reviewtool.store.chain import LogEntry

# Kinds of log entries (payload keys in brackets):
CREATE = "create"  # the review begins: [match] the match-log match object, [events] imported
EVENTS = "events"  # match events recorded directly: [events], [incident] optional, [summary]
INCIDENT = "incident"  # an incident tagged or edited: [incident] the whole incident
DECISION = "decision"  # one step of a decision: [decision], [events] the events it appends
SYNC = "sync"  # match time of a clip: [clip], [frame], [period], [elapsed]
CLIP = "clip"  # a clip added to the review: [clip], [path], [fingerprint]
RETRACT = "retract"  # undo / redo / correction: [entry] the seq taken back, [reason]

UNDOABLE = (EVENTS, INCIDENT, DECISION, SYNC)


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
            retracted_by.setdefault(int(e.payload["entry"]), []).append(e.seq)
    effect: dict[int, bool] = {}
    for e in reversed(entries):
        effect[e.seq] = not any(effect.get(r, False) for r in retracted_by.get(e.seq, ()))
    return effect


def fold(entries: Sequence[LogEntry], parse_match: Any, parse_event: Any) -> ReviewRecord:
    """Fold the entries; ``parse_match``/``parse_event`` read match-log JSON (store.matchlog)."""
    if not entries or entries[0].kind != CREATE:
        raise ValueError("the decision log does not begin with the creation of the review")
    effect = in_effect(entries)
    record = ReviewRecord(match=parse_match(entries[0].payload["match"]),
                          entries=list(entries), in_effect=effect)
    for e in entries:
        p = e.payload
        if e.kind == INCIDENT:
            record.incident_seen.add(p["incident"]["id"])
        if not effect[e.seq]:
            continue
        for i, doc in enumerate(p.get("events") or ()):
            record.events.append(parse_event(doc, i))
            record.event_entry.append(e.seq)
        if e.kind == INCIDENT:
            inc = Incident.from_json(p["incident"])
            record.incidents[inc.id] = inc
        elif e.kind == DECISION:
            d = Decision.from_json(p["decision"])
            steps = [s for s in record.decisions.get(d.incident, []) if s.step != d.step]
            record.decisions[d.incident] = [*steps, d]
        elif e.kind == SYNC:
            s = Sync(int(p["clip"]), int(p["frame"]), int(p["period"]),
                     float(p.get("elapsed", 0.0)))
            record.syncs[(s.clip, s.period)] = s
    return record


def describe(entry: LogEntry) -> str:
    """One line for the log panel."""
    p: Mapping[str, Any] = entry.payload
    if entry.kind == CREATE:
        n = len(p.get("events") or ())
        return f"Review created ({n} match events imported)" if n else "Review created"
    if entry.kind == EVENTS:
        return str(p.get("summary") or ", ".join(e["type"] for e in p.get("events", [])))
    if entry.kind == INCIDENT:
        inc = Incident.from_json(p["incident"])
        verb = "Incident edited" if p.get("edit") else "Incident tagged"
        where = f" at {inc.minute}'" if inc.minute else ""
        return f"{verb}: {inc.title}{where} (frame {inc.key_frame})"
    if entry.kind == DECISION:
        return Decision.from_json(p["decision"]).summary()
    if entry.kind == SYNC:
        return (f"Match time: clip {p['clip']} frame {p['frame']} = period {p['period']} + "
                f"{float(p.get('elapsed', 0)):.2f} s")
    if entry.kind == CLIP:
        verb = "Clip found again" if p.get("relocated") else "Clip added"
        return f"{verb}: {PurePath(str(p.get('path'))).name}"
    if entry.kind == RETRACT:
        return f"{str(p.get('reason') or 'retracted').capitalize()}: entry {p['entry']}"
    return entry.kind
