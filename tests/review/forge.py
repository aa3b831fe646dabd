"""Attack tools for the tests: rewrite a review's log as a forger with SQLite access would."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewtool.store import keys
from reviewtool.store.chain import GENESIS, Author, canonical, entry_hash, signing_bytes

Row = dict[str, Any]


def rows(path: Path) -> list[Row]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    out = [dict(r) for r in db.execute("SELECT * FROM log ORDER BY seq")]
    db.close()
    return out


def rewrite(path: Path, change: Callable[[list[Row]], list[Row]], *,
            resign: keys.SigningKey | None = None, keep_head: bool = True) -> None:
    """Apply ``change`` to the rows, renumber, recompute every hash (and, with ``resign``,
    every signature with that key, as a forger holding only their own key can), write back."""
    new = change(rows(path))
    prev = GENESIS
    for seq, r in enumerate(new, start=1):
        r["seq"] = seq
        r["prev_hash"] = prev
        payload = json.loads(r["payload"])
        r["payload"] = canonical(payload)
        if resign is not None:
            r["public_key"] = resign.public()
        r["hash"] = entry_hash(seq, r["kind"], Author(r["author"], r["role"]),
                               r["recorded_at"], payload, prev, r["public_key"])
        if resign is not None:
            r["signature"] = resign.sign(signing_bytes(r["hash"])).hex()
        prev = r["hash"]
    db = sqlite3.connect(path)
    db.execute("DELETE FROM log")
    for r in new:
        cols = ",".join(r)
        db.execute(f"INSERT INTO log ({cols}) VALUES ({','.join('?' * len(r))})",
                   tuple(r.values()))
    if keep_head:
        db.execute("UPDATE meta SET value=? WHERE key='log_head'", (f"{len(new)}:{prev}",))
    else:
        db.execute("DELETE FROM meta WHERE key='log_head'")
    db.commit()
    db.close()


def sql(path: Path, statement: str, *params: Any) -> None:
    db = sqlite3.connect(path)
    db.execute(statement, params)
    db.commit()
    db.close()
