"""Decode JSON from outside strictly and within bounds, so that bad input gets one line.

Python's ``json`` accepts what a JSON document must not contain (duplicate keys, the last one
silently winning; ``NaN`` and ``Infinity``) and fails with a traceback on what it cannot hold
(integers of thousands of digits, nesting thousands deep). Here every such case is a
``JSONProblem`` naming it, and the size of the input is bounded before it is read.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MAX_DIGITS = 30  # longer integers are no shirt number, count or score
MAX_DEPTH = 64  # a match log nests about 6 deep; extra fields have room to spare


class JSONProblem(ValueError):
    """The text is not JSON this reader accepts; the message says why in one line."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.path = path  # where in the document, when known


class DuplicateKeys(dict[str, Any]):
    """An object that had a key twice: kept so the reader can say where it was."""

    duplicate: str = ""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    marked = DuplicateKeys(pairs)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            marked.duplicate = key
            break
        seen.add(key)
    return marked


class Refused:
    """A value decoded as a marker, not converted: the reader reports it at its place."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"<{self.reason}>"


def _integer(text: str) -> int | Refused:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        return Refused(f"an integer of {digits} digits (at most {MAX_DIGITS} are read)")
    return int(text)


def _constant(name: str) -> Refused:
    return Refused(f"{name} is not a JSON number")


def _real(text: str) -> float | Refused:
    value = float(text)
    if math.isinf(value):  # 1e400: no float holds it, and it would be written back as Infinity
        return Refused(f"the number {text[:20]} is too large")
    return value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogate(doc: Any) -> bool:
    """True if a string (or key) holds half of a UTF-16 pair: not text, cannot be saved."""
    stack = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not _encodes(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def read_text(path: str | os.PathLike[str], max_bytes: int) -> str:
    """The file's text, refused past ``max_bytes`` without reading more than that."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise JSONProblem("no such file") from None
    except IsADirectoryError:
        raise JSONProblem("is a folder, not a file") from None
    except OSError as e:
        raise JSONProblem(f"cannot be read ({e.strerror or e})") from None
    if len(data) > max_bytes:
        raise JSONProblem(f"larger than {max_bytes // 2**20} MiB, the most a match log may be "
                          "(a real match is well under 1 MiB)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise JSONProblem(f"not UTF-8 text (byte {e.start})") from None


def loads(text: str) -> Any:
    """Decode ``text``; duplicate keys are marked (see ``DuplicateKeys``), not merged."""
    try:
        doc = json.loads(text, object_pairs_hook=_pairs, parse_int=_integer,
                         parse_float=_real, parse_constant=_constant)
    except json.JSONDecodeError as e:
        raise JSONProblem(f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") \
            from None
    except RecursionError:
        raise JSONProblem(f"JSON nested too deeply (at most {MAX_DEPTH} "
                          "levels are read)") from None
    if _SURROGATE_ESCAPE.search(text) and _lone_surrogate(doc):
        raise JSONProblem("a string holds a lone UTF-16 surrogate (\\ud800-\\udfff "
                          "without its pair): not valid Unicode text")
    return doc


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise JSONProblem(f"duplicate key {key!r}: it appears twice in one object")
        out[key] = value
    return out


def _not_a_number(name: str) -> Any:
    raise JSONProblem(f"{name} is not a JSON number")


def strict_loads(text: str | bytes) -> Any:
    """A whole document read strictly, for files that are refused at the first problem
    (training files, events to record): duplicate keys, NaN or Infinity, nesting too deep and
    numbers too long raise ``JSONProblem`` with one line. Match logs use ``loads``, which marks
    problems so that each message can name its event."""
    try:
        return json.loads(text, object_pairs_hook=_unique, parse_constant=_not_a_number)
    except JSONProblem:
        raise
    except json.JSONDecodeError as e:
        raise JSONProblem(f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") \
            from None
    except RecursionError:
        raise JSONProblem("JSON nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as e:  # 5,000-digit integers, bytes not UTF-8
        raise JSONProblem(f"cannot be read: {str(e).splitlines()[0][:120]}") from None


def walk(doc: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every object, list and ``Refused`` marker with its path, in document order, without
    recursion (plain scalars are skipped: they cannot be a problem here); ``JSONProblem``
    (naming the path) past ``MAX_DEPTH`` levels."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), doc)]
    while stack:
        path, value = stack.pop()
        if len(path) > MAX_DEPTH:
            raise JSONProblem(f"nested too deeply (at most {MAX_DEPTH} levels are read)",
                              path[:MAX_DEPTH])
        yield path, value
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        children = [((*path, k), v) for k, v in items
                    if isinstance(v, dict | list | Refused)]
        children.reverse()
        stack.extend(children)
