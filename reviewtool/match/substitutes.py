"""Substitutions (Law 3): the limits, concussion substitutes and the opponents' extra one.

A concussion substitute (IFAB protocol) may be used whatever the normal substitutes already
used; it counts against ``rules.concussion_substitutes`` only and gives the opponents one
additional substitute for any reason. ``MatchState.substitutions`` counts both kinds.
"""

from __future__ import annotations

from dataclasses import replace

from reviewtool.match import events as ev
from reviewtool.match import shootout
from reviewtool.match.checks import Refuse, not_sent_off, on_field, player
from reviewtool.match.model import Side, other_side
from reviewtool.match.state import MatchState, Person, Presence


def normal_limit(state: MatchState, side: Side) -> int:
    """Substitutes ``side`` may use for any reason: the rules, extra time, the bonus for
    each concussion substitute of the opponents."""
    rules = state.match.rules
    extra = rules.extra_time_substitutes if 3 in state.periods_started else 0
    return rules.substitutes + extra + state.additional_substitutes[side]


def normal_used(state: MatchState, side: Side) -> int:
    return state.substitutions[side] - state.concussion_used[side]


def substitutes_left(state: MatchState, side: Side) -> tuple[int, int]:
    """``(normal, concussion)`` substitutes ``side`` may still use."""
    normal = max(0, normal_limit(state, side) - normal_used(state, side))
    concussion = max(0, state.match.rules.concussion_substitutes - state.concussion_used[side])
    return normal, concussion


def check_normal_left(state: MatchState, side: Side) -> None:
    limit = normal_limit(state, side)
    if normal_used(state, side) >= limit:
        team = state.match.team(side).name
        raise Refuse(f"{team} have already used all {limit} substitutes")


def substitution(state: MatchState, e: ev.Substitution, _pos: int) -> None:
    off = player(state, e.team, e.off, "outgoing player")
    on = player(state, e.team, e.on, "incoming player")
    if state.period == "penalties":
        shootout.replace_goalkeeper(state, e, off, on)
        return
    if shootout.play_has_ended(state):
        raise Refuse("play has ended: only the players on the field at the end of play take "
                     "part in kicks from the penalty mark (Law 10)")
    before_kick_off = state.status == "not_started"
    if before_kick_off:
        # Law 3: before kick-off a starter (even one sent off) may be replaced by a named
        # substitute without using up a substitution.
        if not state.presence[off].entered:
            raise Refuse(f"{state.describe(off)} is not in the starting line-up")
        if e.concussion:
            raise Refuse("a concussion substitute replaces a player during the match, not "
                         "before kick-off")
    else:
        on_field(state, off)
    check_unused_substitute(state, on)
    if not before_kick_off:
        if e.concussion:
            _use_concussion_substitute(state, e.team)
        else:
            check_normal_left(state, e.team)
        state.substitutions[e.team] += 1
        state.presence[off] = replace(state.presence[off], left=True)
    else:
        state.presence[off] = Presence(entered=False)
    state.presence[on] = Presence(entered=True)


def check_unused_substitute(state: MatchState, on: Person) -> None:
    """``on`` is a named substitute who has not played and has not been sent off."""
    not_sent_off(state, on)
    if state.on_field(on):
        raise Refuse(f"{state.describe(on)} is already on the field")
    if state.presence[on].entered:
        raise Refuse(f"{state.describe(on)} has already played and cannot come back on")


def _use_concussion_substitute(state: MatchState, side: Side) -> None:
    limit = state.match.rules.concussion_substitutes
    team = state.match.team(side).name
    if limit == 0:
        raise Refuse("concussion substitutes are not in use in this competition "
                     "(rules.concussion_substitutes is 0)")
    if state.concussion_used[side] >= limit:
        what = "concussion substitute" if limit == 1 else f"{limit} concussion substitutes"
        raise Refuse(f"{team} have already used their {what}")
    state.concussion_used[side] += 1
    state.additional_substitutes[other_side(side)] += 1
