"""The match state: scoreboard with aggregate, status and restart, both team lists with marks."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewtool.match import catalogue
from reviewtool.match.model import SIDES, Side
from reviewtool.match.outcome import result
from reviewtool.match.state import MatchState, Person

YELLOW = QColor(240, 200, 40)
RED = QColor(220, 50, 50)


CARD_NAMES = {"Y": "yellow", "R": "red"}


def person_marks(state: MatchState, person: Person) -> tuple[str, str]:
    """(where, cards): where is on field / bench / substituted / sent off; cards as letters,
    Y a caution and R a sending-off (YYR: sent off for a second caution)."""
    cards = "Y" * state.cautions(person)
    off = state.sending_off(person)
    if off is not None:
        return "sent off", ("YYR" if off.second_caution else cards + "R")
    if state.on_field(person):
        return "on field", cards
    presence = state.presence.get(person)
    if presence is not None and presence.entered:
        return "substituted", cards
    return "bench", cards


def card_icon(cards: str, height: int = 14) -> QIcon:
    """Small painted cards (no emoji: many systems have no font for them)."""
    width = max(1, len(cards)) * (height * 3 // 4)
    pixmap = QPixmap(width, height)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i, card in enumerate(cards):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(YELLOW if card == "Y" else RED)
        painter.drawRoundedRect(QRectF(i * height * 3 / 4 + 1, 1, height / 2, height - 2), 1, 1)
    painter.end()
    return QIcon(pixmap)


def _short(state: MatchState, side: Side) -> str:
    team = state.match.team(side)
    return team.short or team.name


def substitutes_text(state: MatchState) -> str:
    """Substitutes each team may still use, concussion substitutes apart when in use."""
    parts = []
    for side in SIDES:
        normal, concussion = catalogue.remaining_substitutes(state, side)
        extra = (f" + {concussion} concussion" if state.match.rules.concussion_substitutes
                 else "")
        parts.append(f"{_short(state, side)} {normal}{extra}")
    return "Substitutes left: " + "   ·   ".join(parts)


def kickers_text(state: MatchState) -> str:
    """Once kicks from the penalty mark start: each team's eligible kickers and who is next."""
    lines = []
    for side in SIDES:
        eligible, cap, following = catalogue.shootout_kickers(state, side)
        if not eligible and not cap:
            return ""
        team = state.match.team(side)
        names = ", ".join(f"{n} {p.name}" if (p := team.player(n)) else str(n)
                          for n in eligible)
        reduce = f", {cap} of them kick (equal numbers)" if len(eligible) > cap else ""
        nxt = ", ".join(f"#{n}" for n in following) or "no one"
        lines.append(f"{_short(state, side)} kickers ({len(eligible)}{reduce}): {names}. "
                     f"Next: {nxt}")
    return "\n".join(lines)


class StatePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = QLabel("—")
        self.score.setObjectName("score")
        self.score.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.score.setFont(font)
        self.aggregate = QLabel("")
        self.aggregate.setObjectName("aggregate")
        self.aggregate.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel("")
        self.status.setObjectName("status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.substitutes = QLabel("")
        self.substitutes.setObjectName("substitutes")
        self.substitutes.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.substitutes.setWordWrap(True)
        self.kickers = QLabel("")
        self.kickers.setObjectName("kickers")
        self.kickers.setWordWrap(True)
        self.kickers.hide()
        self.lists: dict[Side, QTableWidget] = {}
        lists = QHBoxLayout()
        for side in SIDES:
            table = QTableWidget(0, 3)
            table.setObjectName(f"list_{side}")
            table.setHorizontalHeaderLabels(["#", "Name", ""])
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
            table.horizontalHeader().setStretchLastSection(True)
            table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            table.setIconSize(QSize(32, 14))  # up to three cards side by side
            self.lists[side] = table
            lists.addWidget(table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.score)
        layout.addWidget(self.aggregate)
        layout.addWidget(self.status)
        layout.addWidget(self.substitutes)
        layout.addWidget(self.kickers)
        layout.addLayout(lists, 1)

    def show_state(self, state: MatchState | None) -> None:
        if state is None:
            self.score.setText("No review open")
            self.aggregate.setText("")
            self.status.setText("")
            self.substitutes.setText("")
            self.kickers.hide()
            for t in self.lists.values():
                t.setRowCount(0)
            return
        m = state.match
        s = state.score
        self.score.setText(f"{m.home.short or m.home.name}  {s.home} – {s.away}  "
                           f"{m.away.short or m.away.name}")
        winner, decided_by = result(state)
        agg = state.aggregate
        parts = [f"Aggregate {agg.home} – {agg.away}"] if agg else []
        if state.shootout:
            parts.append(f"Penalties {state.shootout.home} – {state.shootout.away}")
        if winner:
            how = f" on {decided_by.replace('_', ' ')}" if decided_by else ""
            parts.append(f"{m.team(winner).name} through{how}")
        self.aggregate.setText("   ·   ".join(parts))
        counts = " v ".join(str(state.on_field_count(side)) for side in SIDES)
        restart = ""
        if state.last_restart:
            kind, team = state.last_restart
            restart = f"   ·   restart: {kind.replace('_', ' ')}" + (
                f" ({m.team(team).short or m.team(team).name})" if team else "")
        status = state.status.replace("_", " ")
        period = f", period {state.period}" if state.period is not None else ""
        self.status.setText(f"{status}{period}   ·   {counts} on the field{restart}   ·   "
                            f"Laws {state.match.edition}")
        self.substitutes.setText(substitutes_text(state))
        kickers = kickers_text(state)
        self.kickers.setText(kickers)
        self.kickers.setVisible(bool(kickers))
        for side in SIDES:
            self._fill(self.lists[side], state, side)

    def _fill(self, table: QTableWidget, state: MatchState, side: Side) -> None:
        team = state.match.team(side)
        people = [Person(side, player=p.number) for p in team.players]
        people += [Person(side, staff=s.name) for s in team.staff]
        table.setRowCount(len(people))
        for row, person in enumerate(people):
            where, cards = person_marks(state, person)
            number = "" if person.staff is not None else str(person.player)
            name = person.staff if person.staff is not None else state.name_of(person)
            mark = where if person.staff is None else ("sent off" if "R" in cards else "")
            items = [QTableWidgetItem(number), QTableWidgetItem(name), QTableWidgetItem(mark)]
            items[2].setData(Qt.ItemDataRole.UserRole, cards)
            if cards:
                items[2].setIcon(card_icon(cards))
                items[2].setToolTip(", ".join(CARD_NAMES[c] for c in cards) + " card")
            dim = where in ("bench", "substituted", "sent off")
            for item in items:
                if dim:
                    item.setForeground(table.palette().placeholderText())
            if where == "sent off":
                items[2].setForeground(RED)
            elif cards:
                items[2].setForeground(YELLOW)
            for col, item in enumerate(items):
                table.setItem(row, col, item)
        table.resizeColumnsToContents()
