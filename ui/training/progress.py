"""Long training work (cutting a pack) on the window's task runner, with a progress dialog
that can cancel: the one way the application runs background work (``ui.tasks``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from reviewtool.training.cut import Cancelled as CutCancelled
from ui.tasks import Cancelled, Job, Task, TaskRunner


def run_with_progress(runner: TaskRunner, parent: QWidget, label: str, job: Job,
                      done: Callable[[Any, str], None]) -> Task:
    """Run ``job`` on ``runner``; ``done(result, error)`` follows on the GUI thread, with
    error "cancelled" when the user pressed Cancel."""
    dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def progressed(n: int, total: int) -> None:
        dialog.setMaximum(max(1, total))
        dialog.setValue(min(n, total))

    def finished(result: Any, error: str) -> None:
        dialog.reset()
        dialog.deleteLater()
        done(result, error)

    def work(progress: Callable[[int, int], None], cancelled: threading.Event) -> Any:
        try:
            return job(progress, cancelled)
        except CutCancelled as e:  # the core's word for it: the runner's, so it ends cancelled
            raise Cancelled(str(e)) from e

    task = runner.run(label, work, finished, progress=progressed)
    dialog.canceled.connect(task.cancel)
    return task
