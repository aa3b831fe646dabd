"""Who is recording: asked once per review, remembered for the next time."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from reviewtool.store.chain import Author

ROLES = ("referee", "VAR", "AVAR", "assistant referee", "fourth official", "assessor",
         "instructor", "trainee")


class AuthorDialog(QDialog):
    def __init__(self, default: Author | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is recording?")
        self.name = QLineEdit(default.name if default else "")
        self.name.setObjectName("author_name")
        self.role = QComboBox()
        self.role.setObjectName("author_role")
        self.role.setEditable(True)
        self.role.addItems(ROLES)
        if default:
            self.role.setCurrentText(default.role)
        form = QFormLayout(self)
        form.addRow(QLabel("Every entry of the decision log names who recorded it."))
        form.addRow("Name", self.name)
        form.addRow("Role", self.role)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _accept(self) -> None:
        if self.name.text().strip() and self.role.currentText().strip():
            self.accept()

    def author(self) -> Author:
        return Author(self.name.text().strip(), self.role.currentText().strip())
