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
        self.pitch.setMinimumSize(110, 80)  # shares its row with the size and the buttons
        self.names = QComboBox()  # the keyboard's way: type a name, Enter
        self.names.setObjectName("landmark_names")
        self.names.setEditable(True)
        self.names.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.names.addItems(sorted(DRAWING.landmarks))
        self.names.setCurrentIndex(-1)
        self.names.lineEdit().setPlaceholderText("or type a name, Enter")
        self.names.setToolTip("Or type the landmark's name and press Enter")
        self.names.setMinimumContentsLength(8)
        completer = self.names.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.names.activated.connect(lambda i: self.picked.emit(self.names.itemText(i)))
        self.length = _spin("pitch_length", 90, 120, 105)
        self.width_m = _spin("pitch_width", 45, 90, 68)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("landmark_errors")
        self.table.setHorizontalHeaderLabels(["Landmark", "Error px", "Error cm"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # names whole
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        metrics = self.table.fontMetrics()  # room for the longest name and both errors whole
        self.table.setMinimumWidth(
            max(metrics.horizontalAdvance(n) for n in DRAWING.landmarks) + 24
            + sum(metrics.horizontalAdvance(f" {h} ") + 16 for h in ("Error px", "Error cm")))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(82)  # three rows; it grows with the room the panel has
        self.message = QLabel("")
        self.message.setObjectName("calibration_message")
        self.message.setWordWrap(True)
        self.fit_button = QPushButton("Fit and Save")
        self.fit_button.setObjectName("calibration_fit")
        self.fit_button.setToolTip("Fit the ground plane to the landmarks and log it "
                                   "(Shift+Enter)")
        self.fit_button.clicked.connect(self.fit_requested)
        remove = QPushButton("Remove Landmark")
        remove.setObjectName("calibration_remove")
        remove.clicked.connect(self._remove_selected)
        form = QFormLayout()  # beside the drawing: the column is short at 1280x720
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.names)
        form.addRow("Length", self.length)
        form.addRow("Width", self.width_m)
        form.addRow(self.fit_button)  # beside the drawing too: never scrolled away
        form.addRow(remove)
        beside = QHBoxLayout()
        beside.addWidget(self.pitch, 3)
        beside.addLayout(form, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.prompt)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.message)  # a refusal shows first, above the drawing
        layout.addLayout(beside)
        layout.addWidget(self.table, 1)
        self.message.hide()  # no room kept for an empty message
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
        self.message.setVisible(bool(text))
        self.message.setStyleSheet("color: #ff6b6b; font-weight: bold;" if problem else "")
        self.pitch.highlight = landmark
        self.pitch.update()
