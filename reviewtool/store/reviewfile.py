"""The review file: one SQLite file per match review, through SQLAlchemy, migrated by Alembic.

Durability: WAL with ``synchronous=FULL`` and one ``BEGIN IMMEDIATE`` transaction per log entry,
so an entry is on disk when ``append`` returns and two writers can never fork the hash chain.
A file is inspected read-only before anything is written to it: a foreign, damaged or newer
file is refused untouched, and an older one is copied to a backup before it is migrated.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, select

from reviewtool.store import tables as t
from reviewtool.store.chain import (
    GENESIS,
    Author,
    ChainReport,
    LogEntry,
    canonical,
    entry_hash,
    verify,
)
from reviewtool.store.lock import ReviewLock

APPLICATION_ID = 0x52565731  # "RVW1" in the SQLite header: marks a reviewtool review file
SQLITE_MAGIC = b"SQLite format 3\x00"
SUFFIX = ".review"


class ReviewFileError(Exception):
    """A review file that cannot be used; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class ClipRecord:
    id: int
    path: str
    fingerprint: str
    facts: Mapping[str, Any]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "reviewtool.store:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def inspect(path: Path) -> str:
    """The file's schema revision, read without writing; raises ReviewFileError if unusable."""
    if not path.exists():
        raise ReviewFileError(path, "no such file")
    with path.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise ReviewFileError(path, "not a reviewtool review file (not an SQLite database)")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise ReviewFileError(path, f"cannot be read ({e})") from e
    try:
        (app_id,) = db.execute("PRAGMA application_id").fetchone()
        if app_id != APPLICATION_ID:
            raise ReviewFileError(path, "not a reviewtool review file (an SQLite database "
                                        "made by another program)")
        (ok,) = db.execute("PRAGMA quick_check").fetchone()
        if ok != "ok":
            raise ReviewFileError(path, f"the file is damaged ({ok}); it was not modified")
        row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as e:
        raise ReviewFileError(path, f"the file is damaged ({e}); it was not modified") from e
    finally:
        db.close()
    if row is None:
        raise ReviewFileError(path, "the file is damaged (no schema version); not modified")
    return str(row[0])


