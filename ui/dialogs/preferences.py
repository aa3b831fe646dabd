"""Preferences: the keyboard shortcut of every action (from the one action table)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QKeySequenceEdit,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.actions import ACTIONS, parse_shortcuts
from ui.settings import Settings


class PreferencesDialog(QDialog):
    def __init__(self, actions: dict[str, QAction], settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences — keyboard shortcuts")
        self.resize(620, 560)
        self.actions, self.settings = actions, settings
        specs = [s for s in ACTIONS if s.id in actions]
        self.table = QTableWidget(len(specs), 2)
        self.table.setHorizontalHeaderLabels(["Command", "Shortcut"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.editors: dict[str, QKeySequenceEdit] = {}
        for row, spec in enumerate(specs):
            self.table.setItem(row, 0, QTableWidgetItem(spec.text.replace("&", "")))
            editor = QKeySequenceEdit(actions[spec.id].shortcut())
            editor.setClearButtonEnabled(True)
            editor.setMaximumSequenceLength(1)
            self.table.setCellWidget(row, 1, editor)
            self.editors[spec.id] = editor
        self.table.resizeColumnToContents(0)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #ff7070;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self._defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Click a shortcut and press the new keys."))
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _defaults(self) -> None:
        for spec in ACTIONS:
            if spec.id in self.editors:
                self.editors[spec.id].setKeySequence(QKeySequence(
                    spec.shortcuts[0] if spec.shortcuts else ""))

    def _accept(self) -> None:
        chosen = {i: e.keySequence().toString() for i, e in self.editors.items()}
        seen: dict[str, str] = {}
        for ident, keys in chosen.items():
            if keys and keys in seen:
                self.error.setText(f"{keys} is given to two commands: "
                                   f"{self.actions[seen[keys]].text()} and "
                                   f"{self.actions[ident].text()}")
                return
            if keys:
                seen[keys] = ident
        for spec in ACTIONS:
            if spec.id not in chosen:
                continue
            keys = chosen[spec.id]
            default_first = spec.shortcuts[0] if spec.shortcuts else ""
            value = ", ".join(spec.shortcuts) if keys == default_first else keys
            self.settings.set_shortcut(spec.id, value)
            self.actions[spec.id].setShortcuts(parse_shortcuts(value))
        self.accept()
