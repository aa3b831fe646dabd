"""Long work (cutting a pack) on a worker thread, with a progress dialog that can cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from reviewtool.training.cut import Cancelled

Job = Callable[[Callable[[int, int], None], threading.Event], Any]


class Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(object, str)  # result, error ("" when it worked; "cancelled")

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.cancelled = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="training worker", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            result = self.job(lambda done, total: self.progressed.emit(done, total),
                              self.cancelled)
        except Cancelled:
            self.finished.emit(None, "cancelled")
            return
        except Exception as e:  # reported to the user, never raised into Qt
            self.finished.emit(None, str(e))
            return
        self.finished.emit(result, "")


def run_with_progress(parent: QWidget, label: str, job: Job,
                      done: Callable[[Any, str], None]) -> Worker:
    dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    worker = Worker(job, parent)

    def progressed(n: int, total: int) -> None:
        dialog.setMaximum(max(1, total))
        dialog.setValue(min(n, total))

    def finished(result: Any, error: str) -> None:
        dialog.reset()
        done(result, error)

    worker.progressed.connect(progressed)
    worker.finished.connect(finished)
    dialog.canceled.connect(worker.cancelled.set)
    worker.start()
    return worker
