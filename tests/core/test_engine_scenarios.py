"""Scenarios in the shape of real matches; each checks the whole resulting match state."""

from __future__ import annotations

from reviewtool.match.engine import replay
from reviewtool.resources import demo_log
from reviewtool.store import matchlog
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

SCENE_END = [end(2), FULL_TIME]


def test_second_caution_is_a_sending_off_with_both_cautions_listed() -> None:
    s = run([start(1), card("away", 25, minute="13"), card("away", 25, minute="90+7"),
             *[end(1)], start(2), *SCENE_END])
    j = s.to_json()
    assert j["on_field"] == {"home": 11, "away": 10}
    assert [c["minute"] for c in j["cautions"]] == ["13", "90+7"]
    assert j["sent_off"] == [{"team": "away", "player": 25, "name": "Away 25", "minute": "90+7",
                              "reason": "second caution", "role": "player"}]


def test_bench_cards_do_not_change_the_players_on_the_field() -> None:
    s = run([*NORMAL_TIME, sub("home", 4, 12), card("home", 4, "red", minute="90+7"),
             card("away", 33, "red", minute="90+7"),
             {"type": "card", "team": "away", "staff": "Alma Coach", "card": "red"}])
    j = s.to_json()
    assert j["on_field"] == {"home": 11, "away": 11}
    roles = {(x["team"], x.get("player", x.get("staff"))): x["role"] for x in j["sent_off"]}
    assert roles == {("home", 4): "substituted", ("away", 33): "substitute",
                     ("away", "Alma Coach"): "staff"}


def test_bench_caution_counts_once_the_substitute_enters() -> None:
    s = run([start(1), card("home", 12), sub("home", 9, 12), card("home", 12)])
    assert s.on_field_count("home") == 10
    assert s.to_json()["sent_off"][0]["reason"] == "second caution"


def test_goal_disallowed_after_review_takes_the_score_back() -> None:
    events = [start(1), goal("home", 9, id="g1", minute="30"),
              {"type": "var_check", "about": "g1", "outcome": "review_recommended"},
              {"type": "review", "kind": "var_only", "about": "g1", "outcome": "overturned",
               "original": "goal", "final": "offside"},
              {"type": "goal_disallowed", "goal": "g1", "reason": "offside"},
              {"type": "restart", "kind": "indirect_free_kick", "team": "away"},
              card("home", 9, minute="31", reason="removing the shirt in celebration")]
    s = run(events)
    assert s.score.home == 0 and s.to_json()["goals"] == []
    assert len(s.to_json()["cautions"]) == 1  # the celebration caution stands
    log = matchlog.parse(document(events))
    assert replay(log.match, log.events, after=2).score.home == 1  # before the review


def test_yellow_rescinded_and_replaced_by_red_after_review() -> None:
    s = run([start(1), card("away", 24, id="y1", minute="40"),
             {"type": "review", "kind": "on_field", "about": "y1", "outcome": "overturned",
              "original": "caution", "final": "sending-off"},
             {"type": "card_rescinded", "card": "y1"},
             card("away", 24, "red", minute="41", reason="serious foul play")])
    j = s.to_json()
    assert j["cautions"] == [] and j["sent_off"][0]["reason"] == "red card"
    assert j["on_field"]["away"] == 10


def test_rescinding_a_second_yellow_withdraws_the_sending_off() -> None:
    s = run([start(1), card("away", 24), card("away", 24, id="y2"),
             {"type": "card_rescinded", "card": "y2"}, goal("away", 24)])
    assert s.on_field_count("away") == 11 and s.score.away == 1
    assert len(s.to_json()["cautions"]) == 1


def test_mistaken_identity_moves_the_card_and_the_wrong_player_returns() -> None:
    s = run([start(1), card("away", 22, "yellow", id="c1"),
             {"type": "card_rescinded", "card": "c1"},
             card("away", 22, "red", id="c2", reason="DOGSO"),
             {"type": "card_reassigned", "card": "c2", "player": 23}])
    j = s.to_json()
    assert j["on_field"]["away"] == 10
    assert [x["player"] for x in j["sent_off"]] == [23]
    assert 22 in s.players_on_field("away") and 23 not in s.players_on_field("away")


