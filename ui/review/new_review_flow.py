"""File > New Review: the match dialog (typed, or imported from a match log), then where to
save the review; the window creates it (``create_review``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from reviewtool.store.matchlog import MatchLog
from ui.dialogs.new_review import NewReviewDialog
from ui.review.commands import REVIEW_FILTER

if TYPE_CHECKING:
    from ui.main_window import ReviewWindow


def new_review(window: ReviewWindow) -> None:
    """Ask for the match (without blocking the window), then for the file to save it in."""
    dialog = NewReviewDialog(window)
    dialog.import_button.clicked.connect(lambda: _import_into(window, dialog))
    window.commands._open_dialog(dialog, lambda: _create_from(window, dialog.log))


def _import_into(window: ReviewWindow, dialog: NewReviewDialog) -> None:
    found = window.commands.import_log_path()
    if found is not None:
        dialog.log = found[1]  # type: ignore[assignment]
        dialog.accept()


def _create_from(window: ReviewWindow, log: MatchLog | None) -> None:
    if log is None:
        return
    path, _ = QFileDialog.getSaveFileName(window, "Save the new review as",
                                          window.settings.last_folder(), REVIEW_FILTER)
    if path:
        window.create_review(Path(path).with_suffix(".review"), log)
