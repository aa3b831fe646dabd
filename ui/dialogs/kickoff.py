"""Sync a clip to match time: this frame is a period's kick-off (or a known match time)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from reviewtool.match.clock import PERIOD_END_MINUTE, PERIOD_START_MINUTE

_CLOCK = re.compile(r"^(\d+)(?:\+(\d+))?:(\d{2})$")


def elapsed_from_clock(period: int, text: str) -> float:
    """Seconds since the period's kick-off for a clock such as "90+3:52" or "47:10"."""
    m = _CLOCK.match(text.strip())
    if not m:
        raise ValueError(f'expected a match clock like "47:10" or "90+3:52", got "{text}"')
    minutes, added, seconds = int(m.group(1)), int(m.group(2) or 0), int(m.group(3))
    if added and minutes != PERIOD_END_MINUTE[period]:
        end = PERIOD_END_MINUTE[period]
        raise ValueError(f"added time in period {period} follows minute {end}")
    total = (minutes + added - PERIOD_START_MINUTE[period]) * 60 + seconds
    if total < 0 or seconds >= 60:
        raise ValueError(f'"{text}" is not in period {period}')
    return float(total)


class KickoffDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Match time at this frame")
        self.period = QSpinBox()
        self.period.setRange(1, 4)
        self.clock = QLineEdit("0:00")
        self.clock.setPlaceholderText("the match clock at this frame, e.g. 45:00 or 90+3:52")
        self.error = QLabel("")
        self.error.setStyleSheet("color: #ff7070;")
        form = QFormLayout(self)
        form.addRow(QLabel("Mark the kick-off of a period (clock at its start), or any frame "
                           "whose match clock you know."))
        form.addRow("Period", self.period)
        form.addRow("Clock", self.clock)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.period.valueChanged.connect(
            lambda p: self.clock.setText(f"{PERIOD_START_MINUTE[p]}:00"))

    def value(self) -> tuple[int, float]:
        text = self.clock.text()
        return self.period.value(), elapsed_from_clock(self.period.value(), text)

    def _accept(self) -> None:
        try:
            self.value()
        except ValueError as e:
            self.error.setText(str(e))
            return
        self.accept()
