"""The review file: one SQLite file per match review, through SQLAlchemy, migrated by Alembic.

Durability: WAL with ``synchronous=FULL`` and one ``BEGIN IMMEDIATE`` transaction per log entry,
so an entry is on disk when it is appended and two writers can never fork the hash chain.
A file is inspected read-only before anything is written to it: a foreign, damaged or newer
file is refused untouched, and an older one is copied to a backup before it is migrated; a
file opened only to read is never migrated or written. A new file is built under a temporary
name and appears under its own name only when complete.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import SQLAlchemyError

from reviewtool.store import keys
from reviewtool.store import tables as t
from reviewtool.store.chain import (
    GENESIS,
    Author,
    ChainReport,
    LogEntry,
    canonical,
    verify,
)
from reviewtool.store.database import (
    APPLICATION_ID,
    SQLITE_MAGIC,
    backup_copy,
    connect_read_only,
    fsync_folder,
    plain,
    reader_engine,
    umask,
    writer_engine,
)
from reviewtool.store.entries import ClipRecord, Tx, entry_of, now, row_entry
from reviewtool.store.lock import ReviewLock

SUFFIX = ".review"
SIGNED_REVISION = "0003"
__all__ = ["APPLICATION_ID", "ClipRecord", "ReviewFile", "ReviewFileError", "Tx"]


class ReviewFileError(Exception):
    """A review file that cannot be used; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def _alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "reviewtool.store:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


@functools.cache
def known_revisions() -> frozenset[str]:
    return frozenset(s.revision
                     for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions())


def _engine(path: Path) -> Engine:  # kept for tests that build older files by hand
    return writer_engine(path, create=True)


