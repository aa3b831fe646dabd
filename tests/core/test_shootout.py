"""Kicks from the penalty mark (Law 10): eligible kickers, equal numbers, order of kickers,
the goalkeeper replacement. Examples first, then properties over random kick orders."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewtool.match import events as ev
from reviewtool.match.engine import apply, check
from reviewtool.match.model import SIDES, Side, other_side
from reviewtool.match.outcome import shootout_decided
from reviewtool.match.shootout import next_kickers
from reviewtool.match.state import MatchState
from tests.core.matchkit import (
    AWAY_STARTERS,
    AWAY_SUBS,
    HOME_STARTERS,
    HOME_SUBS,
    card,
    end,
    rejection,
    run,
    start,
    sub,
)

RULES: dict[str, Any] = {"extra_time": True, "penalties": True}
TO_THE_END = [start(1), end(1), start(2), end(2), start(3), end(3), start(4), end(4)]
SHOOTOUT = [*TO_THE_END, start("penalties")]


def kick(team: str, player: int, scored: bool = True) -> dict[str, Any]:
    return {"type": "shootout_kick", "team": team, "player": player, "scored": scored}


def test_a_player_may_not_kick_twice_before_his_team_mates_have_kicked() -> None:
    events = [*SHOOTOUT, kick("home", 9), kick("away", 29), kick("home", 9)]
    r = rejection(events, **RULES)
    assert r.position == len(events)
    assert r.reason.startswith("Home 9 (home #9) has already kicked: every eligible player of "
                               "Home kicks before anyone kicks again (Law 10); next may kick: #1,")


def test_a_team_of_eleven_facing_ten_uses_ten_kickers() -> None:
    events = [start(1), card("away", 31, "red"), end(1), *SHOOTOUT[2:]]
    # 10 rounds level, each team with a different kicker every time
    for h, a in zip(HOME_STARTERS[:10], AWAY_STARTERS[:10], strict=True):
        events += [kick("home", h), kick("away", a)]
    eleventh = [*events, kick("home", HOME_STARTERS[10])]
    r = rejection(eleventh, **RULES)
    assert r.reason == ("Home have already used 10 different kickers: a team with more players "
                        "reduces to its opponents' number (10) (Law 10)")
    # the round goes on with the ten who kicked: any of them may kick again
    state = run([*events, kick("home", 1), kick("away", 21, scored=False)], **RULES)
    assert shootout_decided(state) == "home"


def test_only_players_on_the_field_at_the_end_of_play_may_kick() -> None:
    r = rejection([*SHOOTOUT, kick("home", 12)], **RULES)
    assert r.reason == ("Home 12 (home #12) was not on the field at the end of play and may "
                        "not take a kick (Law 10)")
    sent_off = [start(1), card("home", 9, "red"), end(1), *SHOOTOUT[2:], kick("home", 9)]
    assert rejection(sent_off, **RULES).reason == "Home 9 (home #9) has already been sent off"
    subbed = [start(1), sub("home", 9, 12), end(1), *SHOOTOUT[2:], kick("home", 9)]
    assert "not on the field at the end of play" in rejection(subbed, **RULES).reason
    assert run([start(1), sub("home", 9, 12), end(1), *SHOOTOUT[2:], kick("home", 12)],
               **RULES).shootout_taken["home"] == 1


def test_no_substitution_between_the_end_of_play_and_the_kicks() -> None:
    r = rejection([*TO_THE_END, sub("home", 9, 12)], **RULES)
    assert r.reason.startswith("play has ended: only the players on the field at the end of "
                               "play take part")


def test_a_goalkeeper_who_cannot_go_on_is_replaced_by_an_unused_substitute() -> None:
    events = [*SHOOTOUT, kick("home", 9), sub("home", 1, 12)]
    state = run(events, **RULES)
    assert state.substitutions["home"] == 1
    assert 12 in next_kickers(state, "home") and 1 not in next_kickers(state, "home")
    assert state.on_field_count("home") == 11
    r = rejection([*events, kick("away", 21), kick("home", 1)], **RULES)
    assert r.reason.startswith("Home 1 (home #1) was not on the field")


def test_only_the_goalkeeper_may_be_replaced_during_the_kicks() -> None:
    r = rejection([*SHOOTOUT, sub("home", 9, 12)], **RULES)
    assert r.reason.startswith("during kicks from the penalty mark only the goalkeeper may be "
                               "replaced (Law 10); Home 9 (home #9) is not the goalkeeper")


def test_the_goalkeeper_replacement_needs_a_substitute_left() -> None:
    used = [sub("home", 2 + i, HOME_SUBS[i]) for i in range(6)]  # 5 + 1 in extra time
    events = [start(1), *used[:5], end(1), start(2), end(2), start(3), used[5], end(3),
              start(4), end(4), start("penalties"), sub("home", 1, HOME_SUBS[6])]
    assert rejection(events, **RULES).reason == "Home have already used all 6 substitutes"


def test_an_excluded_player_may_replace_the_goalkeeper() -> None:
    # Away have ten after a sending-off, so Home exclude one player; he may replace the keeper.
    events = [start(1), card("away", 31, "red"), end(1), *SHOOTOUT[2:]]
    for h, a in zip(HOME_STARTERS[1:10], AWAY_STARTERS[1:10], strict=True):
        events += [kick("home", h), kick("away", a)]
    state = run([*events, sub("home", 1, 11)], **RULES)  # #11 has not kicked: excluded
    assert state.substitutions["home"] == 0 and 11 in state.shootout_eligible["home"]
    # with equal numbers nobody is excluded, so an eligible player cannot be the replacement
    r = rejection([*SHOOTOUT, sub("home", 1, 11)], **RULES)
    assert "already takes part in the kicks" in r.reason


def test_next_kickers_follow_the_rounds() -> None:
    state = run([*SHOOTOUT], **RULES)
    assert next_kickers(state, "home") == HOME_STARTERS
    state = run([*SHOOTOUT, kick("home", 5), kick("away", 25)], **RULES)
    assert 5 not in next_kickers(state, "home") and len(next_kickers(state, "home")) == 10


# --- properties ----------------------------------------------------------------------------

def _shootout_state(reds: list[tuple[Side, int]]) -> MatchState:
    events: list[dict[str, Any]] = [start(1)]
    events += [card(side, n, "red") for side, n in reds]
    return run([*events, end(1), *SHOOTOUT[2:]], **RULES)


def _model_allows(state: MatchState, side: Side, number: int,
                  counts: dict[Side, dict[int, int]], eligible: dict[Side, set[int]],
                  cap: int) -> bool:
    """Law 10 restated independently: eligible, at most ``cap`` kickers, rounds complete."""
    if number not in eligible[side]:
        return False
    mine = counts[side]
    if len(mine) < min(cap, len(eligible[side])):
        return number not in mine
    return number in mine and mine[number] == min(mine.values())


reds_strategy = st.lists(
    st.tuples(st.sampled_from(SIDES), st.integers(min_value=1, max_value=10)),
    max_size=4, unique=True,
).map(lambda pairs: [(s, (HOME_STARTERS if s == "home" else AWAY_STARTERS)[i])
                     for s, i in pairs])


@settings(max_examples=120, deadline=None)
@given(reds=reds_strategy, data=st.data())
def test_engine_agrees_with_law_10_on_random_kick_orders(reds: list[tuple[Side, int]],
                                                         data: st.DataObject) -> None:
    state = _shootout_state(reds)
    eligible = {s: set(state.players_on_field(s)) for s in SIDES}
    cap = min(len(eligible["home"]), len(eligible["away"]))
    counts: dict[Side, dict[int, int]] = {"home": {}, "away": {}}
    side: Side = "home"
    everyone = {"home": HOME_STARTERS + HOME_SUBS, "away": AWAY_STARTERS + AWAY_SUBS}
    for _ in range(40):
        if shootout_decided(state) is not None:
            break
        # draw eligible kickers most of the time, anyone on the team list otherwise
        pool = sorted(eligible[side]) if data.draw(st.booleans()) else everyone[side]
        number = data.draw(st.sampled_from(pool))
        e = ev.ShootoutKick(team=side, player=number, scored=data.draw(st.booleans()))
        expected = _model_allows(state, side, number, counts, eligible, cap)
        refusal = check(state, e)
        assert (refusal is None) == expected, (number, refusal, counts)
        assert (number in next_kickers(state, side)) == expected
        if refusal is None:
            state = apply(state, e)
            counts[side][number] = counts[side].get(number, 0) + 1
            side = other_side(side)
    for s in SIDES:
        assert len(counts[s]) <= cap  # equal numbers: at most cap different kickers
        if counts[s]:
            assert max(counts[s].values()) - min(counts[s].values()) <= 1


@settings(max_examples=60, deadline=None)
@given(reds=reds_strategy, data=st.data())
def test_offered_kickers_are_always_accepted(reds: list[tuple[Side, int]],
                                             data: st.DataObject) -> None:
    state = _shootout_state(reds)
    side: Side = "home"
    for _ in range(50):  # both teams may miss for ever: stop somewhere
        if shootout_decided(state) is not None:
            break
        offered = next_kickers(state, side)
        assert offered, "a team always has someone to kick"
        number = data.draw(st.sampled_from(offered))
        state = apply(state, ev.ShootoutKick(team=side, player=number,
                                             scored=data.draw(st.booleans())))
        side = other_side(side)
    assert state.to_json()["shootout"] is not None


@pytest.mark.parametrize("team", ["home", "away"])
def test_teams_still_kick_alternately(team: str) -> None:
    first = kick(team, 9 if team == "home" else 29)
    again = kick(team, 10 if team == "home" else 30)
    assert "the teams kick alternately" in rejection([*SHOOTOUT, first, again], **RULES).reason


def test_cautions_of_the_match_are_not_carried_into_the_kicks() -> None:
    events = [start(1), card("home", 9), end(1), *SHOOTOUT[2:], card("home", 9)]
    state = run([*events, kick("home", 9)], **RULES)
    j = state.to_json()
    assert j["sent_off"] == [] and len(j["cautions"]) == 2
    assert state.shootout_taken["home"] == 1
    r = rejection([*events, card("home", 9), kick("home", 9)], **RULES)
    assert r.reason == "Home 9 (home #9) has already been sent off"
    state = run([*events, card("home", 9)], **RULES)
    assert state.to_json()["sent_off"][0]["reason"] == "second caution"


def test_the_order_of_the_teams_stays_the_same_every_round() -> None:
    events = [*SHOOTOUT, kick("away", 21), kick("home", 1)]
    r = rejection([*events, kick("home", 2)], **RULES)
    assert r.reason == ("the teams kick alternately, in the same order every round: it is "
                        "Away's kick (Law 10)")
    state = run([*events, kick("away", 22)], **RULES)
    assert state.shootout_taken == {"home": 1, "away": 2}
