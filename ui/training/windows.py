"""Opening the training windows from the review window (kept alive on the opener)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMainWindow

from reviewtool.training.question import TrainingError
from reviewtool.training.quiz import Quiz
from ui.training.builder import SESSION_FILTER, BuilderWindow

if TYPE_CHECKING:
    from ui.main_window import ReviewWindow as PlayerWindow  # the window that opens them


def _keep(opener: PlayerWindow, window: QMainWindow) -> QMainWindow:
    kept = opener.__dict__.setdefault("training_windows", [])
    kept.append(window)
    window.show()
    return window


def builder(opener: PlayerWindow, path: Path | None = None) -> BuilderWindow:
    window = BuilderWindow(opener.settings)
    if path is not None:
        window.open(path)
    return _keep(opener, window)  # type: ignore[return-value]


def trainee(opener: PlayerWindow, pack: Path | None = None) -> QMainWindow:
    from ui.training.trainee import TrainingWindow

    window = TrainingWindow(opener.settings)
    _keep(opener, window)
    if pack is not None:
        window.open_pack(pack)
    else:
        window.open_pack_dialog()
    return window


def grading(opener: PlayerWindow, path: Path | None = None) -> QMainWindow | None:
    from ui.training.grading_window import GradingWindow

    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(opener, "Grade answers to which training "
                                                "session?", opener.settings.last_folder(),
                                                SESSION_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
    try:
        session = Quiz.load(path)
    except TrainingError as e:
        opener.show_error("Cannot open the training session", str(e))
        return None
    return _keep(opener, GradingWindow(session, opener.settings, path))
