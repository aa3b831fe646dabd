"""Each rule of matchlog.md "What the engine enforces": the event is refused, named, explained."""

from __future__ import annotations

import pytest

from reviewtool.store.matchlog import MatchLogError, parse
from tests.core.matchkit import (
    FULL_TIME,
    NORMAL_TIME,
    card,
    document,
    end,
    goal,
    rejection,
    run,
    start,
    sub,
)


def test_unknown_team_is_a_reader_error_naming_the_place() -> None:
    with pytest.raises(MatchLogError, match=r'events\[1\]\.team: expected "home" or "away", '
                                            r'got "visitors"'):
        parse(document([start(1), goal("visitors", 9)]))


def test_unknown_player_number() -> None:
    r = rejection([start(1), goal("home", 99)])
    assert r.position == 2
    assert str(r) == "event 2 (goal): scorer #99 is not on Home's team list (home)"


def test_unknown_staff_name() -> None:
    r = rejection([start(1), {"type": "card", "team": "away", "staff": "Nobody", "card": "red"}])
    assert r.position == 2 and '"Nobody" is not on Away\'s staff list' in str(r)


def test_unknown_referenced_id() -> None:
    r = rejection([start(1), {"type": "goal_disallowed", "goal": "g9", "reason": "offside"}])
    assert str(r) == 'event 2 (goal_disallowed): no earlier event has the id "g9"'
    r = rejection([start(1), {"type": "var_check", "about": "x1", "outcome": "complete"}])
    assert r.position == 2 and 'no earlier event has the id "x1"' in r.reason


def test_reference_to_the_wrong_kind_of_event() -> None:
    r = rejection([start(1), card("home", 4, id="c1"), {"type": "goal_disallowed", "goal": "c1"}])
    assert r.position == 3 and '"c1" is event 2, a card, not a goal' in r.reason


def test_duplicate_ids() -> None:
    r = rejection([start(1), card("home", 4, id="c1"), card("home", 5, id="c1")])
    assert str(r) == 'event 3 (card, id c1): the id "c1" is already used by event 2'


def test_card_to_someone_sent_off() -> None:
    r = rejection([start(1), card("away", 25, "red"), card("away", 25, id="c7")])
    assert str(r) == "event 3 (card, id c7): Away 25 (away #25) has already been sent off"


def test_card_to_a_player_sent_off_for_a_second_caution() -> None:
    r = rejection([start(1), card("away", 25), card("away", 25), card("away", 25, "red")])
    assert r.position == 4 and "has already been sent off" in r.reason


def test_goal_by_someone_sent_off() -> None:
    r = rejection([start(1), card("home", 9, "red"), goal("home", 9)])
    assert r.position == 3 and r.reason == "Home 9 (home #9) has already been sent off"


def test_goal_by_a_player_not_on_the_field() -> None:
    r = rejection([start(1), goal("home", 12)])
    assert r.reason == "Home 12 (home #12) is not on the field and cannot score"
    r = rejection([start(1), sub("home", 9, 12), goal("home", 9)])
    assert r.position == 3 and "Home 9 (home #9) is not on the field" in r.reason


def test_own_goal_must_be_by_an_opponent_on_the_field() -> None:
    r = rejection([start(1), goal("home", 9, own_goal=True)])
    assert r.reason == "scorer #9 is not on Away's team list (away)"


def test_substitution_involving_someone_sent_off() -> None:
    r = rejection([start(1), card("home", 9, "red"), sub("home", 9, 12)])
    assert r.position == 3 and r.reason == "Home 9 (home #9) has already been sent off"
    r = rejection([start(1), card("home", 12, "red"), sub("home", 9, 12)])
    assert r.position == 3 and r.reason == "Home 12 (home #12) has already been sent off"


def test_substitution_beyond_the_allowed_number() -> None:
    subs = [sub("home", 1 + i, 12 + i) for i in range(5)]
    r = rejection([start(1), *subs, sub("home", 6, 17)])
    assert r.position == 7 and r.reason == "Home have already used all 5 substitutes"
    r = rejection([start(1), sub("home", 1, 12), sub("home", 2, 13)], substitutes=1)
    assert r.position == 3 and "all 1 substitutes" in r.reason


def test_substitution_of_a_player_not_on_the_field() -> None:
    r = rejection([start(1), sub("home", 13, 12)])
    assert r.reason == "Home 13 (home #13) is not on the field"


def test_substitution_bringing_on_someone_who_is_not_an_unused_substitute() -> None:
    r = rejection([start(1), sub("home", 9, 10)])
    assert r.reason == "Home 10 (home #10) is already on the field"
    r = rejection([start(1), sub("home", 9, 12), sub("home", 12, 9)])
    assert r.position == 3
    assert r.reason == "Home 9 (home #9) has already played and cannot come back on"