def test_reassigning_a_yellow_to_a_cautioned_player_sends_them_off() -> None:
    s = run([start(1), card("away", 23), card("away", 22, id="c2"),
             {"type": "card_reassigned", "card": "c2", "player": 23}])
    assert s.to_json()["sent_off"][0]["player"] == 23
    assert s.to_json()["sent_off"][0]["reason"] == "second caution"


def test_own_goal_counts_for_the_opponents() -> None:
    s = run([start(1), goal("home", 24, own_goal=True, minute="12")])
    assert s.score.home == 1 and s.score.away == 0
    assert s.to_json()["goals"] == [{"team": "home", "player": 24, "name": "Away 24",
                                     "minute": "12", "penalty": False, "own_goal": True}]


def test_penalty_saved_and_retaken() -> None:
    s = run([start(1), {"type": "restart", "kind": "penalty_kick", "team": "home"},
             {"type": "penalty_kick", "team": "home", "player": 10, "outcome": "retake",
              "note": "goalkeeper off the line"},
             card("away", 21, minute="20", reason="goalkeeper offence, second time"),
             goal("home", 10, penalty=True, minute="21")])
    assert s.score.home == 1 and s.to_json()["goals"][0]["penalty"] is True


def test_tie_won_on_aggregate_after_normal_time() -> None:
    s = run([*NORMAL_TIME, goal("home", 9), goal("home", 8), *SCENE_END],
            first_leg={"home": 1, "away": 2}, extra_time=True, penalties=True)
    j = s.to_json()
    assert j["aggregate"] == {"home": 3, "away": 2}
    assert (j["winner"], j["decided_by"]) == ("home", "aggregate")
    assert j["score"] == {"home": 2, "away": 0}


def test_level_tie_goes_to_extra_time_then_penalties() -> None:
    events = [*NORMAL_TIME, goal("home", 9), end(2), start(3), end(3), start(4),
              sub("home", 1, 12), sub("home", 2, 13), sub("home", 3, 14), sub("home", 4, 15),
              sub("home", 5, 16), sub("home", 6, 17), end(4), start("penalties")]
    kicks = [(h, a) for h, a in [(True, True), (True, False), (True, True), (True, False)]]
    for i, (h, a) in enumerate(kicks):
        events += [{"type": "shootout_kick", "team": "home", "player": 7 + i, "scored": h},
                   {"type": "shootout_kick", "team": "away", "player": 27 + i, "scored": a}]
    events.append(FULL_TIME)
    s = run(events, first_leg={"home": 0, "away": 1}, extra_time=True, penalties=True)
    j = s.to_json()
    assert j["score"] == {"home": 1, "away": 0} and j["aggregate"] == {"home": 1, "away": 1}
    assert j["shootout"] == {"home": 4, "away": 2}
    assert (j["winner"], j["decided_by"]) == ("home", "penalties")
    assert j["substitutions"]["home"] == 6  # the sixth came in extra time
    assert j["period"] == "penalties" and j["status"] == "full_time"


def test_shootout_cannot_end_before_it_is_decided_or_go_on_after() -> None:
    base = [*NORMAL_TIME, end(2), start("penalties")]
    kick = {"type": "shootout_kick", "team": "home", "player": 9, "scored": True}
    r = rejection([*base, kick, FULL_TIME], penalties=True)
    assert r.reason == "the kicks from the penalty mark have not produced a winner yet"
    r = rejection([*base, kick, kick], penalties=True)
    assert r.reason == ("the teams kick alternately, in the same order every round: it is "
                        "Away's kick (Law 10)")


def test_extra_time_winner() -> None:
    s = run([*NORMAL_TIME, end(2), start(3), goal("away", 29, minute="105+1"), end(3), start(4),
             end(4), FULL_TIME], extra_time=True, penalties=True)
    j = s.to_json()
    assert (j["winner"], j["decided_by"]) == ("away", "extra_time")


