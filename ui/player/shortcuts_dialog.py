"""Help > Keyboard Shortcuts: every action and its keys, read from the live actions ("Left or
," reads better than "Left, ," where the comma is itself a key)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout

from ui.actions import ACTIONS


class ShortcutsDialog(QDialog):
    def __init__(self, actions: dict[str, QAction], parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(520, 560)
        rows = [(spec.menu, actions[spec.id].text().replace("&", ""),
                 " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                           for k in actions[spec.id].shortcuts()))
                for spec in ACTIONS if spec.id in actions]
        table = QTableWidget(len(rows), 3, self)
        table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
