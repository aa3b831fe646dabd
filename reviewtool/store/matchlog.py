"""Read and write the match log (format "reviewtool-matchlog", version 1; docs/matchlog.md).

The reader decodes strictly and within bounds (``safejson``: no duplicate keys, no numbers of
thousands of digits, no nesting past 64 levels, at most ``MAX_BYTES`` and ``MAX_ITEMS``),
validates against the JSON Schema in ``resources/schema`` and reports the first problem with
its place: an event by its 1-based position, then the JSON path (``event 13 (goal):
events[12].team: expected "home" or "away", got "visitors"``). Then it checks what a schema
cannot: unique shirt numbers and staff names, real dates, known Laws editions. Fields it does
not know are kept and written back.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema.validators

from reviewtool.laws.editions import NEWEST, edition_for_date, edition_named, is_after_newest
from reviewtool.match import events as ev
from reviewtool.match.clock import Minute
from reviewtool.match.model import Match, Official, Player, Rules, Score, Staff, Team
from reviewtool.resources import resource
from reviewtool.store import safejson
from reviewtool.store.atomic import write_text

FORMAT = "reviewtool-matchlog"
VERSION = 1
MAX_BYTES = 8 * 2**20  # a real match log is well under 1 MiB
MAX_ITEMS = 10_000  # events (or players, or any list): a real match has a few hundred


class MatchLogError(ValueError):
    """A match log that cannot be read; the message names the place and the problem."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(safejson.one_line(message))
        self.position = position  # the 1-based event concerned, if the problem is in one


@dataclass(frozen=True)
class MatchLog:
    match: Match
    events: tuple[ev.MatchEvent, ...]
    extra: Mapping[str, Any]

    @property
    def notices(self) -> tuple[str, ...]:
        """What the reader assumed and the user should know (printed on standard error)."""
        if self.match.laws is None and is_after_newest(self.match.date):
            return (f"match.date {self.match.date.isoformat()} is after the newest Laws edition "
                    f"this reviewtool knows: applying {NEWEST}",)
        return ()


