"""The decision form: the on-field decision, then the VAR check, then the review.

It shows the step the selected incident needs next; each Record button asks the review
controller to record that step, so a refusal comes back as a message and nothing changes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewtool.laws.var import CheckOutcome, ReviewCategory, ReviewKind, ReviewOutcome
from reviewtool.review.incident import Incident
from reviewtool.review.session import ReviewSession
from ui.panels.ruling_form import RulingForm, _combo

PAGES = {"on_field": 0, "var_check": 1, "review": 2, "done": 3}


class DecisionPanel(QWidget):
    record_requested = Signal(str)  # the step: on_field, var_check or review

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.incident: Incident | None = None
        self.heading = QLabel("Select an incident, or tag one (T).")
        self.heading.setObjectName("decision_heading")
        self.heading.setWordWrap(True)
        self.history = QLabel("")
        self.history.setObjectName("decision_history")
        self.history.setWordWrap(True)
        self.minute = QLineEdit()
        self.minute.setObjectName("decision_minute")
        self.minute.setPlaceholderText("match minute, e.g. 90+4")
        self.reason = QLineEdit()
        self.reason.setObjectName("decision_reason")
        self.reason.setPlaceholderText("notes for the log")
        self.pages = QStackedWidget()
        self.on_field = RulingForm("on_field_form")
        self.pages.addWidget(self._page(self.on_field, "Record on-field decision", "on_field"))
        self.check_outcome = _combo([("Check complete (no review)", CheckOutcome.COMPLETE.value),
                                     ("Review recommended",
                                      CheckOutcome.REVIEW_RECOMMENDED.value)], "check_outcome")
        self.check_category = _combo([(c.value.replace("_", " ").capitalize(), c.value)
                                      for c in ReviewCategory], "check_category")
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
        self.pages.addWidget(QLabel("The decision on this incident is complete. Undo (Ctrl+Z) "
                                    "to correct a step."))
        common = QFormLayout()
        common.addRow("Minute", self.minute)
        common.addRow("Notes", self.reason)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.history)
        layout.addLayout(common)
        layout.addWidget(self.pages)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._final_enabled()
        self.setEnabled(False)

    def _page(self, body: QWidget, label: str, step: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(body)
        button = QPushButton(label)
        button.setObjectName(f"record_{step}")
        button.clicked.connect(lambda: self.record_requested.emit(step))
        layout.addWidget(button)
        return page

    def _final_enabled(self) -> None:
        self.final.setEnabled(self.review_outcome.currentData() == ReviewOutcome.OVERTURNED)

    def next_step(self, session: ReviewSession, incident: Incident) -> str:
        record = session.record
        check = record.decision_step(incident.id, "var_check")
        if record.decision_step(incident.id, "on_field") is None:
            return "on_field"
        if check is None:
            return "var_check"
        if check.outcome == CheckOutcome.REVIEW_RECOMMENDED and \
                record.decision_step(incident.id, "review") is None:
            return "review"
        return "done"

    def show_incident(self, session: ReviewSession | None, incident: Incident | None,
                      minute: str | None) -> None:
        """Show the next step for ``incident``; keeps what was typed if it is the same one."""
        same = incident is not None and self.incident is not None and \
            incident.id == self.incident.id
        self.incident = incident
        self.setEnabled(session is not None and incident is not None)
        if session is None or incident is None:
            self.heading.setText("Select an incident, or tag one (T).")
            self.history.setText("")
            return
        where = f" at {incident.clock or incident.minute}" if incident.minute else ""
        people = " → ".join(p.describe(session.match) for p in (incident.offender,
                                                               incident.victim) if p)
        self.heading.setText(f"<b>{incident.title}</b>{where}, frame {incident.key_frame}"
                             + (f"<br>{people}" if people else ""))
        steps = session.record.decisions.get(incident.id, [])
        self.history.setText("<br>".join(f"✔ {d.summary()}" for d in steps))
        step = self.next_step(session, incident)
        for form in (self.on_field, self.final):
            form.set_context(session.state, session.propose)
        if not same or self.pages.currentIndex() != PAGES[step]:
            if step == "on_field":
                self.on_field.load_incident(incident)
            elif step == "review":
                self.final.load_incident(incident)
            self.minute.setText(minute or incident.minute or "")
            self.reason.clear()
        self.pages.setCurrentIndex(PAGES[step])
