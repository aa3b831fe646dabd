"""The presenter view for the instructor's second screen, in stages per question: the match
context (what the clip cannot show: minute, score, players on the field, who is on a caution),
the clip (looping between its first and last frame, Space to pause, arrows to step), the
question, and — once the trainees have answered — the reference, the explanation and the
group's distribution of answers. Keys come from the action table: PgDown/Return go on, PgUp
goes back, F11 toggles full screen, Esc leaves.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewtool.training.context import context_lines
from reviewtool.training.grading import Grading, grade
from reviewtool.training.question import PART_NAMES, label
from reviewtool.training.quiz import Item, Quiz
from reviewtool.video.screen import Opening
from ui.player.component import Player
from ui.settings import Settings
from ui.training import charts
from ui.training.menus import build_menus

STAGES = ("context", "clip", "question", "answer")
# PgUp and PgDown move through the questions here, not ten seconds through the clip.
_NOT_HERE = ("nav.back_10s", "nav.fwd_10s")


def _big(text: str = "", size: int = 22) -> QLabel:
    lab = QLabel(text)
    font = QFont(lab.font())
    font.setPointSize(size)
    lab.setFont(font)
    lab.setWordWrap(True)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return lab


def stages(item: Item) -> tuple[str, ...]:
    """The stages of one question: the context first when the question has one."""
    return STAGES if context_lines(item.context) else STAGES[1:]


class PresenterWindow(QMainWindow):
    def __init__(self, session: Quiz, grading: Grading | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__()
        self.session = session
        self.grading = grading or grade(session, [])
        self.settings = settings or Settings()
        self.index = 0
        self.stage = 0
        self.setWindowTitle(f"Presenter — {session.title}")
        self.resize(1280, 760)
        self.clip_player = Player(parent=self, timeline=False)  # a component, as everywhere
        self.player = self.clip_player.controller
        self.view = self.clip_player.view
        self.player.opened.connect(self._on_opened)
        self.title = _big("", 18)
        self.facts = _big("", 13)  # the context in one line, under the title at every stage
        self.facts.setObjectName("facts")
        self.stack = QStackedWidget()
        self.context = _big("", 26)
        self.context.setObjectName("context")
        self.stack.addWidget(self.context)
        self.stack.addWidget(self.clip_player)
        self.question = _big("", 28)
        self.stack.addWidget(self.question)
        self.answer = QWidget()
        self.answer_layout = QGridLayout(self.answer)
        self.stack.addWidget(self.answer)
        # The player's own keys (Space, arrows, J/K/L, I/O...) as in every window, but for
        # those that move through the questions here.
        transport = {k: h for k, h in self.clip_player.transport_handlers().items()
                     if k not in _NOT_HERE}
        self.actions_by_id = build_menus(self, {
            **transport, "presenter.next": self.forward, "presenter.back": self.back,
            "presenter.full_screen": self.toggle_full_screen, "presenter.leave": self.close},
            self.settings, menus=False)
        self.hint = QLabel("   ·   ".join(
            f"{self._keys(ident)}: {what}" for ident, what in (
                ("presenter.next", "next"), ("presenter.back", "back"),
                ("play.toggle", "play/pause"), ("nav.prev_frame", "step back"),
                ("nav.next_frame", "step"), ("presenter.full_screen", "full screen"),
                ("presenter.leave", "leave"))))
        self.hint.setObjectName("hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hint)
        self.setCentralWidget(central)
        self._show()

    def _keys(self, ident: str) -> str:
        """The action's keys as the hint shows them: two for going on, else the first."""
        keys = self.actions_by_id[ident].shortcuts()[:2 if ident == "presenter.next" else 1]
        return " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    # --- moving through the session --------------------------------------------------------

    def _stages(self) -> tuple[str, ...]:
        return stages(self.session.items[self.index])

    def forward(self) -> None:
        if not self.session.items:
            return
        if self.stage < len(self._stages()) - 1:
            self.stage += 1
        elif self.index < len(self.session.items) - 1:
            self.index, self.stage = self.index + 1, 0
        self._show()

    def back(self) -> None:
        if not self.session.items:
            return
        if self.stage > 0:
            self.stage -= 1
        elif self.index > 0:
            self.index = self.index - 1
            self.stage = len(self._stages()) - 1
        self._show()

    @property
    def stage_name(self) -> str:
        return self._stages()[self.stage] if self.session.items else ""

    def _show(self) -> None:
        if not self.session.items:
            self.title.setText("This training session has no questions yet.")
            return
        item = self.session.items[self.index]
        stage = self.stage_name
        self.title.setText(f"{item.title}   ({self.index + 1} of {len(self.session.items)})")
        self.facts.setText("   ·   ".join(context_lines(item.context)))
        self.facts.setVisible(stage != "context" and bool(item.context))
        if stage == "context":
            self.player.pause()
            self.context.setText("<br>".join(html.escape(line, quote=False)
                                             for line in context_lines(item.context)))
            self.stack.setCurrentWidget(self.context)
        elif stage == "clip":
            self.player.pause()
            segment = item.segments[0]
            self._segment = segment
            self.clip_player.open(segment.path)
            self.stack.setCurrentWidget(self.clip_player)
        else:
            self.player.pause()
        if stage == "question":
            asked = "".join(f"<li>{PART_NAMES[p]}</li>" for p in item.parts)
            self.question.setText(f"Your decision:<ul>{asked}</ul>")
            self.stack.setCurrentWidget(self.question)
        elif stage == "answer":
            self._show_answer()
            self.stack.setCurrentWidget(self.answer)

    def _on_opened(self, _opening: Opening) -> None:
        seg = self._segment
        self.player.seek(seg.last)
        self.player.set_out()
        self.player.seek(seg.first)
        self.player.set_in()
        self.player.loop = True
        self.player.play()

    def _show_answer(self) -> None:
        item = self.session.items[self.index]
        while self.answer_layout.count():
            w = self.answer_layout.takeAt(0).widget()
            if w is not None:  # hidden now: deletion waits for the event loop
                w.hide()
                w.setParent(None)
                w.deleteLater()
        reference = "<br>".join(f"{PART_NAMES[p]}: <b>{label(p, item.reference.get(p))}</b>"
                                for p in item.parts)
        text = _big(f"{reference}<br><br><i>{item.explanation}</i>", 16)
        text.setObjectName("reference")
        self.answer_layout.addWidget(text, 0, 0, 1, 3)
        if self.grading.sheets:
            for k, part in enumerate(item.parts):
                chart = charts.distribution_chart(self.grading, item.id, part,
                                                  item.reference.get(part))
                self.answer_layout.addWidget(chart, 1 + k // 3, k % 3)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.player.close()
        super().closeEvent(event)