def _is_integer(_checker: Any, instance: Any) -> bool:
    """The contract's integers are written without a fraction: 9.0 is not a shirt number."""
    return isinstance(instance, int) and not isinstance(instance, bool)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """ECMA-262 semantics as JSON Schema means them: ``$`` is the end of the text (Python's
    ``$`` also matches before a final newline) and ``\\d`` is an ASCII digit."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern, re.ASCII)


def _pattern(_validator: Any, pattern: str, instance: Any, _schema: Any) -> Any:
    if isinstance(instance, str) and not _compiled(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Strict = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, validators={"pattern": _pattern},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer))


@functools.cache
def _validator() -> Any:
    schema = json.loads(resource("schema", "matchlog-v1.schema.json").read_text("utf-8"))
    return _Strict(schema)


def _place(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        if isinstance(part, str) and not part.isidentifier():
            part = json.dumps(part, ensure_ascii=False)  # a key like "a b" or "" stays clear
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, dict | list) else (
        "an object" if isinstance(value, dict) else "a list")


_TYPE_WORDS = {"string": "a string", "integer": "a whole number", "boolean": "true or false",
               "object": "an object", "array": "a list", "number": "a number"}


def _explain(error: jsonschema.ValidationError) -> str:
    place = _place(error.absolute_path)
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1]
        return f'{place}: missing field "{missing}"'
    if v == "enum":
        options = error.validator_value
        words = " or ".join(json.dumps(o) for o in options) if len(options) <= 3 else (
            "one of " + ", ".join(json.dumps(o) for o in options))
        return f"{place}: expected {words}, got {_show(error.instance)}"
    if v == "const":
        return f"{place}: expected {json.dumps(error.validator_value)}, got {_show(error.instance)}"
    if v == "type":
        return f"{place}: expected {_TYPE_WORDS.get(error.validator_value, error.validator_value)}"\
               f", got {_show(error.instance)}"
    if v == "pattern":
        what = {"minute": 'a match minute like "45+2"', "date": 'a date like "2026-02-25"',
                "laws": 'a Laws edition like "2025/26"'}.get(str(error.path[-1]) if error.path
                                                            else "", "another form")
        return f"{place}: expected {what}, got {_show(error.instance)}"
    if v == "oneOf" and error.path and error.path[-1] == "period":
        return f'{place}: expected 1, 2, 3, 4 or "penalties", got {_show(error.instance)}'
    if v == "minimum":
        return f"{place}: must be at least {error.validator_value}, got {_show(error.instance)}"
    if v == "minLength":
        return f"{place}: must not be empty"
    return f"{place}: {error.message}"


_FIELD_ORDER = {"format": 0, "version": 1, "match": 2, "events": 3}


def _order(error: jsonschema.ValidationError) -> list[tuple[int, Any, str]]:
    return [(0, p, "") if isinstance(p, int) else (1, _FIELD_ORDER.get(p, 9), p)
            for p in error.absolute_path]


@functools.cache
def _event_validator(kind: str | None) -> Any:
    """A validator for one event of type ``kind`` (only its own rules, so a long log is not
    checked against all 18 kinds for every event); ``None``: the full event schema."""
    schema = json.loads(resource("schema", "matchlog-v1.schema.json").read_text("utf-8"))
    defs = schema["$defs"]
    if kind is not None:
        defs["event"]["allOf"] = [b for b in defs["event"]["allOf"]
                                  if b["if"]["properties"]["type"]["const"] == kind]
    return _Strict({"$schema": schema["$schema"], "$defs": defs, "$ref": "#/$defs/event"})


def _first_error(doc: Any) -> jsonschema.ValidationError | None:
    """The problem that comes first in the document: that is where the user must look."""
    events = doc.get("events") if isinstance(doc, dict) else None
    shell = {**doc, "events": []} if isinstance(events, list) else doc
    errors = list(itertools.islice(_validator().iter_errors(shell), 500))
    if errors or not isinstance(events, list):
        return min(errors, key=_order) if errors else None
    for i, e in enumerate(events):
        kind = e.get("type") if isinstance(e, dict) else None
        known = isinstance(kind, str) and kind in ev.EVENT_TYPES
        validator = _event_validator(kind if known else None)
        found = list(itertools.islice(validator.iter_errors(e), 100))
        if found:
            first = min(found, key=_order)
            first.relative_path.extendleft([i, "events"])
            return first
    return None


def _event_label(doc: Mapping[str, Any], index: int) -> str:
    """``event 12 (card, id c7)``: the 1-based position the contract counts by."""
    label = f"event {index + 1}"
    e = doc["events"][index]
    if isinstance(e, dict) and isinstance(e.get("type"), str) and e["type"] in ev.EVENT_TYPES:
        ident = e.get("id")
        if isinstance(ident, str) and ident:
            shown = ident if ident.isprintable() else json.dumps(ident)
            return f"{label} ({e['type']}, id {shown})"
        return f"{label} ({e['type']})"
    return label


def _error_at(doc: Any, path: Sequence[Any], message: str) -> MatchLogError:
    """``message`` about ``path``; inside an event it is named first, then the JSON path."""
    if (len(path) >= 2 and path[0] == "events" and isinstance(path[1], int)
            and isinstance(doc, dict) and isinstance(doc.get("events"), list)):
        return MatchLogError(f"{_event_label(doc, path[1])}: {message}", path[1] + 1)
    return MatchLogError(message)


def _check_shape(doc: Any) -> None:
    """Duplicate keys, nesting and list lengths, everywhere, before anything else reads it."""
    try:
        for path, value in safejson.walk(doc):
            if isinstance(value, safejson.DuplicateKeys):
                raise _error_at(doc, path, f"{_place(path)}: the key {_show(value.duplicate)} "
                                f"appears twice in one object")
            if isinstance(value, safejson.Refused):
                raise _error_at(doc, path, f"{_place(path)}: {value.reason}")
            if isinstance(value, list) and len(value) > MAX_ITEMS:
                raise _error_at(doc, path, f"{_place(path)}: {len(value)} items; a match log "
                                f"has at most {MAX_ITEMS} in a list")
    except safejson.JSONProblem as e:
        raise _error_at(doc, e.path, f"{_place(e.path)}: {e}") from None


def parse(doc: Any) -> MatchLog:
    """Build a match log from a decoded JSON document, or raise ``MatchLogError``."""
    if not isinstance(doc, dict):
        raise MatchLogError("document: expected a JSON object with format, version, match and "
                            "events")
    _check_shape(doc)
    if doc.get("format") == FORMAT and _is_integer(None, doc.get("version")) \
            and doc["version"] > 1:
        raise MatchLogError(f"document: match log version {doc['version']} is newer than this "
                            f"reviewtool reads (version {VERSION}); update reviewtool")
    err = _first_error(doc)
    if err is not None:
        raise _error_at(doc, list(err.absolute_path), _explain(err))
    match = _match(doc["match"])
    events = []
    for i, e in enumerate(doc["events"]):
        try:
            events.append(_event(e, i))
        except MatchLogError as problem:
            raise _error_at(doc, ["events", i], str(problem)) from None
    return MatchLog(match, tuple(events), _extra(doc, ("format", "version", "match", "events")))


def read(path: str | os.PathLike[str]) -> MatchLog:
    """Read a match log file; every failure is a ``MatchLogError`` naming the file.

    Bounded: a file over ``MAX_BYTES`` is refused before it is read, so time and memory stay
    small whatever is handed in."""
    p = Path(path)
    try:
        doc = safejson.loads(safejson.read_text(p, MAX_BYTES))
    except safejson.JSONProblem as e:
        raise MatchLogError(f"{p}: {e}") from None
    try:
        return parse(doc)
    except MatchLogError as e:
        raise MatchLogError(f"{p}: {e}", e.position) from None


def _extra(obj: Mapping[str, Any], known: Sequence[str]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in known}


def _match(m: dict[str, Any]) -> Match:
    try:
        date = dt.date.fromisoformat(m["date"])
    except ValueError:
        raise MatchLogError(f'match.date: "{m["date"]}" is not a real date') from None
    if "laws" in m:
        try:
            edition_named(m["laws"])
        except ValueError as e:
            raise MatchLogError(f"match.laws: {e}") from None
    else:
        try:
            edition_for_date(date)
        except ValueError as e:
            raise MatchLogError(f"match.date: {e}") from None
    rules = m.get("rules", {})
    first = rules.get("first_leg")
    return Match(
        competition=m["competition"], date=date,
        home=_team(m["home"], "match.home"), away=_team(m["away"], "match.away"),
        stage=m.get("stage"), venue=m.get("venue"), laws=m.get("laws"),
        officials=tuple(Official(o["role"], o["name"], _extra(o, ("role", "name")))
                        for o in m.get("officials", ())),
        rules=Rules(
            substitutes=rules.get("substitutes", 5),
            extra_time_substitutes=rules.get("extra_time_substitutes", 1),
            extra_time=rules.get("extra_time", False), penalties=rules.get("penalties", False),
            first_leg=Score(first["home"], first["away"]) if first else None,
            away_goals=rules.get("away_goals", False),
            golden_goal=rules.get("golden_goal", False),
            silver_goal=rules.get("silver_goal", False),
            concussion_substitutes=rules.get("concussion_substitutes", 0),
            extra=_extra(rules, _RULE_FIELDS)),
        extra=_extra(m, ("competition", "date", "home", "away", "stage", "venue", "laws",
                         "officials", "rules")),
    )


_RULE_FIELDS = ("substitutes", "extra_time_substitutes", "extra_time", "penalties", "first_leg",
                "away_goals", "golden_goal", "silver_goal", "concussion_substitutes")


def _team(t: dict[str, Any], place: str) -> Team:
    seen: dict[int, int] = {}
    for i, p in enumerate(t["players"]):
        if p["number"] in seen:
            raise MatchLogError(f"{place}.players[{i}].number: shirt number {p['number']} is "
                                f"already used by players[{seen[p['number']]}] of {t['name']}")
        seen[p["number"]] = i
    names: dict[str, int] = {}
    for i, s in enumerate(t.get("staff", ())):
        if s["name"] in names:
            raise MatchLogError(f'{place}.staff[{i}].name: "{s["name"]}" is already '
                                f"staff[{names[s['name']]}] of {t['name']}")
        names[s["name"]] = i
    return Team(
        name=t["name"], short=t.get("short"),
        players=tuple(Player(p["number"], p["name"], p["starter"], p.get("goalkeeper", False),
                             _extra(p, ("number", "name", "starter", "goalkeeper")))
                      for p in t["players"]),
        staff=tuple(Staff(s["name"], s["role"], _extra(s, ("name", "role")))
                    for s in t.get("staff", ())),
        extra=_extra(t, ("name", "short", "players", "staff")),
    )


def _event(e: dict[str, Any], index: int) -> ev.MatchEvent:
    cls = ev.EVENT_TYPES[e["type"]]
    names = {f.name for f in fields(cls)} - {"extra"}
    kwargs: dict[str, Any] = {k: v for k, v in e.items() if k in names}
    if "minute" in kwargs:
        try:
            Minute.parse(kwargs["minute"])
        except ValueError as err:
            raise MatchLogError(f"events[{index}].minute: {err}") from None  # labelled by parse
    if cls is ev.Abandoned and "result" in e:
        kwargs["result"] = Score(e["result"]["home"], e["result"]["away"])
    if cls is ev.Card and ("player" in e) == ("staff" in e):
        raise MatchLogError(f'events[{index}]: a card names either "player" or "staff"')
    return cls(**kwargs, extra=_extra(e, (*names, "type")))


# --- writing ---------------------------------------------------------------------------------


def _with_extra(obj: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    obj.update({k: v for k, v in extra.items() if k not in obj})
    return obj


def _team_json(t: Team) -> dict[str, Any]:
    out: dict[str, Any] = {"name": t.name}
    if t.short is not None:
        out["short"] = t.short
    out["players"] = [
        _with_extra({"number": p.number, "name": p.name, "starter": p.starter,
                     **({"goalkeeper": True} if p.goalkeeper else {})}, p.extra)
        for p in t.players]
    out["staff"] = [_with_extra({"name": s.name, "role": s.role}, s.extra) for s in t.staff]
    return _with_extra(out, t.extra)


def match_json(m: Match) -> dict[str, Any]:
    out: dict[str, Any] = {"competition": m.competition}
    if m.stage is not None:
        out["stage"] = m.stage
    out["date"] = m.date.isoformat()
    if m.venue is not None:
        out["venue"] = m.venue
    if m.laws is not None:
        out["laws"] = m.laws
    out["home"] = _team_json(m.home)
    out["away"] = _team_json(m.away)
    if m.officials:
        out["officials"] = [_with_extra({"role": o.role, "name": o.name}, o.extra)
                            for o in m.officials]
    r = m.rules
    rules: dict[str, Any] = {}
    defaults = Rules()
    for name in _RULE_FIELDS:
        value = getattr(r, name)
        if value != getattr(defaults, name):
            rules[name] = value.as_json() if isinstance(value, Score) else value
    rules = _with_extra(rules, r.extra)
    if rules:
        out["rules"] = rules
    return _with_extra(out, m.extra)


def event_json(e: ev.MatchEvent) -> dict[str, Any]:
    out: dict[str, Any] = {"type": e.type}
    for f in fields(e):
        if f.name in ("extra", "note"):
            continue
        value = getattr(e, f.name)
        if value is None or (value is False and f.name in ("penalty", "own_goal", "concussion")):
            continue
        out[f.name] = value.as_json() if isinstance(value, Score) else value
    if e.note is not None:
        out["note"] = e.note
    return _with_extra(out, e.extra)


def to_json(log: MatchLog) -> dict[str, Any]:
    doc = {"format": FORMAT, "version": VERSION, "match": match_json(log.match),
           "events": [event_json(e) for e in log.events]}
    return _with_extra(doc, log.extra)


def dumps(log: MatchLog) -> str:
    return json.dumps(to_json(log), indent=1, ensure_ascii=False) + "\n"


def write(log: MatchLog, path: str | os.PathLike[str]) -> None:
    """Write atomically: a crash leaves either the old file or the new one, never half."""
    write_text(path, dumps(log))


# Public names for the review file, which stores the match and events as match-log JSON.
parse_match = _match
parse_event = _event
