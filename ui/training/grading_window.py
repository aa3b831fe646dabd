"""The instructor's grading window: import answers files, see per-trainee and per-question
results, agreement and charts, export a PDF report and CSV of all answers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewtool.store.atomic import write_text
from reviewtool.training import signing
from reviewtool.training.answers import AnswerSheet, read_sheet
from reviewtool.training.grading import MIN_RATINGS, Grading, grade
from reviewtool.training.question import PART_NAMES, PARTS, SANCTIONS, TrainingError, label
from reviewtool.training.quiz import Quiz
from ui.settings import Settings
from ui.training import charts
from ui.training.menus import build_menus
from ui.training.report import percent, signed, write_pdf

ANSWERS_FILTER = "Answers (*.answers);;All files (*)"


def fill(table: QTableWidget, head: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table.clear()
    table.setColumnCount(len(head))
    table.setHorizontalHeaderLabels(list(head))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))
    table.resizeColumnsToContents()


class GradingWindow(QMainWindow):
    def __init__(self, session: Quiz, settings: Settings | None = None,
                 path: Path | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.session = session
        self.path = path  # the session file: the list of trainees' keys is kept there
        self.sheets: list[AnswerSheet] = []
        self.grading: Grading = grade(session, [])
        self.setWindowTitle(f"Grading — {session.title} — reviewtool")
        self.resize(1100, 760)
        self.tables = {name: QTableWidget() for name in ("trainees", "questions", "agreement",
                                                           "sanctions", "confidence")}
        for name, t in self.tables.items():
            t.setObjectName(f"grading_{name}")
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            t.verticalHeader().hide()
        self.summary = QLabel("")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tables["trainees"], "Trainees")
        self.tabs.addTab(self.tables["questions"], "Questions")
        agreement = QWidget()
        av = QVBoxLayout(agreement)
        self.agreement_note = QLabel("")
        self.agreement_note.setObjectName("agreement_note")
        self.agreement_note.setWordWrap(True)
        av.addWidget(self.agreement_note)
        for title, name in (("Accuracy and Fleiss' kappa per part", "agreement"),
                            ("Sanctions: reference (rows) against given (columns)", "sanctions"),
                            ("Confidence against correctness", "confidence")):
            av.addWidget(QLabel(f"<b>{title}</b>"))
            av.addWidget(self.tables[name])
        self.tabs.addTab(agreement, "Agreement")
        self.charts = QWidget()
        self.charts_layout = QVBoxLayout(self.charts)
        self.tabs.addTab(self.charts, "Charts")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.actions_by_id = build_menus(self, {
            "grading.import": self.import_dialog, "grading.pdf": self.pdf_dialog,
            "grading.csv": self.csv_dialog, "grading.present": self.present,
            "grading.trust_keys": self.trust_keys, "window.close": self.close}, self.settings)
        self.presenter: QMainWindow | None = None
        self._show()

    def present(self) -> None:
        """The presenter view for the second screen, with the answers imported so far."""
        from ui.training.presenter import PresenterWindow

        self.presenter = PresenterWindow(self.session, self.grading, self.settings)
        self.presenter.show()

    # --- answers ---------------------------------------------------------------------------

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import answers files",
                                                self.settings.last_folder(), ANSWERS_FILTER)
        if paths:
            self.import_answers([Path(p) for p in paths])

    def import_answers(self, paths: Sequence[Path]) -> list[str]:
        """Import each file; the ones refused are named with the reason, the others kept."""
        problems = []
        for path in paths:
            try:
                sheet = read_sheet(path)
                graded = grade(self.session, [*self.sheets, sheet])
            except TrainingError as e:
                problems.append(str(e))
                continue
            self.sheets.append(sheet)
            self.grading = graded
        self._show()
        if problems:
            box = QMessageBox(QMessageBox.Icon.Warning, "Some answers not imported",
                              "\n\n".join(problems), QMessageBox.StandardButton.Ok, self)
            box.open()
            self.error_box = box
        return problems

    def trust_keys(self) -> list[str]:
        """Put the keys of signed answers from trainees not on the session's list on it
        (trust on first use) and save the session; returns the names added."""
        added = [s for s in self.sheets if self.grading.signature(s) == signing.UNLISTED]
        if not added or self.path is None:
            return []
        session = self.session
        for sheet in added:
            session = session.with_trainee(sheet.trainee, sheet.public_key)
        try:
            session.save(self.path)
        except TrainingError as e:
            self._warn("Keys not saved", str(e))
            return []
        self.session = session
        self.grading = grade(session, self.sheets)
        self._show()
        return [s.trainee for s in added]

    def _warn(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message,
                          QMessageBox.StandardButton.Ok, self)
        box.open()
        self.error_box = box

    # --- showing ---------------------------------------------------------------------------

    def _show(self) -> None:
        g = self.grading
        parts = [PART_NAMES[p] for p in PARTS]
        self.summary.setText(f"<b>{self.session.title}</b>: {len(self.sheets)} trainees, "
                             f"{len(self.session.items)} questions")
        fill(self.tables["trainees"], ["Trainee", "Score", *parts, "Kappa sanction (w)",
                                       "Time", "Signature"],
             [[r["trainee"], percent(r["score"]), *[percent(r["accuracy"][p]) for p in PARTS],
               signed(r["kappa"]["sanction"], r["kappa_note"]["sanction"]),
               f"{r['seconds']:.0f} s" if r["seconds"] else "—",
               r["signature"] + (f" (key {r['key']})" if r["key"] else "")]
              for r in g.trainee_rows()])
        unlisted = [s for s in self.sheets if g.signature(s) == signing.UNLISTED]
        self.actions_by_id["grading.trust_keys"].setEnabled(bool(unlisted) and bool(self.path))
        fill(self.tables["questions"], ["Question", "Score", *parts, "Answers", "Mean time"],
             [[f"{r['item']} {r['title']}", percent(r["score"]),
               *[percent(r["accuracy"].get(p)) for p in PARTS], r["answers"],
               f"{r['seconds']:.0f} s" if r["seconds"] else "—"] for r in g.question_rows()])
        fill(self.tables["agreement"], ["Part", "Accuracy", "Fleiss' kappa"],
             [[PART_NAMES[p], percent(g.part_accuracy()[p]), signed(g.fleiss(p), g.fleiss_note(p))]
              for p in PARTS])
        few = len(self.sheets) < MIN_RATINGS
        self.agreement_note.setVisible(few)
        self.agreement_note.setText(
            f"Agreement between trainees (Fleiss' kappa) needs {MIN_RATINGS} or more trainees; "
            f"{len(self.sheets)} imported so far." if few else "")
        fill(self.tables["sanctions"], ["Reference \\ given",
                                        *[label("sanction", s) for s in SANCTIONS]],
             [[label("sanction", s), *row.tolist()]
              for s, row in zip(SANCTIONS, g.sanction_confusion(), strict=True)])
        fill(self.tables["confidence"], ["Confidence", "Answers", "Mean score",
                                         "All parts right"],
             [[r["confidence"], r["answers"], percent(r["score"]), percent(r["all_right"])]
              for r in g.confidence_rows()])
        while self.charts_layout.count():
            w = self.charts_layout.takeAt(0).widget()
            if w is not None:  # hidden now: deletion waits for the event loop
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.chart_widgets = [charts.accuracy_chart(g), charts.confidence_chart(g)]
        for w in self.chart_widgets:
            self.charts_layout.addWidget(w)

    # --- export ----------------------------------------------------------------------------

    def pdf_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "PDF report", self.settings.last_folder(),
                                              "PDF (*.pdf)")
        if path:
            self.export_pdf(Path(path).with_suffix(".pdf"))

    def export_pdf(self, path: Path) -> None:
        images = []
        for w in self.chart_widgets:
            w.resize(900, 360)
            images.append(w.grab().toImage())
        write_pdf(self.grading, path, images)
        self.statusBar().showMessage(f"Report written: {path}", 10000)

    def csv_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "CSV of all answers",
                                              self.settings.last_folder(), "CSV (*.csv)")
        if path:
            self.export_csv(Path(path).with_suffix(".csv"))

    def export_csv(self, path: Path) -> None:
        try:
            write_text(path, self.grading.csv())
        except OSError as e:
            box = QMessageBox(QMessageBox.Icon.Warning, "CSV not written", f"{path}: {e}",
                              QMessageBox.StandardButton.Ok, self)
            box.open()
            self.error_box = box
            return
        self.statusBar().showMessage(f"CSV written: {path}", 10000)
