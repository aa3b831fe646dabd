"""Tag or edit an incident: category, manner, offender and victim, frames, place, notes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reviewtool.laws.offences import Manner
from reviewtool.match.model import Match
from reviewtool.review.incident import CATEGORIES, Incident
from ui.panels.person_picker import PersonPicker
from ui.panels.pitch import PitchWidget
from ui.panels.ruling_form import _combo


class IncidentDialog(QDialog):
    def __init__(self, match: Match, frames: int, key: int, in_frame: int, out_frame: int,
                 incident: Incident | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit incident" if incident else "Tag incident")
        self.category = _combo([(text, code) for code, text in CATEGORIES.items()],
                               "incident_category")
        self.category.setEditable(False)
        self.manner = _combo([("—", None), ("Careless", Manner.CARELESS.value),
                              ("Reckless", Manner.RECKLESS.value),
                              ("Excessive force", Manner.EXCESSIVE_FORCE.value)],
                             "incident_manner")
        self.offender, self.victim = PersonPicker(), PersonPicker(staff=False)
        self.offender.setObjectName("incident_offender")
        self.victim.setObjectName("incident_victim")
        for picker in (self.offender, self.victim):
            picker.set_match(match)
        self.key, self.in_frame, self.out_frame = QSpinBox(), QSpinBox(), QSpinBox()
        for box, value in ((self.key, key), (self.in_frame, in_frame),
                           (self.out_frame, out_frame)):
            box.setRange(0, max(0, frames - 1))
            box.setValue(value)
        self.pitch = PitchWidget()
        self.pitch.setObjectName("incident_pitch")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("incident_notes")
        self.notes.setMaximumHeight(70)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #ff7070;")
        self.error.setWordWrap(True)
        frames_row = QHBoxLayout()
        for label, box in (("in", self.in_frame), ("key", self.key), ("out", self.out_frame)):
            frames_row.addWidget(QLabel(label))
            frames_row.addWidget(box)
        form = QFormLayout()
        form.addRow("Category", self.category)
        form.addRow("Manner", self.manner)
        form.addRow("Offender", self.offender)
        form.addRow("Victim", self.victim)
        form.addRow("Frames", frames_row)
        form.addRow("Place", self.pitch)
        form.addRow("Notes", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.result_fields: dict[str, object] = {}
        if incident is not None:
            self.category.setCurrentIndex(self.category.findData(incident.category))
            self.manner.setCurrentIndex(max(0, self.manner.findData(incident.manner)))
            self.offender.set_person(incident.offender)
            self.victim.set_person(incident.victim)
            self.pitch.set_place(incident.place)
            self.notes.setPlainText(incident.notes)

    def fields(self) -> dict[str, object]:
        """The incident's fields; ValueError names what is wrong."""
        key, lo, hi = self.key.value(), self.in_frame.value(), self.out_frame.value()
        if not lo <= key <= hi:
            raise ValueError(f"the key frame {key} must lie between the in frame {lo} and the "
                             f"out frame {hi}")
        return {"category": self.category.currentData(), "key_frame": key, "in_frame": lo,
                "out_frame": hi, "manner": self.manner.currentData(),
                "offender": self.offender.person(), "victim": self.victim.person(),
                "place": self.pitch.place, "notes": self.notes.toPlainText().strip()}

    def _accept(self) -> None:
        try:
            self.result_fields = self.fields()
        except ValueError as e:
            self.error.setText(str(e))
            return
        self.accept()
