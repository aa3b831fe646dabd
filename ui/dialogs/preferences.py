"""Preferences: who records, the theme, the frame cache and deinterlacing, and the keyboard
shortcut of every action (from the one action table)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.actions import ACTIONS, parse_shortcuts
from ui.dialogs.author import ROLES
from ui.settings import Settings

THEMES = (("Dark", "dark"), ("Light", "light"))
DEINTERLACE = (("Interpolate one field (linear)", "linear"), ("Blend both fields", "blend"),
               ("Off: both fields woven", "off"))
CACHE_MB = (128, 16384)


def plain(text: str) -> str:
    """An action's text as a person reads it: no "&" mnemonic marks, no trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


class PreferencesDialog(QDialog):
    def __init__(self, actions: dict[str, QAction], settings: Settings,
                 parent: QWidget | None = None,
                 applied: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.resize(640, 580)
        self.actions, self.settings, self.applied = actions, settings, applied
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general(), "General")
        self.tabs.addTab(self._video(), "Video")
        self.tabs.addTab(self._shortcuts(), "Shortcuts")
        self.error = QLabel("")
        self.error.setObjectName("preferences_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #ff7070;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self._defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    # --- pages ---------------------------------------------------------------------------

    def _general(self) -> QWidget:
        page = QWidget()
        last = self.settings.value("authors/last")
        name, role = last.split("\t", 1) if isinstance(last, str) and "\t" in last else ("", "")
        self.author_name = QLineEdit(name)
        self.author_name.setObjectName("pref_author_name")
        self.author_name.setPlaceholderText("your name, as the decision log shows it")
        self.author_role = QComboBox()
        self.author_role.setObjectName("pref_author_role")
        self.author_role.setEditable(True)
        self.author_role.addItems(ROLES)
        self.author_role.setCurrentText(role or "VAR")
        self.theme = QComboBox()
        self.theme.setObjectName("pref_theme")
        for text, code in THEMES:
            self.theme.addItem(text, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(
            str(self.settings.value("ui/theme", "dark")))))
        form = QFormLayout(page)
        form.addRow(QLabel("Who records: proposed when a review asks who is recording."))
        form.addRow("Name", self.author_name)
        form.addRow("Role", self.author_role)
        form.addRow("Theme", self.theme)
        return page

    def _video(self) -> QWidget:
        page = QWidget()
        self.cache_mb = QSpinBox()
        self.cache_mb.setObjectName("pref_cache_mb")
        self.cache_mb.setRange(*CACHE_MB)
        self.cache_mb.setSingleStep(128)
        self.cache_mb.setSuffix(" MB")
        self._cache_mb_set = self.settings.value("video/cache_mb") is not None
        self.cache_mb.setValue(int(str(self.settings.value("video/cache_mb", 768))))
        self._cache_mb_shown = self.cache_mb.value()
        self.deinterlace = QComboBox()
        self.deinterlace.setObjectName("pref_deinterlace")
        for text, code in DEINTERLACE:
            self.deinterlace.addItem(text, code)
        self.deinterlace.setCurrentIndex(max(0, self.deinterlace.findData(
            str(self.settings.value("video/deinterlace", "linear")))))
        form = QFormLayout(page)
        form.addRow("Frame cache", self.cache_mb)
        form.addRow(QLabel("Decoded frames kept around the playhead, so stepping back is "
                           "instant: the total for all angles of a station. Left unset, one "
                           "clip keeps 768 MB and a station of several angles 1,024 MB. "
                           "Applies to clips opened from now on."))
        form.addRow("Interlaced clips", self.deinterlace)
        return page

    def _shortcuts(self) -> QWidget:
        specs = [s for s in ACTIONS if s.id in self.actions]
        self.table = QTableWidget(len(specs), 2)
        self.table.setHorizontalHeaderLabels(["Command", "Shortcut"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.editors: dict[str, QKeySequenceEdit] = {}
        for row, spec in enumerate(specs):
            self.table.setItem(row, 0, QTableWidgetItem(plain(spec.text)))
            editor = QKeySequenceEdit(self.actions[spec.id].shortcut())
            editor.setClearButtonEnabled(True)
            editor.setMaximumSequenceLength(1)
            self.table.setCellWidget(row, 1, editor)
            self.editors[spec.id] = editor
        self.table.resizeColumnToContents(0)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Click a shortcut and press the new keys."))
        layout.addWidget(self.table)
        return page

    # --- buttons -------------------------------------------------------------------------

    def _defaults(self) -> None:
        for spec in ACTIONS:
            if spec.id in self.editors:
                self.editors[spec.id].setKeySequence(QKeySequence(
                    spec.shortcuts[0] if spec.shortcuts else ""))
        self.cache_mb.setValue(768)
        self.deinterlace.setCurrentIndex(self.deinterlace.findData("linear"))
        self.theme.setCurrentIndex(self.theme.findData("dark"))

    def _accept(self) -> None:
        chosen = {i: e.keySequence().toString() for i, e in self.editors.items()}
        seen: dict[str, str] = {}
        for ident, keys in chosen.items():
            if keys and keys in seen:
                self.tabs.setCurrentIndex(2)
                self.error.setText(f"{keys} is given to two commands: "
                                   f"“{plain(self.actions[seen[keys]].text())}” and "
                                   f"“{plain(self.actions[ident].text())}”. Give one of them "
                                   "another key.")
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
        name, role = self.author_name.text().strip(), self.author_role.currentText().strip()
        if name and role:
            self.settings.set_value("authors/last", f"{name}\t{role}")
        self.settings.set_value("ui/theme", self.theme.currentData())
        if self._cache_mb_set or self.cache_mb.value() != self._cache_mb_shown:
            self.settings.set_value("video/cache_mb", self.cache_mb.value())
        self.settings.set_value("video/deinterlace", self.deinterlace.currentData())
        if self.applied is not None:
            self.applied()
        self.accept()