def test_legacy_tie_on_away_goals() -> None:
    legacy = {"date": "2019-03-05", "away_goals": True, "extra_time": True}
    s = run([*NORMAL_TIME, goal("home", 9), goal("home", 8), goal("away", 29), *SCENE_END],
            first_leg={"home": 0, "away": 1}, **legacy)
    j = s.to_json()
    assert j["aggregate"] == {"home": 2, "away": 2}
    # away goals: home scored 0 away (first leg), away scored 1 away (here)
    assert (j["winner"], j["decided_by"]) == ("away", "away_goals")
    # level on away goals too: extra time is due, so full time is refused
    r = rejection([*NORMAL_TIME, goal("home", 9), goal("home", 8), goal("away", 29),
                   *SCENE_END], first_leg={"home": 1, "away": 2}, **legacy)
    assert r.reason == "the tie is level after normal time: the rules call for extra time"


def test_away_goals_do_not_count_without_the_legacy_rule() -> None:
    r = rejection([*NORMAL_TIME, goal("home", 9), goal("home", 8), goal("away", 29),
                   end(2), FULL_TIME], first_leg={"home": 0, "away": 1}, extra_time=True)
    assert "the rules call for extra time" in r.reason


def test_suspension_and_resumption() -> None:
    s = run([start(1), {"type": "suspended", "reason": "floodlight failure", "minute": "30"},
             {"type": "resumed"}, goal("home", 9, minute="31")])
    assert s.status == "in_play" and s.score.home == 1


def test_abandonment_below_seven_players_with_an_awarded_result() -> None:
    reds = [card("away", n, "red") for n in (22, 23, 24, 25, 26)]
    s = run([start(1), goal("away", 29), *reds,
             {"type": "abandoned", "reason": "fewer than 7 players",
              "result": {"home": 3, "away": 0}}])
    j = s.to_json()
    assert j["status"] == "abandoned" and j["on_field"]["away"] == 6
    assert j["score"] == {"home": 3, "away": 0}
    assert (j["winner"], j["decided_by"]) == ("home", "organiser")


def test_cards_after_full_time_are_recorded_but_change_no_count() -> None:
    s = run([*NORMAL_TIME, *SCENE_END, card("home", 9, "red", reason="violent conduct"),
             card("away", 32, "red")])
    j = s.to_json()
    assert j["on_field"] == {"home": 11, "away": 11}
    assert len(j["sent_off"]) == 2 and j["status"] == "full_time"


def test_starter_sent_off_before_kick_off_is_replaced_without_using_a_substitution() -> None:
    s = run([card("home", 5, "red", reason="violent conduct in the tunnel"),
             sub("home", 5, 12), start(1)])
    j = s.to_json()
    assert j["on_field"]["home"] == 11 and j["substitutions"]["home"] == 0
    assert j["sent_off"][0]["role"] == "player"


def test_the_demo_match() -> None:
    log = matchlog.read(demo_log())
    j = replay(log.match, log.events).to_json()
    assert j["score"] == {"home": 4, "away": 1} and j["aggregate"] == {"home": 4, "away": 3}
    assert (j["winner"], j["decided_by"]) == ("home", "aggregate")
    assert j["on_field"] == {"home": 11, "away": 10}
    assert j["substitutions"] == {"home": 4, "away": 4}
    assert [(x["name"], x["reason"], x["role"]) for x in j["sent_off"]] == [
        ("Ramy Bensebaini", "second caution", "player"),
        ("Nico Schlotterbeck", "red card", "substitute"),
        ("Giorgio Scalvini", "red card", "substituted")]
    assert [c["name"] for c in j["cautions"]] == ["Ramy Bensebaini"] * 2


def test_the_demo_before_the_incident() -> None:
    log = matchlog.read(demo_log())
    j = replay(log.match, log.events, after=16).to_json()
    assert j["score"] == {"home": 3, "away": 1} and j["aggregate"] == {"home": 3, "away": 3}
    assert j["on_field"] == {"home": 11, "away": 11} and j["winner"] is None
    assert [c["name"] for c in j["cautions"]] == ["Ramy Bensebaini"] and j["sent_off"] == []
