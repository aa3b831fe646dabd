"""The decision log: every entry, retractions included, with author, role and time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from reviewtool.review.record import ReviewRecord, describe


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
            text = describe(e) + ("" if effect else "   (retracted)")
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
