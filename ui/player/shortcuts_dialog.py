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
        # wide enough for every column ("Ctrl+Shift+Z or Ctrl+Y" was cut off at 520 px)
        needed = (sum(table.columnWidth(c) for c in range(3)) + 2 * table.frameWidth()
                  + table.verticalScrollBar().sizeHint().width() + 40)
        screen = self.screen().availableGeometry().width() if self.screen() else needed
        self.resize(min(max(520, needed), screen), 560)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
