"""The review session: every operation of the review desk, without any window.

Each operation checks what it is asked against the Laws (through the match-state engine and
the VAR protocol), appends one entry to the decision log (committed at once), and tells its
listeners what changed, so a window refreshes only the panels concerned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reviewtool.laws.offences import Circumstances, Proposal, propose
from reviewtool.match import events as ev
from reviewtool.match.engine import Rejection, replay
from reviewtool.match.state import MatchState, Person
from reviewtool.review import record as rec
from reviewtool.review import steps
from reviewtool.review.angle_desk import AngleDesk
from reviewtool.review.decision import (
    Decision,
    Ruling,
)
from reviewtool.review.drawing_log import DrawingDesk
from reviewtool.review.incident import Incident
from reviewtool.review.ledger import Ledger, Refused, paused_collection
from reviewtool.review.lines import LinesRecorder
from reviewtool.review.matchtime import MatchTime
from reviewtool.review.payloads import (
    ClipPayload,
    CreatePayload,
    DecisionPayload,
    EventsPayload,
    IncidentPayload,
    Payload,
    RetractPayload,
    SyncPayload,
    retracted,
)
from reviewtool.review.projection import reconcile
from reviewtool.review.recorder import Change, Listener, ReviewError, Topic
from reviewtool.review.steps import storable
from reviewtool.review.summary import summarize
from reviewtool.store import reviewfile
from reviewtool.store.chain import Author, ChainReport
from reviewtool.store.matchlog import (
    MatchLog,
    match_json,
)
from reviewtool.store.receipt import Receipt
from reviewtool.store.receipt import make as make_receipt
from reviewtool.store.reviewfile import (
    ClipRecord,
    ReviewFile,
    Tx,
)


class ReviewSession(AngleDesk, LinesRecorder, DrawingDesk):
    """One review open for recording (or, with ``read_only``, for reading).

    Every recording runs inside one write transaction of the review file: first the entries
    other windows or processes appended since we last looked are read and folded in (checked
    link by link), then the operation is checked against that latest state, then appended.
    So two places recording at once never work on stale state, and what lands is checked.
    """

    def __init__(self, file: ReviewFile, author: Author | None = None) -> None:
        self.file = file
        self.author = author
        self.read_only = file.read_only
        self.warnings: list[str] = []
        self._listeners: list[Listener] = []
        self._tx: Tx | None = None
        with paused_collection():  # opening builds objects that all live on
            snapshot = file.snapshot()
            entries = snapshot[0]
            self.report = file.verify(snapshot, signatures="heads")
            if not self.report.intact:
                self.read_only = True
                self.warnings.append(f"the decision log is NOT INTACT: {self.report.problem}. "
                                     "It is open for reading only; run Verify for details")
            elif self.report.status == "unsigned":
                self.warnings.append("the decision log was recorded before entries were signed "
                                     "(unsigned): its hashes are checked, its authors cannot be")
            self.warnings.extend(self.report.warnings)
            try:
                self.ledger = Ledger(entries)
            except (Refused, ValueError, KeyError, TypeError) as r:
                if not self.report.intact:  # the tampering explains the failure: name it first
                    then = (f"log entry {r.seq} breaks the Laws: {r.reason}"
                            if isinstance(r, Refused) else f"it cannot be read: {r!r}")
                    raise ReviewError(f"the decision log is NOT INTACT: {self.report.problem} "
                                      f"(and then {then})") from r
                if isinstance(r, Refused):
                    raise ReviewError(f"log entry {r.seq}: {r.reason}") from r
                raise
            self._undo: list[int] = [e.seq for e in self.record.entries
                                     if e.kind in rec.UNDOABLE and self.record.in_effect[e.seq]]
            self._redo: list[int] = []
            self._check_projections()

    # --- creating and opening ---------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, log: MatchLog, author: Author) -> ReviewSession:
        """A new review file holding ``log``'s match and events (refused if they break a Law).

        The file appears under its name only once complete: a failed or killed import leaves
        nothing that blocks the name.
        """
        try:
            replay(log.match, log.events)
        except Rejection as r:
            raise ReviewError(f"the match log cannot be imported: {r}") from r
        payload = CreatePayload(match_json(log.match), tuple(log.events), dict(log.extra))
        doc = payload.to_json()
        storable(doc, "the match log")
        file = ReviewFile.create(path, doc["match"], (payload.kind, doc, author))
        try:
            return cls(file, author)
        except BaseException:
            file.close()
            raise

    @classmethod
    def open(cls, path: str | Path, author: Author | None = None, *,
             lock: bool = True, read_only: bool | None = None) -> ReviewSession:
        """Open to record, or only to read.

        Without the lock the file is opened for reading and becomes writable only when
        something is recorded (so looking never migrates or writes). An unlocked open without
        an author (reading commands, training) or with ``read_only`` refuses a log that is not
        intact, naming the reason; the window opens it read-only and shows why.
        """
        reading = bool(read_only)
        refuse_damaged = reading or (not lock and author is None)
        media = not reading and Path(path).exists() and not reviewfile.writable(Path(path))
        reading = reading or media
        file = ReviewFile.open(path, lock=lock and not reading, read_only=reading,
                               lazy=not lock and not reading)
        try:
            session = cls(file, author)
        except (ValueError, KeyError, TypeError) as e:
            file.close()
            raise ReviewError(f"{path}: the decision log cannot be read ({e})") from e
        except BaseException:
            file.close()
            raise
        if media:
            session.warnings.insert(0, "the review file or its folder is read-only (read-only "
                                       "media?): it is open for reading only")
        if refuse_damaged and not session.report.intact:
            session.close()
            raise ReviewError(f"{path}: refused: the decision log is NOT INTACT "
                              f"({session.report.problem}); run `reviewtool verify`")
        return session

    def close(self) -> None:
        self.file.close()

    # --- reading ---------------------------------------------------------------------------

    @property
    def state(self) -> MatchState:
        return self.ledger.state

    def _check_projections(self) -> None:
        warning = reconcile(self.file, self.record, self.read_only or self.file.lazy)
        if warning:
            self.warnings.append(warning)

    @property
    def match(self) -> Any:
        return self.record.match

    def clips(self) -> list[ClipRecord]:
        # inside a recording, read through its transaction (another connection would wait)
        return self._tx.clips() if self._tx is not None else self.file.clips()

    def verify(self) -> ChainReport:
        return self.file.verify()

    def receipt(self) -> Receipt:
        """The head of the log signed by the official recording here (or its last signer)."""
        if self.author is None:
            raise ReviewError("say who you are (name and role) to sign a receipt")
        last = self.record.entries[-1]
        return make_receipt(self.file.signer(self.author), last.seq, last.hash)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def export(self) -> MatchLog:
        """The match log (version 1) of the events in effect."""
        extra = dict(CreatePayload.from_json(self.record.entries[0].payload).log_extra)
        last = self.record.entries[-1]
        signers = sorted({(e.author.name, e.author.role, e.public_key)
                          for e in self.record.entries if e.public_key})
        extra["review_log"] = {  # who signed the log, and its head, to check it later
            "head": {"entry": last.seq, "hash": last.hash},
            "signers": [{"name": n, "role": r, "key": k} for n, r, k in signers]}
        return MatchLog(self.record.match, tuple(self.record.events), extra)

    def propose(self, offence: str, circumstances: Circumstances,
                offender: Person | None) -> Proposal:
        """Law 12's sanction and restart, knowing whether the offender is already cautioned."""
        cautioned = bool(offender and self.state.cautions(offender))
        c = Circumstances(**{**circumstances.__dict__, "offender_cautioned": cautioned})
        return propose(offence, c, self.match.edition)

    # --- recording -------------------------------------------------------------------------

    def tag_incident(self, category: str, key_frame: int, *, in_frame: int | None = None,
                     out_frame: int | None = None, clip_id: int | None = None,
                     time: MatchTime | None = None, **details: Any) -> Incident:
        def build() -> tuple[Payload, Incident]:
            n = len(self.record.incident_seen) + 1
            while f"i{n}" in self.record.incident_seen:
                n += 1
            try:
                incident = Incident(
                    id=f"i{n}", category=category, key_frame=key_frame,
                    in_frame=key_frame if in_frame is None else in_frame,
                    out_frame=key_frame if out_frame is None else out_frame, clip_id=clip_id,
                    minute=time.minute if time else None, clock=time.clock if time else None,
                    **details)
            except ValueError as e:
                raise ReviewError(str(e)) from e
            self._check_people(incident)
            return IncidentPayload(incident), incident

        return self._commit(build, {Topic.INCIDENTS})[0]

    def edit_incident(self, incident: Incident) -> Incident:
        def build() -> tuple[Payload, Incident]:
            old = self.record.incidents.get(incident.id)
            if old is None:
                raise ReviewError(f"there is no incident {incident.id} to edit")
            if old == incident:
                raise ReviewError("nothing was changed")
            self._check_people(incident)
            return IncidentPayload(incident, edit=True), incident

        return self._commit(build, {Topic.INCIDENTS})[0]

    def _check_people(self, incident: Incident) -> None:
        for who, ref in (("offender", incident.offender), ("victim", incident.victim)):
            if ref is not None:
                self._check_person(ref, who)

    def _check_person(self, ref: Person, who: str) -> None:
        team = self.match.team(ref.team)
        if ref.player is not None and team.player(ref.player) is None:
            raise ReviewError(f"{who}: {team.name} has no player #{ref.player} on the team list")
        if ref.staff is not None and team.staff_member(ref.staff) is None:
            raise ReviewError(f"{who}: {team.name} has no staff member {ref.staff}")

    # ``cites``: log entries the step rests on (the incident's offside measurements)
    def record_on_field(self, incident_id: str, ruling: Ruling, minute: str | None,
                        reason: str = "", cites: Sequence[int] = ()) -> Decision:
        return self._decide(lambda: steps.on_field(self, incident_id, ruling, minute, reason),
                            cites)

    def record_check(self, incident_id: str, outcome: str, category: str | None,
                     minute: str | None, reason: str = "", cites: Sequence[int] = ()
                     ) -> Decision:
        return self._decide(lambda: steps.check(self, incident_id, outcome, category, minute,
                                                reason), cites)

    def record_review(self, incident_id: str, kind: str, outcome: str, final: Ruling | None,
                      minute: str | None, reason: str = "", cites: Sequence[int] = ()
                      ) -> Decision:
        return self._decide(lambda: steps.review(self, incident_id, kind, outcome, final,
                                                 minute, reason), cites)

    def _incident(self, incident_id: str) -> Incident:
        incident = self.record.incidents.get(incident_id)
        if incident is None:
            raise ReviewError(f"there is no incident {incident_id}")
        return incident

    def _step_needed(self, incident_id: str, step: str, why: str) -> Decision:
        self._incident(incident_id)
        d = self.record.decision_step(incident_id, step)
        if d is None:
            raise ReviewError(why)
        return d

    def _decide(self, make: Callable[[], tuple[Decision, list[ev.MatchEvent]]],
                cites: Sequence[int] = ()) -> Decision:
        def build() -> tuple[Payload, Decision]:
            decision, events = make()
            ids = tuple(e.id for e in events if e.id)
            cited = self.check_cites(decision.incident, cites)
            decision = Decision(**{**decision.__dict__, "event_ids": ids, "cites": cited})
            return DecisionPayload(decision, tuple(events)), decision

        return self._commit(build, {Topic.DECISIONS, Topic.STATE})[0]

    def record_events(self, events: Sequence[ev.MatchEvent], summary: str = "",
                      incident: str | None = None) -> Change:
        if not events:
            raise ReviewError("no match event to record")

        def build() -> tuple[Payload, None]:
            if incident is not None:
                self._incident(incident)
            text = summary or "; ".join(summarize(e, self.state) for e in events)
            return EventsPayload(tuple(events), text, incident), None

        return self._commit(build, {Topic.STATE})[1]

    def mark_sync(self, clip: int, frame: int, period: int, elapsed: float = 0.0) -> Change:
        if period not in (1, 2, 3, 4):
            raise ReviewError("periods are 1 and 2, and 3 and 4 in extra time")

        def build() -> tuple[Payload, None]:
            if clip not in {c.id for c in self.clips()}:
                raise ReviewError(f"there is no clip {clip} in this review")
            return SyncPayload(clip, frame, period, elapsed), None

        return self._commit(build, {Topic.SYNC})[1]

    def add_clip(self, path: str, fingerprint: str, facts: Mapping[str, Any]) -> ClipRecord:
        """The clip row and its log entry are written in one transaction, or neither is."""
        storable(dict(facts), "the clip's facts")
        added: list[ClipRecord] = []

        def work(tx: Tx) -> None:
            for c in tx.clips():
                if c.fingerprint == fingerprint:
                    raise ReviewError(f"this clip is already in the review ({Path(c.path).name})")
            added.append(tx.add_clip(path, fingerprint, facts))

        def build() -> tuple[Payload, ClipRecord]:
            clip = added[0]
            return ClipPayload(clip.id, path, fingerprint), clip

        return self._commit(build, {Topic.CLIPS}, undoable=False, tx_work=work)[0]

    def relocate_clip(self, clip: ClipRecord, path: str) -> None:
        def build() -> tuple[Payload, None]:
            return ClipPayload(clip.id, path, clip.fingerprint, relocated=True), None

        self._commit(build, {Topic.CLIPS}, undoable=False,
                     tx_work=lambda tx: tx.relocate_clip(clip.id, path))

    # --- undo and redo ---------------------------------------------------------------------

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def start_undo_here(self) -> Change:
        """Nothing recorded so far is undoable from this session: the set-up a program did
        (the demo's sync mark) is not the user's to undo. The log keeps every entry."""
        self._undo.clear()
        self._redo.clear()
        return self._notify(Change(frozenset({Topic.UNDO})))

    def undo_text(self) -> str:
        return rec.describe(self.record.entry(self._undo[-1]), self.record) if self._undo else ""

    def redo_text(self) -> str:
        if not self._redo:
            return ""
        return rec.describe(self.record.entry(retracted(self.record.entry(self._redo[-1]))),
                            self.record)

    def undo(self) -> Change:
        """Retract the last undoable entry; listeners hear of it once the stacks are updated."""
        if not self._undo:
            raise ReviewError("nothing to undo")
        target = self._undo[-1]
        change = self._retract(target, "undo")
        self._undo.pop()
        self._redo.append(change.entry.seq if change.entry else 0)
        return self._notify(change)

    def redo(self) -> Change:
        if not self._redo:
            raise ReviewError("nothing to redo")
        retraction = self._redo[-1]
        change = self._retract(retraction, "redo")
        self._redo.pop()
        self._undo.append(retracted(self.record.entry(retraction)))
        return self._notify(change)

    def _retract(self, seq: int, reason: str) -> Change:
        target = self.record.entry(seq)
        topics = {Topic.STATE, Topic.INCIDENTS, Topic.DECISIONS, Topic.SYNC, Topic.LINES,
                  Topic.DRAWINGS}

        def build() -> tuple[Payload, None]:
            if not self.record.in_effect.get(seq, False):
                raise ReviewError(f"entry {seq} is not in effect")
            return RetractPayload(seq, reason), None

        try:
            return self._commit(build, topics, undoable=False, notify=False)[1]
        except ReviewError as e:
            raise ReviewError(f"cannot {reason} “{rec.describe(target, self.record)}”: {e}") from e