def inspect(path: Path, *, thorough: bool = False) -> str:
    """The file's schema revision, read without writing; raises ReviewFileError if unusable.

    ``thorough`` also runs SQLite's page-level check over the whole file (``verify`` does);
    opening relies on reading every log row, which fails on a damaged page just the same.
    """
    if path.is_dir():
        raise ReviewFileError(path, "is a folder, not a review file")
    if not path.exists():
        raise ReviewFileError(path, "no such file")
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise ReviewFileError(path, f"cannot be read ({e.strerror})") from e
    if head != SQLITE_MAGIC:
        raise ReviewFileError(path, "not a reviewtool review file (not an SQLite database)")
    try:
        db = connect_read_only(path)
    except sqlite3.Error as e:
        raise ReviewFileError(path, f"cannot be read ({e})") from e
    try:
        (app_id,) = db.execute("PRAGMA application_id").fetchone()
        if app_id != APPLICATION_ID:
            raise ReviewFileError(path, "not a reviewtool review file (an SQLite database "
                                        "made by another program)")
        if thorough:
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


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class ReviewFile:
    """An open review file. Entries are appended, never changed; ``close`` releases the lock."""

    def __init__(self, path: Path, engine: Engine, lock: ReviewLock | None,
                 backup: Path | None = None, *, read_only: bool = False,
                 revision: str | None = None) -> None:
        self.path = path
        self._engine = engine
        self._lock = lock
        self.backup = backup  # the copy kept before a migration, if there was one
        self.read_only = read_only
        self.revision = revision or head_revision()
        self._identity = _identity(path)
        self._signers: dict[str, keys.SigningKey] = {}
        self._lazy = False

    # --- creating and opening ---------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, match_document: Mapping[str, Any],
               first: tuple[str, Mapping[str, Any], Author] | None = None, *,
               lock: bool = True) -> ReviewFile:
        """A new review file, built under a temporary name and moved in place once complete."""
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise ReviewFileError(path, "already exists; choose another name")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise ReviewFileError(path, "its folder does not exist")
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".creating",
                                            dir=folder)
        except OSError as e:
            raise ReviewFileError(path, f"cannot be created there ({e.strerror})") from e
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.unlink()
        try:
            cls._build(tmp, match_document, first)
            os.chmod(tmp, 0o666 & ~umask())
            try:
                os.link(tmp, path)  # never replaces: a file made meanwhile is kept
            except FileExistsError:
                raise ReviewFileError(path, "already exists; choose another name") from None
            except OSError:
                if path.exists():
                    raise ReviewFileError(path, "already exists; choose another name") from None
                os.replace(tmp, path)
            fsync_folder(folder)
        except (SQLAlchemyError, sqlite3.Error) as e:
            raise ReviewFileError(path, plain(e)) from e
        except OSError as e:
            raise ReviewFileError(path, f"cannot be created ({e.strerror or e})") from e
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + "-wal"),
                             tmp.with_name(tmp.name + "-shm")):
                with suppress(OSError):
                    leftover.unlink()
        return cls.open(path, lock=lock)

    @classmethod
    def _build(cls, tmp: Path, match_document: Mapping[str, Any],
               first: tuple[str, Mapping[str, Any], Author] | None) -> None:
        engine = writer_engine(tmp, create=True)
        try:
            file = cls(tmp, engine, None)
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
                if first is not None:
                    Tx(file, conn).append(*first)
            raw = engine.raw_connection()  # fold the WAL into the file before it is moved
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        finally:
            engine.dispose()

    @classmethod
    def open(cls, path: str | Path, *, lock: bool = True, read_only: bool = False,
             lazy: bool = False, thorough: bool = False) -> ReviewFile:
        """Open to record (locked, migrated if older) or, with ``read_only``, only to read.

        ``lazy`` opens for reading and becomes a writer (migrating then, if older) only when
        something is first recorded, so a review opened and only looked at is never written.
        """
        path = Path(path)
        revision = inspect(path, thorough=thorough)
        if revision not in known_revisions():
            raise ReviewFileError(path, f"made by a newer version of reviewtool (schema "
                                        f"{revision}); update reviewtool to open it. The file "
                                        "was not modified")
        if read_only or lazy:
            file = cls(path, reader_engine(path), None, read_only=read_only, revision=revision)
            file._lazy = lazy and not read_only
            return file
        held = ReviewLock(path) if lock else None
        if held is not None:
            held.acquire()
        try:
            engine, backup = _writer(path, revision)
        except BaseException:
            if held is not None:
                held.release()
            raise
        return cls(path, engine, held, backup)

    def _promote(self) -> None:
        """From reading to writing (see ``open(lazy=True)``)."""
        engine, backup = _writer(self.path, self.revision)
        self._engine.dispose()
        self._engine, self.backup, self.revision = engine, backup, head_revision()
        self._lazy = False

    def close(self) -> None:
        moved = not self.read_only and self.moved()
        if moved:
            self._rescue()
        self._engine.dispose()
        if moved and not self.path.exists():  # the emptied WAL left under the old name
            for name in (f"{self.path.name}-wal", f"{self.path.name}-shm"):
                with suppress(OSError):
                    self.path.with_name(name).unlink()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> ReviewFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def lazy(self) -> bool:
        """Opened for reading until something is recorded (see ``open``)."""
        return self._lazy

    def signer(self, author: Author) -> keys.SigningKey:
        key = self._signers.get(author.name)
        if key is None:
            try:
                key = keys.load_or_create(author.name)
            except keys.KeyStoreError as e:
                raise ReviewFileError(self.path, f"cannot sign as {author.name}: {e}") from e
            self._signers[author.name] = key
        return key

    # --- reading ---------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except (SQLAlchemyError, sqlite3.Error) as e:
            raise ReviewFileError(self.path, plain(e)) from e

    @property
    def signed_schema(self) -> bool:
        return self.revision >= SIGNED_REVISION

    def match_document(self) -> dict[str, Any]:
        with self._reading() as conn:
            doc = conn.execute(select(t.match.c.document).where(t.match.c.id == 1)).scalar_one()
        return json.loads(doc)

    def entries(self) -> list[LogEntry]:
        return self.snapshot()[0]

    def snapshot(self) -> tuple[list[LogEntry], str]:
        """The entries and the recorded head, read in one read transaction (one moment), so
        another process appending meanwhile cannot make them disagree."""
        cols = "seq, kind, author, role, recorded_at, payload, prev_hash, hash"
        if self.signed_schema:
            cols += ", public_key, signature"
        try:
            raw = self._engine.raw_connection()
        except (SQLAlchemyError, sqlite3.Error) as e:
            raise ReviewFileError(self.path, plain(e)) from e
        try:
            db = raw.driver_connection
            db.execute("BEGIN")  # deferred: a read snapshot, no write lock
            try:
                rows = db.execute(f"SELECT {cols} FROM log ORDER BY seq").fetchall()
                head = db.execute("SELECT value FROM meta WHERE key='log_head'").fetchone()
            finally:
                db.execute("COMMIT")
        except sqlite3.Error as e:
            raise ReviewFileError(self.path, plain(e)) from e
        finally:
            raw.close()
        return [entry_of(*r) for r in rows], (head[0] if head else "")

    def entries_after(self, seq: int) -> list[LogEntry]:
        """Entries appended after ``seq`` (by other windows or processes), read only."""
        with self._reading() as conn:
            rows = conn.execute(select(t.log).where(t.log.c.seq > seq)
                                .order_by(t.log.c.seq)).all()
        return [row_entry(r, self.signed_schema) for r in rows]

    def meta(self, key: str) -> str | None:
        with self._reading() as conn:
            return conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()

    def verify(self, snapshot: tuple[list[LogEntry], str] | None = None, *,
               signatures: str = "all") -> ChainReport:
        """The chain, its signatures, and the recorded head: a removed last entry is noticed."""
        entries, recorded = self.snapshot() if snapshot is None else snapshot
        report = verify(entries, signatures=signatures)
        if not report.intact:
            return report
        seq_text, _, head = recorded.partition(":")
        if seq_text.isdigit() and int(seq_text) > report.entries:
            missing = report.entries + 1
            return ChainReport(report.entries, report.head,
                               f"entry {missing} is missing (the file recorded "
                               f"{seq_text} entries)", missing, report.signed,
                               report.unsigned, report.signers)
        if head and head != report.head:
            return ChainReport(report.entries, report.head,
                               "the last entry does not match the recorded head of the log",
                               report.entries, report.signed, report.unsigned, report.signers)
        return report

    def clips(self) -> list[ClipRecord]:
        with self._reading() as conn:
            rows = conn.execute(select(t.clips).order_by(t.clips.c.id)).all()
        return [ClipRecord(r.id, r.path, r.fingerprint, json.loads(r.facts)) for r in rows]

    def projection_rows(self) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]] | None:
        """The incidents and decisions tables as stored (None before they existed)."""
        with self._reading() as conn:
            names = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            if "incidents" not in names:
                return None
            inc = {tuple(r) for r in conn.execute(select(t.incidents)).all()}
            dec = {tuple(r) for r in conn.execute(select(t.decisions)).all()}
        return inc, dec

    # --- writing ---------------------------------------------------------------------------

    def moved(self) -> bool:
        """True when the file at ``path`` is no longer the one we opened (renamed, replaced)."""
        return _identity(self.path) != self._identity

    def _rescue(self) -> None:
        """After a move, SQLite keeps the WAL under the old name and would not fold it in on
        close: fold it into the moved file now, through the connection that still has both
        open."""
        with suppress(SQLAlchemyError, sqlite3.Error, OSError):
            raw = self._engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One write transaction; refuses at once when the file was moved or is read-only."""
        if self.read_only:
            raise ReviewFileError(self.path, "opened for reading only; nothing was recorded")
        if self.moved():
            self._rescue()
            raise ReviewFileError(self.path, "the review file was renamed, moved or replaced "
                                             "while open; nothing was recorded now (what was "
                                             "recorded before is kept in it). Close it and "
                                             "open it from where it is now")
        if self._lazy:
            self._promote()
        try:
            with self._engine.begin() as conn:
                yield Tx(self, conn)
        except (SQLAlchemyError, sqlite3.Error) as e:
            raise ReviewFileError(self.path, plain(e)) from e
        except OSError as e:
            raise ReviewFileError(self.path, f"cannot be written ({e.strerror or e})") from e

    def append(self, kind: str, payload: Mapping[str, Any], author: Author,
               project: Callable[[Connection], None] | None = None) -> LogEntry:
        """Append one entry and commit it (with the projections ``project`` writes)."""
        with self.transaction() as tx:
            entry = tx.append(kind, payload, author)
            if project is not None:
                project(tx.conn)
        return entry

    def write_projections(self, project: Callable[[Connection], None]) -> None:
        with self.transaction() as tx:
            project(tx.conn)
            tx.conn.execute(t.meta.update().where(t.meta.c.key == "projections")
                            .values(value="fresh"))


def writable(path: Path) -> bool:
    """Whether the review and its folder (for its WAL and lock) can be written."""
    return os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)


def _writer(path: Path, revision: str) -> tuple[Engine, Path | None]:
    """A writing engine, after a backup and migration when the file is older."""
    if not writable(path):
        raise ReviewFileError(path, "the review file or its folder is read-only; it can be "
                                    "opened for reading only")
    backup = None
    try:
        engine = writer_engine(path)
        if revision != head_revision():
            backup = path.with_name(f"{path.name}.schema-{revision}.bak")
            backup_copy(path, backup)
            with engine.begin() as conn:
                command.upgrade(_alembic_config(conn), "head")
    except (SQLAlchemyError, sqlite3.Error) as e:
        raise ReviewFileError(path, plain(e)) from e
    return engine, backup


def projections_stale(review: ReviewFile) -> bool:
    return review.meta("projections") != "fresh"