class ReviewFile:
    """An open review file. Entries are appended, never changed; ``close`` releases the lock."""

    def __init__(self, path: Path, engine: Engine, lock: ReviewLock | None,
                 backup: Path | None = None) -> None:
        self.path = path
        self._engine = engine
        self._lock = lock
        self.backup = backup  # the copy kept before a migration, if there was one

    # --- creating and opening ---------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, match_document: Mapping[str, Any], *,
               lock: bool = True) -> ReviewFile:
        path = Path(path)
        if path.exists():
            raise ReviewFileError(path, "already exists; choose another name")
        engine = _engine(path)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            command.upgrade(_alembic_config(conn), "head")
            conn.execute(t.match.insert().values(id=1, document=canonical(match_document)))
            conn.execute(t.meta.delete().where(t.meta.c.key == "projections"))
            conn.execute(t.meta.insert(), [
                {"key": "created_at", "value": now()},
                {"key": "log_head", "value": f"0:{GENESIS}"},
                {"key": "projections", "value": "fresh"},
            ])
        return cls._locked(path, engine, lock)

    @classmethod
    def open(cls, path: str | Path, *, lock: bool = True) -> ReviewFile:
        path = Path(path)
        revision = inspect(path)
        if revision not in known_revisions():
            raise ReviewFileError(path, f"made by a newer version of reviewtool (schema "
                                        f"{revision}); update reviewtool to open it. The file "
                                        "was not modified")
        held = ReviewLock(path) if lock else None
        if held is not None:
            held.acquire()
        backup = None
        try:
            engine = _engine(path)
            if revision != head_revision():
                backup = path.with_name(f"{path.name}.schema-{revision}.bak")
                _backup(path, backup)
                with engine.begin() as conn:
                    command.upgrade(_alembic_config(conn), "head")
        except BaseException:
            if held is not None:
                held.release()
            raise
        return cls(path, engine, held, backup)

    @classmethod
    def _locked(cls, path: Path, engine: Engine, lock: bool) -> ReviewFile:
        held = ReviewLock(path) if lock else None
        if held is not None:
            held.acquire()
        return cls(path, engine, held)

    def close(self) -> None:
        self._engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> ReviewFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading ---------------------------------------------------------------------------

    def match_document(self) -> dict[str, Any]:
        with self._engine.connect() as conn:
            doc = conn.execute(select(t.match.c.document).where(t.match.c.id == 1)).scalar_one()
        return json.loads(doc)

    def entries(self) -> list[LogEntry]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(t.log).order_by(t.log.c.seq)).all()
        return [_entry(r) for r in rows]

    def meta(self, key: str) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()

    def verify(self) -> ChainReport:
        """The chain, and the recorded head: a removed last entry is noticed too."""
        entries = self.entries()
        report = verify(entries)
        if not report.intact:
            return report
        recorded = self.meta("log_head") or ""
        seq_text, _, head = recorded.partition(":")
        if seq_text.isdigit() and int(seq_text) > report.entries:
            missing = report.entries + 1
            return ChainReport(report.entries, report.head,
                               f"entry {missing} is missing (the file recorded "
                               f"{seq_text} entries)", missing)
        if head and head != report.head:
            return ChainReport(report.entries, report.head,
                               "the last entry does not match the recorded head of the log",
                               report.entries)
        return report

    def clips(self) -> list[ClipRecord]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(t.clips).order_by(t.clips.c.id)).all()
        return [ClipRecord(r.id, r.path, r.fingerprint, json.loads(r.facts)) for r in rows]

    # --- writing ---------------------------------------------------------------------------

    def append(self, kind: str, payload: Mapping[str, Any], author: Author,
               project: Callable[[Connection], None] | None = None) -> LogEntry:
        """Append one entry and commit it (with the projections ``project`` writes)."""
        payload = json.loads(canonical(payload))  # what is hashed is exactly what is stored
        with self._engine.begin() as conn:
            last = conn.execute(select(t.log.c.seq, t.log.c.hash)
                                .order_by(t.log.c.seq.desc()).limit(1)).first()
            seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
            at = now()
            digest = entry_hash(seq, kind, author, at, payload, prev)
            conn.execute(t.log.insert().values(
                seq=seq, kind=kind, author=author.name, role=author.role, recorded_at=at,
                payload=canonical(payload), prev_hash=prev, hash=digest))
            conn.execute(t.meta.update().where(t.meta.c.key == "log_head")
                         .values(value=f"{seq}:{digest}"))
            if project is not None:
                project(conn)
        return LogEntry(seq, kind, author, at, payload, prev, digest)

    def write_projections(self, project: Callable[[Connection], None]) -> None:
        with self._engine.begin() as conn:
            project(conn)
            conn.execute(t.meta.update().where(t.meta.c.key == "projections")
                         .values(value="fresh"))

    def add_clip(self, path: str, fingerprint: str, facts: Mapping[str, Any]) -> ClipRecord:
        with self._engine.begin() as conn:
            cid = conn.execute(t.clips.insert().values(
                path=path, fingerprint=fingerprint, facts=canonical(facts), added_at=now())
            ).inserted_primary_key[0]
        return ClipRecord(int(cid), path, fingerprint, dict(facts))

    def relocate_clip(self, clip_id: int, path: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(t.clips.update().where(t.clips.c.id == clip_id).values(path=path))


def _entry(r: Any) -> LogEntry:
    return LogEntry(r.seq, r.kind, Author(r.author, r.role), r.recorded_at,
                    json.loads(r.payload), r.prev_hash, r.hash)


def _backup(path: Path, backup: Path) -> None:
    """A consistent copy (the WAL included) through SQLite's backup API."""
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(backup)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def projections_stale(review: ReviewFile) -> bool:
    return review.meta("projections") != "fresh"
