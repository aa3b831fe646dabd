"""Permanent concussion substitutes: within and beyond the limit, the opponents' extra one."""

from __future__ import annotations

import json
from pathlib import Path

from reviewtool.match.engine import replay
from reviewtool.match.substitutes import substitutes_left
from reviewtool.store.matchlog import parse, to_json
from tests.core.matchkit import AWAY_SUBS, HOME_SUBS, rejection, run, start, sub

DATA = Path(__file__).parent / "data"


def concussion(team: str, off: int, on: int) -> dict[str, object]:
    return sub(team, off, on, concussion=True)


def test_england_iran_2022_concussion_substitute_is_counted() -> None:
    doc = json.loads((DATA / "wc2022-england-iran.json").read_text("utf-8"))
    log = parse(doc)
    state = replay(log.match, log.events)
    j = state.to_json()
    assert j["score"] == {"home": 6, "away": 2}
    assert j["substitutions"] == {"home": 5, "away": 1}
    assert j["on_field"] == {"home": 11, "away": 11}
    # Iran's concussion substitute gave England a sixth substitute; Iran keep their five
    assert substitutes_left(state, "home") == (1, 1)
    assert substitutes_left(state, "away") == (5, 0)
    assert to_json(log)["events"] == doc["events"]  # "concussion": true is written back


def test_a_concussion_substitute_is_allowed_after_all_normal_substitutes() -> None:
    normal = [sub("home", 2 + i, HOME_SUBS[i]) for i in range(5)]
    state = run([start(1), *normal, concussion("home", 7, HOME_SUBS[5])],
                concussion_substitutes=1)
    assert state.substitutions["home"] == 6 and state.on_field_count("home") == 11
    assert substitutes_left(state, "home") == (0, 0)
    assert substitutes_left(state, "away") == (6, 1)


def test_beyond_the_concussion_limit() -> None:
    events = [start(1), concussion("home", 2, 12), concussion("home", 3, 13)]
    assert rejection(events, concussion_substitutes=1).reason == (
        "Home have already used their concussion substitute")
    r = rejection([*events, concussion("home", 4, 14)], concussion_substitutes=2)
    assert r.position == 4 and r.reason == "Home have already used their 2 concussion substitutes"


def test_concussion_substitutes_not_in_use() -> None:
    r = rejection([start(1), concussion("away", 22, 32)])
    assert str(r) == ("event 2 (substitution): concussion substitutes are not in use in this "
                      "competition (rules.concussion_substitutes is 0)")


def test_the_opponents_extra_substitute_is_for_any_reason() -> None:
    away_five = [sub("away", 22 + i, AWAY_SUBS[i]) for i in range(5)]
    sixth = sub("away", 28, AWAY_SUBS[5])
    r = rejection([start(1), *away_five, sixth], concussion_substitutes=1)
    assert r.reason == "Away have already used all 5 substitutes"
    state = run([start(1), concussion("home", 2, 12), *away_five, sixth],
                concussion_substitutes=1)
    assert state.substitutions["away"] == 6
    seventh = sub("away", 29, AWAY_SUBS[6])
    r = rejection([start(1), concussion("home", 2, 12), *away_five, sixth, seventh],
                  concussion_substitutes=1)
    assert r.reason == "Away have already used all 6 substitutes"


def test_the_concussed_player_cannot_come_back() -> None:
    r = rejection([start(1), concussion("home", 2, 12), sub("home", 3, 2)],
                  concussion_substitutes=1)
    assert r.reason == "Home 2 (home #2) has already played and cannot come back on"


def test_a_concussion_substitute_before_kick_off_is_refused() -> None:
    r = rejection([concussion("home", 2, 12)], concussion_substitutes=1)
    assert "during the match, not before kick-off" in r.reason
