"""The calibration panel: what to click next, the pitch drawing to name each click, the
pitch's size, the landmarks clicked with their reprojection error, and the fit's answer.

It shows and asks; the lines desk decides (the geometry core fits, the session logs).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewtool.geometry import Calibration, Pitch
from ui.lines.landmark_pitch import DRAWING, LandmarkPitch
from ui.wheel_guard import guard_wheel

Pixel = tuple[float, float]


def _spin(name: str, lo: float, hi: float, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setRange(lo, hi)
    box.setDecimals(1)
    box.setSuffix(" m")
    box.setValue(value)
    return box


class CalibrationPanel(QWidget):
    picked = Signal(str)  # a landmark's name for the pending click
    fit_requested = Signal()
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("")
        self.heading.setObjectName("calibration_heading")
        self.heading.setWordWrap(True)
        self.prompt = QLabel("")
        self.prompt.setObjectName("calibration_prompt")
        self.prompt.setWordWrap(True)
        self.pitch = LandmarkPitch()
        self.pitch.picked.connect(self.picked)
        self.pitch.setMaximumHeight(130)
        self.names = QComboBox()  # the keyboard's way: type a name, Enter
        self.names.setObjectName("landmark_names")
        self.names.setEditable(True)
        self.names.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.names.addItems(sorted(DRAWING.landmarks))
        self.names.setCurrentIndex(-1)
        self.names.lineEdit().setPlaceholderText("or type the landmark's name, Enter")
        completer = self.names.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.names.activated.connect(lambda i: self.picked.emit(self.names.itemText(i)))
        self.length = _spin("pitch_length", 90, 120, 105)
        self.width_m = _spin("pitch_width", 45, 90, 68)
        size = QHBoxLayout()
        size.addWidget(self.length)
        size.addWidget(QLabel("x"))
        size.addWidget(self.width_m)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("landmark_errors")
        self.table.setHorizontalHeaderLabels(["Landmark", "Error px", "Error cm"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(90)
        self.message = QLabel("")
        self.message.setObjectName("calibration_message")
        self.message.setWordWrap(True)
        self.fit_button = QPushButton("Fit and Save Calibration")
        self.fit_button.setObjectName("calibration_fit")
        self.fit_button.setToolTip("Fit the ground plane to the landmarks and log it "
                                   "(Shift+Enter)")
        self.fit_button.clicked.connect(self.fit_requested)
        remove = QPushButton("Remove Landmark")
        remove.setObjectName("calibration_remove")
        remove.clicked.connect(self._remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(remove)
        buttons.addWidget(self.fit_button)
        form = QFormLayout()
        form.addRow("Pitch", size)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.prompt)
        layout.addWidget(self.message)  # a refusal shows first, above the drawing
        layout.addWidget(self.pitch)
        layout.addWidget(self.names)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        guard_wheel(self)

    @property
    def pitch_size(self) -> Pitch:
        return Pitch(self.length.value(), self.width_m.value())

    def _remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            item = self.table.item(row, 0)
            if item is not None:
                self.remove_requested.emit(item.text())

    def show_clicks(self, clicks: dict[str, Pixel], fitted: Calibration | None) -> None:
        """The landmarks clicked, with their errors once a fit used exactly them."""
        self.pitch.clicked = set(clicks)
        self.pitch.update()
        self.table.setRowCount(len(clicks))
        same = fitted is not None and list(fitted.landmarks) == list(clicks)
        for row, name in enumerate(clicks):
            px = f"{fitted.error_px[name]:.1f}" if same and fitted else "–"
            cm = f"{fitted.error_m[name] * 100:.1f}" if same and fitted else "–"
            for col, text in enumerate((name, px, cm)):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)

    def say(self, text: str, problem: bool = False, landmark: str | None = None) -> None:
        """A refusal in red naming the landmark to redo (highlighted on the drawing)."""
        self.message.setText(text)
        self.message.setStyleSheet("color: #ff6b6b; font-weight: bold;" if problem else "")
        self.pitch.highlight = landmark
        self.pitch.update()
