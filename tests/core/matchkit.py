"""Build match logs for tests: full team lists, events written as in the match log."""

from __future__ import annotations

from typing import Any

from reviewtool.match.engine import Rejection, replay
from reviewtool.match.state import MatchState
from reviewtool.store import matchlog

HOME_STARTERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
HOME_SUBS = [12, 13, 14, 15, 16, 17, 18]
AWAY_STARTERS = [21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]
AWAY_SUBS = [32, 33, 34, 35, 36, 37, 38]


def team(name: str, starters: list[int], subs: list[int], coach: str) -> dict[str, Any]:
    players = [{"number": n, "name": f"{name} {n}", "starter": True} for n in starters]
    players[0]["goalkeeper"] = True
    players += [{"number": n, "name": f"{name} {n}", "starter": False} for n in subs]
    return {"name": name, "players": players,
            "staff": [{"name": coach, "role": "head coach"},
                      {"name": f"{coach} Jr", "role": "assistant coach"}]}


def document(events: list[dict[str, Any]], date: str = "2026-02-25", laws: str | None = None,
             **rules: Any) -> dict[str, Any]:
    match: dict[str, Any] = {
        "competition": "Test Cup", "date": date,
        "home": team("Home", HOME_STARTERS, HOME_SUBS, "Hank Coach"),
        "away": team("Away", AWAY_STARTERS, AWAY_SUBS, "Alma Coach"),
    }
    if laws:
        match["laws"] = laws
    if rules:
        match["rules"] = rules
    return {"format": "reviewtool-matchlog", "version": 1, "match": match, "events": events}


def run(events: list[dict[str, Any]], **kw: Any) -> MatchState:
    log = matchlog.parse(document(events, **kw))
    return replay(log.match, log.events)


def rejection(events: list[dict[str, Any]], **kw: Any) -> Rejection:
    log = matchlog.parse(document(events, **kw))
    try:
        replay(log.match, log.events)
    except Rejection as r:
        return r
    raise AssertionError("the log was accepted")


# Short-hands for events, in match-log form.
def start(p: int | str) -> dict[str, Any]:
    return {"type": "period_start", "period": p}


def end(p: int | str) -> dict[str, Any]:
    return {"type": "period_end", "period": p}


def goal(team: str, player: int, **kw: Any) -> dict[str, Any]:
    return {"type": "goal", "team": team, "player": player, **kw}


def card(team: str, player: int, colour: str = "yellow", **kw: Any) -> dict[str, Any]:
    return {"type": "card", "team": team, "player": player, "card": colour, **kw}


def sub(team: str, off: int, on: int, **kw: Any) -> dict[str, Any]:
    return {"type": "substitution", "team": team, "off": off, "on": on, **kw}


FULL_TIME = {"type": "full_time"}
NORMAL_TIME = [start(1), end(1), start(2)]
