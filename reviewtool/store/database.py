"""SQLite underneath the review file: connections, read-only inspection, plain-word errors.

Writers use WAL with ``synchronous=FULL`` and ``BEGIN IMMEDIATE`` transactions. Readers open
with ``mode=ro`` and never change the journal mode, so reading a review (even a refused one,
even on read-only media) writes nothing beside it.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

APPLICATION_ID = 0x52565731  # "RVW1" in the SQLite header: marks a reviewtool review file
SQLITE_MAGIC = b"SQLite format 3\x00"


def read_only_uri(path: Path) -> str:
    """A read-only URI that leaves nothing beside the file.

    SQLite's read-only connections to a WAL database create the -wal and -shm files when they
    are missing. When there is no -wal, no writer is connected and every committed entry is in
    the file itself, so it is read as ``immutable`` (which creates nothing and also works on
    read-only media); when a writer is active its -wal is read through the shared memory it
    made.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return uri


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)


def writer_engine(path: Path, *, create: bool = False) -> Engine:
    """A writing engine. Unless ``create``, SQLite may not make the file: a connection opened
    after the review was moved fails instead of starting an empty review at the old name."""
    uri = f"{path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
        uri, uri=True, check_same_thread=False))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def reader_engine(path: Path) -> Engine:
    # A new connection per read: whether a writer is active (an -wal exists) is decided
    # afresh each time, so an ``immutable`` read never serves a stale picture of the file.
    engine = create_engine("sqlite://", creator=lambda: connect_read_only(path),
                           poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA busy_timeout=10000")

    return engine


def plain(error: BaseException) -> str:
    """A database error in the words a user can act on."""
    orig = error.orig if isinstance(error, DBAPIError) else error
    text = str(orig).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return "the disk is full; nothing more was recorded (free some space and retry)"
    if "disk i/o error" in text:
        return ("the disk could not be written (full, or failing); nothing more was recorded "
                "(free some space or check the disk, and retry)")
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return "the review file or its folder is read-only; it can be opened for reading only"
    if "locked" in text or "busy" in text:
        return "another window or process is writing to this review; try again"
    if "unable to open" in text:
        return "cannot be opened (missing, or its folder cannot be read)"
    if "malformed" in text or "not a database" in text:
        return "the file is damaged"
    return f"database error ({str(orig).splitlines()[0][:120]})"


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup_copy(path: Path, backup: Path) -> None:
    """A consistent copy (the WAL included) through SQLite's backup API."""
    src = connect_read_only(path)
    try:
        dst = sqlite3.connect(backup)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
