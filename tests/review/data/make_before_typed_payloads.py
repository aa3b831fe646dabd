"""How before-typed-payloads.review was made (at commit 1986cdb, before typed payloads):
run from the repository root with PYTHONPATH=. ; kept to show what the file holds."""
import sys
from pathlib import Path
from reviewtool.laws.offences import Circumstances, Manner
from reviewtool.match import events as ev
from reviewtool.review.decision import Ruling
from reviewtool.review.incident import PersonRef, PitchPlace
from tests.review.helpers import demo_session
from tests.review.test_session import _overturn

out = Path(sys.argv[1])
out.unlink(missing_ok=True)
s = demo_session(out)
clip = s.add_clip("/clips/atalanta-dortmund.mp4", "f" * 64, {"frames": 900, "fps": 25.0})
s.mark_sync(clip.id, 100, 2, 2700.5)
inc_id = _overturn(s)
inc = s.record.incidents[inc_id]
from dataclasses import replace
s.edit_incident(replace(inc, notes="studs on the shin"))
s.record_events([ev.Card(team="away", player=4, card="red", minute="90+7")], incident=inc_id)
s.record_events([ev.Card(team="home", player=42, card="red", minute="90+7")])
s.undo()
s.redo()
s.record_events([ev.Goal(team="home", player=10, penalty=True, minute="90+8")])
s.undo()
s.relocate_clip(clip, "/elsewhere/atalanta-dortmund.mp4")
s.close()
print("ok")
