"""The presenter view for the instructor's second screen, in three stages per question: the
clip (looping between its first and last frame, Space to pause, arrows to step), the question,
and — once the trainees have answered — the reference, the explanation and the group's
distribution of answers. PgDown/Return go on, PgUp goes back, F11 toggles full screen.

The clip is a ``Player`` component: its keys (Space, arrows, J/K/L, I/O...) come from the
action table like every player's, with the user's shortcuts; only the presenter's own keys are
its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewtool.training.grading import Grading, grade
from reviewtool.training.question import PART_NAMES, label
from reviewtool.training.session import TrainingSession
from reviewtool.video.screen import Opening
from ui.actions import build_actions
from ui.player.component import Player
from ui.settings import Settings
from ui.training import charts

STAGES = ("clip", "question", "answer")
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


class PresenterWindow(QMainWindow):
    def __init__(self, session: TrainingSession, grading: Grading | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__()
        self.session = session
        self.grading = grading or grade(session, [])
        self.index = 0
        self.stage = 0
        self.setWindowTitle(f"Presenter — {session.title}")
        self.resize(1280, 760)
        self.clip_player = Player(parent=self, timeline=False)
        self.player = self.clip_player.controller
        self.view = self.clip_player.view
        self.player.opened.connect(self._on_opened)
        handlers = {k: h for k, h in self.clip_player.transport_handlers().items()
                    if k not in _NOT_HERE}
        self.actions_by_id = build_actions(self, handlers, settings or Settings())
        self.title = _big("", 18)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.clip_player)
        self.question = _big("", 28)
        self.stack.addWidget(self.question)
        self.answer = QWidget()
        self.answer_layout = QGridLayout(self.answer)
        self.stack.addWidget(self.answer)
        self.hint = QLabel("PgDown / Return: next   ·   PgUp: back   ·   Space: play/pause"
                           "   ·   ←/→: step   ·   F11: full screen")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hint)
        self.setCentralWidget(central)
        self._show()

    # --- moving through the session --------------------------------------------------------

    def forward(self) -> None:
        if self.stage < len(STAGES) - 1:
            self.stage += 1
        elif self.index < len(self.session.items) - 1:
            self.index, self.stage = self.index + 1, 0
        self._show()

    def back(self) -> None:
        if self.stage > 0:
            self.stage -= 1
        elif self.index > 0:
            self.index, self.stage = self.index - 1, len(STAGES) - 1
        self._show()

    def _show(self) -> None:
        if not self.session.items:
            self.title.setText("This training session has no questions yet.")
            return
        item = self.session.items[self.index]
        stage = STAGES[self.stage]
        self.title.setText(f"{item.title}   ({self.index + 1} of {len(self.session.items)})")
        if stage == "clip":
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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.forward()
        elif key == Qt.Key.Key_PageUp:
            self.back()
        elif key == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.player.close()
        super().closeEvent(event)
