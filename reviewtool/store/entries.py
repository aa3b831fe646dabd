"""Log entries as stored, and the write transaction that appends them (signed).

Split from reviewfile.py, which opens, creates and reads review files.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, select

from reviewtool.store import keys
from reviewtool.store import tables as t
from reviewtool.store.chain import (
    GENESIS,
    Author,
    LogEntry,
    PayloadError,
    canonical,
    entry_hash,
    parse_payload,
    signing_bytes,
)


class Signers(Protocol):
    def signer(self, author: Author) -> keys.SigningKey: ...


@dataclass(frozen=True)
class ClipRecord:
    id: int
    path: str
    fingerprint: str
    facts: Mapping[str, Any]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@functools.lru_cache(maxsize=256)
def _author(name: str, role: str) -> Author:
    return Author(name, role)  # a log has a handful of authors: one object each


_FIELDS = tuple(f.name for f in fields(LogEntry))


def _log_entry(*values: Any) -> LogEntry:
    """``LogEntry(*values)`` without the frozen dataclass's per-field ``__setattr__`` (five
    times the cost, paid once per entry on every open): the same fields, an equal object."""
    entry: LogEntry = object.__new__(LogEntry)
    entry.__dict__.update(zip(_FIELDS, values, strict=True))
    return entry


def entry_of(seq: int, kind: str, author: str, role: str, recorded_at: str, payload_text: str,
             prev_hash: str, digest: str, public_key: str | None = None,
             signature: str | None = None) -> LogEntry:
    """A log entry from its stored columns (in table order); a payload that is not canonical
    JSON is kept as ``problem`` for verify to name."""
    problem = None
    try:
        payload = parse_payload(payload_text)
    except PayloadError as e:
        payload, problem = {}, str(e)
    if not isinstance(payload, dict) and problem is None:
        payload, problem = {}, "not a JSON object"
    return _log_entry(seq, kind, _author(author, role), recorded_at, payload, prev_hash, digest,
                      public_key, signature, problem, None if problem else payload_text)


def row_entry(r: Any, signed: bool) -> LogEntry:
    """A log entry from a result row (``signed``: the file's schema has the signature columns)."""
    return entry_of(r.seq, r.kind, r.author, r.role, r.recorded_at, r.payload, r.prev_hash,
                    r.hash, r.public_key if signed else None, r.signature if signed else None)


LOG_COLUMNS = ("seq, kind, author, role, recorded_at, payload, prev_hash, hash, public_key, "
               "signature")
_INSERT = f"INSERT INTO log ({LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


class Tx:
    """One write transaction: read what others appended, then append, all or nothing.

    The log is read and written through the transaction's own SQLite connection with plain,
    prepared statements (SQLite keeps them compiled): a commit is on the window's path, and
    building SQLAlchemy statements for it cost more than the statements themselves.
    """

    def __init__(self, file: Signers, conn: Connection) -> None:
        self.file = file
        self.conn = conn
        self.db: Any = conn.connection.driver_connection  # the same connection, same transaction
        self.appended: list[LogEntry] = []
        self._head: tuple[int, str] | None = None

    def head(self) -> tuple[int, str]:
        """(seq, hash) of the last entry in the file: (0, GENESIS) for an empty log."""
        if self._head is None:
            row = self.db.execute("SELECT seq, hash FROM log ORDER BY seq DESC LIMIT 1").fetchone()
            self._head = (int(row[0]), str(row[1])) if row else (0, GENESIS)
        return self._head

    def entries_after(self, seq: int) -> list[LogEntry]:
        rows = self.db.execute(f"SELECT {LOG_COLUMNS} FROM log WHERE seq > ? ORDER BY seq",
                               (seq,)).fetchall()
        return [entry_of(*r) for r in rows]

    def append(self, kind: str, payload: Mapping[str, Any], author: Author, *,
               text: str | None = None) -> LogEntry:
        """Append one entry after the file's last. ``text``, when given, is the payload's
        canonical text and ``payload`` its parsed value (the caller parsed it to check the
        entry first), so the payload is encoded and parsed once per commit."""
        if text is None:
            text = canonical(payload)
            payload = json.loads(text)  # what is hashed is exactly what is stored
        seq, prev = self.head()
        seq += 1
        signer = self.file.signer(author)
        public = signer.public()
        at = now()
        digest = entry_hash(seq, kind, author, at, payload, prev, public, text)
        signature = signer.sign(signing_bytes(digest)).hex()
        self.db.execute(_INSERT, (seq, kind, author.name, author.role, at, text, prev, digest,
                                  public, signature))
        self.db.execute("UPDATE meta SET value = ? WHERE key = 'log_head'", (f"{seq}:{digest}",))
        self._head = (seq, digest)
        entry = LogEntry(seq, kind, author, at, payload, prev, digest, public, signature,
                         payload_text=text)
        self.appended.append(entry)
        return entry

    def add_clip(self, path: str, fingerprint: str, facts: Mapping[str, Any]) -> ClipRecord:
        cid = self.conn.execute(t.clips.insert().values(
            path=path, fingerprint=fingerprint, facts=canonical(facts), added_at=now())
        ).inserted_primary_key[0]
        return ClipRecord(int(cid), path, fingerprint, dict(facts))

    def clips(self) -> list[ClipRecord]:
        rows = self.conn.execute(select(t.clips).order_by(t.clips.c.id)).all()
        return [ClipRecord(r.id, r.path, r.fingerprint, json.loads(r.facts)) for r in rows]

    def relocate_clip(self, clip_id: int, path: str) -> None:
        self.conn.execute(t.clips.update().where(t.clips.c.id == clip_id).values(path=path))
