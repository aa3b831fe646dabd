"""Shared set-up for review tests: the demo review before the stoppage-time incident."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reviewtool.resources import demo_log
from reviewtool.review.session import ReviewSession
from reviewtool.store.chain import Author
from reviewtool.store.matchlog import read

VAR = Author("Test VAR", "VAR")
BEFORE_INCIDENT = 16


def demo_session(path: Path, events: int = BEFORE_INCIDENT) -> ReviewSession:
    log = read(demo_log())
    return ReviewSession.create(path, replace(log, events=log.events[:events]), VAR)


def downgrade_copy(new: Path, old: Path, revision: str) -> None:
    """Rebuild ``new`` as a file of an older schema: same entries, unsigned, rehashed as the
    versions before signatures did, so the copy is what an older reviewtool wrote."""
    import sqlite3

    from alembic import command

    from reviewtool.store import reviewfile as rf
    from reviewtool.store.chain import GENESIS, entry_hash

    engine = rf._engine(old)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={rf.APPLICATION_ID}")
        command.upgrade(rf._alembic_config(conn), revision)
    engine.dispose()
    db = sqlite3.connect(old)
    src = sqlite3.connect(new)
    for table in ("meta", "match", "clips"):
        rows = src.execute(f"SELECT * FROM {table}").fetchall()
        if rows:
            marks = ",".join("?" * len(rows[0]))
            db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
    prev, seq = GENESIS, 0
    for seq, kind, author, role, at, payload, _p, _h in src.execute(
            "SELECT seq, kind, author, role, recorded_at, payload, prev_hash, hash FROM log "
            "ORDER BY seq"):
        import json

        digest = entry_hash(seq, kind, Author(author, role), at, json.loads(payload), prev)
        db.execute("INSERT INTO log VALUES (?,?,?,?,?,?,?,?)",
                   (seq, kind, author, role, at, payload, prev, digest))
        prev = digest
    db.execute("UPDATE meta SET value=? WHERE key='log_head'", (f"{seq}:{prev}",))
    db.execute("DELETE FROM meta WHERE key='projections'")
    if revision >= "0002":
        db.execute("INSERT INTO meta VALUES ('projections', 'stale')")
    db.commit()
    db.close()
    src.close()
