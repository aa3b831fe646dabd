"""Kicks from the penalty mark (Law 10): who may kick, equal numbers, the order of kickers.

Only the players on the field at the end of play may kick. A team with more of them reduces
to its opponents' number, so its kicks use at most that many different kickers. No player
kicks a second time before every eligible player of his team has kicked once (and so on
for later rounds). A goalkeeper who cannot continue may be replaced by a player excluded to
equalise numbers or, if the team has substitutes left, by an unused named substitute; the
replaced goalkeeper takes no further part.
"""

from __future__ import annotations

from dataclasses import replace

from reviewtool.match import events as ev
from reviewtool.match.checks import Refuse, not_sent_off, on_field, player
from reviewtool.match.model import SIDES, Side
from reviewtool.match.outcome import is_level, shootout_decided
from reviewtool.match.state import MatchState, Person, Presence


def play_has_ended(state: MatchState) -> bool:
    """Play is over and kicks from the penalty mark come next (no substitutions now)."""
    rules = state.match.rules
    if state.status != "interval" or not rules.penalties:
        return False
    last = 4 if rules.extra_time else 2
    return state.period == last and is_level(state)


def start(state: MatchState) -> None:
    """Take the eligible kickers: the players on the field at the end of play."""
    state.shootout_eligible = {side: frozenset(state.players_on_field(side)) for side in SIDES}
    state.shootout_cap = min(len(state.shootout_eligible[side]) for side in SIDES)


def kicking_next(state: MatchState) -> Side | None:
    """The team whose kick it is, or None before the first kick (either may start)."""
    taken = state.shootout_taken
    if taken["home"] != taken["away"]:
        return "home" if taken["home"] < taken["away"] else "away"
    return state.shootout_first


def eligible_kickers(state: MatchState, side: Side) -> list[int]:
    """Players of ``side`` who take part in the kicks (and have not been sent off since)."""
    return _available(state, side)


def _available(state: MatchState, side: Side) -> list[int]:
    """Eligible players of ``side`` who can still kick (not sent off since), in list order."""
    eligible = state.shootout_eligible.get(side, frozenset())
    return [p.number for p in state.match.team(side).players
            if p.number in eligible and not state.is_sent_off(Person(side, player=p.number))]


def next_kickers(state: MatchState, side: Side) -> list[int]:
    """The shirt numbers that may take ``side``'s next kick, in team-list order."""
    if state.period != "penalties" or state.shootout_cap is None:
        return []
    available = _available(state, side)
    kicks = {n: state.shootout_kicks.get(Person(side, player=n), 0) for n in available}
    used = [n for n in kicks if kicks[n]]
    distinct = sum(1 for person in state.shootout_kicks if person.team == side)
    pool_size = min(state.shootout_cap, len(available))
    if distinct < pool_size:
        return [n for n in available if kicks[n] == 0]
    if not used:
        return []
    least = min(kicks[n] for n in used)
    return [n for n in used if kicks[n] == least]


def kick(state: MatchState, e: ev.ShootoutKick) -> None:
    """Check the kicker of ``e`` against Law 10 and count the kick."""
    if state.period != "penalties":
        raise Refuse("kicks from the penalty mark have not started (period_start penalties)")
    if shootout_decided(state) is not None:
        raise Refuse("the kicks from the penalty mark are already decided")
    kicker = player(state, e.team, e.player, "kicker")
    not_sent_off(state, kicker)
    team = state.match.team(e.team).name
    if e.player not in state.shootout_eligible.get(e.team, frozenset()):
        raise Refuse(f"{state.describe(kicker)} was not on the field at the end of play and "
                     "may not take a kick (Law 10)")
    turn = kicking_next(state)
    if turn is not None and e.team != turn:
        raise Refuse(f"the teams kick alternately, in the same order every round: it is "
                     f"{state.match.team(turn).name}'s kick (Law 10)")
    taken = dict(state.shootout_taken)
    taken[e.team] += 1
    allowed = next_kickers(state, e.team)
    if e.player not in allowed:
        cap = state.shootout_cap
        if state.shootout_kicks.get(kicker, 0) == 0:
            raise Refuse(f"{team} have already used {cap} different kickers: a team with more "
                         f"players reduces to its opponents' number ({cap}) (Law 10)")
        raise Refuse(f"{state.describe(kicker)} has already kicked: every eligible player of "
                     f"{team} kicks before anyone kicks again (Law 10); next may kick: "
                     + ", ".join(f"#{n}" for n in allowed))
    state.shootout_taken = taken
    state.shootout_first = state.shootout_first or e.team
    state.shootout_kicks[kicker] = state.shootout_kicks.get(kicker, 0) + 1
    if e.scored:
        state.shootout_scored = {**state.shootout_scored, e.team: state.shootout_scored[e.team] + 1}


def _goalkeeper(state: MatchState, side: Side) -> int | None:
    """The goalkeeper among the eligible players (the team list's flag, or his replacement)."""
    eligible = state.shootout_eligible.get(side, frozenset())
    marked = state.shootout_keepers.get(side)
    if marked is not None and marked in eligible:
        return marked
    for p in state.match.team(side).players:
        if p.goalkeeper and p.number in eligible:
            return p.number
    return None


def replace_goalkeeper(state: MatchState, e: ev.Substitution, off: Person, on: Person) -> None:
    """The one substitution Law 10 allows during the kicks: a goalkeeper who cannot continue."""
    from reviewtool.match.substitutes import check_normal_left, check_unused_substitute

    on_field(state, off)
    keeper = _goalkeeper(state, e.team)
    if keeper is not None and e.off != keeper:
        raise Refuse(f"during kicks from the penalty mark only the goalkeeper may be replaced "
                     f"(Law 10); {state.describe(off)} is not the goalkeeper")
    if e.concussion:
        raise Refuse("during kicks from the penalty mark the goalkeeper is replaced under "
                     "Law 10, not as a concussion substitute")
    eligible = state.shootout_eligible[e.team]
    cap = state.shootout_cap or 0
    if on.player in eligible:
        if len(eligible) <= cap or state.shootout_kicks.get(on, 0):
            raise Refuse(f"{state.describe(on)} already takes part in the kicks; the "
                         "goalkeeper's replacement is a player excluded to equalise numbers "
                         "or an unused substitute (Law 10)")
    else:
        check_unused_substitute(state, on)
        check_normal_left(state, e.team)
        state.substitutions[e.team] += 1
        state.presence[on] = Presence(entered=True)
    assert off.player is not None and on.player is not None
    state.presence[off] = replace(state.presence[off], left=True)
    state.shootout_eligible = {**state.shootout_eligible,
                               e.team: (eligible - {off.player}) | {on.player}}
    state.shootout_keepers = {**state.shootout_keepers, e.team: on.player}
    kicks = state.shootout_kicks.pop(off, 0)
    if kicks:
        state.shootout_kicks[on] = kicks  # he takes the goalkeeper's place in the order
