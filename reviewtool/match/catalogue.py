"""The match events that can be recorded, asked of the state: kinds, periods, eligible people,
and readable unique ids for new events.

A window's match-event form asks here what to offer (which kinds are possible now, which
periods can start or end, who may take the next kick from the penalty mark...) and only
displays the answers, so the Laws stay in the core. The engine still checks every event when
it is recorded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reviewtool.match import events as ev
from reviewtool.match.engine import check
from reviewtool.match.model import SIDES, Side
from reviewtool.match.shootout import eligible_kickers, kicking_next, next_kickers
from reviewtool.match.state import MatchState, Person
from reviewtool.match.substitutes import substitutes_left


@dataclass(frozen=True)
class EventKind:
    """One kind of match event as a form offers it: its match-log type, a label, the inputs."""

    type: str
    label: str
    fields: tuple[str, ...]  # person, colour, reason, on, concussion, penalty, own_goal,
    #                          goal, card, number, outcome, period, restart, team, kicker, scored


KINDS: tuple[EventKind, ...] = (
    EventKind("card", "Card", ("person", "colour", "reason")),
    EventKind("substitution", "Substitution", ("person", "on", "concussion")),
    EventKind("goal", "Goal", ("person", "penalty", "own_goal")),
    EventKind("goal_disallowed", "Goal disallowed", ("goal", "reason")),
    EventKind("card_rescinded", "Card rescinded", ("card",)),
    EventKind("card_reassigned", "Card moved to another player", ("card", "number")),
    EventKind("penalty_kick", "Penalty kick saved / missed / retaken", ("person", "outcome")),
    EventKind("shootout_kick", "Kick from the penalty mark", ("kicker", "scored")),
    EventKind("restart", "Restart", ("restart", "team")),
    EventKind("player_off", "Player leaves the field (injury...)", ("person", "reason")),
    EventKind("period_start", "Period starts", ("period",)),
    EventKind("period_end", "Period ends", ("period",)),
    EventKind("suspended", "Match suspended", ("reason",)),
    EventKind("resumed", "Match resumed", ()),
    EventKind("abandoned", "Match abandoned", ("reason",)),
    EventKind("full_time", "Full time", ()),
)
KIND_BY_TYPE: Mapping[str, EventKind] = {k.type: k for k in KINDS}

PERIODS: tuple[ev.Period, ...] = (1, 2, 3, 4, "penalties")
PERIOD_LABELS: Mapping[ev.Period, str] = {
    1: "1st half", 2: "2nd half", 3: "Extra time, 1st half", 4: "Extra time, 2nd half",
    "penalties": "Kicks from the penalty mark"}
RESTART_LABELS: Mapping[str, str] = {k: k.replace("_", " ").capitalize()
                                     for k in ev.RESTART_KINDS}


def periods_to_start(state: MatchState) -> list[ev.Period]:
    """The periods that may start now (the engine's own answer)."""
    return [p for p in PERIODS if check(state, ev.PeriodStart(period=p)) is None]


def periods_to_end(state: MatchState) -> list[ev.Period]:
    if state.period is None or check(state, ev.PeriodEnd(period=state.period)) is not None:
        return []
    return [state.period]


def eligible(state: MatchState, kind: str, side: Side) -> list[int]:
    """Shirt numbers of ``side`` a form should offer for ``kind`` now, in team-list order:
    the next kickers from the penalty mark, the players on the field (goal, penalty kick,
    player off, substitution off), or everyone not sent off (card)."""
    team = state.match.team(side)
    if kind == "shootout_kick":
        return next_kickers(state, side)
    if kind in ("goal", "penalty_kick", "player_off", "substitution"):
        return state.players_on_field(side)
    if kind == "card":
        return [p.number for p in team.players
                if not state.is_sent_off(Person(side, player=p.number))]
    return []


def substitutes_available(state: MatchState, side: Side) -> list[int]:
    """Named substitutes of ``side`` who may still come on."""
    return [p.number for p in state.match.team(side).players
            if not (presence := state.presence[Person(side, player=p.number)]).entered
            and not presence.left and not state.is_sent_off(Person(side, player=p.number))]


def why_not(state: MatchState, kind: str) -> str | None:
    """Why ``kind`` cannot be recorded now, or None if it can (for some choice of inputs)."""
    if kind == "period_start":
        return None if periods_to_start(state) else "no period can start now"
    if kind == "period_end":
        return None if periods_to_end(state) else "no period is in play"
    probe = _probe(state, kind)
    if probe is None:
        return _no_one(kind)
    return check(state, probe)


def possible(state: MatchState) -> list[EventKind]:
    """The kinds of match event the Laws allow to record now."""
    return [k for k in KINDS if why_not(state, k.type) is None]


def _no_one(kind: str) -> str:
    if kind == "shootout_kick":
        return "kicks from the penalty mark are not in progress"
    if kind in ("goal_disallowed", "card_rescinded", "card_reassigned"):
        return "nothing to refer to yet"
    if kind == "substitution":
        return "no substitute can come on"
    return "no one can do that now"


def _probe(state: MatchState, kind: str) -> ev.MatchEvent | None:
    """A representative event of ``kind`` for asking the engine, or None if no one fits."""
    simple: dict[str, ev.MatchEvent] = {
        "suspended": ev.Suspended(), "resumed": ev.Resumed(), "abandoned": ev.Abandoned(),
        "full_time": ev.FullTime(), "restart": ev.Restart(kind="throw_in", team="home")}
    if kind in simple:
        return simple[kind]
    if kind == "goal_disallowed":
        goal = next((k for k, g in state.goals.items() if g.counts and k in state.ids), None)
        return ev.GoalDisallowed(goal=goal) if goal else None
    if kind in ("card_rescinded", "card_reassigned"):
        card = next((k for k, c in state.cards.items() if c.active and k in state.ids), None)
        return ev.CardRescinded(card=card) if card else None
    best: ev.MatchEvent | None = None
    for side in _sides_to_ask(state, kind):
        people = eligible(state, kind, side)
        if not people:
            continue
        n = people[0]
        if kind == "shootout_kick":
            event: ev.MatchEvent = ev.ShootoutKick(team=side, player=n, scored=True)
        elif kind == "goal":
            event = ev.Goal(team=side, player=n)
        elif kind == "penalty_kick":
            event = ev.PenaltyKick(team=side, player=n, outcome="saved")
        elif kind == "player_off":
            event = ev.PlayerOff(team=side, player=n)
        elif kind == "card":
            event = ev.Card(team=side, player=n, card="yellow")
        else:  # substitution
            subs = substitutes_available(state, side)
            if not subs:
                continue
            event = ev.Substitution(team=side, off=n, on=subs[0])
        if check(state, event) is None:
            return event
        best = best or event
    return best


def _sides_to_ask(state: MatchState, kind: str) -> tuple[Side, ...]:
    if kind == "shootout_kick":  # the team whose turn it is
        turn = kicking_next(state)
        return (turn,) if turn else SIDES
    return SIDES


def shootout_turn(state: MatchState) -> Side | None:
    """The team whose kick from the penalty mark it is (None: either may take the first)."""
    return kicking_next(state)


def shootout_kickers(state: MatchState, side: Side) -> tuple[list[int], int, list[int]]:
    """``(eligible, kickers used at most, next)`` for ``side`` once kicks from the penalty mark
    have started: who may kick at all (on the field at the end of play), how many different
    kickers the team uses (equal numbers) and who may take its next kick."""
    if state.shootout_cap is None:
        return [], 0, []
    return eligible_kickers(state, side), state.shootout_cap, next_kickers(state, side)


def remaining_substitutes(state: MatchState, side: Side) -> tuple[int, int]:
    """``(normal, concussion)`` substitutes ``side`` may still use (state panel)."""
    return substitutes_left(state, side)


# --- ids -------------------------------------------------------------------------------------

def unique_id(base: str, taken: Mapping[str, Any] | set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not already used in the log."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"


def new_id(state: MatchState, event: ev.MatchEvent) -> str:
    """A readable id no earlier event uses, like the match log's own: "y-bensebaini-2" for a
    second yellow, "goal-90-8" for a goal in the 90+8th minute, "kfpm-home-3" for a kick."""
    minute = (event.minute or "x").replace("+", "-")
    if isinstance(event, ev.Card):
        if event.staff is not None:
            name = event.staff
        else:
            p = state.match.team(event.team).player(event.player or 0)
            name = p.name if p else f"{event.team}-{event.player}"
        words = name.split()
        return unique_id(f"{event.card[0]}-{_slug(words[-1] if words else name)}", state.ids)
    if isinstance(event, ev.ShootoutKick):
        return unique_id(f"kfpm-{event.team}-{state.shootout_taken[event.team] + 1}", state.ids)
    if isinstance(event, ev.Restart):
        short = event.kind.replace("_kick", "").replace("_", "-")
        return unique_id(f"{short}-{minute}" if event.minute else short, state.ids)
    return unique_id(f"{event.type.replace('_', '-')}-{minute}", state.ids)
