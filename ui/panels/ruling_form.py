"""The form for one ruling (offence, sanction, restart), with Law 12's proposal beside it.

The proposal follows every change of offence, manner and circumstances and fills in the
sanction and restart; the official may change them, and then must say why. Whether a ruling
agrees with the Laws is the core's answer (``review.decision.check_ruling``), shown here as
the official types; the core refuses the same ruling when it is recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from reviewtool.laws.offences import (
    CATALOGUE,
    Circumstances,
    Manner,
    Opportunity,
    Proposal,
    Sanction,
)
from reviewtool.match.events import RESTART_KINDS
from reviewtool.match.model import SIDES, other_side
from reviewtool.match.state import MatchState, Person
from reviewtool.review.decision import Ruling, check_ruling
from reviewtool.review.incident import Incident
from reviewtool.review.ruling_laws import OFFENCE_RESTARTS
from ui.panels.person_picker import PersonPicker
from ui.wheel_guard import guard_wheel

Proposer = Callable[[str, Circumstances, Person | None], Proposal]


def _combo(items: list[tuple[str, object]], name: str) -> QComboBox:
    """A combo box that may be narrower than its longest item (a dock on a small screen);
    the list it opens is as wide as the items."""
    box = QComboBox()
    box.setObjectName(name)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    for text, data in items:
        box.addItem(text, data)
    box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)
    return box


class RulingForm(QWidget):
    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.proposer: Proposer | None = None
        self.proposal: Proposal | None = None
        self.state: MatchState | None = None
        self.replaces: Ruling | None = None  # the on-field ruling a review would overturn
        self.offence = _combo([("No offence", None)] + [
            (o.name, code) for code, o in CATALOGUE.items()], "offence")
        self.manner = _combo([("—", None), ("Careless", Manner.CARELESS.value),
                              ("Reckless", Manner.RECKLESS.value),
                              ("Excessive force", Manner.EXCESSIVE_FORCE.value)], "manner")
        self.in_area = QCheckBox("in own penalty area")
        self.in_area.setToolTip("The offence was inside the offender's own penalty area")
        self.in_area.setObjectName("in_area")
        self.contact = QCheckBox("contact")
        self.contact.setObjectName("contact")
        self.played_ball = QCheckBox("tried to play the ball")
        self.ball_out = QCheckBox("ball out of play")
        self.opportunity = _combo([("no attacking chance denied", Opportunity.NONE.value),
                                   ("stops a promising attack (SPA)", Opportunity.SPA.value),
                                   ("denies an obvious goal-scoring opportunity (DOGSO)",
                                    Opportunity.DOGSO.value)], "opportunity")
        self.offender = PersonPicker()
        self.offender.setObjectName("offender")
        self.proposal_label = QLabel("")
        self.proposal_label.setObjectName("proposal")
        self.proposal_label.setWordWrap(True)
        self.sanction = _combo([("No card", Sanction.NONE.value),
                                ("Caution (yellow card)", Sanction.CAUTION.value),
                                ("Sending-off", Sanction.SENDING_OFF.value)], "sanction")
        self.second_caution = QCheckBox("second caution")
        self.second_caution.setObjectName("second_caution")
        self.restart = _combo([("— (no change)", None)] + [
            (k.replace("_", " ").capitalize(), k) for k in RESTART_KINDS], "restart")
        self.restart_team = _combo([], "restart_team")
        self.goal = _combo([("—", None)], "goal")
        self.override = QLineEdit()
        self.override.setObjectName("override")
        self.override.setPlaceholderText("why, if the sanction or restart differs from the Law")
        self.laws_note = QLabel("")
        self.laws_note.setObjectName("laws_note")
        self.laws_note.setWordWrap(True)
        self.laws_note.setStyleSheet("color: #ff9060;")
        checks = QGridLayout()
        for i, w in enumerate((self.in_area, self.contact, self.played_ball, self.ball_out)):
            checks.addWidget(w, i // 2, i % 2)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Offence", self.offence)
        form.addRow("Manner", self.manner)
        form.addRow("", checks)
        form.addRow("Denied", self.opportunity)
        form.addRow("Offender", self.offender)
        form.addRow("Laws say", self.proposal_label)
        form.addRow("Sanction", self.sanction)
        form.addRow("", self.second_caution)
        form.addRow("Restart", self.restart)
        form.addRow("Restart for", self.restart_team)
        form.addRow("Disallow goal", self.goal)
        form.addRow("Reason", self.override)
        form.addRow("", self.laws_note)
        for box in (self.offence, self.manner, self.opportunity):
            box.currentIndexChanged.connect(self._propose)
        for check in (self.in_area, self.contact, self.played_ball, self.ball_out):
            check.toggled.connect(self._propose)
        self.offender.changed.connect(self._propose)
        self.sanction.currentIndexChanged.connect(self._sanction_changed)
        for box in (self.restart, self.restart_team):
            box.currentIndexChanged.connect(self._check)
        self.second_caution.toggled.connect(self._check)
        self.override.textChanged.connect(self._check)
        self._sanction_changed()
        guard_wheel(self)

    def set_context(self, state: MatchState, proposer: Proposer,
                    replaces: Ruling | None = None) -> None:
        self.proposer = proposer
        self.state = state
        self.replaces = replaces
        match = state.match
        self.offender.set_match(match)
        self.restart_team.clear()
        for side in SIDES:
            self.restart_team.addItem(match.team(side).name, side)
        current = self.goal.currentData()
        self.goal.clear()
        self.goal.addItem("—", None)
        for gid, g in state.goals.items():
            if g.counts and gid in state.ids:
                self.goal.addItem(f"{g.minute or ''}' {state.match.team(g.team).name} ({gid})",
                                  gid)
        if current:
            self.goal.setCurrentIndex(max(0, self.goal.findData(current)))

    def load_incident(self, incident: Incident) -> None:
        code = incident.category if incident.category in CATALOGUE else None
        self.offence.setCurrentIndex(max(0, self.offence.findData(code)))
        self.manner.setCurrentIndex(max(0, self.manner.findData(incident.manner)))
        self.offender.set_person(incident.offender)
        area = incident.place.in_penalty_area() if incident.place else None
        self.in_area.setChecked(bool(incident.offender and area == incident.offender.team))
        if incident.offender:
            self.restart_team.setCurrentIndex(SIDES.index(other_side(incident.offender.team)))
        self._propose()

    def circumstances(self) -> Circumstances:
        manner = self.manner.currentData()
        return Circumstances(
            manner=Manner(manner) if manner else None,
            inside_own_penalty_area=self.in_area.isChecked(),
            opportunity=Opportunity(self.opportunity.currentData()),
            attempt_to_play_ball=self.played_ball.isChecked(), contact=self.contact.isChecked(),
            ball_in_play=not self.ball_out.isChecked())

    def _propose(self) -> None:
        code = self.offence.currentData()
        self.proposal = None
        if code is None:  # what depended on the offence goes with it
            self.proposal_label.setText("No offence: no card; give the restart that follows.")
            self.sanction.setCurrentIndex(self.sanction.findData(Sanction.NONE.value))
            self.second_caution.setChecked(False)
            if self.restart.currentData() in OFFENCE_RESTARTS:
                self.restart.setCurrentIndex(0)
            self._check()
            self.changed.emit()
            return
        if self.proposer is None:
            self.proposal_label.setText("")
            return
        try:
            offender = self.offender.person()
        except ValueError:
            offender = None
        try:
            p = self.proposer(code, self.circumstances(), offender)
        except ValueError as e:
            self.proposal_label.setText(str(e))
            return
        self.proposal = p
        restart = p.restart.value.replace("_", " ") if p.restart else "no change of restart"
        card = {"none": "no card", "caution": "caution",
                "sending_off": "sending-off"}[p.sanction.value]
        if p.second_caution:
            card = "second caution: sending-off"
        self.proposal_label.setText(f"<b>{card}, {restart}</b><br>" + "<br>".join(p.reasons))
        self.sanction.setCurrentIndex(self.sanction.findData(p.sanction.value))
        self.second_caution.setChecked(p.second_caution)
        self.restart.setCurrentIndex(max(0, self.restart.findData(
            p.restart.value if p.restart else None)))
        if offender is not None:
            self.restart_team.setCurrentIndex(SIDES.index(other_side(offender.team)))
        self._check()
        self.changed.emit()

    def _sanction_changed(self) -> None:
        """A second caution only goes with a sending-off."""
        sending_off = self.sanction.currentData() == Sanction.SENDING_OFF.value
        if not sending_off:
            self.second_caution.setChecked(False)
        self.second_caution.setEnabled(sending_off)
        self._check()

    def _check(self) -> None:
        """Show the core's objection to the ruling as it stands (empty when it agrees)."""
        note = ""
        if self.state is not None:
            try:
                check_ruling(self.state, self.ruling(), replaces=self.replaces)
            except ValueError as e:
                note = str(e)
        self.laws_note.setText(note)

    def ruling(self) -> Ruling:
        """The ruling as the form shows it; ValueError names what is missing or wrong. The
        core decides whether it agrees with the Laws when it is recorded."""
        offender = self.offender.person()
        code = self.offence.currentData()
        sanction = self.sanction.currentData()
        restart = self.restart.currentData()
        override = self.override.text().strip() or None
        p = self.proposal
        offence = p.offence.code if p is not None else code
        return Ruling(offence=offence, manner=self.manner.currentData(), sanction=sanction,
                      second_caution=self.second_caution.isChecked()
                      and sanction == Sanction.SENDING_OFF.value,
                      offender=offender if sanction != Sanction.NONE.value or code else None,
                      restart=restart,
                      restart_team=self.restart_team.currentData() if restart else None,
                      goal=self.goal.currentData(), override=override,
                      circumstances=self.circumstances() if code else None)
