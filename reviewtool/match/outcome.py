"""Who wins and how: the score, the aggregate over two legs, away goals, extra time, KFPM."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewtool.match.model import Score, Side

if TYPE_CHECKING:
    from reviewtool.match.state import GoalRecord, MatchState

SHOOTOUT_ROUND = 5


def _leader(score: Score) -> Side | None:
    if score.home == score.away:
        return None
    return "home" if score.home > score.away else "away"


def away_goals(state: MatchState) -> Score | None:
    """Goals each team scored away from home over the tie (legacy tie-break)."""
    first = state.match.rules.first_leg
    if first is None:
        return None
    # In the first leg this match's home team played away, and vice versa.
    return Score(first.home, state.score.away)


def tie_leader(state: MatchState) -> tuple[Side | None, str | None]:
    """The team ahead on what decides the tie or match now, before any shootout."""
    agg = state.aggregate
    if agg is None:
        return _leader(state.score), "score"
    lead = _leader(agg)
    if lead is not None:
        return lead, "aggregate"
    if state.match.rules.away_goals:
        ag = away_goals(state)
        assert ag is not None
        lead = _leader(ag)
        if lead is not None:
            return lead, "away_goals"
    return None, None


def is_level(state: MatchState) -> bool:
    """The match (or the tie, for a second leg) is level for extra time and KFPM purposes."""
    return tie_leader(state)[0] is None


def shootout_decided(state: MatchState) -> Side | None:
    """The shootout winner once it can no longer be caught (5 kicks each, then sudden death)."""
    taken, scored = state.shootout_taken, state.shootout_scored
    h_taken, a_taken = taken["home"], taken["away"]
    h, a = scored["home"], scored["away"]
    if h_taken <= SHOOTOUT_ROUND and a_taken <= SHOOTOUT_ROUND:
        h_left = SHOOTOUT_ROUND - h_taken
        a_left = SHOOTOUT_ROUND - a_taken
        if h > a + a_left:
            return "home"
        if a > h + h_left:
            return "away"
        return None
    if h_taken == a_taken and h != a:
        return "home" if h > a else "away"
    return None


def golden_goal(state: MatchState) -> GoalRecord | None:
    """The goal that ended the match under the golden goal rule, if one has been scored."""
    if not state.match.rules.golden_goal:
        return None
    return next((g for g in state.counted_goals() if g.period in (3, 4)), None)


def silver_goal_lead(state: MatchState) -> bool:
    """Under the silver goal rule, a team leads when the first half of extra time ends (or
    at full time in it, which ends the period too)."""
    if not state.match.rules.silver_goal or state.period != 3 or 4 in state.periods_started:
        return False
    return tie_leader(state)[0] is not None


def result(state: MatchState) -> tuple[Side | None, str | None]:
    """``(winner, decided_by)`` as the match state reports them; both None until decided."""
    if state.status == "abandoned":
        if state.awarded is None:
            return None, None
        lead, _ = tie_leader(state)
        return lead, "organiser"
    if state.status != "full_time":
        return None, None
    if "penalties" in state.periods_started:
        return shootout_decided(state), "penalties"
    lead, how = tie_leader(state)
    if lead is None:
        return None, None
    if 3 in state.periods_started and how != "away_goals":
        if golden_goal(state) is not None:
            return lead, "golden_goal"
        if state.match.rules.silver_goal and 4 not in state.periods_started:
            return lead, "silver_goal"
        return lead, "extra_time"
    return lead, how
