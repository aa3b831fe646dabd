"""A new review: the match typed in (teams and lists), or imported from a match log."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reviewtool.laws.editions import FIRST_YEAR, LAST_YEAR, Edition
from reviewtool.match.model import Match, Player, Rules, Team
from reviewtool.store.matchlog import MatchLog

LIST_HELP = ("One player per line: shirt number and name. Starters first; then a line with "
             "--- and the substitutes. Mark the goalkeeper with (GK).")


def parse_team_list(name: str, text: str) -> Team:
    """Read a typed team list; ValueError names the line that cannot be read."""
    players: list[Player] = []
    starter = True
    seen: set[int] = set()
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if set(line) <= {"-"}:
            starter = False
            continue
        number, _, rest = line.partition(" ")
        if not number.isdigit() or not rest.strip():
            raise ValueError(f"{name}, line {n}: expected a shirt number and a name, "
                             f'got "{line}"')
        if int(number) in seen:
            raise ValueError(f"{name}, line {n}: shirt number {number} is already used")
        seen.add(int(number))
        keeper = "(GK)" in rest.upper()
        players.append(Player(int(number), rest.replace("(GK)", "").replace("(gk)", "").strip(),
                              starter, keeper))
    if not players:
        raise ValueError(f"{name}: the team list is empty")
    if sum(p.starter for p in players) > 11:
        raise ValueError(f"{name}: more than 11 starters (separate substitutes with ---)")
    return Team(name, tuple(players))


class NewReviewDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New review")
        self.competition = QLineEdit()
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.laws = QComboBox()
        self.laws.addItems([Edition(y).name for y in range(FIRST_YEAR, LAST_YEAR + 1)])
        self.laws.setCurrentIndex(self.laws.count() - 1)
        self.home, self.away = QLineEdit(), QLineEdit()
        self.home_list, self.away_list = QPlainTextEdit(), QPlainTextEdit()
        for w in (self.home_list, self.away_list):
            w.setPlaceholderText("1 Goalkeeper Name (GK)\n2 Name\n…\n---\n12 Substitute")
        self.extra_time = QCheckBox("extra time if level")
        self.penalties = QCheckBox("penalties if still level")
        self.error = QLabel("")
        self.error.setStyleSheet("color: #ff7070;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Competition", self.competition)
        form.addRow("Date", self.date)
        form.addRow("Laws", self.laws)
        form.addRow("Home team", self.home)
        form.addRow("Away team", self.away)
        lists = QHBoxLayout()
        lists.addWidget(self.home_list)
        lists.addWidget(self.away_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import Match Log…",
                                               QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(LIST_HELP))
        layout.addLayout(lists)
        rules = QHBoxLayout()
        rules.addWidget(self.extra_time)
        rules.addWidget(self.penalties)
        layout.addLayout(rules)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.log: MatchLog | None = None

    def build(self) -> MatchLog:
        if not self.competition.text().strip():
            raise ValueError("give the competition")
        home = parse_team_list(self.home.text().strip() or "Home team",
                               self.home_list.toPlainText())
        away = parse_team_list(self.away.text().strip() or "Away team",
                               self.away_list.toPlainText())
        match = Match(competition=self.competition.text().strip(),
                      date=dt.date.fromisoformat(self.date.date().toString("yyyy-MM-dd")),
                      home=home, away=away, laws=self.laws.currentText(),
                      rules=Rules(extra_time=self.extra_time.isChecked(),
                                  penalties=self.penalties.isChecked()))
        return MatchLog(match, (), {})

    def _accept(self) -> None:
        try:
            self.log = self.build()
        except ValueError as e:
            self.error.setText(str(e))
            return
        self.accept()
