"""The offside panel: what to click next, which goal the attackers attack, on which side of
the frame the ball may have been played, typed speeds instead of the neighbouring frame, the
result with its interval, and Save (attach to the selected incident)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewtool.geometry import OffsideMeasurement
from ui.wheel_guard import guard_wheel


def _cm(metres: float) -> str:
    return f"{metres * 100:+.1f} cm"


def result_text(m: OffsideMeasurement) -> str:
    """The measurement in words: verdict first, then the numbers it rests on."""
    lo, hi = m.interval_m
    return (f"<b>{m.verdict_text.upper()}</b><br>"
            f"attacker {_cm(m.distance_m)} from the defender's line "
            f"(+: nearer the goal line)<br>"
            f"95 % interval {_cm(lo)} to {_cm(hi)}<br>"
            f"calibration ±{m.calibration_error_m * 100:.1f} cm; one frame moves the "
            f"distance {abs(m.kick_change_m) * 100:.1f} cm")


class OffsidePanel(QWidget):
    speeds_requested = Signal()
    save_requested = Signal()
    restart_requested = Signal()
    options_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("")
        self.heading.setObjectName("offside_heading")
        self.heading.setWordWrap(True)
        self.prompt = QLabel("")
        self.prompt.setObjectName("offside_prompt")
        self.prompt.setWordWrap(True)
        self.attack = QComboBox()
        self.attack.setObjectName("offside_attack")
        self.attack.addItem("the right goal", "right")
        self.attack.addItem("the left goal", "left")
        self.kick_side = QComboBox()
        self.kick_side.setObjectName("offside_kick_side")
        self.kick_side.addItem("either side of this frame", "either")
        self.kick_side.addItem("between this frame and the neighbouring one",
                               "towards_neighbour")
        self.kick_side.setToolTip("People place the kick late: unless you are sure, keep "
                                  "'either side'")
        for box in (self.attack, self.kick_side):
            box.currentIndexChanged.connect(self.options_changed)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
        self.defender_speed = self._speed("offside_defender_speed")
        self.attacker_speed = self._speed("offside_attacker_speed")
        speeds = QHBoxLayout()
        speeds.addWidget(self.defender_speed)
        speeds.addWidget(self.attacker_speed)
        use_speeds = QPushButton("Use Typed Speeds")
        use_speeds.setObjectName("offside_use_speeds")
        use_speeds.setToolTip("Instead of clicking the neighbouring frame: the defender's and "
                              "the attacker's speed")
        use_speeds.clicked.connect(self.speeds_requested)
        self.result = QLabel("")
        self.result.setObjectName("offside_result")
        self.result.setWordWrap(True)
        self.result.setToolTip("The distance along the pitch between the two lines, its 95 % "
                               "interval and the verdict")
        self.message = QLabel("")
        self.message.setObjectName("offside_message")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("Save to Incident")
        self.save_button.setObjectName("offside_save")
        self.save_button.setToolTip("Attach the measurement to the selected incident; it is "
                                    "logged and can be undone (Ctrl+Shift+S)")
        self.save_button.clicked.connect(self.save_requested)
        again = QPushButton("Start Again")
        again.setObjectName("offside_restart")
        again.clicked.connect(self.restart_requested)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Attackers attack", self.attack)
        form.addRow("Ball played", self.kick_side)
        form.addRow("Speeds", speeds)
        form.addRow("", use_speeds)
        buttons = QHBoxLayout()
        buttons.addWidget(again)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        guard_wheel(self)

    @staticmethod
    def _speed(name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setObjectName(name)
        box.setRange(0, 40)
        box.setDecimals(0)
        box.setSuffix(" km/h")
        box.setValue(25)
        return box

    def say(self, text: str, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #ff6b6b; font-weight: bold;" if problem else "")

    def show_result(self, m: OffsideMeasurement | None, notes: list[str] | None = None
                    ) -> None:
        """The result; ``notes`` say where the calibration was carried by tracking."""
        text = "" if m is None else result_text(m)
        self.result.setText("<br>".join([text, *(notes or [])]) if text else "")
