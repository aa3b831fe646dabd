"""The decision form: the on-field decision, then the VAR check, then the review.

It shows the step the selected incident needs next (the core's ``next_step``); each Record
button asks the review controller to record that step, so a refusal comes back as a message
and nothing changes. The Record button stays in view below the scrolling fields.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewtool.laws.var import (
    FACTUAL_OFFENCES,
    CheckOutcome,
    ReviewKind,
    ReviewOutcome,
    review_kind_for,
    situation_for,
    situations,
)
from reviewtool.review.decision import next_step, proposed_step_minute
from reviewtool.review.incident import Incident
from reviewtool.review.session import ReviewSession
from ui.lines.evidence import EvidenceList
from ui.panels.ruling_form import RulingForm, _combo
from ui.wheel_guard import guard_wheel

PAGES = {"on_field": 0, "var_check": 1, "review": 2, "done": 3}


class DecisionPanel(QWidget):
    record_requested = Signal(str)  # the step: on_field, var_check or review

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.incident: Incident | None = None
        self.incident_same = False
        self.heading = QLabel("Select an incident, or tag one (T).")
        self.heading.setObjectName("decision_heading")
        self.heading.setWordWrap(True)
        self.history = QLabel("")
        self.history.setObjectName("decision_history")
        self.history.setWordWrap(True)
        self.minute = QLineEdit()
        self.minute.setObjectName("decision_minute")
        self.minute.setPlaceholderText("the match report's minute, e.g. 90+5")
        self.minute.setToolTip("The minute as a match report gives it: 90+4:12 on the clock "
                               "is the 90+5th minute")
        self.reason = QLineEdit()
        self.reason.setObjectName("decision_reason")
        self.reason.setPlaceholderText("notes for the log")
        self.evidence = EvidenceList()  # the incident's offside measurements, to cite
        self.pages = QStackedWidget()
        self.buttons = QStackedWidget()
        self.pages.currentChanged.connect(self.buttons.setCurrentIndex)
        self.on_field = RulingForm("on_field_form")
        self.pages.addWidget(self._page(self.on_field, "Record on-field decision", "on_field"))
        self.check_outcome = _combo([("Check complete (no review)", CheckOutcome.COMPLETE.value),
                                     ("Review recommended",
                                      CheckOutcome.REVIEW_RECOMMENDED.value)], "check_outcome")
        self.check_category = _combo([], "check_category")
        check = QWidget()
        form = QFormLayout(check)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("VAR check", self.check_outcome)
        form.addRow("Situation", self.check_category)
        self.pages.addWidget(self._page(check, "Record VAR check", "var_check"))
        self.review_kind = _combo([("On-field review (referee at the monitor)",
                                    ReviewKind.ON_FIELD.value),
                                   ("VAR-only review (factual)", ReviewKind.VAR_ONLY.value)],
                                  "review_kind")
        self.review_outcome = _combo([("Decision confirmed", ReviewOutcome.CONFIRMED.value),
                                      ("Decision overturned", ReviewOutcome.OVERTURNED.value)],
                                     "review_outcome")
        self.final = RulingForm("final_form")
        review = QWidget()
        rform = QFormLayout(review)
        rform.setContentsMargins(0, 0, 0, 0)
        rform.addRow("Review", self.review_kind)
        rform.addRow("Outcome", self.review_outcome)
        rform.addRow(QLabel("<b>Final decision</b> (when overturned)"))
        rform.addRow(self.final)
        self.review_outcome.currentIndexChanged.connect(self._final_enabled)
        self.pages.addWidget(self._page(review, "Record review outcome", "review"))
        done = QLabel("The decision on this incident is complete. Undo (Ctrl+Z) to correct a "
                      "step.")
        done.setWordWrap(True)
        self.pages.addWidget(done)
        self.buttons.addWidget(QWidget())
        self.common = QWidget()  # minute and notes of the step being recorded
        common = QFormLayout(self.common)
        common.setContentsMargins(0, 0, 0, 0)
        common.addRow("Minute (report)", self.minute)
        common.addRow("Notes", self.reason)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.history)
        layout.addWidget(self.evidence)
        layout.addWidget(self.common)
        layout.addWidget(self.pages)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.scroll = scroll
        self.pages.currentChanged.connect(self._page_shown)
        self.buttons.setSizePolicy(self.buttons.sizePolicy().horizontalPolicy(),
                                   self.buttons.sizePolicy().Policy.Fixed)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.buttons)
        self._final_enabled()
        self._page_shown(self.pages.currentIndex())
        guard_wheel(self)
        self.setEnabled(False)

    def _page_shown(self, index: int) -> None:
        """Only the page shown takes room (a short page is not as tall as the longest), and
        a new step starts at the top of the panel."""
        ignored, preferred = QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        for i in range(self.pages.count()):
            policy = preferred if i == index else ignored
            self.pages.widget(i).setSizePolicy(policy, policy)
        self.pages.adjustSize()
        self.scroll.verticalScrollBar().setValue(0)

    def _page(self, body: QWidget, label: str, step: str) -> QWidget:
        """The step's fields (they scroll); its Record button goes below, always in view."""
        button = QPushButton(label)
        button.setObjectName(f"record_{step}")
        button.setDefault(True)
        button.setToolTip(f"{label} (Ctrl+Enter from any field)")
        button.clicked.connect(lambda: self.record_requested.emit(step))
        self.buttons.addWidget(button)
        return body

    def _fill_situations(self, session: ReviewSession, incident: Incident) -> None:
        """The situations a check may name, as the core's VAR protocol says for this match:
        the ones that may not be reviewed are shown greyed, with the reason."""
        rules = session.match.rules.extra
        listed = situations(session.match.edition,
                            corner_option=bool(rules.get("var_corner_option")))
        keep = self.check_category.currentData()
        self.check_category.blockSignals(True)
        self.check_category.clear()
        model = self.check_category.model()
        assert isinstance(model, QStandardItemModel)
        for code, text, allowed, why in listed:
            self.check_category.addItem(text, code)
            item = model.item(self.check_category.count() - 1)
            item.setToolTip(why)
            if not allowed:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        offender, place = incident.offender, incident.place
        in_area = bool(offender and place and place.in_penalty_area() == offender.team)
        suggested = situation_for(incident.category, in_penalty_area=in_area)
        wanted = keep if self.incident_same else suggested and suggested.value
        index = self.check_category.findData(wanted)
        self.check_category.setCurrentIndex(max(0, index))
        self.check_category.blockSignals(False)

    def _final_enabled(self) -> None:
        self.final.setEnabled(self.review_outcome.currentData() == ReviewOutcome.OVERTURNED)

    def shown_step(self) -> str | None:
        """The step whose fields are shown (None when the decision is complete)."""
        if self.incident is None or not self.isEnabled():
            return None
        return next((step for step, page in PAGES.items()
                     if page == self.pages.currentIndex() and step != "done"), None)

    def focus_first(self) -> None:
        """Keyboard first: D puts the cursor in the first field of the step shown."""
        first = {0: self.on_field.offence, 1: self.check_outcome, 2: self.review_kind}
        widget = first.get(self.pages.currentIndex())
        if widget is not None and self.isEnabled():
            widget.setFocus()

    def next_step(self, session: ReviewSession, incident: Incident) -> str:
        return next_step(session.record.decisions.get(incident.id, []))

    def show_incident(self, session: ReviewSession | None, incident: Incident | None) -> None:
        """Show the next step for ``incident``; keeps what was typed if it is the same one."""
        same = incident is not None and self.incident is not None and \
            incident.id == self.incident.id
        self.incident_same = same
        self.incident = incident
        self.setEnabled(session is not None and incident is not None)
        self.evidence.show_incident(session, incident)
        if session is None or incident is None:
            self.heading.setText("Select an incident, or tag one (T).")
            self.history.setText("")
            return
        where = (f" in minute {incident.minute}' (clock {incident.clock})" if incident.clock
                 else f" in minute {incident.minute}'" if incident.minute else "")
        people = " → ".join(p.describe(session.match) for p in (incident.offender,
                                                               incident.victim) if p)
        self.heading.setText(f"<b>{incident.title}</b>{where}, frame {incident.key_frame}"
                             + (f"<br>{people}" if people else ""))
        steps = session.record.decisions.get(incident.id, [])
        self.history.setText("<br>".join(
            f"✔ {d.summary()}" + (f" (cites entry {', '.join(map(str, d.cites))})"
                                  if d.cites else "") for d in steps))
        step = self.next_step(session, incident)
        on_field = session.record.decision_step(incident.id, "on_field")
        self.on_field.set_context(session.state, session.propose)
        self.final.set_context(session.state, session.propose,
                               on_field.ruling if on_field else None)
        self._fill_situations(session, incident)
        if not same or self.pages.currentIndex() != PAGES[step]:
            if step == "on_field":
                self.on_field.load_incident(incident)
            elif step == "review":
                self.final.load_incident(incident)
                kind = review_kind_for(incident.category in FACTUAL_OFFENCES)
                self.review_kind.setCurrentIndex(self.review_kind.findData(kind.value))
            # this incident's minute (not the playhead's, nor another incident's), afresh
            self.minute.setText(proposed_step_minute(steps, incident.minute))
            self.reason.clear()
        self.pages.setCurrentIndex(PAGES[step])
        self.common.setVisible(step != "done")