def test_goal_before_the_match_starts() -> None:
    r = rejection([goal("home", 9)])
    assert str(r) == "event 1 (goal): the match has not started (no period_start 1 yet)"


def test_goal_after_full_time() -> None:
    r = rejection([*NORMAL_TIME, end(2), FULL_TIME, goal("home", 9)])
    assert r.position == 6 and r.reason.startswith("the match is over (full time)")


def test_goal_between_periods() -> None:
    r = rejection([start(1), end(1), goal("home", 9)])
    assert r.position == 3 and "between periods" in r.reason


def test_periods_out_of_sequence() -> None:
    r = rejection([start(2)])
    assert r.reason == "periods out of sequence: period 2 cannot start before the match starts"
    r = rejection([start(1), end(1), start(1)])
    assert r.reason == "periods out of sequence: period 1 cannot start after period 1"
    r = rejection([start(1), start(2)])
    assert r.position == 2 and r.reason == "period 1 has not ended"
    r = rejection([start(1), end(2)])
    assert r.reason == "period 2 cannot end: period 1 is in play"
    r = rejection([start(1), FULL_TIME])
    assert "cannot end during or after the first half" in r.reason


def test_play_events_while_suspended() -> None:
    susp = {"type": "suspended", "reason": "lightning"}
    r = rejection([start(1), susp, goal("home", 9)])
    assert r.position == 3
    assert r.reason == "play is suspended (since event 2); record 'resumed' first"
    r = rejection([start(1), susp, sub("home", 9, 12)])
    assert r.position == 3 and "suspended" in r.reason
    # cards may still be shown while play is suspended
    state = run([start(1), susp, card("home", 4)])
    assert state.status == "suspended" and len(state.to_json()["cautions"]) == 1


def test_below_seven_players_only_cards_and_abandonment() -> None:
    reds = [card("away", n, "red") for n in (22, 23, 24, 25)]
    state = run([start(1), *reds])
    assert state.on_field_count("away") == 7
    r = rejection([start(1), *reds, card("away", 26, "red"), goal("home", 9)])
    assert r.position == 7
    assert r.reason.startswith("Away have fewer than 7 players on the field (6): "
                               "the match cannot continue (Law 3)")
    # a further card and then abandonment are still recorded
    state = run([start(1), *reds, card("away", 26, "red"), card("away", 27),
                 {"type": "abandoned", "reason": "fewer than 7 players"}])
    assert state.status == "abandoned" and state.on_field_count("away") == 6


def test_goal_disallowed_twice() -> None:
    r = rejection([start(1), goal("home", 9, id="g1"),
                   {"type": "goal_disallowed", "goal": "g1"},
                   {"type": "goal_disallowed", "goal": "g1"}])
    assert r.position == 4
    assert r.reason == 'the goal "g1" (event 2) has already been disallowed'


def test_card_rescinded_twice() -> None:
    r = rejection([start(1), card("home", 4, id="c1"), {"type": "card_rescinded", "card": "c1"},
                   {"type": "card_rescinded", "card": "c1"}])
    assert r.position == 4 and r.reason == 'the card "c1" (event 2) has already been withdrawn'


def test_extra_time_not_allowed_by_the_rules() -> None:
    r = rejection([*NORMAL_TIME, end(2), start(3)])
    assert r.position == 5 and r.reason == "the competition rules do not provide for extra time"


def test_extra_time_while_not_level() -> None:
    r = rejection([*NORMAL_TIME, goal("home", 9), end(2), start(3)], extra_time=True)
    assert r.position == 6
    assert r.reason == "extra time is played only when the match is level; it is 1-0"
    r = rejection([*NORMAL_TIME, goal("home", 9), end(2), start(3)], extra_time=True,
                  first_leg={"home": 0, "away": 0})
    assert r.reason == "extra time is played only when the tie is level; it is 1-0 on aggregate"


def test_penalties_not_allowed_or_not_level() -> None:
    r = rejection([*NORMAL_TIME, end(2), start("penalties")])
    assert r.reason == "the competition rules do not provide for kicks from the penalty mark"
    r = rejection([*NORMAL_TIME, goal("away", 29), end(2), start("penalties")], penalties=True)
    assert r.reason.startswith("kicks from the penalty mark are played only when the match is "
                               "level")


def test_full_time_refused_while_the_rules_call_for_extra_time() -> None:
    r = rejection([*NORMAL_TIME, end(2), FULL_TIME], extra_time=True, penalties=True,
                  first_leg={"home": 1, "away": 1})
    assert r.reason == "the tie is level after normal time: the rules call for extra time"


def test_nothing_after_a_rejected_event_is_applied() -> None:
    from reviewtool.match.engine import Rejection, replay

    log = parse(document([start(1), goal("home", 99), goal("home", 9)]))
    with pytest.raises(Rejection) as info:
        replay(log.match, log.events)
    assert info.value.position == 2
    assert replay(log.match, log.events, after=1).score.home == 0
