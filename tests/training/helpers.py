"""A review with an incident decided through the VAR path, on two synced stamped clips."""

from __future__ import annotations

from pathlib import Path

from reviewtool.laws.offences import Circumstances, Manner
from reviewtool.match.state import Person
from reviewtool.review.decision import Ruling
from reviewtool.video.clip import open_clip
from tests.kit.synth import make_clip
from tests.review.helpers import demo_session

BENSEBAINI = Person("away", 5)
ANGLE_OFFSET = 10  # the angle's frame 10 is the main clip's frame 0


def reviewed_incident(folder: Path) -> Path:
    """demo.review: clip main.mov (closed GOPs of 30) and angle.avi (MJPEG), both synced; i1 at
    frame 60 (50-70) of main, overturned to a penalty and a second caution."""
    folder.mkdir(parents=True, exist_ok=True)
    main = make_clip(folder / "main.mov", "h264_mov", frames=150)
    angle = make_clip(folder / "angle.avi", "mjpeg_avi", frames=170)
    s = demo_session(folder / "demo.review")
    ids = []
    for path in (main, angle):
        with open_clip(path) as c:
            ids.append(s.add_clip(str(path), c.fingerprint, {"fps": c.fps}).id)
    s.mark_sync(ids[0], 0, 2, 2932.0)
    s.mark_sync(ids[1], ANGLE_OFFSET, 2, 2932.0)
    inc = s.tag_incident("dangerous_play", 60, in_frame=50, out_frame=70, clip_id=ids[0],
                         offender=BENSEBAINI, victim=Person("home", 90))
    s.record_on_field(inc.id, Ruling(restart="corner_kick", restart_team="home"), "90+4")
    s.record_check(inc.id, "review_recommended", "penalty", "90+5")
    p = s.propose("dangerous_play", Circumstances(manner=Manner.RECKLESS, contact=True,
                                                  inside_own_penalty_area=True), BENSEBAINI)
    final = Ruling(offence=p.offence.code, manner="reckless", sanction=p.sanction.value,
                   second_caution=True, offender=BENSEBAINI,
                   restart=p.restart.value if p.restart else None, restart_team="home")
    s.record_review(inc.id, "on_field", "overturned", final, "90+7")
    s.close()
    return folder / "demo.review"
