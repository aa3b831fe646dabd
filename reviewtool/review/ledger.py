"""The record and match state of a decision log, kept up to date one entry at a time.

A commit used to fold the whole log twice; here an appended entry costs the same at any log
length: its events are applied to the current state (``engine.apply``), its incident or
decision replaces one dictionary item. A retraction (undo, redo) changes what is in effect for
a few entries, so the fold restarts from the nearest checkpoint before the first of them (kept
every ``EVERY`` entries) instead of from the beginning. Nothing live is changed until the whole
candidate is known to hold, so a refused entry leaves the ledger exactly as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reviewtool.match import events as ev
from reviewtool.match.engine import Rejection, apply
from reviewtool.match.model import Match
from reviewtool.match.state import MatchState
from reviewtool.review.decision import Decision
from reviewtool.review.incident import Incident
from reviewtool.review.payloads import (
    CREATE,
    DECISION,
    INCIDENT,
    RETRACT,
    CreatePayload,
    DecisionPayload,
    EventsPayload,
    IncidentPayload,
    SyncPayload,
    payload_of,
    retracted,
)
from reviewtool.review.record import ReviewRecord, Sync, in_effect
from reviewtool.store.chain import LogEntry
from reviewtool.store.matchlog import parse_match

EVERY = 64


class Refused(Exception):
    """An entry the Laws refuse, or one whose retraction would make a later entry fail."""

    def __init__(self, seq: int, reason: str) -> None:
        self.seq = seq
        self.reason = reason
        super().__init__(f"log entry {seq}: {reason}")


@dataclass
class _Derived:
    """Everything folded from the entries in effect, up to one entry."""

    state: MatchState
    events: list[ev.MatchEvent] = field(default_factory=list)
    event_entry: list[int] = field(default_factory=list)
    incidents: dict[str, Incident] = field(default_factory=dict)
    incident_seen: set[str] = field(default_factory=set)
    decisions: dict[str, list[Decision]] = field(default_factory=dict)
    syncs: dict[tuple[int, int], Sync] = field(default_factory=dict)

    def copy(self) -> _Derived:
        # The state is never changed in place (engine.apply returns a new one): share it.
        return _Derived(self.state, list(self.events), list(self.event_entry),
                        dict(self.incidents), set(self.incident_seen), dict(self.decisions),
                        dict(self.syncs))


def _fold_one(d: _Derived, e: LogEntry, in_effect: bool) -> None:
    """Fold ``e`` into ``d``; on Refused/ValueError ``d`` is unchanged."""
    if not in_effect:
        if e.kind == INCIDENT:  # its id stays taken (cheap: only the id is read)
            d.incident_seen.add(str(e.payload["incident"]["id"]))
        return
    p = payload_of(e)
    parsed: tuple[ev.MatchEvent, ...] = (
        p.events if isinstance(p, (CreatePayload, EventsPayload, DecisionPayload)) else ())
    state = d.state
    for event in parsed:
        try:
            state = apply(state, event)
        except Rejection as r:
            raise Refused(e.seq, r.reason) from r
    # all checks passed: change d
    d.state = state
    d.events.extend(parsed)
    d.event_entry.extend([e.seq] * len(parsed))
    if isinstance(p, IncidentPayload):
        d.incident_seen.add(p.incident.id)
        d.incidents[p.incident.id] = p.incident
    elif isinstance(p, DecisionPayload):
        update = p.decision
        steps = [s for s in d.decisions.get(update.incident, []) if s.step != update.step]
        d.decisions[update.incident] = [*steps, update]
    elif isinstance(p, SyncPayload):
        d.syncs[(p.clip, p.period)] = Sync(p.clip, p.frame, p.period, p.elapsed)


@dataclass
class Plan:
    """A checked draft entry; for a retraction, the refolded record it leads to."""

    seq: int
    effect: dict[int, bool] = field(default_factory=dict)
    base: int = 0
    derived: _Derived | None = None
    checkpoints: dict[int, _Derived] = field(default_factory=dict)
    touched: tuple[set[str], set[str]] = (set(), set())  # incident, decision ids refolded


class Ledger:
    def __init__(self, entries: Sequence[LogEntry]) -> None:
        if not entries or entries[0].kind != CREATE:
            raise ValueError("the decision log does not begin with the creation of the review")
        self.match: Match = parse_match(CreatePayload.from_json(entries[0].payload).match)
        self.entries: list[LogEntry] = []
        self.effect: dict[int, bool] = {}
        self._retracted_by: dict[int, list[int]] = {}
        self._d = _Derived(MatchState.initial(self.match))
        self._checkpoints: dict[int, _Derived] = {0: self._d.copy()}
        self._record: ReviewRecord | None = None
        # One pass on open: what is in effect is decided backwards first (record.in_effect),
        # so retractions need no refold here.
        effect = in_effect(entries)
        for e in entries:
            if e.seq != len(self.entries) + 1:
                raise ValueError(f"entry {e.seq} does not follow entry {len(self.entries)}")
            _fold_one(self._d, e, effect[e.seq])
            self.entries.append(e)
            self.effect[e.seq] = effect[e.seq]
            if e.kind == RETRACT:
                self._retracted_by.setdefault(retracted(e), []).append(e.seq)
            if e.seq % EVERY == 0:
                self._checkpoints[e.seq] = self._d.copy()

    # --- views -----------------------------------------------------------------------------

    @property
    def state(self) -> MatchState:
        return self._d.state

    @property
    def record(self) -> ReviewRecord:
        if self._record is None:
            d = self._d
            self._record = ReviewRecord(self.match, self.entries, self.effect, d.events,
                                        d.event_entry, d.incidents, d.incident_seen,
                                        d.decisions, d.syncs)
        return self._record

    @property
    def last(self) -> LogEntry:
        return self.entries[-1]

    # --- folding ---------------------------------------------------------------------------

    def prepare(self, e: LogEntry) -> Plan:
        """Check ``e`` (a draft: its hash does not matter) without changing anything.

        Raises Refused when the Laws refuse it, ValueError when it cannot be read.
        """
        if e.kind == RETRACT:
            return Plan(e.seq, *self._retraction(e), touched=self._touched(e))
        probe = _Derived(self._d.state)  # only the state can refuse; the rest is parsing
        _fold_one(probe, e, True)
        return Plan(e.seq)

    def adopt(self, plan: Plan, e: LogEntry) -> None:
        """Fold in ``e``, the stored form of the draft ``plan`` was made for."""
        if plan.seq != e.seq or plan.derived is None:
            self.append(e)
            return
        self.entries.append(e)
        self.effect.update(plan.effect)
        self._retracted_by.setdefault(retracted(e), []).append(e.seq)
        self._checkpoints = {k: v for k, v in self._checkpoints.items() if k <= plan.base}
        self._checkpoints.update(plan.checkpoints)
        self._d = plan.derived
        if e.seq % EVERY == 0:
            self._checkpoints[e.seq] = self._d.copy()
        self._record = None

    def append(self, e: LogEntry) -> None:
        """Fold ``e`` in (it is on disk already); Refused if it breaks the Laws."""
        if e.seq != len(self.entries) + 1:
            raise ValueError(f"entry {e.seq} does not follow entry {len(self.entries)}")
        if e.kind == RETRACT:
            self.adopt(Plan(e.seq, *self._retraction(e)), e)
            return
        _fold_one(self._d, e, True)
        self.entries.append(e)
        self.effect[e.seq] = True
        if e.seq % EVERY == 0:
            self._checkpoints[e.seq] = self._d.copy()
        self._record = None

    def _retraction(self, e: LogEntry
                    ) -> tuple[dict[int, bool], int, _Derived, dict[int, _Derived]]:
        """What appending the retraction ``e`` gives: new effects, and the refolded record."""
        target = retracted(e)
        if not 1 <= target < e.seq or target > len(self.entries):
            raise ValueError(f"retraction of entry {target}, which does not exist")
        effect = {e.seq: True}
        changed = self._cascade(target, effect, e.seq)
        low = min(changed, default=e.seq)
        base = max(k for k in self._checkpoints if k < low)
        d = self._checkpoints[base].copy()
        checkpoints: dict[int, _Derived] = {}
        for entry in [*self.entries[base:], e]:
            in_effect = effect.get(entry.seq, self.effect.get(entry.seq, True))
            _fold_one(d, entry, in_effect)
            if entry.seq % EVERY == 0 and entry.seq != e.seq:
                checkpoints[entry.seq] = d.copy()
        return effect, base, d, checkpoints

    def _touched(self, e: LogEntry) -> tuple[set[str], set[str]]:
        """Incidents and decisions a retraction can change: those of the refolded entries."""
        target = retracted(e)
        effect: dict[int, bool] = {e.seq: True}
        low = min(self._cascade(target, effect, e.seq), default=e.seq)
        base = max(k for k in self._checkpoints if k < low)
        incidents: set[str] = set()
        decisions: set[str] = set()
        for entry in self.entries[base:]:
            if entry.kind in (INCIDENT, DECISION):
                p = payload_of(entry)
                if isinstance(p, IncidentPayload):
                    incidents.add(p.incident.id)
                elif isinstance(p, DecisionPayload):
                    decisions.add(p.decision.id)
        return incidents, decisions

    def _cascade(self, seq: int, effect: dict[int, bool], new: int) -> set[int]:
        """Entries whose effect changes when ``new`` (a retraction of ``seq``) is added."""
        changed: set[int] = set()
        todo = [seq]
        while todo:
            s = todo.pop()
            retractors = [*self._retracted_by.get(s, ()), *([new] if s == seq else [])]
            now = not any(effect.get(r, self.effect.get(r, False)) for r in retractors)
            if now != self.effect.get(s, True) and effect.get(s) != now:
                effect[s] = now
                changed.add(s)
                entry = self.entries[s - 1]
                if entry.kind == RETRACT:
                    todo.append(retracted(entry))
        return changed
