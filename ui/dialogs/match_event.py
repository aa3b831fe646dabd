"""Record a match event directly: cards, substitutions (concussion too), goals, disallowed
goals, cards rescinded or moved, penalty kicks, kicks from the penalty mark, restarts, every
period (extra time and the shootout included), suspension, abandonment, full time.

The dialog only asks and displays: which kinds are possible now, which periods can start or
end, who may take the next kick from the penalty mark and the new event's id all come from
the core (``reviewtool.match.catalogue``). It stays open with the reason when the Laws refuse
the event, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewtool.match import catalogue as cat
from reviewtool.match import events as ev
from reviewtool.match.clock import Minute
from reviewtool.match.model import SIDES, other_side
from reviewtool.match.state import MatchState
from ui.panels.person_picker import PersonPicker
from ui.panels.ruling_form import _combo

Submit = Callable[[list[ev.MatchEvent]], str | None]  # returns a refusal, or None when done


def _team_combo(state: MatchState, name: str, none: str | None = None) -> QComboBox:
    items: list[tuple[str, object]] = [(none, None)] if none else []
    items += [(state.match.team(s).short or state.match.team(s).name, s) for s in SIDES]
    return _combo(items, name)


class MatchEventDialog(QDialog):
    def __init__(self, state: MatchState, minute: str, submit: Submit,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record match event")
        self.state = state
        self.submit = submit
        self.kind = _combo([(k.label, k.type) for k in cat.KINDS], "event_type")
        self._mark_possible()
        self.minute = QLineEdit(minute)
        self.minute.setObjectName("event_minute")
        self.person = PersonPicker()
        self.person.setObjectName("event_person")
        self.person.set_match(state.match)
        self.colour = _combo([("Yellow", "yellow"), ("Red", "red")], "event_colour")
        self.on = QLineEdit()
        self.on.setObjectName("event_on")
        self.on.setPlaceholderText("shirt number of the substitute coming on")
        self.concussion = QCheckBox("concussion substitute")
        self.concussion.setObjectName("event_concussion")
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
        self.period = _combo([], "event_period")
        self.restart = _combo([(text, kind) for kind, text in cat.RESTART_LABELS.items()],
                              "event_restart")
        self.team = _team_combo(state, "event_team", none="— (dropped ball)")
        self.kick_team = _team_combo(state, "event_kick_team")
        self.kicker = _combo([], "event_kicker")
        kicker_row = QWidget()
        row = QHBoxLayout(kicker_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kick_team)
        row.addWidget(self.kicker, 1)
        self.scored = QCheckBox("scored")
        self.scored.setObjectName("event_scored")
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
                     "on": ("On", self.on), "concussion": ("", self.concussion),
                     "penalty": ("", self.penalty), "own_goal": ("", self.own_goal),
                     "goal": ("Goal", self.goal), "card": ("Card", self.card),
                     "number": ("To player", self.number), "outcome": ("Outcome", self.outcome),
                     "kicker": ("Kicker", kicker_row), "scored": ("", self.scored),
                     "restart": ("Restart", self.restart), "team": ("Taken by", self.team),
                     "period": ("Period", self.period), "reason": ("Reason", self.reason)}
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
        self.kick_team.currentIndexChanged.connect(self._fill_kickers)
        self._first_possible()
        self._show_fields()

    # --- what the core says is possible ------------------------------------------------------

    def _mark_possible(self) -> None:
        """Grey out the kinds the Laws do not allow now, with the reason as a tooltip."""
        model = self.kind.model()
        assert isinstance(model, QStandardItemModel)
        for row, kind in enumerate(cat.KINDS):
            reason = cat.why_not(self.state, kind.type)
            item = model.item(row)
            item.setEnabled(reason is None)
            item.setToolTip(reason or "")

    def _first_possible(self) -> None:
        if self.state.period == "penalties" and cat.why_not(self.state, "shootout_kick") is None:
            self.choose("shootout_kick")
            return
        for row, kind in enumerate(cat.KINDS):
            if cat.why_not(self.state, kind.type) is None:
                self.kind.setCurrentIndex(row)
                return

    def choose(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _show_fields(self) -> None:
        kind = self.kind.currentData()
        wanted = cat.KIND_BY_TYPE[kind].fields
        for name, (_, widget) in self.rows.items():
            self.form.setRowVisible(widget, name in wanted)
        self.person.allow_staff = kind == "card"
        if kind in ("period_start", "period_end"):
            periods = (cat.periods_to_start(self.state) if kind == "period_start"
                       else cat.periods_to_end(self.state)) or list(cat.PERIODS)
            self.period.clear()
            for p in periods:
                self.period.addItem(cat.PERIOD_LABELS[p], p)
        if kind == "shootout_kick":
            turn = cat.shootout_turn(self.state) or "home"
            self.kick_team.setCurrentIndex(SIDES.index(turn))
            self._fill_kickers()

    def _fill_kickers(self) -> None:
        side = self.kick_team.currentData()
        self.kicker.clear()
        team = self.state.match.team(side)
        for n in cat.eligible(self.state, "shootout_kick", side):
            player = team.player(n)
            self.kicker.addItem(f"{n} {player.name if player else ''}".strip(), n)

    # --- the event --------------------------------------------------------------------------

    def match_event(self) -> ev.MatchEvent:
        """The event the form describes, with a new id; ValueError names what is missing."""
        event = self._event()
        if event.type in ("card", "goal", "shootout_kick", "restart"):
            event = replace(event, id=cat.new_id(self.state, event))
        return event

    def _event(self) -> ev.MatchEvent:
        kind = self.kind.currentData()
        minute = self.minute.text().strip() or None
        if minute is not None:
            Minute.parse(minute)
        reason = self.reason.text().strip() or None
        fields = cat.KIND_BY_TYPE[kind].fields
        who = self.person.person() if "person" in fields else None
        if "person" in fields and who is None:
            raise ValueError("say who: choose the team and type a shirt number or name")
        if kind == "card":
            assert who is not None
            return ev.Card(minute=minute, team=who.team, card=self.colour.currentData(),
                           player=who.player, staff=who.staff, reason=reason)
        if who is not None and who.player is None:
            raise ValueError("choose a player, not a staff member")
        number = who.player if who is not None else None
        if kind == "substitution":
            assert who is not None and number is not None
            on = self.on.text().strip()
            if not on.isascii() or not on.isdigit():
                raise ValueError("type the shirt number of the substitute coming on")
            return ev.Substitution(minute=minute, team=who.team, off=number, on=int(on),
                                   concussion=self.concussion.isChecked())
        if kind == "goal":
            assert who is not None and number is not None
            own = self.own_goal.isChecked()
            return ev.Goal(minute=minute, team=other_side(who.team) if own else who.team,
                           player=number, penalty=self.penalty.isChecked(), own_goal=own)
        if kind == "penalty_kick":
            assert who is not None and number is not None
            return ev.PenaltyKick(minute=minute, team=who.team, player=number,
                                  outcome=self.outcome.currentData())
        if kind == "player_off":
            assert who is not None and number is not None
            return ev.PlayerOff(minute=minute, team=who.team, player=number, reason=reason)
        return self._other(kind, minute, reason)

    def _other(self, kind: str, minute: str | None, reason: str | None) -> ev.MatchEvent:
        if kind == "shootout_kick":
            if self.kicker.currentData() is None:
                raise ValueError("no player of this team may take the next kick")
            return ev.ShootoutKick(minute=minute, team=self.kick_team.currentData(),
                                   player=self.kicker.currentData(),
                                   scored=self.scored.isChecked())
        if kind == "restart":
            return ev.Restart(minute=minute, kind=self.restart.currentData(),
                              team=self.team.currentData())
        if kind == "goal_disallowed":
            if self.goal.currentData() is None:
                raise ValueError("no goal to disallow")
            return ev.GoalDisallowed(minute=minute, goal=self.goal.currentData(), reason=reason)
        if kind in ("card_rescinded", "card_reassigned"):
            if self.card.currentData() is None:
                raise ValueError("no card in force to change")
            if kind == "card_rescinded":
                return ev.CardRescinded(minute=minute, card=self.card.currentData())
            text = self.number.text().strip()
            if not text.isascii() or not text.isdigit():
                raise ValueError("type the shirt number of the player the card goes to")
            return ev.CardReassigned(minute=minute, card=self.card.currentData(),
                                     player=int(text))
        if kind in ("period_start", "period_end"):
            cls = ev.PeriodStart if kind == "period_start" else ev.PeriodEnd
            return cls(period=self.period.currentData())
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
