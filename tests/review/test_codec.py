"""The fast paths of the chain give exactly what the plain definitions give.

Opening a review parses, re-encodes and hashes every entry, so ``canonical``, the payload check
and the entry hash use the C codec built once and write the entry body out directly; these
tests hold them to ``json.dumps``/``json.loads`` and to the canonical body dict, on any value.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewtool.store.chain import (
    Author,
    LogEntry,
    PayloadError,
    canonical,
    entry_hash,
    parse_payload,
)
from reviewtool.store.entries import entry_of

any_text = st.text(max_size=20)  # lone surrogates too: the hash encodes them as stored
scalars = st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(
    allow_nan=False, allow_infinity=False) | any_text
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(any_text, inner, max_size=4), max_leaves=20)


def plain_dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def plain_hash(seq: int, kind: str, author: Author, at: str, payload: Any, prev: str,
               key: str | None) -> str:
    """The entry hash as defined: SHA-256 of the canonical body with the payload in it."""
    body: dict[str, Any] = {"seq": seq, "kind": kind, "author": author.name,
                            "role": author.role, "recorded_at": at, "payload": payload,
                            "prev": prev}
    if key is not None:
        body["key"] = key
    return hashlib.sha256(plain_dumps(body).encode("utf-8", "surrogatepass")).hexdigest()


@settings(max_examples=300, deadline=None)
@given(values)
def test_canonical_is_json_dumps_and_parses_back(value: Any) -> None:
    assert canonical(value) == plain_dumps(value)
    if isinstance(value, dict):
        assert parse_payload(canonical(value)) == json.loads(plain_dumps(value))


@pytest.mark.parametrize("bad, error", [
    ({"x": math.nan}, ValueError), ({"x": math.inf}, ValueError), ({"x": {1, 2}}, TypeError),
    ({"x": object()}, TypeError)])
def test_canonical_refuses_what_json_refuses_with_its_message(bad: Any,
                                                               error: type[Exception]) -> None:
    with pytest.raises(error) as fast:
        canonical(bad)
    with pytest.raises(error) as plain:
        plain_dumps(bad)
    assert str(fast.value) == str(plain.value)


@settings(max_examples=300, deadline=None)
@given(seq=st.integers(1, 10**9), kind=any_text, name=any_text, role=any_text, at=any_text,
       prev=any_text, key=st.none() | any_text, payload=st.dictionaries(any_text, values,
                                                                        max_size=3))
def test_entry_hash_is_the_hash_of_the_canonical_body(seq: int, kind: str, name: str,
                                                      role: str, at: str, prev: str,
                                                      key: str | None,
                                                      payload: dict[str, Any]) -> None:
    author = Author(name, role)
    expected = plain_hash(seq, kind, author, at, payload, prev, key)
    assert entry_hash(seq, kind, author, at, payload, prev, key) == expected
    assert entry_hash(seq, kind, author, at, payload, prev, key, canonical(payload)) == expected


@pytest.mark.parametrize("stored", [
    ' {"a":1}', '{"a":1} ', '{"a":1}{"a":1}', '{"a":1,"a":2}', '{"b":1,"a":2}', '{"a": 1}',
    '{"a":1.50}', '{"a":"\\u00e9"}', '{"a":NaN}', "{", "", "[" * 100_000])
def test_a_payload_that_is_not_its_canonical_text_is_refused(stored: str) -> None:
    with pytest.raises(PayloadError):
        parse_payload(stored)


def test_a_stored_entry_is_the_same_frozen_entry_as_one_built_field_by_field() -> None:
    columns = (3, "incident", "Ann Official", "VAR", "2026-11-30T09:00:00.000Z",
               '{"incident":{"id":"i1"}}', "a" * 64, "b" * 64, "c" * 64, "d" * 128)
    built = LogEntry(3, "incident", Author("Ann Official", "VAR"), columns[4],
                     {"incident": {"id": "i1"}}, "a" * 64, "b" * 64, "c" * 64, "d" * 128,
                     None, columns[5])
    stored = entry_of(*columns)
    assert stored == built and stored.payload_text == built.payload_text
    assert hash(stored.author) == hash(built.author)
    with pytest.raises(dataclasses.FrozenInstanceError):
        stored.seq = 4  # type: ignore[misc]
    refused = entry_of(*columns[:5], '{"incident": {}}', *columns[6:])
    assert refused.problem and refused.payload == {} and refused.payload_text is None
