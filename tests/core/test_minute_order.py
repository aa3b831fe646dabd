"""Minutes never go back: the event list is the order things happened (match-log contract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtool.match.catalogue import proposed_minute
from reviewtool.match.engine import replay
from reviewtool.resources import demo_log
from reviewtool.store import matchlog
from tests.core.matchkit import FULL_TIME, NORMAL_TIME, card, end, goal, rejection, run, start

DATA = Path(__file__).parent / "data"


def test_a_minute_earlier_than_an_earlier_events_is_refused_naming_both() -> None:
    r = rejection([start(1), goal("home", 9, minute="13"), card("away", 25, minute="3")])
    assert str(r) == ("event 3 (card): minute 3 is earlier than minute 13 of event 2 (goal); "
                      "events are recorded in the order they happened")


def test_a_caution_at_3_after_full_time_is_refused() -> None:
    events = [*NORMAL_TIME, goal("home", 9, minute="90+8"), end(2), FULL_TIME]
    r = rejection([*events, card("away", 25, minute="3")])
    assert r.position == len(events) + 1 and "minute 3 is earlier than minute 90+8" in r.reason
    # without any earlier minute, the period still says no
    r = rejection([*NORMAL_TIME, end(2), FULL_TIME, card("away", 25, minute="3")])
    assert r.reason == "minute 3 is earlier than full time (90)"
    assert run([*events, card("away", 25, minute="90+9")]).status == "full_time"


@pytest.mark.parametrize("minute,ok", [("3", False), ("45+2", False), ("45", True), ("46", True),
                                       ("90+4", True), ("91", False)])
def test_a_minute_must_fit_the_period_in_play(minute: str, ok: bool) -> None:
    events = [start(1), end(1), start(2), card("away", 25, minute=minute)]
    if ok:
        assert run(events).cards
    else:
        assert "is not in period 2" in rejection(events).reason


def test_equal_minutes_and_first_half_added_time_before_46_are_in_order() -> None:
    s = run([start(1), card("home", 9, minute="45+2"), goal("home", 9, minute="45+2"),
             end(1), start(2), card("away", 25, minute="46")])
    assert s.last_minute == ("46", 6, "card")


def test_every_real_log_still_replays() -> None:
    replayed = 0
    for path in [demo_log(), *sorted(DATA.glob("*.json"))]:
        try:
            log = matchlog.read(path)
        except matchlog.MatchLogError:
            continue  # EURO 96: refused by the reader for its Laws edition, before any minute
        replay(log.match, log.events)
        replayed += 1
    assert replayed == 4


def test_the_proposed_minute_is_never_before_the_last_recorded_one() -> None:
    state = run([*NORMAL_TIME, goal("home", 9, minute="90+8")])
    assert proposed_minute(state, "90+5") == "90+8"
    assert proposed_minute(state, "90+9") == "90+9"
    assert proposed_minute(state, "") == "90+8"
    assert proposed_minute(state, "nonsense") == "90+8"
    assert proposed_minute(run([start(1)]), "12") == "12"
