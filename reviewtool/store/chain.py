"""The hash chain of the decision log: canonical JSON, SHA-256, and its verification.

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
reordering any stored entry breaks the chain from that entry on, and ``verify`` can name it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(obj: Any) -> str:
    """One text per value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


@dataclass(frozen=True)
class Author:
    """Who records: the official's name and role (referee, VAR, AVAR, assessor...)."""

    name: str
    role: str

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


@dataclass(frozen=True)
class LogEntry:
    seq: int
    kind: str
    author: Author
    recorded_at: str
    payload: Mapping[str, Any]
    prev_hash: str
    hash: str


def entry_hash(seq: int, kind: str, author: Author, recorded_at: str,
               payload: Mapping[str, Any], prev_hash: str) -> str:
    body = {"seq": seq, "kind": kind, "author": author.name, "role": author.role,
            "recorded_at": recorded_at, "payload": payload, "prev": prev_hash}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: str
    problem: str | None = None  # None when intact
    seq: int | None = None  # the first entry that does not match

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify(entries: Iterable[LogEntry]) -> ChainReport:
    """Walk the chain in order; report the first entry whose hash or link does not match."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for e in entries:
        count += 1
        if e.seq != expected_seq:
            missing = (f"entry {expected_seq} is missing" if e.seq > expected_seq
                       else f"entry {e.seq} is out of order")
            return ChainReport(count, prev, missing, expected_seq)
        if e.prev_hash != prev:
            return ChainReport(count, prev,
                               f"entry {e.seq}: does not link to entry {e.seq - 1} "
                               "(an entry before it was changed or removed)", e.seq)
        actual = entry_hash(e.seq, e.kind, e.author, e.recorded_at, e.payload, e.prev_hash)
        if actual != e.hash:
            return ChainReport(count, prev,
                               f"entry {e.seq}: content does not match its hash "
                               "(changed after it was recorded)", e.seq)
        prev = e.hash
        expected_seq += 1
    return ChainReport(count, prev)
