"""Screenshots of the training windows for docs/training-guide.md, from the demo review that
scripts/guide_screenshots.py has just decided (it calls ``shoot``)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from reviewtool.store import keys
from reviewtool.training.answers import submit
from reviewtool.training.grading import grade
from reviewtool.training.pack import export_pack
from reviewtool.training.question import Answer
from reviewtool.training.quiz import Quiz, items_from_review
from ui.settings import Settings
from ui.training.builder import BuilderWindow
from ui.training.grading_window import GradingWindow
from ui.training.presenter import PresenterWindow
from ui.training.trainee import TrainingWindow

RIGHT = {"offence_or_not": "offence", "offence": "kicking", "sanction": "sending_off",
         "restart": "penalty_kick", "var": "on_field_review"}
CLASS = [("Ana", RIGHT, 5), ("Ben", {**RIGHT, "sanction": "caution"}, 4),
         ("Cleo", {**RIGHT, "offence": "dangerous_play", "sanction": "caution",
                   "restart": "indirect_free_kick"}, 3),
         ("Dev", {**RIGHT, "var": "no_intervention", "sanction": "none",
                  "restart": "corner_kick", "offence_or_not": "no_offence",
                  "offence": "no_offence"}, 2)]


def shoot(app: QApplication, review: Path, work: Path, out: Path, wait, settle) -> None:
    os.environ[keys.CONFIG_ENV] = str(work / "config")  # the trainees' keys: not the user's
    settings = Settings(QSettings(str(work / "t.ini"), QSettings.Format.IniFormat))
    session = items_from_review(review, ["i1"], Quiz.new("Stoppage-time review"),
                                pre_roll=3.0, post_roll=2.0)
    item = session.items[0]
    session = session.with_item(type(item)(**{
        **item.__dict__, "explanation": "Raised boot strikes the head: kicking, reckless; "
        "Bensebaini already cautioned, so a second caution. Penalty kick."}))
    path = work / "evening.training"
    session.save(path)
    b = BuilderWindow(settings)
    b.open(path)
    b.resize(1300, 800)
    b.show()
    settle(app)
    b.grab().save(str(out / "training-builder.png"))
    pack = work / "evening.rtpack"
    export_pack(session, pack)

    t = TrainingWindow(settings, cache_dir=work / "cache")
    t.resize(1500, 900)
    t.show()
    t.open_pack(pack)
    wait(app, lambda: t.player.clip is not None)
    t.player.seek(150)
    wait(app, lambda: t.player.shown == 150)
    for part, value in CLASS[1][1].items():
        box = t.form.boxes[part]
        box.setCurrentIndex(box.findData(value))
    t.form.confidence.button(4).setChecked(True)
    settle(app)
    t.grab().save(str(out / "training-trainee.png"))

    for name, values, confidence in CLASS:
        submit(name, session.id, "demo", [Answer("q1", values, confidence, 30.0)],
               work / f"{name}.answers")
    g = GradingWindow(session, settings)
    g.resize(1100, 800)
    g.show()
    g.import_answers([work / f"{name}.answers" for name, _, _ in CLASS])
    g.tabs.setCurrentIndex(3)
    settle(app)
    g.grab().save(str(out / "training-grading.png"))

    g.tabs.setCurrentIndex(0)
    settle(app)
    g.grab().save(str(out / "training-grading-trainees.png"))

    p = PresenterWindow(session, grade(session, g.sheets), settings)
    p.resize(1400, 860)
    p.show()
    settle(app)
    p.grab().save(str(out / "training-presenter-context.png"))
    while p.stage_name != "answer":
        p.forward()
    settle(app, 1.0)
    p.grab().save(str(out / "training-presenter.png"))
    for w in (b, t, g, p):
        w.close()
