"""Write the incidents and decisions in effect into their SQL tables (a projection of the log).

Rewritten whole in the transaction of each log entry: a review holds tens of incidents, so
this costs well under a millisecond and can never drift from the log.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from reviewtool.review.record import ReviewRecord
from reviewtool.store import tables as t
from reviewtool.store.chain import canonical


def projector(record: ReviewRecord) -> Callable[[Connection], None]:
    def write(conn: Connection) -> None:
        conn.execute(t.incidents.delete())
        conn.execute(t.decisions.delete())
        rows = [{"id": i.id, "clip_id": i.clip_id, "key_frame": i.key_frame,
                 "minute": i.minute, "category": i.category,
                 "document": canonical(i.to_json())} for i in record.incidents.values()]
        if rows:
            conn.execute(t.incidents.insert(), rows)
        steps = [{"id": d.id, "incident_id": d.incident, "step": d.step,
                  "document": canonical(d.to_json())}
                 for ds in record.decisions.values() for d in ds]
        if steps:
            conn.execute(t.decisions.insert(), steps)

    return write
