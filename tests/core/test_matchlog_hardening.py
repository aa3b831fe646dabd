"""The match-log reader on hostile input: strict JSON, bounded size, one-line messages.

Every message about an event names it by its 1-based position ("event K"), whatever kind of
problem it is, with the JSON path after it. Nothing here may end in a traceback or a hang.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewtool.resources import demo_log
from reviewtool.store import matchlog
from reviewtool.store.matchlog import MAX_BYTES, MAX_ITEMS, MatchLogError, parse

DEMO = json.loads(demo_log().read_text("utf-8"))
DEMO_TEXT = json.dumps(DEMO, ensure_ascii=False)  # one line: easy to edit by replacing text


def read_text(tmp_path: Path, text: str) -> MatchLogError:
    path = tmp_path / "log.json"
    path.write_text(text, "utf-8")
    with pytest.raises(MatchLogError) as info:
        matchlog.read(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path))
    return info.value


def message_of(doc: Any) -> str:
    with pytest.raises(MatchLogError) as info:
        parse(doc)
    assert "\n" not in str(info.value)
    return str(info.value)


# --- strict JSON ---------------------------------------------------------------------------

def test_duplicate_keys_are_refused_where_they_are(tmp_path: Path) -> None:
    text = DEMO_TEXT.replace('"type": "goal", "minute": "5"',
                             '"type": "goal", "player": 9, "minute": "5"', 1)
    assert text != DEMO_TEXT
    e = read_text(tmp_path, text)
    assert str(e).endswith('event 2 (goal): events[1]: the key "player" appears twice in one '
                           "object")
    assert e.position == 2
    e = read_text(tmp_path, '{"format": "reviewtool-matchlog", "format": "x"}')
    assert str(e).endswith('document: the key "format" appears twice in one object')


@pytest.mark.parametrize(("old", "new", "message"), [
    ('"version": 1', '"version": 1.0', "version: expected a whole number, got 1.0"),
    ('"player": 9}', '"player": 9.0}', "event 2 (goal): events[1].player: expected a whole "
                                       "number, got 9.0"),
    ('"period": 1}', '"period": 1.0}', 'event 1 (period_start): events[0].period: expected 1, '
                                       '2, 3, 4 or "penalties", got 1.0'),
    ('"minute": "5"', '"minute": "5\\n"', 'event 2 (goal): events[1].minute: expected a match '
                                          'minute like "45+2", got "5\\n"'),
    ('"minute": "5"', '"minute": "\u0665"', 'event 2 (goal): events[1].minute: expected a '
                                            'match minute like "45+2", got "\u0665"'),
    ('"minute": "5"', '"minute": "\uff15"', "events[1].minute: expected a match minute"),
    ('"date": "2026-02-25"', '"date": "\u0662026-02-25"', "match.date: expected a date like"),
    ('"laws": "2025/26"', '"laws": "2025/26\\n"', "match.laws: expected a Laws edition like"),
    ('"player": 9}', '"player": NaN}', "event 2 (goal): events[1].player: NaN is not a JSON "
                                       "number"),
])
def test_integers_and_the_minute_format_are_strict(tmp_path: Path, old: str, new: str,
                                                   message: str) -> None:
    text = DEMO_TEXT.replace(old, new, 1)
    assert text != DEMO_TEXT
    assert message in str(read_text(tmp_path, text))


def test_deep_nesting_is_one_line(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    e = read_text(tmp_path, deep)
    assert str(e).endswith("JSON nested too deeply (at most 64 levels are read)")
    doc = copy.deepcopy(DEMO)
    nested: Any = 1
    for _ in range(200):
        nested = [nested]
    doc["events"][4]["camera"] = nested
    e = read_text(tmp_path, json.dumps(doc))
    assert "event 5 (period_end): events[4].camera[0][0]" in str(e)
    assert "nested too deeply" in str(e)


def test_huge_integers_are_one_line(tmp_path: Path) -> None:
    text = DEMO_TEXT.replace('"player": 9}', '"player": ' + "9" * 5000 + "}", 1)
    e = read_text(tmp_path, text)
    assert str(e).endswith("event 2 (goal): events[1].player: an integer of 5000 digits (at "
                           "most 30 are read)")
    e = read_text(tmp_path, '{"x": -' + "1" * 5000 + "}")
    assert str(e).endswith("x: an integer of 5000 digits (at most 30 are read)")


def test_numbers_no_float_holds_and_lone_surrogates_are_refused(tmp_path: Path) -> None:
    doc = copy.deepcopy(DEMO)
    doc["events"][3]["xg"] = "XG"
    text = json.dumps(doc).replace('"XG"', "1e400")
    e = read_text(tmp_path, text)
    assert str(e).endswith("event 4 (goal): events[3].xg: the number 1e400 is too large")
    text = json.dumps(doc).replace('"XG"', '"\\ud800 half a pair"')
    e = read_text(tmp_path, text)
    assert "lone UTF-16 surrogate" in str(e)
    paired = json.dumps(doc).replace('"XG"', '"\\ud83d\\ude00"')  # an emoji, as a pair
    path = tmp_path / "emoji.json"
    path.write_text(paired, "utf-8")
    assert matchlog.read(path).events[3].extra["xg"] == "\U0001F600"


def test_not_utf8_and_folders(tmp_path: Path) -> None:
    bad = tmp_path / "latin.json"
    bad.write_bytes('{"a": "é"}'.encode("latin-1"))
    with pytest.raises(MatchLogError, match=r"not UTF-8 text \(byte 7\)"):
        matchlog.read(bad)
    with pytest.raises(MatchLogError, match="is a folder"):
        matchlog.read(tmp_path)


# --- bounds --------------------------------------------------------------------------------

def test_a_huge_file_is_refused_quickly_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:  # sparse: 200 MiB that cost nothing to make
        f.truncate(200 * 2**20)
    started = time.perf_counter()
    with pytest.raises(MatchLogError) as info:
        matchlog.read(big)
    assert time.perf_counter() - started < 2.0
    assert str(info.value).endswith(f"larger than {MAX_BYTES // 2**20} MiB, the most a match "
                                    "log may be (a real match is well under 1 MiB)")


def test_too_many_events_are_refused_before_validation() -> None:
    doc = copy.deepcopy(DEMO)
    doc["events"] = [{"type": "resumed"}] * (MAX_ITEMS + 1)
    started = time.perf_counter()
    assert message_of(doc) == (f"events: {MAX_ITEMS + 1} items; a match log has at most "
                               f"{MAX_ITEMS} in a list")
    assert time.perf_counter() - started < 2.0


def test_the_largest_accepted_log_is_read_in_bounded_time(tmp_path: Path) -> None:
    doc = copy.deepcopy(DEMO)
    restart = {"type": "restart", "kind": "throw_in", "team": "home", "minute": "30"}
    doc["events"] = doc["events"][:4] + [restart] * (MAX_ITEMS - 4)
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc), "utf-8")
    started = time.perf_counter()
    log = matchlog.read(path)
    assert len(log.events) == MAX_ITEMS
    assert time.perf_counter() - started < 20.0  # measured about 2 s on one core


# --- "event K" for every kind of format error ----------------------------------------------

def _set(field: str, value: Any) -> Callable[[dict[str, Any]], Any]:
    def change(e: dict[str, Any]) -> Any:
        e[field] = value
        return e
    return change


def _drop(field: str) -> Callable[[dict[str, Any]], Any]:
    def change(e: dict[str, Any]) -> Any:
        e.pop(field, None)
        return e
    return change


GOAL = {"type": "goal", "id": "g1", "minute": "12", "team": "home", "player": 9}
BREAKAGES: dict[str, tuple[dict[str, Any], Callable[[dict[str, Any]], Any], str]] = {
    "not an object": (GOAL, lambda e: 5, "events[{i}]: expected an object, got 5"),
    "a list": (GOAL, lambda e: [e], "events[{i}]: expected an object, got a list"),
    "no type": (GOAL, _drop("type"), 'events[{i}]: missing field "type"'),
    "type not a string": (GOAL, _set("type", 3), "events[{i}].type: expected"),
    "unknown type": (GOAL, _set("type", "gaol"), "events[{i}].type: expected one of"),
    "missing field": (GOAL, _drop("player"), 'events[{i}]: missing field "player"'),
    "wrong team": (GOAL, _set("team", "visitors"), "events[{i}].team: expected \"home\" or"),
    "string number": (GOAL, _set("player", "9"), "events[{i}].player: expected a whole number"),
    "float number": (GOAL, _set("player", 9.0), "events[{i}].player: expected a whole number"),
    "bool number": (GOAL, _set("player", True), "events[{i}].player: expected a whole number"),
    "bool flag": (GOAL, _set("penalty", "yes"), "events[{i}].penalty: expected true or false"),
    "minute format": (GOAL, _set("minute", "12'"), "events[{i}].minute: expected a match minute"),
    "minute meaning": (GOAL, _set("minute", "30+2"), "events[{i}].minute: \"30+2\": added time"),
    "empty id": (GOAL, _set("id", ""), "events[{i}].id: must not be empty"),
    "id not a string": (GOAL, _set("id", 7), "events[{i}].id: expected a string"),
    "note not a string": (GOAL, _set("note", []), "events[{i}].note: expected a string"),
    "card names both": ({"type": "card", "team": "home", "player": 4, "card": "yellow"},
                        _set("staff", "Hank Coach"), 'events[{i}]: a card names either'),
    "card colour": ({"type": "card", "team": "home", "player": 4, "card": "yellow"},
                    _set("card", "orange"), "events[{i}].card: expected"),
    "period": ({"type": "period_end", "period": 1}, _set("period", 5),
               "events[{i}].period: expected 1, 2, 3, 4"),
    "abandoned result": ({"type": "abandoned", "reason": "fog"}, _set("result", {"home": 1}),
                         'events[{i}].result: missing field "away"'),
    "deep extra": (GOAL, _set("x", [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        [[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]),
        "nested too deeply"),
    "long list": (GOAL, _set("x", [0] * (MAX_ITEMS + 1)), "events[{i}].x: 10001 items"),
}


@settings(max_examples=80, deadline=None)
@given(kind=st.sampled_from(sorted(BREAKAGES)), before=st.integers(0, 30),
       after=st.integers(0, 5))
def test_every_format_error_in_an_event_names_event_k(kind: str, before: int,
                                                      after: int) -> None:
    valid, breaking, expected = BREAKAGES[kind]
    filler = {"type": "restart", "kind": "throw_in", "team": "away"}
    events: list[Any] = [dict(filler) for _ in range(before)]
    events.append(breaking(copy.deepcopy(valid)))
    events += [dict(filler) for _ in range(after)]
    doc = copy.deepcopy(DEMO)
    doc["events"] = events
    k = before + 1
    message = message_of(doc)
    assert message.startswith(f"event {k}"), message
    assert message[len(f"event {k}")] in " :", message  # "event 1" is not "event 12"
    assert expected.format(i=before) in message


def test_every_event_problem_carries_its_position() -> None:
    doc = copy.deepcopy(DEMO)
    doc["events"][6]["team"] = "nobody"
    with pytest.raises(MatchLogError) as info:
        parse(doc)
    assert info.value.position == 7


def test_messages_outside_events_name_the_field() -> None:
    doc = copy.deepcopy(DEMO)
    doc["match"]["home"]["players"][3]["number"] = 4.0
    assert message_of(doc) == "match.home.players[3].number: expected a whole number, got 4.0"


# --- fuzz ----------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


def _mutate(doc: Any, data: st.DataObject) -> Any:
    paths = [p for p in _paths(doc) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "int", "string"]))
        try:
            if action == "delete":
                del parent[path[-1]]
            elif action == "int":
                parent[path[-1]] = data.draw(st.integers(-3, 200) | st.integers())
            elif action == "string":
                parent[path[-1]] = data.draw(st.sampled_from(
                    ["home", "away", "penalties", "90+8", "x", "", "2026-02-25", "1996/97"]))
            else:
                parent[path[-1]] = data.draw(json_values)
        except (KeyError, IndexError, TypeError):
            pass
        paths = [p for p in _paths(doc) if p]
    return doc


@settings(max_examples=250, deadline=None)
@given(data=st.data())
def test_fuzzed_match_logs_give_a_state_or_one_line(data: st.DataObject) -> None:
    from reviewtool.match.engine import Rejection, replay

    doc = _mutate(copy.deepcopy(DEMO), data)
    started = time.perf_counter()
    try:
        log = parse(doc)
        state = replay(log.match, log.events)
        json.dumps(state.to_json())
    except MatchLogError as e:
        assert str(e) and "\n" not in str(e)
    except Rejection as e:
        assert str(e).startswith("event ") and "\n" not in str(e)
    assert time.perf_counter() - started < 5.0  # no hang


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=60) | st.binary(max_size=60).map(lambda b: b.decode("latin-1")))
def test_fuzzed_text_gives_one_line(tmp_path_factory: pytest.TempPathFactory,
                                    text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "log.json"
    path.write_text(text, "utf-8")
    with pytest.raises(MatchLogError) as info:
        matchlog.read(path)
    assert "\n" not in str(info.value)
