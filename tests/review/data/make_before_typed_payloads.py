"""How before-typed-payloads.review was made (at commit 1986cdb, before typed payloads):
``PYTHONPATH=. python tests/review/data/make_before_typed_payloads.py OUT`` from the
repository root; kept to show what the file holds (every kind of log entry)."""

import sys
from dataclasses import replace
from pathlib import Path

from reviewtool.match import events as ev
from tests.review.helpers import demo_session
from tests.review.test_session import _overturn

if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.unlink(missing_ok=True)
    s = demo_session(out)
    clip = s.add_clip("/clips/atalanta-dortmund.mp4", "f" * 64, {"frames": 900, "fps": 25.0})
    s.mark_sync(clip.id, 100, 2, 2700.5)
    inc_id = _overturn(s)
    s.edit_incident(replace(s.record.incidents[inc_id], notes="studs on the shin"))
    s.record_events([ev.Card(team="away", player=4, card="red", minute="90+7")],
                    incident=inc_id)
    s.record_events([ev.Card(team="home", player=42, card="red", minute="90+7")])
    s.undo()
    s.redo()
    s.record_events([ev.Goal(team="home", player=10, penalty=True, minute="90+8")])
    s.undo()
    s.relocate_clip(clip, "/elsewhere/atalanta-dortmund.mp4")
    s.close()
