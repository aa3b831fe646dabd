"""Training through the real widgets: build a session from the reviewed incident, export the
pack, answer it in training mode, grade answers with charts and reports, present it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMenu

from reviewtool.training import signing
from reviewtool.training.answers import read_sheet, submit
from reviewtool.training.question import Answer
from reviewtool.training.quiz import Item, Quiz, Segment
from tests.training.helpers import reviewed_incident
from ui.training.builder import AddFromReviewDialog, BuilderWindow
from ui.training.grading_window import GradingWindow
from ui.training.presenter import PresenterWindow
from ui.training.trainee import SubmitDialog, TrainingWindow, documents_folder

RIGHT = {"offence_or_not": "offence", "offence": "kicking", "sanction": "sending_off",
         "restart": "penalty_kick", "var": "on_field_review"}


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return reviewed_incident(tmp_path_factory.mktemp("training-ui"))


def show_active(qtbot, window) -> None:
    """Shown and active: window shortcuts (the action table's) reach the active window."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def pick(box, value) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def build_and_export(qtbot, settings, review: Path, folder: Path) -> tuple[Path, Path]:
    w = BuilderWindow(settings)
    qtbot.addWidget(w)
    w.show()
    w.save_as(folder / "evening.training")
    w.open_add_dialog(review)
    dialog = w.dialog
    assert isinstance(dialog, AddFromReviewDialog)
    assert dialog.incidents.count() == 1
    dialog.incidents.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.pre.setValue(1.0)
    dialog.post.setValue(1.0)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert [it.id for it in w.session.items] == ["q1"]
    assert w.editor.reference.values() == RIGHT  # from the recorded final decision
    assert [e.text() for e in w.editor.angle_edits] == ["", ""]  # unnamed: "Angle n"
    w.editor.angle_edits[1].setText("Behind the goal")  # the instructor names an angle
    w.editor.angle_edits[1].editingFinished.emit()
    w.editor.explanation.setPlainText("Boot to the head: kicking, reckless.")
    w.session_title.setText("Tuesday evening")
    w.session_title.editingFinished.emit()
    saved = Quiz.load(folder / "evening.training")  # written at once, no Save
    assert saved.title == "Tuesday evening"
    assert saved.items[0].explanation == "Boot to the head: kicking, reckless."
    assert [g.angle for g in saved.items[0].segments] == ["", "Behind the goal"]
    pack = folder / "evening.rtpack"
    with qtbot.waitSignal(w.export_finished, timeout=60_000):
        w.export(pack)
    assert pack.exists() and w.exported == (pack, "")
    return folder / "evening.training", pack


def test_build_export_answer_grade_and_present(qtbot, settings, review: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    session_path, pack = build_and_export(qtbot, settings, review, tmp_path)

    # the trainee answers in training mode
    t = TrainingWindow(settings, cache_dir=tmp_path / "cache")
    qtbot.addWidget(t)
    t.show()
    with qtbot.waitSignal(t.player.opened, timeout=10_000):
        assert t.open_pack(pack)
    assert t.questions.count() == 1 and t.angle.count() == 2
    assert [t.angle.itemText(i) for i in range(2)] == ["Angle 1", "Behind the goal"]
    # what the clip cannot show comes with the question, before it is played
    assert "On a caution since 13': Ramy Bensebaini" in t.question_text.text()
    assert "Score: Atalanta 3–1 Borussia Dortmund" in t.question_text.text()
    assert t.windowTitle().startswith("Tuesday evening")
    # the extracted clips are not recent clips, their cache folder is not the last folder
    assert settings.recent_clips() == []
    assert not Path(settings.last_folder()).is_relative_to(tmp_path / "cache")
    with qtbot.waitSignal(t.player.frame_shown, timeout=10_000):
        t.actions_by_id["nav.next_frame"].trigger()  # every review tool is there
    t.save_button.click()
    assert "Still to answer" in t.error.text()  # nothing chosen yet
    for part, value in {**RIGHT, "sanction": "caution"}.items():
        pick(t.form.boxes[part], value)
    qtbot.mouseClick(t.form.confidence.button(4), Qt.MouseButton.LeftButton)
    t.save_button.click()
    assert t.unanswered() == [] and "(answered)" in t.questions.item(0).text()
    t.submit_button.click()
    dialog = t.dialog
    assert isinstance(dialog, SubmitDialog)
    # saved where the trainee keeps files, named after the trainee and the pack; not in the
    # hidden cache folder the clips were extracted to, and not the same name for everyone
    dialog.name.setText("Trainee One")
    default = Path(dialog.path.text())
    assert default == documents_folder() / "Trainee One - Tuesday evening.answers"
    assert not default.is_relative_to(tmp_path / "cache")
    dialog.path.setText(str(tmp_path / "one.answers"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    sheet = read_sheet(tmp_path / "one.answers")
    assert signing.fingerprint(sheet.public_key) in t.statusBar().currentMessage()
    assert sheet.trainee == "Trainee One" and sheet.answers[0].confidence == 4
    assert sheet.answers[0].values["sanction"] == "caution"
    assert sheet.answers[0].seconds is not None and sheet.answers[0].seconds >= 0

    # two more trainees, one of them right
    session = Quiz.load(session_path)
    submit("Trainee Two", session.id, sheet.pack, [Answer("q1", RIGHT, 5, 20.0)],
           tmp_path / "two.answers")
    submit("Trainee Three", session.id, sheet.pack,
           [Answer("q1", {**RIGHT, "sanction": "none", "var": "no_intervention"}, 2, 9.0)],
           tmp_path / "three.answers")
    (tmp_path / "bad.answers").write_text("{ not json")

    g = GradingWindow(session, settings, session_path)
    qtbot.addWidget(g)
    g.show()
    problems = g.import_answers([tmp_path / f"{n}.answers"
                                 for n in ("one", "two", "three", "bad")])
    assert len(problems) == 1 and "bad.answers" in problems[0]
    trainees = g.tables["trainees"]
    rows = {trainees.item(r, 0).text(): trainees.item(r, 1).text()
            for r in range(trainees.rowCount())}
    assert rows == {"Trainee One": "80 %", "Trainee Two": "100 %", "Trainee Three": "60 %"}

    # which answers carry a valid signature from a known trainee
    def signatures() -> set[str]:
        last = trainees.columnCount() - 1
        assert trainees.horizontalHeaderItem(last).text() == "Signature"
        return {trainees.item(r, last).text().split(" (key")[0]
                for r in range(trainees.rowCount())}

    assert signatures() == {signing.UNLISTED}
    trust = g.actions_by_id["grading.trust_keys"]
    assert trust.isEnabled()
    trust.trigger()
    assert signatures() == {signing.KNOWN} and not trust.isEnabled()
    assert set(Quiz.load(session_path).trainees) == {
        "Trainee One", "Trainee Two", "Trainee Three"}
    sanctions = g.tables["sanctions"]
    assert [sanctions.item(2, c).text() for c in (1, 2, 3)] == ["1", "1", "1"]
    assert len(g.chart_widgets) == 2
    g.export_pdf(tmp_path / "report.pdf")
    g.export_csv(tmp_path / "all.csv")
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "report.pdf").stat().st_size > 10_000  # tables and two charts
    assert (tmp_path / "all.csv").read_text().count("\n") == 4

    # the presenter: context, clip, question, then the reference and the distribution
    p = PresenterWindow(session, g.grading, settings)
    qtbot.addWidget(p)
    show_active(qtbot, p)
    assert p.stage_name == "context" and not p.player.playing
    assert "On a caution since 13'" in p.context.text()
    qtbot.keyClick(p, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: p.player.playing, timeout=10_000)
    assert "Minute 90+4'" in p.facts.text() and p.facts.isVisible()
    assert (p.player.in_point, p.player.out_point) == (25, 95)
    qtbot.keyClick(p, Qt.Key.Key_PageDown)
    assert "Sanction" in p.question.text() and not p.player.playing
    qtbot.keyClick(p, Qt.Key.Key_PageDown)
    reference = p.answer.findChild(type(p.question), "reference")
    assert "Sending-off (red)" in reference.text() and "kicking, reckless" in reference.text()
    assert p.answer_layout.count() == 1 + 5  # the reference and one chart per part
    qtbot.keyClick(p, Qt.Key.Key_PageUp)
    assert p.stack.currentWidget() is p.question
    qtbot.keyClick(p, Qt.Key.Key_Escape)  # the presenter view has a key to leave it
    qtbot.waitUntil(lambda: not p.isVisible())


def test_one_trainee_gets_no_kappa_but_the_reason(qtbot, settings, review: Path,
                                                  tmp_path: Path) -> None:
    seg = (Segment(str(review.parent / "main.mov"), "f", 0, 9),)
    session = Quiz("s-1", "One question", (Item("q1", "q1", seg, reference=RIGHT),))
    submit("Solo", "s-1", "p-1", [Answer("q1", {**RIGHT, "sanction": "caution"}, 3, 5.0)],
           tmp_path / "solo.answers")
    g = GradingWindow(session, settings)
    qtbot.addWidget(g)
    g.show()
    assert g.import_answers([tmp_path / "solo.answers"]) == []
    trainees, agreement = g.tables["trainees"], g.tables["agreement"]
    kappa = next(c for c in range(trainees.columnCount())
                 if trainees.horizontalHeaderItem(c).text().startswith("Kappa"))
    assert trainees.item(0, kappa).text() == "needs 2+ answers"  # was "+0.00"
    assert {agreement.item(r, 2).text() for r in range(agreement.rowCount())} == {
        "needs 2+ trainees"}
    assert "needs 2 or more trainees; 1 imported" in g.agreement_note.text()
    assert not g.agreement_note.isHidden()


def test_the_training_windows_take_their_keys_from_the_action_table(
        qtbot, settings, review: Path, tmp_path: Path) -> None:
    settings.set_shortcut("presenter.next", "N")  # a user's own shortcut applies
    seg = (Segment(str(review.parent / "main.mov"), "f", 0, 9),)
    session = Quiz("s-1", "Keys", (Item("q1", "q1", seg, reference=RIGHT),))
    p = PresenterWindow(session, None, settings)
    qtbot.addWidget(p)
    show_active(qtbot, p)
    assert p.stage_name == "clip"  # no context: the clip comes first
    qtbot.keyClick(p, Qt.Key.Key_N)
    assert p.stage_name == "question"
    assert "N: next" in p.hint.text() and "Esc: leave" in p.hint.text()
    p.toggle_full_screen()
    qtbot.keyClick(p, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not p.isVisible())

    g = GradingWindow(session, settings)
    qtbot.addWidget(g)
    b = BuilderWindow(settings)
    qtbot.addWidget(b)
    menus = {w: [m.title() for m in w.menuBar().findChildren(QMenu)] for w in (g, b)}
    assert "&Grading" in menus[g] and "&Session" in menus[b]
    assert g.actions_by_id["grading.present"].shortcut().toString() == "F5"
    assert b.actions_by_id["session.export_pack"].shortcut().toString() == "Ctrl+E"
    g.actions_by_id["grading.present"].trigger()
    assert g.presenter is not None and g.presenter.settings is settings
    g.presenter.close()


def test_a_hostile_pack_is_refused_in_one_line_and_nothing_is_written(
        qtbot, settings, tmp_path: Path) -> None:
    from tests.training.forge import forge_zip, manifest, stored

    evil = forge_zip(tmp_path / "evil.rtpack", [
        stored("pack.json", manifest(pack="../../../outside/evil")),
        stored("clips/q1-1.mkv", b"x" * 100)])
    t = TrainingWindow(settings, cache_dir=tmp_path / "cache")
    qtbot.addWidget(t)
    t.show()
    assert not t.open_pack(evil)
    assert t.chrome.error_box is not None and "pack id" in t.chrome.error_box.text()
    assert "\n" not in t.chrome.error_box.text() and t.pack is None
    assert not (tmp_path / "outside").exists() and not (tmp_path / "cache").exists()
    t.chrome.error_box.done(0)
