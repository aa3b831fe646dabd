"""The match-state engine: a pure fold of match events under the Laws of the Game.

``apply`` checks one event against the state and the Laws and returns the next state, or raises
``Rejection`` naming the event and the reason. ``replay`` folds a whole log with the same code,
so replaying and applying one event at a time always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from reviewtool.match import events as ev
from reviewtool.match import shootout, substitutes
from reviewtool.match.checks import Refuse as _Refuse
from reviewtool.match.checks import not_sent_off as _not_sent_off
from reviewtool.match.checks import on_field as _on_field
from reviewtool.match.checks import player as _player
from reviewtool.match.checks import referenced as _referenced
from reviewtool.match.model import SIDES, Match, Side
from reviewtool.match.outcome import (
    golden_goal,
    is_level,
    shootout_decided,
    silver_goal_lead,
    tie_leader,
)
from reviewtool.match.state import CardRecord, GoalRecord, MatchState, Person

MIN_PLAYERS = 7  # Law 3: a match may not continue if a team has fewer than seven players


class Rejection(Exception):
    """An event the Laws or the log do not allow; the message names the event and why."""

    def __init__(self, position: int, event: ev.MatchEvent, reason: str) -> None:
        self.position = position
        self.event = event
        self.reason = reason
        ident = f", id {event.id}" if event.id else ""
        text = f"event {position} ({event.type}{ident}): {reason}"
        if not text.isprintable():  # names from the log stay on one line
            text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
        super().__init__(text)


def replay(match: Match, events: Iterable[ev.MatchEvent], after: int | None = None) -> MatchState:
    """Fold ``events`` (the first ``after`` of them, if given) into a match state."""
    state = MatchState.initial(match)
    for position, event in enumerate(events, start=1):
        if after is not None and position > after:
            break
        _apply_in_place(state, event, position)
    return state


def apply(state: MatchState, event: ev.MatchEvent) -> MatchState:
    """The state after ``event``; ``state`` itself is left unchanged."""
    nxt = state.clone()
    _apply_in_place(nxt, event, state.events_applied + 1)
    return nxt


def check(state: MatchState, event: ev.MatchEvent) -> str | None:
    """The reason ``event`` would be refused now, or None if the Laws allow it."""
    try:
        apply(state, event)
    except Rejection as r:
        return r.reason
    return None


# --------------------------------------------------------------------------------------------


def _apply_in_place(state: MatchState, event: ev.MatchEvent, position: int) -> None:
    try:
        _check_id(state, event)
        _check_status(state, event)
        handler = _HANDLERS[type(event)]
        handler(state, event, position)
    except _Refuse as r:
        raise Rejection(position, event, str(r)) from None
    if isinstance(event, _RESTART_TAKEN):
        state.last_restart = None  # that restart was taken, or play has ended
    if event.id:
        state.ids[event.id] = (position, event.type)
    state.events_applied = position


# Events after which the restart last awarded is no longer the one due.
_RESTART_TAKEN = (ev.Goal, ev.PenaltyKick, ev.PeriodStart, ev.PeriodEnd, ev.FullTime,
                  ev.Abandoned)


def _check_id(state: MatchState, event: ev.MatchEvent) -> None:
    if event.id and event.id in state.ids:
        first, _ = state.ids[event.id]
        raise _Refuse(f'the id "{event.id}" is already used by event {first}')


def _team_has_too_few(state: MatchState) -> Side | None:
    for side in SIDES:
        # A team list with fewer than 7 starters is an incomplete list, not a team of six.
        if len(state.match.team(side).starters) < MIN_PLAYERS:
            continue
        if state.on_field_count(side) < MIN_PLAYERS:
            return side
    return None


_ANY_TIME = (ev.Card, ev.CardRescinded, ev.CardReassigned)
_WHILE_SUSPENDED = (*_ANY_TIME, ev.Resumed, ev.Abandoned)
_IN_INTERVAL = (*_ANY_TIME, ev.PeriodStart, ev.Substitution, ev.PlayerOff, ev.VarCheck,
                ev.Review, ev.GoalDisallowed, ev.FullTime, ev.Abandoned, ev.Suspended)
_BEFORE_KICK_OFF = (*_ANY_TIME, ev.PeriodStart, ev.Substitution, ev.Abandoned)


def _check_status(state: MatchState, event: ev.MatchEvent) -> None:
    status = state.status
    if status == "abandoned":
        raise _Refuse("the match has been abandoned")
    if status == "full_time":
        if not isinstance(event, _ANY_TIME):
            raise _Refuse("the match is over (full time); only cards may still be recorded")
        return
    if isinstance(event, (_ANY_TIME, ev.Abandoned)):
        return
    short = _team_has_too_few(state)
    if short is not None:
        team = state.match.team(short).name
        raise _Refuse(f"{team} have fewer than {MIN_PLAYERS} players on the field "
                      f"({state.on_field_count(short)}): the match cannot continue (Law 3); "
                      "only cards and abandonment may be recorded")
    if status == "suspended":
        if not isinstance(event, _WHILE_SUSPENDED):
            raise _Refuse(f"play is suspended (since event {state.suspended_at}); record "
                          "'resumed' first")
    elif status == "not_started":
        if not isinstance(event, _BEFORE_KICK_OFF):
            raise _Refuse("the match has not started (no period_start 1 yet)")
    elif status == "interval" and not isinstance(event, _IN_INTERVAL):
        raise _Refuse(f"play is stopped between periods (after period {state.period}); "
                      "start the next period first")


# --- helpers --------------------------------------------------------------------------------


# --- handlers -------------------------------------------------------------------------------


def _next_period(state: MatchState) -> ev.Period | None:
    last = state.period
    rules = state.match.rules
    if last is None:
        return 1
    if last == 1:
        return 2
    if last == 3:
        return 4
    if last in (2, 4):
        if last == 2 and rules.extra_time:
            return 3
        return "penalties" if rules.penalties else None
    return None


def _period_start(state: MatchState, e: ev.PeriodStart, _pos: int) -> None:
    if state.status == "in_play":
        raise _Refuse(f"period {state.period} has not ended")
    expected = _next_period(state)
    if e.period != expected:
        if e.period == 3 and not state.match.rules.extra_time:
            raise _Refuse("the competition rules do not provide for extra time")
        if e.period == "penalties" and not state.match.rules.penalties:
            raise _Refuse("the competition rules do not provide for kicks from the penalty mark")
        after = f"after period {state.period}" if state.period else "before the match starts"
        raise _Refuse(f"periods out of sequence: period {e.period} cannot start {after}")
    if e.period in (3, "penalties") and not is_level(state):
        lead, how = tie_leader(state)
        assert lead is not None
        what = "extra time is" if e.period == 3 else "kicks from the penalty mark are"
        score = state.aggregate if how == "aggregate" else state.score
        assert score is not None
        on = {"aggregate": " on aggregate", "away_goals": " on away goals"}.get(how or "", "")
        raise _Refuse(f"{what} played only when the {'tie' if state.aggregate else 'match'} "
                      f"is level; it is {score.home}-{score.away}{on}")
    if e.period == 4:
        _extra_time_goes_on(state)
    state.status = "in_play"
    state.period = e.period
    state.periods_started = (*state.periods_started, e.period)
    if e.period == "penalties":
        shootout.start(state)


def _period_end(state: MatchState, e: ev.PeriodEnd, _pos: int) -> None:
    if state.status != "in_play" or e.period != state.period:
        current = f"period {state.period} is in play" if state.status == "in_play" else (
            "no period is in play")
        raise _Refuse(f"period {e.period} cannot end: {current}")
    if e.period == "penalties" and shootout_decided(state) is None:
        raise _Refuse("the kicks from the penalty mark have not produced a winner yet")
    state.status = "interval"


def _full_time(state: MatchState, e: ev.FullTime, _pos: int) -> None:
    period = state.period
    if period == 1:
        raise _Refuse("the match cannot end during or after the first half (use 'abandoned')")
    if period == 3 and golden_goal(state) is None and not silver_goal_lead(state):
        raise _Refuse("the second half of extra time has not been played")
    rules = state.match.rules
    if period == "penalties":
        if shootout_decided(state) is None:
            raise _Refuse("the kicks from the penalty mark have not produced a winner yet")
    elif is_level(state):
        if period == 2 and rules.extra_time:
            raise _Refuse("the tie is level after normal time: the rules call for extra time")
        if rules.penalties:
            raise _Refuse("the tie is level: the rules call for kicks from the penalty mark")
    state.status = "full_time"


def _no_golden_goal_yet(state: MatchState) -> None:
    golden = golden_goal(state)
    if golden is not None:
        raise _Refuse(f"the golden goal ({_goal_text(state, golden)}) has already ended the "
                      "match (rules.golden_goal)")


def _extra_time_goes_on(state: MatchState) -> None:
    """Refuse the second half of extra time once a golden goal or a silver-goal lead at the
    end of the first half has ended the match (goals within that half still count)."""
    _no_golden_goal_yet(state)
    if silver_goal_lead(state):
        lead, _ = tie_leader(state)
        assert lead is not None
        raise _Refuse(f"{state.match.team(lead).name} lead after the first half of extra time: "
                      "the silver goal rule ends the match there (rules.silver_goal)")


def _goal_text(state: MatchState, goal: GoalRecord) -> str:
    side = goal.team if not goal.own_goal else ("away" if goal.team == "home" else "home")
    who = state.name_of(Person(side, player=goal.player))
    return f"{who}, {goal.minute}'" if goal.minute else who


def _goal(state: MatchState, e: ev.Goal, pos: int) -> None:
    if state.period == "penalties":
        raise _Refuse("a kick from the penalty mark is a shootout_kick, not a goal")
    if state.period in (3, 4):
        _no_golden_goal_yet(state)
    scorer_side: Side = ("away" if e.team == "home" else "home") if e.own_goal else e.team
    scorer = _player(state, scorer_side, e.player, "scorer")
    _not_sent_off(state, scorer)
    if not state.on_field(scorer):
        raise _Refuse(f"{state.describe(scorer)} is not on the field and cannot score")
    key = e.id or f"#{pos}"
    state.goals[key] = GoalRecord(key, e.team, e.player, e.minute, e.penalty, e.own_goal,
                                  state.period or 1)


def _goal_disallowed(state: MatchState, e: ev.GoalDisallowed, _pos: int) -> None:
    position = _referenced(state, e.goal, "goal")
    goal = state.goals[e.goal]
    if not goal.counts:
        raise _Refuse(f'the goal "{e.goal}" (event {position}) has already been disallowed')
    state.goals[e.goal] = replace(goal, counts=False)


def _card(state: MatchState, e: ev.Card, pos: int) -> None:
    if (e.player is None) == (e.staff is None):
        raise _Refuse("a card names either a player or a staff member")
    if e.staff is not None:
        team = state.match.team(e.team)
        if team.staff_member(e.staff) is None:
            raise _Refuse(f'"{e.staff}" is not on {team.name}\'s staff list ({e.team})')
        person = Person(e.team, staff=e.staff)
    else:
        assert e.player is not None
        person = _player(state, e.team, e.player)
    _not_sent_off(state, person)
    key = e.id or f"#{pos}"
    in_play = state.status != "full_time"
    state.cards[key] = CardRecord(key, pos, person, e.card, e.minute, e.reason,
                                  state.role(person), in_play,
                                  in_shootout=state.period == "penalties" and in_play)
    state.cards_of[person] = (*state.cards_of.get(person, ()), key)


def _active_card(state: MatchState, ref: str) -> CardRecord:
    position = _referenced(state, ref, "card")
    card = state.cards[ref]
    if not card.active:
        raise _Refuse(f'the card "{ref}" (event {position}) has already been withdrawn')
    return card


def _card_rescinded(state: MatchState, e: ev.CardRescinded, _pos: int) -> None:
    card = _active_card(state, e.card)
    state.cards[e.card] = replace(card, active=False)


def _card_reassigned(state: MatchState, e: ev.CardReassigned, _pos: int) -> None:
    card = _active_card(state, e.card)
    if card.person.staff is not None:
        raise _Refuse("a card shown to a team official cannot be moved to a player")
    target = _player(state, card.person.team, e.player)
    if target == card.person:
        raise _Refuse(f"the card is already {state.describe(target)}'s")
    _not_sent_off(state, target)
    old = card.person
    state.cards[e.card] = replace(card, person=target, role=state.role(target))
    state.cards_of[old] = tuple(k for k in state.cards_of[old] if k != e.card)
    moved = (*state.cards_of.get(target, ()), e.card)
    state.cards_of[target] = tuple(sorted(moved, key=lambda k: state.cards[k].position))


def _player_off(state: MatchState, e: ev.PlayerOff, _pos: int) -> None:
    person = _player(state, e.team, e.player)
    _on_field(state, person)
    state.presence[person] = replace(state.presence[person], left=True)


def _about(state: MatchState, about: str | None) -> None:
    if about is not None and about not in state.ids:
        raise _Refuse(f'no earlier event has the id "{about}"')


def _var_exists(state: MatchState) -> None:
    edition = state.match.edition
    if not edition.has_var:
        raise _Refuse(f"there is no VAR under the {edition} Laws applied to this match (the "
                      "video assistant referee entered the Laws in 2016/17)")


def _var_check(state: MatchState, e: ev.VarCheck, _pos: int) -> None:
    _var_exists(state)
    _about(state, e.about)


def _review(state: MatchState, e: ev.Review, _pos: int) -> None:
    _var_exists(state)
    _about(state, e.about)


def _restart(state: MatchState, e: ev.Restart, _pos: int) -> None:
    if e.kind not in ev.RESTART_KINDS:
        raise _Refuse(f'unknown restart "{e.kind}"')
    if e.team is None and e.kind != "dropped_ball":
        raise _Refuse(f"a {e.kind.replace('_', ' ')} is taken by a team: give 'team'")
    state.last_restart = (e.kind, e.team)


def _penalty_kick(state: MatchState, e: ev.PenaltyKick, _pos: int) -> None:
    if state.period == "penalties":
        raise _Refuse("a kick from the penalty mark is a shootout_kick")
    _on_field(state, _player(state, e.team, e.player, "kicker"))


def _shootout_kick(state: MatchState, e: ev.ShootoutKick, _pos: int) -> None:
    shootout.kick(state, e)


def _suspended(state: MatchState, e: ev.Suspended, pos: int) -> None:
    state.status_before_suspension = state.status
    state.suspended_at = pos
    state.status = "suspended"


def _resumed(state: MatchState, e: ev.Resumed, _pos: int) -> None:
    if state.status != "suspended":
        raise _Refuse("play is not suspended")
    state.status = state.status_before_suspension or "in_play"
    state.status_before_suspension = None
    state.suspended_at = None


def _abandoned(state: MatchState, e: ev.Abandoned, _pos: int) -> None:
    state.status = "abandoned"
    state.awarded = e.result


_HANDLERS: dict[type[ev.MatchEvent], Callable[[MatchState, ev.MatchEvent, int], None]] = {
    ev.PeriodStart: _period_start, ev.PeriodEnd: _period_end, ev.FullTime: _full_time,
    ev.Goal: _goal, ev.GoalDisallowed: _goal_disallowed, ev.Card: _card,
    ev.CardRescinded: _card_rescinded, ev.CardReassigned: _card_reassigned,
    ev.Substitution: substitutes.substitution, ev.PlayerOff: _player_off, ev.VarCheck: _var_check,
    ev.Review: _review, ev.Restart: _restart, ev.PenaltyKick: _penalty_kick,
    ev.ShootoutKick: _shootout_kick, ev.Suspended: _suspended, ev.Resumed: _resumed,
    ev.Abandoned: _abandoned,
}  # type: ignore[dict-item]

