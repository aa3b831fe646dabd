"""Every screenshot of the guides (docs/user-guide.md, review-guide.md, training-guide.md),
taken of the real windows, so that re-running this keeps them current.

Walks the demo as the user guide tells a referee to: the demo review as it opens, the frame of
contact (430, zoomed in), the Tag incident dialog filled in through its own widgets, the
decision after the on-field review, the final state; then the training windows
(training_screenshots.py) and stepping by field (player_screenshots.py). Run it under a
display or Xvfb:

    xvfb-run -a .venv/bin/python scripts/guide_screenshots.py docs/images
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from reviewtool.demo import scene
from reviewtool.laws.offences import Circumstances, Manner
from reviewtool.match import events as ev
from reviewtool.match.state import Person
from reviewtool.review.decision import Ruling
from reviewtool.review.incident import PitchPlace
from ui.demo import DEMO_USER, open_demo
from ui.dialogs.incident import IncidentDialog
from ui.main_window import ReviewWindow
from ui.settings import Settings
from ui.theme import apply_dark_theme

BENSEBAINI = Person("away", 5)
KRSTOVIC = Person("home", 90)
CONTACT_PIXEL = (680, 300)  # where boot meets head in the demo clip's frame of contact


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
    wait(app, lambda: w.review.author == DEMO_USER and w.view.pixels is not None)
    settle(app)
    w.grab().save(str(out / "review-desk.png"))

    contact = round(scene.CONTACT_T * scene.FPS)  # frame 430, 90+4:00 on the match clock
    w.player.seek(contact)
    wait(app, lambda: w.player.shown == contact)
    view = w.view
    x, y = CONTACT_PIXEL
    at = QPointF(view.width() / 2, view.height() / 2)
    view.set_zoom(view.zoom, at)
    view.set_zoom(2.5, at + (QPointF(x, y) - view.image_point(at)) * view.zoom)
    settle(app)
    w.grab().save(str(out / "guide-contact.png"))
    view.fit()

    w.commands.tag()  # T: the real dialog, filled in through its widgets
    dialog = w.commands.dialog
    assert isinstance(dialog, IncidentDialog)
    dialog.category.setCurrentIndex(dialog.category.findData("dangerous_play"))
    dialog.manner.setCurrentIndex(dialog.manner.findData("reckless"))
    dialog.offender.set_person(BENSEBAINI)
    dialog.victim.set_person(KRSTOVIC)
    dialog.pitch.set_place(PitchPlace(99.5, 36.0))
    settle(app)
    dialog.grab().save(str(out / "guide-tag.png"))
    buttons = dialog.findChild(QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait(app, lambda: bool(w.review.session.record.incidents))  # type: ignore[union-attr]
    incident_id = next(iter(w.review.session.record.incidents))  # type: ignore[union-attr]

    def do(op: Callable[..., object]) -> object:
        result = w.review.do(op, lambda msg: (_ for _ in ()).throw(RuntimeError(msg)))
        settle(app, 0.2)
        return result

    do(lambda s: s.record_on_field(incident_id, Ruling(restart="corner_kick",
                                                       restart_team="home"), "90+4"))
    w.incidents.select(incident_id)
    w.show_decision()
    settle(app)
    w.grab().save(str(out / "guide-on-field.png"))
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
    import offside_screenshots  # beside this script
    import player_screenshots
    import training_screenshots

    training_screenshots.shoot(app, review, work, out, wait, settle)
    player_screenshots.shoot(app, work, out)
    offside_screenshots.shoot(app, work, out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
