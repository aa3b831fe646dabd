"""The match-event catalogue: what a form may offer in a given state, and new ids."""

from __future__ import annotations

from reviewtool.match import catalogue as cat
from reviewtool.match import events as ev
from reviewtool.match.engine import apply
from tests.core.matchkit import HOME_STARTERS, HOME_SUBS, card, end, run, start, sub

RULES = {"extra_time": True, "penalties": True}
TO_THE_END = [start(1), end(1), start(2), end(2), start(3), end(3), start(4), end(4)]


def types(kinds: list[cat.EventKind]) -> set[str]:
    return {k.type for k in kinds}


def test_before_kick_off_only_the_first_half_cards_and_line_up_changes() -> None:
    state = run([], **RULES)
    assert cat.periods_to_start(state) == [1]
    assert types(cat.possible(state)) == {"card", "substitution", "period_start", "abandoned"}
    assert cat.why_not(state, "goal") == "the match has not started (no period_start 1 yet)"


def test_periods_follow_the_rules_and_the_score() -> None:
    assert cat.periods_to_start(run(TO_THE_END[:4], **RULES)) == [3]
    assert cat.periods_to_start(run(TO_THE_END[:4])) == []  # no extra time, no penalties
    assert cat.periods_to_start(run(TO_THE_END, **RULES)) == ["penalties"]
    assert cat.periods_to_end(run(TO_THE_END[:3], **RULES)) == [2]
    assert cat.PERIOD_LABELS["penalties"] == "Kicks from the penalty mark"


def test_during_the_shootout_the_kick_and_the_next_kickers() -> None:
    state = run([start(1), card("home", 4, "red"), *TO_THE_END[1:], start("penalties")],
                **RULES)
    assert "shootout_kick" in types(cat.possible(state))
    assert "goal" not in types(cat.possible(state))
    eligible, cap, following = cat.shootout_kickers(state, "home")
    assert 4 not in eligible and len(eligible) == 10 and cap == 10
    assert following == eligible
    assert cat.eligible(state, "shootout_kick", "away") == [21, *range(22, 32)]
    state = apply(state, ev.ShootoutKick(team="home", player=9, scored=True))
    assert 9 not in cat.eligible(state, "shootout_kick", "home")
    assert cat.why_not(state, "shootout_kick") is None  # away's turn


def test_people_offered_for_each_kind() -> None:
    state = run([start(1), sub("home", 9, 12), card("home", 5, "red")])
    on_field = cat.eligible(state, "goal", "home")
    assert 9 not in on_field and 5 not in on_field and 12 in on_field
    assert 5 not in cat.eligible(state, "card", "home") and 9 in cat.eligible(state, "card",
                                                                               "home")
    assert cat.substitutes_available(state, "home") == HOME_SUBS[1:]
    assert len(cat.eligible(state, "player_off", "home")) == len(HOME_STARTERS) - 1


def test_new_ids_are_readable_and_unique() -> None:
    state = run([start(1), card("away", 25, id="y-25")])
    yellow = ev.Card(team="away", player=25, card="yellow")
    assert cat.new_id(state, yellow) == "y-25-2"  # the surname of "Away 25", already used
    assert cat.new_id(state, ev.Goal(team="home", player=9, minute="90+8")) == "goal-90-8"
    assert cat.new_id(state, ev.Restart(kind="corner_kick", team="home", minute="12")) == \
        "corner-12"
    kfpm = run([*TO_THE_END, start("penalties")], **RULES)
    assert cat.new_id(kfpm, ev.ShootoutKick(team="home", player=9, scored=True)) == \
        "kfpm-home-1"
    assert cat.unique_id("a", {"a", "a-2"}) == "a-3"
