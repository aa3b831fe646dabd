"""How a review session records: one write transaction per entry, against the latest log.

Each recording catches up with the entries other windows or processes appended (checked link
by link and folded in), builds the entry against that state, checks it with the Laws (the
ledger), appends it signed, writes the projection rows it changes, and only then, once
committed, adopts it. ``ReviewSession`` adds the operations of the review desk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from reviewtool.review.ledger import Ledger, Plan, Refused
from reviewtool.review.payloads import DecisionPayload, IncidentPayload, Payload, payload_of
from reviewtool.review.projection import upsert_decision, upsert_incident, write_changes
from reviewtool.review.record import ReviewRecord
from reviewtool.review.steps import storable
from reviewtool.store.chain import Author, ChainReport, LogEntry
from reviewtool.store.chain import verify as verify_chain
from reviewtool.store.reviewfile import ReviewFile, ReviewFileError, Tx, now

Listener = Callable[["Change"], None]
T = TypeVar("T")


class ReviewError(Exception):
    """An operation that the Laws or the review do not allow; the message says why."""


class Topic(Enum):
    """What a change concerns; each panel refreshes only for the topics it shows."""

    LOG = "log"  # an entry was appended
    STATE = "state"  # the match state (score, cards, players, restart, status)
    INCIDENTS = "incidents"
    DECISIONS = "decisions"
    SYNC = "sync"  # the match time of a clip
    CLIPS = "clips"
    LINES = "lines"  # an angle's calibrations, the offside measurements of incidents
    UNDO = "undo"  # only what can be undone or redone
    DRAWINGS = "drawings"  # the drawings on the angles


ALL_TOPICS = frozenset(Topic)


@dataclass(frozen=True)
class Change:
    """What an operation changed, and the entry it appended (None when it appended none)."""

    topics: frozenset[Topic]
    entry: LogEntry | None = None

    def __post_init__(self) -> None:
        strays = [t for t in self.topics if not isinstance(t, Topic)]
        if strays:
            raise TypeError(f"change topics must be Topic members, not {strays!r}")

    def concerns(self, *topics: Topic) -> bool:
        """Whether the change touches any of ``topics``."""
        return not self.topics.isdisjoint(topics)


class Recorder:
    """The recording machinery shared by the session's operations."""

    file: ReviewFile
    author: Author | None
    read_only: bool
    warnings: list[str]
    report: ChainReport
    ledger: Ledger
    _tx: Tx | None
    _listeners: list[Listener]
    _undo: list[int]
    _redo: list[int]

    @property
    def record(self) -> ReviewRecord:
        return self.ledger.record

    def refresh(self) -> Change | None:
        """Fold in what other windows or processes recorded (read only: nothing is written);
        tells listeners if anything came."""
        last = self.ledger.last
        try:
            new = self.file.entries_after(last.seq)
        except ReviewFileError as e:
            raise ReviewError(e.problem) from e
        topics = self._fold_in(new, last) if new else set[Topic]()
        return self._notify(Change(frozenset(topics))) if topics else None

    @contextmanager
    def _recording(self, check_author: bool = True) -> Iterator[Tx]:
        if self.read_only:
            why = self.warnings[0] if not self.report.intact else "opened for reading only"
            raise ReviewError(f"nothing was recorded: {why}")
        if check_author and self.author is None:
            raise ReviewError("say who is recording (name and role) before recording")
        try:
            with self.file.transaction() as tx:
                self._tx = tx
                try:
                    yield tx
                finally:
                    self._tx = None
        except ReviewFileError as e:
            raise ReviewError(e.problem) from e

    def _catch_up(self, tx: Tx) -> set[Topic]:
        """Fold in the entries appended elsewhere since we last looked, checked link by link.
        One indexed read of the file's last entry says whether there are any."""
        last = self.ledger.last
        head = tx.head()
        if head == (last.seq, last.hash):
            return set()
        new = tx.entries_after(last.seq) if head[0] > last.seq else []
        if not new:
            raise ReviewError(f"the review file's last entry (entry {head[0]}) is not the one "
                              f"this window last read (entry {last.seq}): it was changed or "
                              "removed behind the window; nothing was recorded (run Verify)")
        return self._fold_in(new, last)

    def _fold_in(self, new: list[LogEntry], last: LogEntry) -> set[Topic]:
        report = verify_chain(new, after=(last.seq, last.hash))
        if not report.intact:
            raise ReviewError(f"another window or process wrote a broken entry: "
                              f"{report.problem}; nothing was recorded")
        for e in new:
            try:
                self.ledger.append(e)
            except (Refused, ValueError, KeyError) as r:
                raise ReviewError(f"an entry recorded elsewhere cannot be read: {r}") from r
        self._redo.clear()  # as after a local entry: a redo would land on top of theirs
        return set(ALL_TOPICS)

    def _commit(self, build: Callable[[], tuple[Payload, T]],
                topics: set[Topic], *, undoable: bool = True, notify: bool = True,
                tx_work: Callable[[Tx], None] | None = None) -> tuple[T, Change]:
        """Catch up, ``build`` the entry against the latest state, check it, append it."""
        with self._recording() as tx:
            topics = topics | self._catch_up(tx)
            if tx_work is not None:
                tx_work(tx)
            typed, result = build()
            kind = typed.kind
            text = storable(typed.to_json(), "this entry")
            payload = json.loads(text)  # checked and stored as read back: what a reader folds
            assert self.author is not None
            seq = self.ledger.last.seq + 1
            draft = LogEntry(seq, kind, self.author, now(), payload, "", "")
            try:
                plan = self.ledger.prepare(draft)
            except Refused as r:
                raise ReviewError(r.reason if r.seq == seq else
                                  f"log entry {r.seq} would no longer hold: {r.reason}") from r
            entry = tx.append(kind, payload, self.author, text=text)
            self._project(tx, entry, plan)
        self.ledger.adopt(plan, entry)
        if undoable:
            self._undo.append(entry.seq)
            self._redo.clear()
        change = Change(frozenset({Topic.LOG, *topics}), entry)
        if notify:
            self._notify(change)
        return result, change

    def _project(self, tx: Tx, entry: LogEntry, plan: Plan) -> None:
        if plan.derived is not None:
            r = self.record
            write_changes(tx.db, r.incidents, plan.derived.incidents, r.decisions,
                          plan.derived.decisions, plan.touched)
            return
        p = plan.payload if plan.payload is not None else payload_of(entry)
        if isinstance(p, IncidentPayload):
            upsert_incident(tx.db, p.incident)
        elif isinstance(p, DecisionPayload):
            upsert_decision(tx.db, p.decision)

    def _notify(self, change: Change) -> Change:
        for listener in self._listeners:
            listener(change)
        return change
