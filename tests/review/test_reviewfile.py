"""The review file on disk: chain, tampering, foreign/damaged/newer files, migration, lock."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import pytest

from reviewtool.review.session import ReviewSession
from reviewtool.store import reviewfile as rf
from reviewtool.store.chain import Author
from reviewtool.store.lock import ReviewLocked
from reviewtool.store.reviewfile import ReviewFile, ReviewFileError
from tests.review.helpers import demo_session, downgrade_copy

A = Author("Ana", "assessor")


def _filled(tmp_path: Path, n: int = 5) -> Path:
    path = tmp_path / "r.review"
    with ReviewFile.create(path, {"m": 1}) as r:
        for i in range(n):
            r.append("note", {"i": i, "text": f"entry {i}"}, A)
    return path


def test_appended_entries_chain_and_verify(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    with ReviewFile.open(path) as r:
        entries = r.entries()
        report = r.verify()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert report.intact and report.entries == 5 and report.head == entries[-1].hash


def test_settings_are_wal_and_full_sync(tmp_path: Path) -> None:
    path = _filled(tmp_path, 1)
    with ReviewFile.open(path) as r, r._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


@pytest.mark.parametrize("seq", [1, 3, 5])
def test_tampered_entry_is_named(tmp_path: Path, seq: int) -> None:
    path = _filled(tmp_path)
    db = sqlite3.connect(path)
    payload = json.loads(db.execute("SELECT payload FROM log WHERE seq=?", (seq,)).fetchone()[0])
    payload["text"] = "changed"
    db.execute("UPDATE log SET payload=? WHERE seq=?", (json.dumps(payload), seq))
    db.commit()
    db.close()
    with ReviewFile.open(path) as r:
        report = r.verify()
    assert not report.intact and report.seq == seq
    assert f"entry {seq}" in (report.problem or "")


@pytest.mark.parametrize("seq", [2, 5])
def test_deleted_entry_is_named(tmp_path: Path, seq: int) -> None:
    path = _filled(tmp_path)
    db = sqlite3.connect(path)
    db.execute("DELETE FROM log WHERE seq=?", (seq,))
    db.commit()
    db.close()
    with ReviewFile.open(path) as r:
        report = r.verify()
    assert not report.intact and report.seq == seq
    assert f"entry {seq} is missing" in (report.problem or "")


def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(ReviewFileError, match="another program"):
        ReviewFile.open(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.review"
    path.write_text("hello")
    with pytest.raises(ReviewFileError, match="not an SQLite database"):
        ReviewFile.open(path)


def test_damaged_file_is_refused_untouched(tmp_path: Path) -> None:
    path = _filled(tmp_path, 200)
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xff" * 8192  # overwrite pages after the header
    path.write_bytes(bytes(data))
    with pytest.raises(ReviewFileError, match="damaged"):
        ReviewFile.open(path)
    assert path.read_bytes() == bytes(data)


def test_newer_file_is_refused_untouched(tmp_path: Path) -> None:
    path = _filled(tmp_path, 1)
    db = sqlite3.connect(path)
    db.execute("UPDATE alembic_version SET version_num='0099'")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(ReviewFileError, match="newer version of reviewtool"):
        ReviewFile.open(path)
    assert path.read_bytes() == before


def test_older_file_is_backed_up_and_migrated(tmp_path: Path) -> None:
    """A file at schema 0001 (no projection tables) opens: backup kept, projections rebuilt."""
    new = tmp_path / "new.review"
    s = demo_session(new)
    s.tag_incident("kicking", 10, manner="reckless")
    s.close()
    old = tmp_path / "old.review"
    downgrade_copy(new, old, "0001")
    assert rf.inspect(old) == "0001"

    session = ReviewSession.open(old)
    assert session.file.backup is not None and session.file.backup.exists()
    assert rf.inspect(session.file.backup) == "0001"
    assert rf.inspect(old) == rf.head_revision()
    assert list(session.record.incidents) == ["i1"]
    with session.file._engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT id, category FROM incidents").all() == [
            ("i1", "kicking")]
    report = session.verify()
    assert report.intact and report.status == "unsigned"
    session.author = A
    session.tag_incident("holding", 12)  # new entries are signed after the old ones
    report = session.verify()
    assert report.intact and report.signed == 1 and report.status == "intact"
    session.close()


def test_second_open_is_warned_by_the_lock(tmp_path: Path) -> None:
    path = _filled(tmp_path, 1)
    first = ReviewFile.open(path)
    with pytest.raises(ReviewLocked, match="already open") as info:
        ReviewFile.open(path)
    assert "process" in info.value.holder
    first.close()
    ReviewFile.open(path).close()  # released on close


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    path = _filled(tmp_path, 1)
    with pytest.raises(ReviewFileError, match="already exists"):
        ReviewFile.create(path, {})
