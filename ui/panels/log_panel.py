"""The decision log: every entry, retractions included, with author, role and time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from reviewtool.review import record as rec
from reviewtool.review.payloads import retracted
from reviewtool.review.record import ReviewRecord, describe
from reviewtool.store.chain import LogEntry


def entry_text(record: ReviewRecord, entry: LogEntry) -> str:
    """One line; an undo or redo says what it takes back, and the entry number."""
    text = describe(entry, record)
    return f"{text} (entry {retracted(entry)})" if entry.kind == rec.RETRACT else text


class LogPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("log_table")
        self.table.setHorizontalHeaderLabels(["#", "Recorded (UTC)", "By", "Entry"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def show_record(self, record: ReviewRecord | None) -> None:
        entries = record.entries if record else []
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            assert record is not None
            effect = record.in_effect[e.seq]
            text = entry_text(record, e) + ("" if effect else "   (retracted)")
            when = e.recorded_at.replace("T", " ")[:19]
            items = [QTableWidgetItem(str(e.seq)), QTableWidgetItem(when),
                     QTableWidgetItem(str(e.author)), QTableWidgetItem(text)]
            items[3].setToolTip(f"SHA-256 {e.hash}")
            for col, item in enumerate(items):
                if not effect:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                    item.setForeground(self.table.palette().placeholderText())
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.scrollToBottom()
