"""Reading and writing the match log, and ``reviewtool replay``."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from reviewtool.resources import demo_log, resource
from reviewtool.store import matchlog
from reviewtool.store.matchlog import MatchLogError, parse
from tests.core.matchkit import document, goal, start

DEMO = json.loads(demo_log().read_text("utf-8"))


def _broken(path: str, value: object) -> dict:
    doc = copy.deepcopy(DEMO)
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is KeyError:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return doc


@pytest.mark.parametrize(("path", "value", "message"), [
    ("events.12.team", "visitors",
     'event 13 (substitution): events[12].team: expected "home" or "away", got "visitors"'),
    ("events.3.minute", "45 min", 'event 4 (goal): events[3].minute: expected a match minute '
                                  'like "45+2", got "45 min"'),
    ("events.2.card", KeyError, 'event 3 (card, id y-bensebaini-1): events[2]: missing field '
                               '"card"'),
    ("events.0.period", 5,
     'event 1 (period_start): events[0].period: expected 1, 2, 3, 4 or "penalties", got 5'),
    ("events.1.player", "9", 'event 2 (goal): events[1].player: expected a whole number, '
                              'got "9"'),
    ("match.home.players.0.starter", "yes",
     'match.home.players[0].starter: expected true or false, got "yes"'),
    ("match.date", "25/02/2026", 'match.date: expected a date like "2026-02-25", got '
                                 '"25/02/2026"'),
    ("match.date", "2026-02-30", 'match.date: "2026-02-30" is not a real date'),
    ("match.laws", "2031/32", 'match.laws: unknown Laws edition "2031/32" (known: 1997/98 to '),
    ("format", "matchlog", 'format: expected "reviewtool-matchlog", got "matchlog"'),
    ("events.7.minute", "30+2",
     'event 8 (substitution): events[7].minute: "30+2": added time follows only 45'),
    ("match.away.players.1.number", 1,
     "match.away.players[1].number: shirt number 1 is already used by players[0] of "
     "Borussia Dortmund"),
])
def test_malformed_documents_name_the_place(path: str, value: object, message: str) -> None:
    with pytest.raises(MatchLogError) as info:
        parse(_broken(path, value))
    assert str(info.value).startswith(message)


def test_newer_version_is_refused_clearly() -> None:
    with pytest.raises(MatchLogError, match="version 2 is newer"):
        parse(_broken("version", 2))


def test_not_json_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "reviewtool-matchlog",', "utf-8")
    with pytest.raises(MatchLogError, match=r"bad.json: not valid JSON \(line 1"):
        matchlog.read(bad)
    with pytest.raises(MatchLogError, match="no such file"):
        matchlog.read(tmp_path / "none.json")


def test_demo_round_trips_exactly(tmp_path: Path) -> None:
    log = matchlog.read(demo_log())
    assert matchlog.to_json(log) == DEMO
    out = tmp_path / "out.json"
    matchlog.write(log, out)
    assert matchlog.read(out) == log
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left behind


def test_unknown_fields_are_kept() -> None:
    doc = document([{**start(1), "camera": "main"}, goal("home", 9, xg=0.4)])
    doc["match"]["weather"] = "rain"
    assert matchlog.to_json(parse(doc)) == doc


def test_schema_is_valid_and_accepts_the_shared_example() -> None:
    schema = json.loads(resource("schema", "matchlog-v1.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(DEMO, schema)


def _replay(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewtool", "replay", *args],
                          capture_output=True, text=True)


def test_replay_cli_prints_the_state() -> None:
    r = _replay(str(demo_log()))
    assert r.returncode == 0 and r.stderr == ""
    state = json.loads(r.stdout)
    assert state["score"] == {"home": 4, "away": 1} and state["winner"] == "home"
    r = _replay(str(demo_log()), "--after", "16")
    assert json.loads(r.stdout)["aggregate"] == {"home": 3, "away": 3}


def test_replay_cli_rejection_goes_to_stderr_with_exit_2(tmp_path: Path) -> None:
    doc = copy.deepcopy(DEMO)
    doc["events"].insert(20, {"type": "card", "id": "c7", "team": "away", "player": 5,
                              "card": "red"})
    log = tmp_path / "log.json"
    log.write_text(json.dumps(doc), "utf-8")
    r = _replay(str(log))
    assert r.returncode == 2 and r.stdout == ""
    assert "event 21 (card, id c7): Ramy Bensebaini (away #5) has already been sent off" \
        in r.stderr
    log.write_text("[]", "utf-8")
    r = _replay(str(log))
    assert r.returncode == 2 and "expected a JSON object" in r.stderr
