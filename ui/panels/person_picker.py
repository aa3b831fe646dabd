"""Choose a player or staff member: the team, then a shirt number or a name (with completion)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLineEdit, QWidget

from reviewtool.match.model import SIDES, Match
from reviewtool.match.state import Person
from ui.panels.names_popup import NamesPopup


class PersonPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, staff: bool = True) -> None:
        super().__init__(parent)
        self.match: Match | None = None
        self.allow_staff = staff
        self.team = QComboBox()
        self.who = QLineEdit()
        self.who.setPlaceholderText("shirt number or name")
        self.who.setClearButtonEnabled(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.team)
        layout.addWidget(self.who, 1)
        self.team.currentIndexChanged.connect(self._complete)
        self.team.currentIndexChanged.connect(self.changed)
        self.who.textChanged.connect(self.changed)

    def set_match(self, match: Match) -> None:
        keep = self.team.currentIndex() if self.match is match else 0
        self.match = match
        self.team.blockSignals(True)
        self.team.clear()
        for side in SIDES:
            t = match.team(side)
            self.team.addItem(t.short or t.name, side)
        self.team.setCurrentIndex(max(0, keep))  # a refresh keeps the team chosen
        self.team.blockSignals(False)
        self._complete()

    def _complete(self) -> None:
        if self.match is None:
            return
        team = self.match.team(self.team.currentData() or "home")
        names = [f"{p.number} {p.name}" for p in team.players]
        if self.allow_staff:
            names += [s.name for s in team.staff]
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        NamesPopup(completer.popup(), self.who)
        self.who.setCompleter(completer)

    def set_person(self, ref: Person | None) -> None:
        if ref is None:
            self.who.clear()
            return
        self.team.setCurrentIndex(SIDES.index(ref.team))
        self.who.setText(str(ref.player) if ref.player is not None else ref.staff or "")

    def person(self) -> Person | None:
        """The person typed; raises ValueError naming the problem if the text fits no one."""
        text = self.who.text().strip()
        if not text or self.match is None:
            return None
        side = self.team.currentData()
        team = self.match.team(side)
        first = text.split()[0]
        if first.isdigit():
            if team.player(int(first)) is None:
                raise ValueError(f"{team.name} has no player #{first} on the team list")
            return Person(side, player=int(first))
        low = text.lower()
        if self.allow_staff:
            for s in team.staff:
                if s.name.lower() == low:
                    return Person(side, staff=s.name)
        found = [p for p in team.players if low in p.name.lower()]
        if len(found) == 1:
            return Person(side, player=found[0].number)
        if not found:
            raise ValueError(f'{team.name}: no one on the team list is called "{text}"')
        raise ValueError(f'{team.name}: "{text}" fits {len(found)} players; type the number')
