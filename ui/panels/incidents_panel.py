"""Incidents as a filterable list; selecting one asks the window to show its key frame,
double-clicking one asks to edit it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewtool.review.incident import Incident
from reviewtool.review.record import ReviewRecord


def decision_status(record: ReviewRecord, incident: Incident) -> str:
    steps = record.decisions.get(incident.id, [])
    return steps[-1].summary() if steps else "no decision yet"


class IncidentsPanel(QWidget):
    selected = Signal(str)  # incident id
    tag_requested = Signal()
    edit_requested = Signal(str)  # incident id (double-click)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: ReviewRecord | None = None
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: category, player, minute, decision…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._refill)
        tag = QPushButton("Tag at frame (T)")
        tag.clicked.connect(self.tag_requested)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(tag)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("incidents_table")
        self.table.setHorizontalHeaderLabels(["Minute", "Clock", "Frame", "Incident", "People",
                                              "Decision"])
        header = self.table.horizontalHeaderItem(0)
        header.setToolTip("The minute as a match report gives it (90+5')")
        self.table.horizontalHeaderItem(1).setToolTip("The running match clock at the key "
                                                      "frame (90+4:12)")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.table.itemDoubleClicked.connect(
            lambda item: self.edit_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def show_record(self, record: ReviewRecord | None) -> None:
        self.record = record
        self._refill()

    def _rows(self) -> list[tuple[Incident, list[str]]]:
        if self.record is None:
            return []
        match = self.record.match
        rows = []
        for inc in sorted(self.record.incidents.values(), key=lambda i: i.key_frame):
            people = " → ".join(p.describe(match) for p in (inc.offender, inc.victim) if p)
            minute = f"{inc.minute}'" if inc.minute else ""
            rows.append((inc, [minute, inc.clock or "", str(inc.key_frame), inc.title,
                               people, decision_status(self.record, inc)]))
        return rows

    def _refill(self) -> None:
        current = self.current_id()
        words = self.filter.text().lower().split()
        rows = [(inc, cells) for inc, cells in self._rows()
                if all(any(w in c.lower() for c in [*cells, inc.notes]) for w in words)]
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, (inc, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, inc.id)
                if inc.notes:
                    item.setToolTip(inc.notes)
                self.table.setItem(r, c, item)
            if inc.id == current:
                self.table.selectRow(r)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()

    def current_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def select(self, incident_id: str) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == incident_id:
                self.table.selectRow(r)
                return

    def _on_select(self) -> None:
        ident = self.current_id()
        if ident:
            self.selected.emit(ident)
