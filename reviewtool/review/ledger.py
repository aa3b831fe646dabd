"""The record and match state of a decision log, kept up to date one entry at a time.

A commit used to fold the whole log twice; here an appended entry costs the same at any log
length: its events are applied to the current state (``engine.apply``) once, when it is
checked, and the checked result is adopted once it is on disk; its incident or decision
replaces one dictionary item. A retraction (undo, redo) changes what is in effect for a few
entries, so the fold restarts from the nearest checkpoint before the first of them (kept every
``EVERY`` entries) instead of from the beginning, with the typed payloads parsed once and kept.
Nothing live is changed until the whole candidate is known to hold, so a refused entry leaves
the ledger exactly as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
    Payload,
    SyncPayload,
    payload_of,
    retracted,
)
from reviewtool.review.record import ReviewRecord, Sync, in_effect
from reviewtool.store.chain import LogEntry
from reviewtool.store.matchlog import parse_match

EVERY = 64


@contextmanager
def paused_collection() -> Iterator[None]:
    """Python's cycle collector paused while a log is read and folded.

    Opening builds some 20 objects per entry, all of which live on; the collector kept
    walking them (and the rest of the window's heap) as they were made, a quarter of the
    time of an open at 5,000 entries. Nothing is freed later than it would be: the
    collector runs again as soon as it is resumed.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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


def _events(p: Payload) -> tuple[ev.MatchEvent, ...]:
    return p.events if isinstance(p, (CreatePayload, EventsPayload, DecisionPayload)) else ()


def _applied(state: MatchState, p: Payload, seq: int, new: bool) -> MatchState:
    """The state after ``p``'s events; Refused names the Law. Only a ``new`` entry (being
    recorded now) has its minutes' order checked: stored entries may predate that check,
    and a review on disk must stay readable."""
    for event in _events(p):
        try:
            state = apply(state, event, minute_order=new)
        except Rejection as r:
            raise Refused(seq, r.reason) from r
    return state


def _merge(d: _Derived, p: Payload, seq: int, state: MatchState) -> None:
    """Fold ``p`` into ``d``, ``state`` being the state after it (checked by ``_applied``)."""
    d.state = state
    parsed = _events(p)
    if parsed:
        d.events.extend(parsed)
        d.event_entry.extend([seq] * len(parsed))
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
    """A checked draft entry: its typed payload and the state after it or, for a retraction,
    the refolded record it leads to and the incidents and decisions it may change."""

    seq: int
    effect: dict[int, bool] = field(default_factory=dict)
    base: int = 0
    derived: _Derived | None = None
    checkpoints: dict[int, _Derived] = field(default_factory=dict)
    touched: tuple[set[str], set[str]] = (set(), set())  # incident, decision ids refolded
    payload: Payload | None = None
    state: MatchState | None = None


class Ledger:
    def __init__(self, entries: Sequence[LogEntry]) -> None:
        if not entries or entries[0].kind != CREATE:
            raise ValueError("the decision log does not begin with the creation of the review")
        self.match: Match = parse_match(CreatePayload.from_json(entries[0].payload).match)
        self.entries: list[LogEntry] = []
        self.effect: dict[int, bool] = {}
        self._retracted_by: dict[int, list[int]] = {}
        self._typed: dict[int, Payload] = {}  # parsed once: a refold reuses them
        self._d = _Derived(MatchState.initial(self.match))
        self._checkpoints: dict[int, _Derived] = {0: self._d.copy()}
        self._record: ReviewRecord | None = None
        # One pass on open: what is in effect is decided backwards first (record.in_effect),
        # so retractions need no refold here.
        effect = in_effect(entries)
        for e in entries:
            if e.seq != len(self.entries) + 1:
                raise ValueError(f"entry {e.seq} does not follow entry {len(self.entries)}")
            self._fold(self._d, e, effect[e.seq])
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

    def _payload(self, e: LogEntry) -> Payload:
        """The typed payload of a stored entry, parsed on first use and kept."""
        p = self._typed.get(e.seq)
        if p is None:
            p = self._typed[e.seq] = payload_of(e)
        return p

    def _fold(self, d: _Derived, e: LogEntry, in_effect: bool) -> None:
        """Fold the stored entry ``e`` into ``d``; on Refused/ValueError ``d`` is unchanged."""
        if not in_effect:
            if e.kind == INCIDENT:  # its id stays taken (cheap: only the id is read)
                d.incident_seen.add(str(e.payload["incident"]["id"]))
            return
        if e.kind == RETRACT:  # changes what is in effect, decided before folding
            return
        p = self._payload(e)
        _merge(d, p, e.seq, _applied(d.state, p, e.seq, False))

    def prepare(self, e: LogEntry) -> Plan:
        """Check ``e`` (a draft: its hash does not matter) without changing anything.

        Raises Refused when the Laws refuse it, ValueError when it cannot be read.
        """
        if e.kind == RETRACT:
            return self._retraction(e)
        p = payload_of(e)
        return Plan(e.seq, payload=p, state=_applied(self._d.state, p, e.seq, True))

    def adopt(self, plan: Plan, e: LogEntry) -> None:
        """Fold in ``e``, the stored form of the draft ``plan`` was made for (the draft's
        payload is the stored one: the plan's checked result is taken as it is)."""
        if plan.seq != e.seq or (plan.derived is None and plan.payload is None):
            self.append(e)
            return
        self.entries.append(e)
        if plan.derived is not None:
            self.effect.update(plan.effect)
            self._retracted_by.setdefault(retracted(e), []).append(e.seq)
            self._checkpoints = {k: v for k, v in self._checkpoints.items() if k <= plan.base}
            self._checkpoints.update(plan.checkpoints)
            self._d = plan.derived
        else:
            assert plan.payload is not None and plan.state is not None
            _merge(self._d, plan.payload, e.seq, plan.state)
            self._typed[e.seq] = plan.payload
            self.effect[e.seq] = True
        if e.seq % EVERY == 0:
            self._checkpoints[e.seq] = self._d.copy()
        self._record = None

    def append(self, e: LogEntry) -> None:
        """Fold ``e`` in (it is on disk already); Refused if it breaks the Laws."""
        if e.seq != len(self.entries) + 1:
            raise ValueError(f"entry {e.seq} does not follow entry {len(self.entries)}")
        if e.kind == RETRACT:
            self.adopt(self._retraction(e), e)
            return
        self._fold(self._d, e, True)
        self.entries.append(e)
        self.effect[e.seq] = True
        if e.seq % EVERY == 0:
            self._checkpoints[e.seq] = self._d.copy()
        self._record = None

    def _retraction(self, e: LogEntry) -> Plan:
        """What appending the retraction ``e`` gives: new effects, the refolded record, and
        the incidents and decisions of the refolded entries (the only ones it can change)."""
        target = retracted(e)
        if not 1 <= target < e.seq or target > len(self.entries):
            raise ValueError(f"retraction of entry {target}, which does not exist")
        effect = {e.seq: True}
        changed = self._cascade(target, effect, e.seq)
        low = min(changed, default=e.seq)
        base = max(k for k in self._checkpoints if k < low)
        d = self._checkpoints[base].copy()
        checkpoints: dict[int, _Derived] = {}
        incidents: set[str] = set()
        decisions: set[str] = set()
        for entry in self.entries[base:]:
            self._fold(d, entry, effect.get(entry.seq, self.effect.get(entry.seq, True)))
            if entry.kind in (INCIDENT, DECISION):
                p = self._payload(entry)
                if isinstance(p, IncidentPayload):
                    incidents.add(p.incident.id)
                elif isinstance(p, DecisionPayload):
                    decisions.add(p.decision.id)
            if entry.seq % EVERY == 0:
                checkpoints[entry.seq] = d.copy()
        return Plan(e.seq, effect, base, d, checkpoints, (incidents, decisions))

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
