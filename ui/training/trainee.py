"""Training mode: a trainee opens a pack, studies each clip with every review tool (frame
stepping, slow motion, zoom), answers each question and submits the answers file.

The pack holds no reference answers, so there is nothing to reveal here. Answers are kept in a
draft beside the extracted pack after each save, so a crash or a closed window loses nothing.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QStandardPaths, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewtool.store.atomic import write_text
from reviewtool.training.answers import SUFFIX as ANSWERS_SUFFIX
from reviewtool.training.answers import answers_file_name, submit
from reviewtool.training.context import context_lines
from reviewtool.training.pack import Pack, PackItem, open_pack
from reviewtool.training.question import PART_NAMES, Answer, TrainingError
from reviewtool.training.signing import fingerprint
from reviewtool.video.clip import default_cache_dir
from ui.player.chrome import ChromeWindow, PlayerChrome
from ui.player.window import player_for
from ui.settings import Settings
from ui.training.answer_form import AnswerForm

PACK_FILTER = "Training packs (*.rtpack);;All files (*)"
ANSWERS_FILTER = "Answers (*.answers);;All files (*)"


def documents_folder() -> Path:
    """Where a trainee keeps files they send: the documents folder (home when there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class SubmitDialog(QDialog):
    """Who answered, and where the answers file goes: a folder the trainee chooses (the
    documents folder at first), named after the trainee and the pack as the name is typed."""

    def __init__(self, name: str, folder: Path, pack_title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Submit answers")
        self.pack_title = pack_title
        self.name = QLineEdit(name)
        self.name.setPlaceholderText("your name, as the instructor knows you")
        self.path = QLineEdit(str(folder / answers_file_name(name, pack_title)))
        self.path.setObjectName("answers_path")
        self._named = self.path.text()  # the path follows the name until the trainee edits it
        self.name.textChanged.connect(self._rename)
        browse = QPushButton("Browse…")
        browse.setObjectName("browse")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Answers file", row)
        note = QLabel("The answers are signed with your own key: after submitting, the file "
                      "cannot be changed (an edited file is refused when your instructor "
                      "imports it).")
        note.setWordWrap(True)
        form.addRow(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _rename(self, name: str) -> None:
        if self.path.text() == self._named:
            self._named = str(Path(self.path.text()).with_name(
                answers_file_name(name, self.pack_title)))
            self.path.setText(self._named)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the answers file", self.path.text(),
                                              ANSWERS_FILTER)
        if path:
            self.path.setText(str(Path(path).with_suffix(ANSWERS_SUFFIX)))


class TrainingWindow(ChromeWindow, QMainWindow):
    """A player (composed, with every review tool of the transport) and the questions."""

    def __init__(self, settings: Settings | None = None, cache_dir: Path | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.pack: Pack | None = None
        self.answers: dict[str, Answer] = {}
        self.current: PackItem | None = None
        self.clock = QElapsedTimer()
        self.spent: dict[str, float] = {}
        self.cache_dir = cache_dir
        self.dialog: QDialog | None = None
        self.player_widget = player_for(self.settings, self)
        self.player = self.player_widget.controller
        self.view = self.player_widget.view
        self.timeline = self.player_widget.timeline
        self.tasks = self.player.tasks
        self.setCentralWidget(self.player_widget)
        # The pack's extracted clips are not recent clips, nor is their hidden cache folder the
        # last folder (every file dialog of every window would then start there).
        self.chrome = PlayerChrome(self, self.player_widget, self.settings, {
            "training.open_pack": self.open_pack_dialog,
            "training.save_answer": self.save_answer, "training.submit": self.submit_dialog},
            remember_clips=False)
        self.actions_by_id = self.chrome.actions_by_id
        self.setWindowTitle("reviewtool — training")
        self.questions = QListWidget()
        self.questions.setObjectName("questions")
        self.questions.currentRowChanged.connect(self._choose)
        self.question_text = QLabel("Open a training pack (File > Open Pack).")
        self.question_text.setWordWrap(True)
        self.angle = QComboBox()
        self.angle.setObjectName("angle")
        self.angle.activated.connect(self._show_angle)
        self.player.opened.connect(self._retitle)  # after the chrome's own handler
        self.form = AnswerForm()
        self.error = QLabel("")
        self.error.setStyleSheet("color: #ff7070;")
        self.error.setWordWrap(True)
        self.save_button = QPushButton("Save answer and go to the next")
        self.save_button.setObjectName("save_answer")
        self.save_button.clicked.connect(self.save_answer)
        self.submit_button = QPushButton("Submit answers…")
        self.submit_button.setObjectName("submit")
        self.submit_button.clicked.connect(self.submit_dialog)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addWidget(self.question_text)
        angle_row = QHBoxLayout()
        angle_row.addWidget(QLabel("Angle"))
        angle_row.addWidget(self.angle, 1)
        layout.addLayout(angle_row)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.save_button)
        layout.addStretch(1)
        layout.addWidget(self.submit_button)
        for name, title, widget, area in (
                ("questions", "Questions", self.questions, Qt.DockWidgetArea.LeftDockWidgetArea),
                ("answer", "Your answer", panel, Qt.DockWidgetArea.RightDockWidgetArea)):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            if name == "answer":
                self.resizeDocks([dock], [420], Qt.Orientation.Horizontal)
        self._enable()

    # --- the pack ----------------------------------------------------------------------------

    def open_pack_dialog(self) -> None:
        # not last_folder: playing the pack's clips points it at the extraction cache
        folder = str(self.settings.value("training/pack_folder", "") or documents_folder())
        path, _ = QFileDialog.getOpenFileName(self, "Open training pack", folder, PACK_FILTER)
        if path:
            self.open_pack(Path(path))

    def open_pack(self, path: Path) -> bool:
        folder = (self.cache_dir or default_cache_dir()) / "packs"
        try:
            pack = open_pack(path, folder)
        except TrainingError as e:
            self.show_error("Cannot open the training pack", str(e))
            return False
        self.pack = pack
        self.settings.set_value("training/pack_folder", str(Path(path).parent))
        self.answers, self.spent = self._load_draft(pack), {}
        self._retitle()
        self.questions.clear()
        for item in pack.items:
            self.questions.addItem(QListWidgetItem(item.title))
        self._mark_answered()
        self.questions.setCurrentRow(0)
        self._enable()
        return True

    def _retitle(self, _facts: object = None) -> None:
        """The pack's title, not the clip's file name (the player shows that on opening)."""
        if self.pack is not None:
            self.setWindowTitle(f"{self.pack.title or self.pack.path.stem} — training — "
                                "reviewtool")

    def _draft_path(self, pack: Pack) -> Path:
        return pack.folder / "draft.json"

    def _load_draft(self, pack: Pack) -> dict[str, Answer]:
        try:
            doc = json.loads(self._draft_path(pack).read_text(encoding="utf-8"))
            return {a["item"]: Answer.from_json(a) for a in doc["answers"]}
        except (OSError, ValueError, KeyError, TypeError, RecursionError, TrainingError):
            return {}

    def _save_draft(self) -> None:
        if self.pack is not None:
            write_text(self._draft_path(self.pack), json.dumps(
                {"answers": [a.to_json() for a in self.answers.values()]}))

    def _enable(self) -> None:
        on = self.pack is not None
        for w in (self.form, self.save_button, self.submit_button, self.angle):
            w.setEnabled(on)

    def _mark_answered(self) -> None:
        assert self.pack is not None
        for row, item in enumerate(self.pack.items):
            done = " (answered)" if item.id in self.answers else ""
            self.questions.item(row).setText(f"{item.title}{done}")

    # --- one question ----------------------------------------------------------------------

    def _stop_clock(self) -> None:
        if self.current is not None and self.clock.isValid():
            self.spent[self.current.id] = (self.spent.get(self.current.id, 0.0)
                                           + self.clock.elapsed() / 1000)
        self.clock.invalidate()

    def _choose(self, row: int) -> None:
        if self.pack is None or not 0 <= row < len(self.pack.items):
            return
        self._stop_clock()
        item = self.current = self.pack.items[row]
        self.clock.start()
        asked = ", ".join(PART_NAMES[p] if p == "var" else PART_NAMES[p].lower()
                          for p in item.parts)
        lines = context_lines(item.context)
        facts = "".join(f"<br>{html.escape(line, quote=False)}" for line in lines)
        if lines:
            facts = f"<br><i>The match before the clip:</i>{facts}"
        title = html.escape(item.title, quote=False)
        self.question_text.setText(f"<b>{title}</b>{facts}<br><br>Decide: {asked}.")
        self.form.set_parts(item.parts)
        previous = self.answers.get(item.id)
        self.form.set_values(previous.values if previous else {},
                             previous.confidence if previous else None)
        self.error.setText("")
        self.angle.clear()
        for k, seg in enumerate(item.segments, 1):
            self.angle.addItem(seg.angle or f"Angle {k}")
        self.angle.setEnabled(len(item.segments) > 1)
        self._show_angle(0)

    def _show_angle(self, index: int) -> None:
        if self.pack is None or self.current is None:
            return
        self.open_path(self.pack.clip_path(self.current.segments[index]))

    def save_answer(self) -> None:
        if self.current is None:
            return
        missing = self.form.missing()
        if missing:
            self.error.setText("Still to answer: " + ", ".join(missing) + ".")
            return
        self._stop_clock()
        item = self.current
        self.answers[item.id] = Answer(item.id, self.form.values(),
                                       self.form.confidence_level(), self.spent.get(item.id))
        self._save_draft()
        self._mark_answered()
        row = self.questions.currentRow()
        if row + 1 < self.questions.count():
            self.questions.setCurrentRow(row + 1)
        else:
            self.clock.start()
            self.error.setText("All questions answered: submit when you are ready."
                               if len(self.answers) == self.questions.count() else "")

    # --- submitting --------------------------------------------------------------------------

    def unanswered(self) -> list[str]:
        return [] if self.pack is None else [
            it.title for it in self.pack.items if it.id not in self.answers]

    def submit_dialog(self) -> None:
        if self.pack is None:
            return
        gaps = self.unanswered()
        if gaps:
            self.show_error("Not all answered", "Answer every question before submitting: "
                            + ", ".join(gaps) + ".")
            return
        name = str(self.settings.value("training/name", "") or "")
        folder = str(self.settings.value("training/answers_folder", "") or "")
        dialog = SubmitDialog(name, Path(folder) if folder else documents_folder(),
                              self.pack.title or self.pack.path.stem, self)
        dialog.accepted.connect(lambda: self.submit_answers(dialog.name.text(),
                                                            Path(dialog.path.text())))
        self.dialog = dialog
        dialog.open()

    def submit_answers(self, name: str, path: Path) -> bool:
        assert self.pack is not None
        items = [self.answers[it.id] for it in self.pack.items if it.id in self.answers]
        try:
            if path.parent == documents_folder():  # the default: it may not exist yet
                path.parent.mkdir(parents=True, exist_ok=True)
            sheet = submit(name, self.pack.session, self.pack.id, items, path)
        except (TrainingError, OSError) as e:
            self.show_error("Answers not submitted", str(e))
            return False
        self.settings.set_value("training/name", name.strip())
        self.settings.set_value("training/answers_folder", str(path.parent))
        self.statusBar().showMessage(
            f"Answers submitted to {path}, signed with your key "
            f"{fingerprint(sheet.public_key)} (your instructor may ask for it)", 30000)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_clock()
        super().closeEvent(event)
