"""The incidents and decisions in effect, as SQL tables (a projection of the log).

Each commit writes only the rows its entry changes, in the entry's transaction, so the cost
does not grow with the log. On open the stored rows are compared with the log: rows edited
behind the tool's back are found, named, and rebuilt from the log when the file is writable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection

from reviewtool.review.decision import Decision
from reviewtool.review.incident import Incident
from reviewtool.review.record import ReviewRecord
from reviewtool.store import tables as t
from reviewtool.store.chain import canonical
from reviewtool.store.reviewfile import ReviewFile, projections_stale

Incidents = Mapping[str, Incident]
Decisions = Mapping[str, list[Decision]]


def incident_row(i: Incident) -> dict[str, Any]:
    return {"id": i.id, "clip_id": i.clip_id, "key_frame": i.key_frame, "minute": i.minute,
            "category": i.category, "document": canonical(i.to_json())}


def decision_row(d: Decision) -> dict[str, Any]:
    return {"id": d.id, "incident_id": d.incident, "step": d.step,
            "document": canonical(d.to_json())}


def _flat(decisions: Decisions) -> dict[str, Decision]:
    return {d.id: d for ds in decisions.values() for d in ds}


def matches(stored: tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]],
            record: ReviewRecord) -> bool:
    """Whether the stored rows say exactly what the log says (documents compared as values,
    which spares encoding every expected document on open)."""
    inc_rows, dec_rows = stored
    incidents, decisions = record.incidents, _flat(record.decisions)
    if len(inc_rows) != len(incidents) or len(dec_rows) != len(decisions):
        return False
    for rid, clip_id, key_frame, minute, category, doc in inc_rows:
        i = incidents.get(rid)
        if i is None or (clip_id, key_frame, minute, category) != (
                i.clip_id, i.key_frame, i.minute, i.category) or json.loads(doc) != i.to_json():
            return False
    for rid, incident, step, doc in dec_rows:
        d = decisions.get(rid)
        if d is None or (incident, step) != (d.incident, d.step) or json.loads(doc) != (
                d.to_json()):
            return False
    return True


_PUT_INCIDENT = ("INSERT OR REPLACE INTO incidents (id, clip_id, key_frame, minute, category, "
                 "document) VALUES (:id, :clip_id, :key_frame, :minute, :category, :document)")
_PUT_DECISION = ("INSERT OR REPLACE INTO decisions (id, incident_id, step, document) "
                 "VALUES (:id, :incident_id, :step, :document)")


def write_changes(db: Any, old_inc: Incidents, new_inc: Incidents,
                  old_dec: Decisions, new_dec: Decisions,
                  touched: tuple[set[str], set[str]]) -> None:
    """Upsert what differs between the old and new incidents/decisions among the ``touched``
    ids (the only ones a retraction can change), delete what went. ``db`` is the SQLite
    connection of the entry's transaction (``Tx.db``)."""
    for key in touched[0]:
        before, after = old_inc.get(key), new_inc.get(key)
        if before is after or before == after:
            continue
        if after is None:
            db.execute("DELETE FROM incidents WHERE id = ?", (key,))
        else:
            upsert_incident(db, after)
    for key in touched[1]:
        incident = key.rpartition("-")[0]
        b = next((d for d in old_dec.get(incident, ()) if d.id == key), None)
        a = next((d for d in new_dec.get(incident, ()) if d.id == key), None)
        if b is a or b == a:
            continue
        if a is None:
            db.execute("DELETE FROM decisions WHERE id = ?", (key,))
        else:
            upsert_decision(db, a)


def upsert_incident(db: Any, incident: Incident) -> None:
    """One statement (insert or replace) in the entry's transaction."""
    db.execute(_PUT_INCIDENT, incident_row(incident))


def upsert_decision(db: Any, decision: Decision) -> None:
    db.execute(_PUT_DECISION, decision_row(decision))


def projector(record: ReviewRecord) -> Callable[[Connection], None]:
    """Rewrite both tables whole from ``record`` (after a migration or a detected edit)."""
    def write(conn: Connection) -> None:
        conn.execute(t.incidents.delete())
        conn.execute(t.decisions.delete())
        rows = [incident_row(i) for i in record.incidents.values()]
        if rows:
            conn.execute(t.incidents.insert(), rows)
        steps = [decision_row(d) for d in _flat(record.decisions).values()]
        if steps:
            conn.execute(t.decisions.insert(), steps)

    return write


def reconcile(file: ReviewFile, record: ReviewRecord, read_only: bool) -> str | None:
    """The SQL tables must say what the log says: rebuilt when stale or edited (a warning
    names an edit made outside reviewtool)."""
    stored = file.projection_rows()
    if stored is None:
        return None
    stale = projections_stale(file)
    edited = not stale and not matches(stored, record)
    if read_only:
        return ("the incidents/decisions tables differ from the decision log (edited outside "
                "reviewtool); the log is used") if edited else None
    if stale or edited:
        file.write_projections(projector(record))
    return ("the incidents/decisions tables differed from the decision log (edited outside "
            "reviewtool); they were rebuilt from it") if edited else None
