"""Screenshots of the real review window for docs/review-guide.md.

Runs the demo review to its key moments (the incident decided after the on-field review, then
the final state) and grabs the window at each. Run under a display or Xvfb:

    xvfb-run -a .venv/bin/python scripts/guide_screenshots.py docs/images
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from reviewtool.demo import scene
from reviewtool.laws.offences import Circumstances, Manner
from reviewtool.match import events as ev
from reviewtool.review.decision import Ruling
from reviewtool.review.incident import PersonRef, PitchPlace
from ui.demo import DEMO_USER, open_demo
from ui.main_window import ReviewWindow
from ui.settings import Settings
from ui.theme import apply_dark_theme

BENSEBAINI = PersonRef("away", 5)


def wait(app: QApplication, done: Callable[[], bool], seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, seconds: float = 0.5) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    apply_dark_theme(app)
    work = Path(tempfile.mkdtemp(prefix="guide-"))
    w = ReviewWindow(Settings(QSettings(str(work / "s.ini"), QSettings.Format.IniFormat)))
    w.resize(1500, 920)
    w.show()
    open_demo(w, work / "cache")
    wait(app, lambda: w.review.author == DEMO_USER)
    contact = round(scene.CONTACT_T * scene.FPS)
    w.player.seek(contact)
    wait(app, lambda: w.player.shown == contact)

    def do(op: Callable[..., object]) -> object:
        result = w.review.do(op, lambda msg: (_ for _ in ()).throw(RuntimeError(msg)))
        settle(app, 0.2)
        return result

    time_at = w.review.time_at(contact, w.player.clip.timestamp)  # type: ignore[union-attr]
    inc = do(lambda s: s.tag_incident(
        "dangerous_play", contact, in_frame=contact - 30, out_frame=contact + 30,
        clip_id=w.review.clip_id, time=time_at, manner="reckless", offender=BENSEBAINI,
        victim=PersonRef("home", 90), place=PitchPlace(99.5, 36.0)))
    incident_id = inc.id  # type: ignore[attr-defined]
    do(lambda s: s.record_on_field(incident_id, Ruling(restart="corner_kick",
                                                       restart_team="home"), "90+4"))
    do(lambda s: s.record_check(incident_id, "review_recommended", "penalty", "90+5"))
    p = w.review.session.propose(  # type: ignore[union-attr]
        "dangerous_play", Circumstances(manner=Manner.RECKLESS, contact=True,
                                        inside_own_penalty_area=True), BENSEBAINI)
    final = Ruling(offence=p.offence.code, manner="reckless", sanction=p.sanction.value,
                   second_caution=True, offender=BENSEBAINI,
                   restart=p.restart.value,  # type: ignore[union-attr]
                   restart_team="home")
    do(lambda s: s.record_review(incident_id, "on_field", "overturned", final, "90+7"))
    w.incidents.select(incident_id)
    w.show_decision()
    settle(app)
    w.grab().save(str(out / "review-overturned.png"))

    for event in (ev.Card(team="away", player=4, card="red", minute="90+7"),
                  ev.Card(team="home", player=42, card="red", minute="90+7"),
                  ev.Goal(team="home", player=10, penalty=True, minute="90+8"),
                  ev.FullTime()):
        do(lambda s, e=event: s.record_events([e]))
    w.docks["state"].raise_()
    settle(app)
    w.grab().save(str(out / "review-final.png"))
    review = w.review.session.file.path  # type: ignore[union-attr]
    w.close()
    from training_screenshots import shoot  # beside this script

    shoot(app, review, work, out, wait, settle)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
