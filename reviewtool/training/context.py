"""What a trainee must know before the clip: the match state just before the incident.

A decision can depend on what the clip does not show (a sending-off because the player was
already on a caution, a restart because of the score). Each question therefore carries the
minute, the score (and aggregate), the players on the field and who among the people involved
is on a caution, taken from the review's decision log before the incident and before anything
recorded about it, so that it never holds the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reviewtool.match.clock import Minute
from reviewtool.match.engine import Rejection, replay
from reviewtool.match.model import SIDES
from reviewtool.match.state import MatchState
from reviewtool.review import record as rec
from reviewtool.review.incident import Incident
from reviewtool.review.payloads import DecisionPayload, EventsPayload, payload_of
from reviewtool.store.chain import LogEntry


def _minute(text: str | None) -> Minute | None:
    try:
        return Minute.parse(text) if text else None
    except ValueError:
        return None


def _own_entries(record: rec.ReviewRecord, incident_id: str) -> set[int]:
    """The log entries recorded about the incident: its decisions and events tied to it."""
    def about(e: LogEntry) -> str | None:
        if e.kind not in (rec.DECISION, rec.EVENTS):
            return None
        p = payload_of(e)
        if isinstance(p, DecisionPayload):
            return p.decision.incident
        return p.incident if isinstance(p, EventsPayload) else None

    return {e.seq for e in record.entries if about(e) == incident_id}


def state_before(record: rec.ReviewRecord, incident: Incident) -> MatchState | None:
    """The match state after the events in effect that precede the incident: the log is in
    match order, so the events up to the first one recorded about the incident or later than
    its minute. None when the log cannot be replayed."""
    own = _own_entries(record, incident.id)
    limit = _minute(incident.minute)
    events = []
    for event, seq in zip(record.events, record.event_entry, strict=True):
        at = _minute(event.minute)
        if seq in own or (limit is not None and at is not None and limit < at):
            break
        events.append(event)
    try:
        return replay(record.match, events)
    except Rejection:
        return None


def incident_context(record: rec.ReviewRecord, incident: Incident) -> dict[str, Any]:
    """The question's context as data (kept in the session and the pack)."""
    state = state_before(record, incident)
    if state is None:
        return {}
    match = record.match
    cautioned = []
    for ref in (incident.offender, incident.victim):
        if ref is None:
            continue
        person = ref
        yellows = [c for c in state.active_cards(person) if c.colour == "yellow"]
        if yellows and not state.is_sent_off(person):
            cautioned.append({"team": ref.team, "number": ref.player,
                              "name": state.name_of(person), "minute": yellows[0].minute})
    aggregate = state.aggregate
    return {
        "minute": incident.minute,
        "teams": {s: match.team(s).name for s in SIDES},
        "score": state.score.as_json(),
        "aggregate": aggregate.as_json() if aggregate is not None else None,
        "on_field": {s: state.on_field_count(s) for s in SIDES},
        "cautioned": cautioned,
    }


def context_lines(context: Mapping[str, Any]) -> list[str]:
    """The context in words, one fact a line, as the trainee and the presenter show it."""
    if not context:
        return []
    teams = context.get("teams") or {"home": "Home", "away": "Away"}
    lines = []
    if context.get("minute"):
        lines.append(f"Minute {context['minute']}'")
    score = context.get("score")
    if score:
        line = f"Score: {teams['home']} {score['home']}–{score['away']} {teams['away']}"
        aggregate = context.get("aggregate")
        if aggregate:
            line += f" (aggregate {aggregate['home']}–{aggregate['away']})"
        lines.append(line)
    on_field = context.get("on_field")
    if on_field:
        lines.append(f"On the field: {teams['home']} {on_field['home']}, "
                     f"{teams['away']} {on_field['away']}")
    for c in context.get("cautioned") or ():
        shirt = f" #{c['number']}" if c.get("number") is not None else ""
        when = f" since {c['minute']}'" if c.get("minute") else ""
        lines.append(f"On a caution{when}: {c['name']} ({teams[c['team']]}{shirt})")
    return lines
