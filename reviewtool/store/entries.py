"""Log entries as stored, and the write transaction that appends them (signed).

Split from reviewfile.py, which opens, creates and reads review files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
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
    return LogEntry(seq, kind, Author(author, role), recorded_at, payload, prev_hash, digest,
                    public_key, signature, problem, None if problem else payload_text)


def row_entry(r: Any, signed: bool) -> LogEntry:
    """A log entry from a result row (``signed``: the file's schema has the signature columns)."""
    return entry_of(r.seq, r.kind, r.author, r.role, r.recorded_at, r.payload, r.prev_hash,
                    r.hash, r.public_key if signed else None, r.signature if signed else None)


class Tx:
    """One write transaction: read what others appended, then append, all or nothing."""

    def __init__(self, file: Signers, conn: Connection) -> None:
        self.file = file
        self.conn = conn
        self.appended: list[LogEntry] = []

    def entries_after(self, seq: int) -> list[LogEntry]:
        rows = self.conn.execute(select(t.log).where(t.log.c.seq > seq)
                                 .order_by(t.log.c.seq)).all()
        return [row_entry(r, True) for r in rows]

    def append(self, kind: str, payload: Mapping[str, Any], author: Author) -> LogEntry:
        text = canonical(payload)
        payload = json.loads(text)  # what is hashed is exactly what is stored
        last = self.conn.execute(select(t.log.c.seq, t.log.c.hash)
                                 .order_by(t.log.c.seq.desc()).limit(1)).first()
        seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
        signer = self.file.signer(author)
        public = signer.public()
        at = now()
        digest = entry_hash(seq, kind, author, at, payload, prev, public, text)
        signature = signer.sign(signing_bytes(digest)).hex()
        self.conn.execute(t.log.insert().values(
            seq=seq, kind=kind, author=author.name, role=author.role, recorded_at=at,
            payload=text, prev_hash=prev, hash=digest, public_key=public,
            signature=signature))
        self.conn.execute(t.meta.update().where(t.meta.c.key == "log_head")
                          .values(value=f"{seq}:{digest}"))
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
