"""The review session: every operation of the review desk, without any window.

Each operation checks what it is asked against the Laws (through the match-state engine and
the VAR protocol), appends one entry to the decision log (committed at once), and tells its
listeners what changed, so a window refreshes only the panels concerned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewtool.laws.offences import Circumstances, Proposal, propose
from reviewtool.laws.var import CheckOutcome, ReviewKind, ReviewOutcome, reviewability
from reviewtool.match import events as ev
from reviewtool.match.engine import Rejection, replay
from reviewtool.match.state import MatchState, Person
from reviewtool.review import record as rec
from reviewtool.review.decision import (
    Decision,
    Ruling,
    anchor,
    overturn_events,
    ruling_events,
)
from reviewtool.review.incident import Incident, PersonRef
from reviewtool.review.matchtime import MatchTime
from reviewtool.review.projection import projector
from reviewtool.review.summary import summarize
from reviewtool.store.chain import Author, ChainReport, LogEntry
from reviewtool.store.matchlog import (
    MatchLog,
    event_json,
    match_json,
    parse_event,
    parse_match,
)
from reviewtool.store.reviewfile import ClipRecord, ReviewFile, now, projections_stale

Listener = Callable[["Change"], None]


class ReviewError(Exception):
    """An operation that the Laws or the review do not allow; the message says why."""


@dataclass(frozen=True)
class Change:
    """What an operation changed: topics among log, state, incidents, decisions, sync, clips,
    undo (only what can be undone)."""

    topics: frozenset[str]
    entry: LogEntry | None = None


class ReviewSession:
    def __init__(self, file: ReviewFile, author: Author | None = None) -> None:
        self.file = file
        self.author = author
        self._listeners: list[Listener] = []
        self._load()
        self._undo: list[int] = [e.seq for e in self.record.entries
                                 if e.kind in rec.UNDOABLE and self.record.in_effect[e.seq]]
        self._redo: list[int] = []
        if projections_stale(file):
            file.write_projections(projector(self.record))

    # --- creating and opening ---------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, log: MatchLog, author: Author) -> ReviewSession:
        """A new review file holding ``log``'s match and events (refused if they break a Law)."""
        try:
            replay(log.match, log.events)
        except Rejection as r:
            raise ReviewError(f"the match log cannot be imported: {r}") from r
        file = ReviewFile.create(path, match_json(log.match))
        try:
            payload = {"match": match_json(log.match),
                       "events": [event_json(e) for e in log.events],
                       "log_extra": dict(log.extra)}
            file.append(rec.CREATE, payload, author)
        except BaseException:
            file.close()
            raise
        return cls(file, author)

    @classmethod
    def open(cls, path: str | Path, author: Author | None = None, *,
             lock: bool = True) -> ReviewSession:
        file = ReviewFile.open(path, lock=lock)
        try:
            return cls(file, author)
        except (ValueError, KeyError) as e:
            file.close()
            raise ReviewError(f"{path}: the decision log cannot be read ({e})") from e

    def close(self) -> None:
        self.file.close()

    # --- reading ---------------------------------------------------------------------------

    def _load(self) -> None:
        entries = self.file.entries()
        self.record = rec.fold(entries, parse_match, parse_event)
        self.state = self._replay(self.record)

    @staticmethod
    def _replay(record: rec.ReviewRecord) -> MatchState:
        try:
            return replay(record.match, record.events)
        except Rejection as r:
            entry = record.event_entry[r.position - 1]
            raise ReviewError(f"log entry {entry}: {r.reason}") from r

    @property
    def match(self) -> Any:
        return self.record.match

    def clips(self) -> list[ClipRecord]:
        return self.file.clips()

    def verify(self) -> ChainReport:
        return self.file.verify()

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def export(self) -> MatchLog:
        """The match log (version 1) of the events in effect."""
        extra = self.record.entries[0].payload.get("log_extra") or {}
        return MatchLog(self.record.match, tuple(self.record.events), extra)

    @staticmethod
    def state_person(ref: PersonRef) -> Person:
        return Person(ref.team, number=ref.player, staff=ref.staff)

    def propose(self, offence: str, circumstances: Circumstances,
                offender: PersonRef | None) -> Proposal:
        """Law 12's sanction and restart, knowing whether the offender is already cautioned."""
        cautioned = bool(offender and self.state.cautions(self.state_person(offender)))
        c = Circumstances(**{**circumstances.__dict__, "offender_cautioned": cautioned})
        return propose(offence, c, self.match.edition)

    # --- recording -------------------------------------------------------------------------

    def _commit(self, kind: str, payload: Mapping[str, Any], topics: set[str], *,
                undoable: bool = True) -> Change:
        if self.author is None:
            raise ReviewError("say who is recording (name and role) before recording")
        self._refresh()
        seq = len(self.record.entries) + 1
        draft = LogEntry(seq, kind, self.author, now(), payload, "", "")
        candidate = rec.fold([*self.record.entries, draft], parse_match, parse_event)
        try:  # refuse what the Laws refuse, before anything is written
            replay(candidate.match, candidate.events)
        except Rejection as r:
            entry = candidate.event_entry[r.position - 1]
            raise ReviewError(r.reason if entry == seq else
                              f"log entry {entry} would no longer hold: {r.reason}") from r
        entry = self.file.append(kind, payload, self.author, projector(candidate))
        self._load()
        if undoable:
            self._undo.append(entry.seq)
            self._redo.clear()
        change = Change(frozenset({"log", *topics}), entry)
        for listener in self._listeners:
            listener(change)
        return change

    def _refresh(self) -> None:
        """Another window or process may have appended: fold what is on disk now."""
        head = self.file.meta("log_head") or ""
        last = self.record.entries[-1]
        if head != f"{last.seq}:{last.hash}":
            self._load()

    def tag_incident(self, category: str, key_frame: int, *, in_frame: int | None = None,
                     out_frame: int | None = None, clip_id: int | None = None,
                     time: MatchTime | None = None, **details: Any) -> Incident:
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
        self._commit(rec.INCIDENT, {"incident": incident.to_json()}, {"incidents"})
        return incident

    def edit_incident(self, incident: Incident) -> Incident:
        old = self.record.incidents.get(incident.id)
        if old is None:
            raise ReviewError(f"there is no incident {incident.id} to edit")
        if old == incident:
            raise ReviewError("nothing was changed")
        self._check_people(incident)
        self._commit(rec.INCIDENT, {"incident": incident.to_json(), "edit": True}, {"incidents"})
        return incident

    def _check_people(self, incident: Incident) -> None:
        for who, ref in (("offender", incident.offender), ("victim", incident.victim)):
            if ref is not None:
                self._check_person(ref, who)

    def _check_person(self, ref: PersonRef, who: str) -> None:
        team = self.match.team(ref.team)
        if ref.player is not None and team.player(ref.player) is None:
            raise ReviewError(f"{who}: {team.name} has no player #{ref.player} on the team list")
        if ref.staff is not None and team.staff_member(ref.staff) is None:
            raise ReviewError(f"{who}: {team.name} has no staff member {ref.staff}")

    def record_on_field(self, incident_id: str, ruling: Ruling, minute: str | None,
                        reason: str = "") -> Decision:
        self._incident(incident_id)
        if self.record.decision_step(incident_id, "on_field"):
            raise ReviewError("the on-field decision is already recorded for this incident; "
                              "undo it to record another")
        if ruling.offender is not None:
            self._check_person(ruling.offender, "offender")
        events = ruling_events(self.state, ruling, minute)
        return self._decide(Decision(f"{incident_id}-on_field", incident_id, "on_field",
                                     minute, ruling, reason=reason), events)

    def record_check(self, incident_id: str, outcome: str, category: str | None,
                     minute: str | None, reason: str = "") -> Decision:
        on_field = self._step_needed(incident_id, "on_field", "record the on-field decision "
                                     "before the VAR check")
        if self.record.decision_step(incident_id, "var_check"):
            raise ReviewError("the VAR check of this incident is already recorded")
        outcome = CheckOutcome(outcome).value
        if outcome == CheckOutcome.REVIEW_RECOMMENDED:
            if not category:
                raise ReviewError("a review is recommended for one of the reviewable "
                                  "situations: choose which")
            allowed = reviewability(category, self.match.edition,
                                    corner_option=bool(self.match.rules.extra.get(
                                        "var_corner_option")))
            if not allowed.allowed:
                raise ReviewError(f"not reviewable: {allowed.reason}")
        event = ev.VarCheck(about=anchor(on_field), outcome=outcome, minute=minute)  # type: ignore[arg-type]
        return self._decide(Decision(f"{incident_id}-var_check", incident_id, "var_check",
                                     minute, outcome=outcome, category=category,
                                     reason=reason), [event])

    def record_review(self, incident_id: str, kind: str, outcome: str, final: Ruling | None,
                      minute: str | None, reason: str = "") -> Decision:
        on_field = self._step_needed(incident_id, "on_field", "record the on-field decision "
                                     "first")
        check = self._step_needed(incident_id, "var_check", "the VAR check comes before a "
                                  "review")
        if check.outcome != CheckOutcome.REVIEW_RECOMMENDED:
            raise ReviewError("the VAR check was completed without recommending a review")
        if self.record.decision_step(incident_id, "review"):
            raise ReviewError("the review of this incident is already recorded")
        kind, outcome = ReviewKind(kind).value, ReviewOutcome(outcome).value
        assert on_field.ruling is not None
        if outcome == ReviewOutcome.OVERTURNED:
            if final is None or final == on_field.ruling:
                raise ReviewError("an overturned decision needs a final decision that differs "
                                  "from the on-field one")
            if final.offender is not None:
                self._check_person(final.offender, "offender")
        else:
            final = None
        review = ev.Review(id=f"review-{incident_id}", kind=kind, outcome=outcome,  # type: ignore[arg-type]
                           about=anchor(on_field), original=on_field.ruling.text(),
                           final=(final or on_field.ruling).text(), minute=minute)
        events: list[ev.MatchEvent] = [review]
        if final is not None:
            events += overturn_events(self.state, on_field, final, minute)
        return self._decide(Decision(f"{incident_id}-review", incident_id, "review", minute,
                                     final, outcome=outcome, kind=kind, reason=reason), events)

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

    def _decide(self, decision: Decision, events: Sequence[ev.MatchEvent]) -> Decision:
        ids = tuple(e.id for e in events if e.id)
        decision = Decision(**{**decision.__dict__, "event_ids": ids})
        self._commit(rec.DECISION, {"decision": decision.to_json(),
                                    "events": [event_json(e) for e in events]},
                     {"decisions", "state"})
        return decision

    def record_events(self, events: Sequence[ev.MatchEvent], summary: str = "",
                      incident: str | None = None) -> Change:
        if not events:
            raise ReviewError("no match event to record")
        if incident is not None:
            self._incident(incident)
        summary = summary or "; ".join(summarize(e, self.state) for e in events)
        return self._commit(rec.EVENTS, {"events": [event_json(e) for e in events],
                                         "summary": summary, "incident": incident},
                            {"state"})

    def mark_sync(self, clip: int, frame: int, period: int, elapsed: float = 0.0) -> Change:
        if period not in (1, 2, 3, 4):
            raise ReviewError("periods are 1 and 2, and 3 and 4 in extra time")
        if clip not in {c.id for c in self.clips()}:
            raise ReviewError(f"there is no clip {clip} in this review")
        return self._commit(rec.SYNC, {"clip": clip, "frame": frame, "period": period,
                                       "elapsed": round(elapsed, 3)}, {"sync"})

    def add_clip(self, path: str, fingerprint: str, facts: Mapping[str, Any]) -> ClipRecord:
        for c in self.clips():
            if c.fingerprint == fingerprint:
                raise ReviewError(f"this clip is already in the review ({Path(c.path).name})")
        clip = self.file.add_clip(path, fingerprint, facts)
        self._commit(rec.CLIP, {"clip": clip.id, "path": path, "fingerprint": fingerprint},
                     {"clips"}, undoable=False)
        return clip

    def relocate_clip(self, clip: ClipRecord, path: str) -> None:
        self.file.relocate_clip(clip.id, path)
        self._commit(rec.CLIP, {"clip": clip.id, "path": path, "fingerprint": clip.fingerprint,
                                "relocated": True}, {"clips"}, undoable=False)

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
        change = Change(frozenset({"undo"}))
        for listener in self._listeners:
            listener(change)
        return change

    def undo_text(self) -> str:
        return rec.describe(self.record.entry(self._undo[-1])) if self._undo else ""

    def redo_text(self) -> str:
        if not self._redo:
            return ""
        target = self.record.entry(self._redo[-1]).payload["entry"]
        return rec.describe(self.record.entry(int(target)))

    def undo(self) -> Change:
        if not self._undo:
            raise ReviewError("nothing to undo")
        target = self._undo[-1]
        change = self._retract(target, "undo")
        self._undo.pop()
        self._redo.append(change.entry.seq if change.entry else 0)
        return change

    def redo(self) -> Change:
        if not self._redo:
            raise ReviewError("nothing to redo")
        retraction = self._redo[-1]
        change = self._retract(retraction, "redo")
        self._redo.pop()
        self._undo.append(int(self.record.entry(retraction).payload["entry"]))
        return change

    def _retract(self, seq: int, reason: str) -> Change:
        target = self.record.entry(seq)
        if not self.record.in_effect.get(seq, False):
            raise ReviewError(f"entry {seq} is not in effect")
        topics = {"state", "incidents", "decisions", "sync"}
        try:
            return self._commit(rec.RETRACT, {"entry": seq, "reason": reason}, topics,
                                undoable=False)
        except ReviewError as e:
            raise ReviewError(f"cannot {reason} “{rec.describe(target)}”: {e}") from e

