"""Historical matches: Laws editions from 1997/98, golden and silver goal, no VAR before 2016/17.

The scenarios are real matches kept in ``tests/core/data`` (each file's ``note`` says what was
checked against match reports and what was not).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reviewtool.laws.editions import edition_for_date, edition_named
from reviewtool.laws.offences import Circumstances, Manner, Opportunity, Sanction, propose
from reviewtool.match.engine import Rejection, replay
from reviewtool.store.matchlog import MatchLogError, parse
from tests.core.matchkit import FULL_TIME, NORMAL_TIME, document, end, goal, rejection, run, start

DATA = Path(__file__).parent / "data"


def load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text("utf-8"))


def final_state(doc: dict[str, Any]) -> dict[str, Any]:
    log = parse(doc)
    return replay(log.match, log.events).to_json()


def refusal(doc: dict[str, Any]) -> Rejection:
    log = parse(doc)
    with pytest.raises(Rejection) as info:
        replay(log.match, log.events)
    return info.value


EURO2000 = "euro2000-final-france-italy.json"
EURO2004 = "euro2004-semifinal-greece-czech.json"


# --- editions ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["1997/98", "1999/00", "2001/02", "2005/06", "2015/16"])
def test_every_edition_from_1997_is_known(name: str) -> None:
    assert edition_named(name).name == name
    doc = document([start(1)], laws=name)
    assert final_state(doc)["laws"] == name


def test_same_log_with_or_without_laws_gets_the_same_edition() -> None:
    named = final_state(document([start(1)], date="2002-06-18", laws="2001/02"))
    by_date = final_state(document([start(1)], date="2002-06-18"))
    assert named["laws"] == by_date["laws"] == "2001/02"


@pytest.mark.parametrize(("date", "laws", "message"), [
    ("1996-06-30", None, "match.date: 1996-06-30 is before the oldest Laws edition the engine "
                         "knows (known: 1997/98 to 2026/27)"),
    ("1997-06-30", None, "match.date: 1997-06-30 is before the oldest"),
    ("1996-06-30", "1995/96", 'match.laws: unknown Laws edition "1995/96" (known: 1997/98 to '
                              '2026/27)'),
    ("2026-02-25", "2027/28", 'match.laws: unknown Laws edition "2027/28" (known: 1997/98 to '),
])
def test_editions_outside_the_range_are_refused_naming_it(date: str, laws: str | None,
                                                          message: str) -> None:
    with pytest.raises(MatchLogError) as info:
        parse(document([], date=date, laws=laws))
    assert str(info.value).startswith(message)


def test_euro96_final_is_older_than_the_laws_the_engine_knows() -> None:
    with pytest.raises(MatchLogError, match=r"1996-06-30 is before .* 1997/98 to"):
        parse(load("euro1996-final-germany-czech.json"))
    assert edition_for_date(dt.date(1997, 7, 1)).name == "1997/98"


def test_a_date_after_the_newest_edition_uses_it_and_says_so(tmp_path: Path) -> None:
    doc = document([start(1)], date="2031-03-01")
    assert final_state(doc)["laws"] == "2026/27"
    assert parse(doc).notices == ("match.date 2031-03-01 is after the newest Laws edition this "
                                  "reviewtool knows: applying 2026/27",)
    assert parse(document([start(1)], date="2031-03-01", laws="2026/27")).notices == ()
    log = tmp_path / "future.json"
    log.write_text(json.dumps(doc), "utf-8")
    r = subprocess.run([sys.executable, "-m", "reviewtool", "replay", str(log)],
                       capture_output=True, text=True)
    assert r.returncode == 0 and json.loads(r.stdout)["laws"] == "2026/27"
    assert "after the newest Laws edition" in r.stderr and "applying 2026/27" in r.stderr


# --- no VAR before 2016/17 -----------------------------------------------------------------

def test_a_var_event_before_2016_is_refused_naming_the_edition() -> None:
    doc = load(EURO2000)
    doc["events"].insert(17, {"type": "var_check", "about": "g-trezeguet",
                              "outcome": "complete"})
    r = refusal(doc)
    assert str(r) == ("event 18 (var_check): there is no VAR under the 1999/00 Laws applied to "
                      "this match (the video assistant referee entered the Laws in 2016/17)")
    doc["events"][17] = {"type": "review", "kind": "on_field", "outcome": "confirmed"}
    assert refusal(doc).position == 18 and "1999/00" in refusal(doc).reason


def test_var_is_known_from_2016_17() -> None:
    var = {"type": "var_check", "outcome": "complete"}
    assert rejection([start(1), var], laws="2015/16").position == 2
    assert run([start(1), var], laws="2016/17").status == "in_play"


def test_no_double_jeopardy_relief_before_2016_17() -> None:
    c = Circumstances(opportunity=Opportunity.DOGSO, inside_own_penalty_area=True,
                      attempt_to_play_ball=True, manner=Manner.CARELESS)
    assert propose("tripping", c, edition_named("2016/17")).sanction is Sanction.CAUTION
    old = propose("tripping", c, edition_named("2005/06"))
    assert old.sanction is Sanction.SENDING_OFF
    assert any("No double-jeopardy relief under the 2005/06 Laws" in r for r in old.reasons)


# --- golden goal: EURO 2000 final -----------------------------------------------------------

def test_euro2000_final_is_won_by_a_golden_goal() -> None:
    state = final_state(load(EURO2000))
    assert state["score"] == {"home": 2, "away": 1}
    assert (state["winner"], state["decided_by"]) == ("home", "golden_goal")
    assert state["laws"] == "1999/00" and state["status"] == "full_time"
    assert [g["name"] for g in state["goals"]] == ["Marco Delvecchio", "Sylvain Wiltord",
                                                  "David Trezeguet"]
    assert len(state["cautions"]) == 3 and state["substitutions"] == {"home": 3, "away": 3}


def test_no_goal_and_no_more_extra_time_after_the_golden_goal() -> None:
    doc = load(EURO2000)
    doc["events"].insert(17, goal("away", 19, minute="110"))
    r = refusal(doc)
    assert r.position == 18
    assert r.reason == ("the golden goal (David Trezeguet, 103') has already ended the match "
                        "(rules.golden_goal)")
    doc = load(EURO2000)
    doc["events"][17:] = [end(3), start(4)]
    assert refusal(doc).position == 19 and "golden goal" in refusal(doc).reason


def test_without_the_golden_goal_rule_extra_time_goes_on() -> None:
    doc = load(EURO2000)
    del doc["match"]["rules"]["golden_goal"]
    assert refusal(doc).reason == "the second half of extra time has not been played"
    doc["events"][17:] = [end(3), start(4), end(4), FULL_TIME]
    state = final_state(doc)
    assert state["decided_by"] == "extra_time"


def test_golden_goal_in_the_second_half_of_extra_time() -> None:
    events = [*NORMAL_TIME, end(2), start(3), end(3), start(4), goal("away", 25, minute="117"),
              FULL_TIME]
    state = run(events, extra_time=True, penalties=True, golden_goal=True)
    assert (state.to_json()["winner"], state.to_json()["decided_by"]) == ("away", "golden_goal")


# --- silver goal: EURO 2004 semi-final -------------------------------------------------------

def test_euro2004_semi_final_is_won_by_a_silver_goal() -> None:
    state = final_state(load(EURO2004))
    assert state["score"] == {"home": 1, "away": 0}
    assert (state["winner"], state["decided_by"]) == ("home", "silver_goal")
    assert state["laws"] == "2003/04"


def test_no_second_half_of_extra_time_after_a_silver_goal_lead() -> None:
    doc = load(EURO2004)
    doc["events"][8:] = [start(4), goal("away", 9, minute="110")]
    r = refusal(doc)
    assert r.position == 9
    assert r.reason == ("Greece lead after the first half of extra time: the silver goal rule "
                        "ends the match there (rules.silver_goal)")


def test_silver_goal_level_after_the_first_half_plays_the_second() -> None:
    doc = load(EURO2004)
    doc["events"][6:] = [end(3), start(4), goal("home", 5, minute="115"), end(4), FULL_TIME]
    state = final_state(doc)
    assert (state["winner"], state["decided_by"]) == ("home", "extra_time")
    level = copy.deepcopy(doc)
    level["events"][7:] = [FULL_TIME]
    assert refusal(level).reason == "the second half of extra time has not been played"


def test_no_var_review_is_proposed_before_2016_17() -> None:
    from reviewtool.laws.var import ReviewCategory, reviewability

    old = reviewability(ReviewCategory.GOAL, edition_named("2005/06"))
    assert not old.allowed and "no VAR under the 2005/06 Laws" in old.reason
    assert reviewability(ReviewCategory.GOAL, edition_named("2016/17")).allowed


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.json")))
def test_the_published_schema_accepts_the_scenarios(name: str) -> None:
    import jsonschema

    from reviewtool.resources import resource

    schema = json.loads(resource("schema", "matchlog-v1.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(load(name))


def test_under_the_silver_goal_the_first_half_of_extra_time_is_played_out() -> None:
    doc = load(EURO2004)
    doc["events"][7:7] = [goal("away", 9, minute="105+2"), goal("home", 9, minute="105+3")]
    state = final_state(doc)  # 2-1 at the end of the first half of extra time: over
    assert state["score"] == {"home": 2, "away": 1}
    assert (state["winner"], state["decided_by"]) == ("home", "silver_goal")
