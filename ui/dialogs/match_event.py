"""Record a match event directly: card (players, substitutes, staff), substitution, goal,
goal disallowed, card rescinded or moved, periods, suspension, abandonment, full time.

The dialog stays open with the reason when the Laws refuse the event, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reviewtool.match import events as ev
from reviewtool.match.clock import Minute
from reviewtool.match.model import other_side
from reviewtool.match.state import MatchState
from reviewtool.review.decision import card_id, unique_id
from ui.panels.person_picker import PersonPicker
from ui.panels.ruling_form import _combo

TYPES = [("Card", "card"), ("Substitution", "substitution"), ("Goal", "goal"),
         ("Goal disallowed", "goal_disallowed"), ("Card rescinded", "card_rescinded"),
         ("Card moved to another player", "card_reassigned"),
         ("Penalty kick saved / missed / retaken", "penalty_kick"),
         ("Player leaves the field (injury...)", "player_off"),
         ("Period starts", "period_start"), ("Period ends", "period_end"),
         ("Match suspended", "suspended"), ("Match resumed", "resumed"),
         ("Match abandoned", "abandoned"), ("Full time", "full_time")]

FIELDS = {"card": ("person", "colour", "reason"), "substitution": ("person", "on"),
          "goal": ("person", "penalty", "own_goal"), "goal_disallowed": ("goal", "reason"),
          "card_rescinded": ("card",), "card_reassigned": ("card", "number"),
          "penalty_kick": ("person", "outcome"), "player_off": ("person", "reason"),
          "period_start": ("period",), "period_end": ("period",), "suspended": ("reason",),
          "resumed": (), "abandoned": ("reason",), "full_time": ()}

Submit = Callable[[list[ev.MatchEvent]], str | None]  # returns a refusal, or None when done


class MatchEventDialog(QDialog):
    def __init__(self, state: MatchState, minute: str, submit: Submit,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record match event")
        self.state = state
        self.submit = submit
        self.kind = _combo(list(TYPES), "event_type")
        self.minute = QLineEdit(minute)
        self.minute.setObjectName("event_minute")
        self.person = PersonPicker()
        self.person.setObjectName("event_person")
        self.person.set_match(state.match)
        self.colour = _combo([("Yellow", "yellow"), ("Red", "red")], "event_colour")
        self.on = QLineEdit()
        self.on.setObjectName("event_on")
        self.on.setPlaceholderText("shirt number of the substitute coming on")
        self.penalty = QCheckBox("penalty kick")
        self.own_goal = QCheckBox("own goal (choose who put it in)")
        self.goal = _combo([(f"{g.minute or ''}' {state.match.team(g.team).name} ({gid})", gid)
                            for gid, g in state.goals.items()
                            if g.counts and gid in state.ids], "event_goal")
        self.card = _combo([(f"{c.colour} {state.describe(c.person)} ({cid})", cid)
                            for cid, c in state.cards.items() if c.active], "event_card")
        self.number = QLineEdit()
        self.number.setPlaceholderText("shirt number of the right player")
        self.outcome = _combo([("Saved", "saved"), ("Missed", "missed"),
                               ("Retaken", "retake")], "event_outcome")
        self.period = QSpinBox()
        self.period.setRange(1, 4)
        self.period.setValue(state.period if isinstance(state.period, int) else 1)
        self.reason = QLineEdit()
        self.reason.setObjectName("event_reason")
        self.error = QLabel("")
        self.error.setObjectName("event_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #ff7070;")
        self.form = QFormLayout()
        self.form.addRow("Event", self.kind)
        self.form.addRow("Minute", self.minute)
        self.rows = {"person": ("Who", self.person), "colour": ("Card", self.colour),
                     "on": ("On", self.on), "penalty": ("", self.penalty),
                     "own_goal": ("", self.own_goal), "goal": ("Goal", self.goal),
                     "card": ("Card", self.card), "number": ("To player", self.number),
                     "outcome": ("Outcome", self.outcome), "period": ("Period", self.period),
                     "reason": ("Reason", self.reason)}
        for label, widget in self.rows.values():
            self.form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._show_fields)
        self._show_fields()

    def choose(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _show_fields(self) -> None:
        wanted = FIELDS[self.kind.currentData()]
        for name, (_, widget) in self.rows.items():
            self.form.setRowVisible(widget, name in wanted)
        self.person.allow_staff = self.kind.currentData() == "card"

    def match_event(self) -> ev.MatchEvent:
        """The event the form describes; ValueError names what is missing."""
        kind = self.kind.currentData()
        minute = self.minute.text().strip() or None
        if minute is not None:
            Minute.parse(minute)
        reason = self.reason.text().strip() or None
        who = self.person.person() if "person" in FIELDS[kind] else None
        if "person" in FIELDS[kind] and who is None:
            raise ValueError("say who: choose the team and type a shirt number or name")
        if kind == "card":
            assert who is not None
            cid = card_id(self.state, who, self.colour.currentData())
            return ev.Card(id=cid, minute=minute, team=who.team, card=self.colour.currentData(),
                           player=who.player, staff=who.staff, reason=reason)
        if kind in ("substitution", "goal", "penalty_kick", "player_off"):
            assert who is not None
            if who.player is None:
                raise ValueError("choose a player, not a staff member")
        if kind == "substitution":
            assert who is not None and who.player is not None
            on = self.on.text().strip()
            if not on.isdigit():
                raise ValueError("type the shirt number of the substitute coming on")
            return ev.Substitution(minute=minute, team=who.team, off=who.player, on=int(on))
        if kind == "goal":
            assert who is not None and who.player is not None
            own = self.own_goal.isChecked()
            team = other_side(who.team) if own else who.team
            gid = unique_id(f"goal-{(minute or 'x').replace('+', '-')}", self.state.ids)
            return ev.Goal(id=gid, minute=minute, team=team, player=who.player,
                           penalty=self.penalty.isChecked(), own_goal=own)
        if kind == "goal_disallowed":
            if self.goal.currentData() is None:
                raise ValueError("no goal to disallow")
            return ev.GoalDisallowed(minute=minute, goal=self.goal.currentData(), reason=reason)
        if kind in ("card_rescinded", "card_reassigned"):
            if self.card.currentData() is None:
                raise ValueError("no card in force to change")
            if kind == "card_rescinded":
                return ev.CardRescinded(minute=minute, card=self.card.currentData())
            if not self.number.text().strip().isdigit():
                raise ValueError("type the shirt number of the player the card goes to")
            return ev.CardReassigned(minute=minute, card=self.card.currentData(),
                                     player=int(self.number.text()))
        if kind == "penalty_kick":
            assert who is not None and who.player is not None
            return ev.PenaltyKick(minute=minute, team=who.team, player=who.player,
                                  outcome=self.outcome.currentData())
        if kind == "player_off":
            assert who is not None and who.player is not None
            return ev.PlayerOff(minute=minute, team=who.team, player=who.player, reason=reason)
        if kind in ("period_start", "period_end"):
            cls = ev.PeriodStart if kind == "period_start" else ev.PeriodEnd
            return cls(period=self.period.value())
        if kind == "suspended":
            return ev.Suspended(minute=minute, reason=reason)
        if kind == "abandoned":
            return ev.Abandoned(minute=minute, reason=reason)
        if kind == "resumed":
            return ev.Resumed(minute=minute)
        return ev.FullTime(minute=minute)

    def _accept(self) -> None:
        try:
            event = self.match_event()
        except ValueError as e:
            self.error.setText(str(e))
            return
        refusal = self.submit([event])
        if refusal:
            self.error.setText(refusal)
            return
        self.accept()
