"""The instructor's session builder: questions picked from review incidents, each with its
title, the parts asked, the reference answer (from the recorded decision, editable) and the
explanation shown after grading; order editable; export of the trainees' pack.

Every change is written to the session file at once once it has one (no Save needed).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.store.reviewfile import ReviewFileError
from reviewtool.training.context import context_lines
from reviewtool.training.pack import SUFFIX as PACK_SUFFIX
from reviewtool.training.pack import export_pack
from reviewtool.training.question import PART_NAMES, PARTS, TrainingError
from reviewtool.training.quiz import SUFFIX, Item, Quiz, items_from_review
from ui.panels.incidents_panel import decision_status
from ui.settings import Settings
from ui.tasks import Task, TaskRunner
from ui.training.answer_form import AnswerForm
from ui.training.menus import build_menus
from ui.training.progress import run_with_progress

SESSION_FILTER = "Training sessions (*.training);;All files (*)"
REVIEW_FILTER = "Review files (*.review);;All files (*)"


class AddFromReviewDialog(QDialog):
    """Pick incidents of a review and the clip range around them."""

    def __init__(self, review: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Questions from {review.name}")
        self.review = review
        self.incidents = QListWidget()
        self.incidents.setObjectName("review_incidents")
        s = ReviewSession.open(review, None, lock=False)
        try:
            for inc in sorted(s.record.incidents.values(), key=lambda i: i.key_frame):
                row = QListWidgetItem(f"{inc.clock or inc.minute or ''}  {inc.title}  —  "
                                      f"{decision_status(s.record, inc)}")
                row.setData(Qt.ItemDataRole.UserRole, inc.id)
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(Qt.CheckState.Unchecked)
                self.incidents.addItem(row)
        finally:
            s.close()
        self.pre, self.post = QDoubleSpinBox(), QDoubleSpinBox()
        for box, value in ((self.pre, 3.0), (self.post, 2.0)):
            box.setRange(0, 60)
            box.setSuffix(" s")
            box.setValue(value)
        self.angles = QCheckBox("Other angles of the review (synced clips)")
        self.angles.setChecked(True)
        form = QFormLayout(self)
        form.addRow(self.incidents)
        form.addRow("Pre-roll", self.pre)
        form.addRow("Post-roll", self.post)
        form.addRow(self.angles)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def chosen(self) -> list[str]:
        return [self.incidents.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.incidents.count())
                if self.incidents.item(r).checkState() == Qt.CheckState.Checked]


class ItemEditor(QWidget):
    """Title, parts asked, reference answer, explanation and angle names of one question."""

    angles_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.angle_edits: list[QLineEdit] = []
        self.title = QLineEdit()
        self.title.setObjectName("item_title")
        self.parts = {p: QCheckBox(PART_NAMES[p]) for p in PARTS}
        parts_row = QHBoxLayout()
        for box in self.parts.values():
            parts_row.addWidget(box)
        self.reference = AnswerForm(confidence=False)
        self.explanation = QPlainTextEdit()
        self.explanation.setObjectName("item_explanation")
        self.explanation.setPlaceholderText("Shown to trainees after grading: why this is the "
                                            "right decision (the Law, what to look for)")
        self.clips = QWidget()  # per clip: what the instructor sees, and the angle's name
        self.clips_layout = QFormLayout(self.clips)
        self.clips_layout.setContentsMargins(0, 0, 0, 0)
        self.source = QLabel("")
        self.source.setWordWrap(True)
        self.context = QLabel("")  # what trainees are told before the clip (from the review)
        self.context.setObjectName("item_context")
        self.context.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Ask", parts_row)
        form.addRow(QLabel("<b>Reference answer</b>"))
        form.addRow(self.reference)
        form.addRow("Explanation", self.explanation)
        form.addRow("Before the clip", self.context)
        form.addRow("Clips", self.clips)
        form.addRow("From", self.source)

    def show_item(self, item: Item | None) -> None:
        self.setEnabled(item is not None)
        if item is None:
            return
        self.title.setText(item.title)
        for p, box in self.parts.items():
            box.setChecked(p in item.parts)
        self.reference.set_parts(PARTS)
        self.reference.set_values(item.reference)
        self.explanation.setPlainText(item.explanation)
        self.context.setText("   ·   ".join(context_lines(item.context))
                             or "(no match situation: the review's clip is not synced)")
        while self.clips_layout.rowCount():
            self.clips_layout.removeRow(0)
        self.angle_edits = []
        for k, seg in enumerate(item.segments, 1):
            edit = QLineEdit(seg.label(k) if seg.label(k) != f"Angle {k}" else "")
            edit.setObjectName(f"angle_{k}")
            edit.setPlaceholderText(f"Angle {k} (what trainees see; name it, e.g. "
                                    "\"Behind the goal\")")
            edit.editingFinished.connect(self.angles_edited)
            self.angle_edits.append(edit)
            self.clips_layout.addRow(
                QLabel(f"{Path(seg.path).name}: frames {seg.first}–{seg.last} ({seg.frames})"),
                edit)
        src = item.source
        self.source.setText(f"{Path(str(src.get('review', ''))).name}, incident "
                            f"{src.get('incident', '?')}: {src.get('category_name', '')}"
                            if src else "")

    def edited(self, item: Item) -> Item:
        parts = tuple(p for p, box in self.parts.items() if box.isChecked()) or item.parts
        segments = item.segments
        if len(self.angle_edits) == len(segments):
            segments = tuple(replace(seg, angle=edit.text().strip())
                             for seg, edit in zip(segments, self.angle_edits, strict=True))
        return replace(item, title=self.title.text().strip() or item.id, parts=parts,
                       reference=self.reference.values(), segments=segments,
                       explanation=self.explanation.toPlainText().strip())


class BuilderWindow(QMainWindow):
    export_finished = Signal(str)  # the error, "" when the pack was written

    def __init__(self, settings: Settings | None = None,
                 session: Quiz | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.session = session or Quiz.new("New training session")
        self.path = path
        self.dialog: QDialog | None = None
        self.tasks = TaskRunner(self)
        self.export_task: Task | None = None
        self._showing = False  # filling the editor: its change signals are not edits
        self.resize(1100, 720)
        self.session_title = QLineEdit(self.session.title)
        self.session_title.setObjectName("session_title")
        self.session_title.editingFinished.connect(self._retitle)
        self.items = QListWidget()
        self.items.setObjectName("items")
        self.items.currentRowChanged.connect(self._show_current)
        buttons = QHBoxLayout()
        for text, slot in (("Add from review…", self.add_from_review_dialog),
                           ("Remove", self.remove_current), ("Up", lambda: self.move(-1)),
                           ("Down", lambda: self.move(1))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel("Session title"))
        lv.addWidget(self.session_title)
        lv.addWidget(self.items, 1)
        lv.addLayout(buttons)
        self.editor = ItemEditor()
        self.editor.title.editingFinished.connect(self._apply)
        self.editor.explanation.textChanged.connect(self._apply)
        self.editor.reference.changed.connect(self._apply)
        self.editor.angles_edited.connect(self._apply)
        for box in self.editor.parts.values():
            box.toggled.connect(self._apply)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.editor)
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)
        self.actions_by_id = build_menus(self, {
            "session.new": self.new_session, "session.open": self.open_dialog,
            "session.save_as": self.save_as_dialog,
            "session.add_from_review": self.add_from_review_dialog,
            "session.export_pack": self.export_dialog, "session.grade": self.grade,
            "window.close": self.close}, self.settings)
        self._refill()

    # --- files -----------------------------------------------------------------------------

    def _title(self) -> None:
        name = self.path.name if self.path else "not saved yet"
        self.setWindowTitle(f"{self.session.title} — {name} — training session — reviewtool")

    def _write(self) -> None:
        """Written at once when the session has a file; new sessions ask for one on export."""
        if self.path is not None:
            try:
                self.session.save(self.path)
            except OSError as e:
                self._error("Not saved", f"{self.path}: {e}")

    def new_session(self) -> None:
        self.session, self.path = Quiz.new("New training session"), None
        self.session_title.setText(self.session.title)
        self._refill()

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open training session",
                                              self.settings.last_folder(), SESSION_FILTER)
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        try:
            self.session = Quiz.load(path)
        except TrainingError as e:
            self._error("Cannot open the training session", str(e))
            return False
        self.path = path
        self.session_title.setText(self.session.title)
        self._refill()
        return True

    def save_as_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save training session as",
                                              self.settings.last_folder(), SESSION_FILTER)
        if path:
            self.save_as(Path(path).with_suffix(SUFFIX))

    def save_as(self, path: Path) -> None:
        self.path = path
        self._write()
        self._title()

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export trainees' pack",
                                              self.settings.last_folder(),
                                              "Training packs (*.rtpack)")
        if path:
            self.export(Path(path).with_suffix(PACK_SUFFIX))

    def export(self, path: Path) -> Task:
        """Cut the clips and write the pack on the task runner, with progress;
        ``export_finished`` tells when it is over."""
        gaps = [f"{it.title} ({', '.join(it.missing_reference())})"
                for it in self.session.items if it.missing_reference()]
        if gaps:
            self.statusBar().showMessage("Exporting; no reference answer yet for: "
                                         + "; ".join(gaps), 15000)
        session = self.session

        def done(counts: object, error: str) -> None:
            if error == "cancelled":
                self.statusBar().showMessage("Export cancelled; nothing written", 10000)
            elif error:
                self._error("Pack not exported", error)
            else:
                self.statusBar().showMessage(f"Pack written: {path} ({counts})", 15000)
            self.exported = (path, error)
            self.export_finished.emit(error)

        self.export_task = run_with_progress(
            self.tasks, self, "Cutting the clips for the pack…",
            lambda progress, cancelled: export_pack(session, path, progress=progress,
                                                    cancelled=cancelled), done)
        return self.export_task

    def closeEvent(self, event: QCloseEvent) -> None:
        """A pack being cut is cancelled and its thread waited for: nothing outlives us."""
        self.tasks.shutdown()
        super().closeEvent(event)

    def grade(self) -> None:
        from ui.training.grading_window import GradingWindow

        self.grading_window = GradingWindow(self.session, self.settings, self.path)
        self.grading_window.show()
        self.grading_window.import_dialog()

    # --- questions -------------------------------------------------------------------------

    def add_from_review_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Questions from a review",
                                              self.settings.last_folder(), REVIEW_FILTER)
        if path:
            self.open_add_dialog(Path(path))

    def open_add_dialog(self, review: Path) -> None:
        try:
            dialog = AddFromReviewDialog(review, self)
        except (ReviewFileError, ReviewError) as e:
            self._error("Cannot read the review", str(e))
            return
        dialog.accepted.connect(lambda: self.add_from_review(
            review, dialog.chosen(), dialog.pre.value(), dialog.post.value(),
            dialog.angles.isChecked()))
        self.dialog = dialog
        dialog.open()

    def add_from_review(self, review: Path, incidents: list[str], pre: float, post: float,
                        angles: bool = True) -> None:
        try:
            self.session = items_from_review(review, incidents, self.session, pre_roll=pre,
                                             post_roll=post, angles=angles)
        except TrainingError as e:
            self._error("Questions not added", str(e))
            return
        self._write()
        self._refill(len(self.session.items) - 1)

    def remove_current(self) -> None:
        item = self._current()
        if item is not None:
            self.session = self.session.without(item.id)
            self._write()
            self._refill(max(0, self.items.currentRow() - 1))

    def move(self, delta: int) -> None:
        item = self._current()
        if item is not None:
            row = self.items.currentRow()
            self.session = self.session.moved(item.id, delta)
            self._write()
            self._refill(max(0, min(len(self.session.items) - 1, row + delta)))

    def _current(self) -> Item | None:
        row = self.items.currentRow()
        return self.session.items[row] if 0 <= row < len(self.session.items) else None

    def _refill(self, row: int = 0) -> None:
        self._title()
        self.items.blockSignals(True)
        self.items.clear()
        for it in self.session.items:
            gap = "" if not it.missing_reference() else "  (reference incomplete)"
            self.items.addItem(f"{it.id}: {it.title}{gap}")
        self.items.blockSignals(False)
        self.items.setCurrentRow(row if self.session.items else -1)
        self._show_current(self.items.currentRow())

    def _show_current(self, _row: int) -> None:
        self._showing = True
        self.editor.show_item(self._current())
        self._showing = False

    def _apply(self) -> None:
        item = self._current()
        if item is None or self._showing:
            return
        edited = self.editor.edited(item)
        if edited != item:
            self.session = self.session.with_item(edited)
            self._write()
            row = self.items.currentRow()
            gap = "" if not edited.missing_reference() else "  (reference incomplete)"
            self.items.item(row).setText(f"{edited.id}: {edited.title}{gap}")

    def _retitle(self) -> None:
        title = self.session_title.text().strip()
        if title and title != self.session.title:
            self.session = replace(self.session, title=title)
            self._write()
            self._title()

    def _error(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message,
                          QMessageBox.StandardButton.Ok, self)
        box.open()
        self.error_box = box
