"""The answer form: one choice per part asked, in the words of the decision form, and a
confidence level. The instructor edits reference answers with it (without confidence); the
trainee answers with it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QWidget,
)

from reviewtool.training.question import (
    CHOICES,
    CONFIDENCE_LEVELS,
    NO_OFFENCE,
    PART_NAMES,
    PARTS,
    label,
)

UNANSWERED = "— choose —"


class AnswerForm(QWidget):
    changed = Signal()

    def __init__(self, confidence: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.boxes: dict[str, QComboBox] = {}
        self.parts: tuple[str, ...] = PARTS  # the parts the question asks
        for part in PARTS:
            box = QComboBox()
            box.setObjectName(f"answer_{part}")
            box.addItem(UNANSWERED, None)
            for value in CHOICES[part]:
                box.addItem(label(part, value), value)
            box.setMaxVisibleItems(20)
            box.currentIndexChanged.connect(lambda _i, p=part: self._on_change(p))
            self.boxes[part] = box
            self.form.addRow(PART_NAMES[part], box)
        self.confidence: QButtonGroup | None = None
        if confidence:
            self.confidence = QButtonGroup(self)
            row = QHBoxLayout()
            for level in CONFIDENCE_LEVELS:
                button = QRadioButton(str(level))
                button.setObjectName(f"confidence_{level}")
                self.confidence.addButton(button, level)
                row.addWidget(button)
            row.addStretch(1)
            self.confidence.idClicked.connect(lambda _id: self.changed.emit())
            self.form.addRow("Confidence (1 unsure – 5 sure)", row)

    def _on_change(self, part: str) -> None:
        # "no offence" answers the offence parts together
        if part == "offence_or_not" and self.value("offence_or_not") == NO_OFFENCE:
            self._set("offence", NO_OFFENCE)
        elif part == "offence" and self.value("offence") == NO_OFFENCE:
            self._set("offence_or_not", NO_OFFENCE)
        elif part == "offence" and self.value("offence") is not None:
            self._set("offence_or_not", "offence")
        self.changed.emit()

    def _set(self, part: str, value: str | None) -> None:
        box = self.boxes[part]
        index = box.findData(value) if value is not None else 0
        if box.currentIndex() != max(0, index):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)

    def set_parts(self, parts: Sequence[str]) -> None:
        """Show only the parts the question asks."""
        for part, box in self.boxes.items():
            self.form.setRowVisible(box, part in parts)
        self.parts = tuple(parts)

    def value(self, part: str) -> str | None:
        return self.boxes[part].currentData()

    def values(self) -> dict[str, str]:
        parts = self.parts
        return {p: v for p in parts if (v := self.value(p)) is not None}

    def set_values(self, values: Mapping[str, str], confidence: int | None = None) -> None:
        for part in PARTS:
            self._set(part, values.get(part))
        if self.confidence is not None:
            self.confidence.setExclusive(False)
            for button in self.confidence.buttons():
                button.setChecked(self.confidence.id(button) == confidence)
            self.confidence.setExclusive(True)

    def confidence_level(self) -> int | None:
        if self.confidence is None or self.confidence.checkedId() < 0:
            return None
        return self.confidence.checkedId()

    def missing(self) -> list[str]:
        """The parts (and confidence) not answered yet, in words."""
        gaps = [PART_NAMES[p] for p in self.parts if self.value(p) is None]
        if self.confidence is not None and self.confidence_level() is None:
            gaps.append("confidence")
        return gaps
