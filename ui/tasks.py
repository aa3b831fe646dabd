"""The one way the window runs background work: a task runner.

Each task runs on its own worker thread and may be cancelled; tasks that share a ``key`` let
the newest win (starting one cancels the one before, whose result is then dropped); progress
and the result reach the GUI thread only through the mailbox (``ui.mailbox.Mailbox``), never
through a queued signal carrying Python objects. Closing the runner cancels every task and
waits for their threads, so nothing outlives the window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject

from ui.mailbox import Mailbox

Progress = Callable[[int, int], None]
Job = Callable[[Progress, threading.Event], Any]
Done = Callable[[Any, str], None]  # result, error ("" when it worked, CANCELLED)

CANCELLED = "cancelled"


class Cancelled(Exception):
    """Raised by a job that saw its cancel event; the task ends as cancelled."""


@dataclass(eq=False)
class Task:
    name: str
    key: str | None
    done: Done
    progress: Progress | None
    discard: Callable[[Any], None] | None = None  # frees a result nobody will get
    cancel_event: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    finished: bool = False
    dropped: bool = False  # the runner shut down: nothing is delivered

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mailbox = Mailbox(self._deliver, self)
        self._tasks: list[Task] = []
        self._newest: dict[str, Task] = {}

    def run(self, name: str, job: Job, done: Done, *, key: str | None = None,
            progress: Progress | None = None,
            discard: Callable[[Any], None] | None = None) -> Task:
        """Start ``job(progress, cancel_event)`` on a worker thread; ``done(result, error)``
        follows on the GUI thread. A task a newer one with its key replaced gets no ``done``:
        its result, if any, goes to ``discard`` (to close a file, say)."""
        task = Task(name, key, done, progress, discard)
        if key is not None:
            older = self._newest.get(key)
            if older is not None:
                older.cancel()
            self._newest[key] = task
        self._tasks.append(task)
        task.thread = threading.Thread(target=self._work, args=(task, job), name=name,
                                       daemon=True)
        task.thread.start()
        return task

    def _work(self, task: Task, job: Job) -> None:
        def report(done: int, total: int) -> None:
            if task.progress is not None and not task.cancelled:
                self._mailbox.post(("progress", task, (done, total)))

        try:
            result, error = job(report, task.cancel_event), ""
        except Cancelled:
            result, error = None, CANCELLED
        except Exception as e:  # reported to the user, never raised into Qt
            result, error = None, str(e) or type(e).__name__
        if task.cancelled and not error:
            error = CANCELLED
        self._mailbox.post(("done", task, (result, error)))

    def _deliver(self, item: object) -> None:
        kind, task, payload = item  # type: ignore[misc]
        if kind == "progress":
            if not task.finished and not task.dropped and task.progress is not None:
                task.progress(*payload)
            return
        task.finished = True
        if task in self._tasks:
            self._tasks.remove(task)
        superseded = task.key is not None and self._newest.get(task.key) is not task
        if task.key is not None and not superseded:
            del self._newest[task.key]
        if task.dropped or superseded:
            result = payload[0]
            if result is not None and task.discard is not None:
                task.discard(result)
            return
        task.done(*payload)

    def cancel(self, key: str) -> None:
        """Cancel the task running under ``key``: it gets no ``done``, its result is
        discarded."""
        task = self._newest.pop(key, None)
        if task is not None:
            task.cancel()

    @property
    def running(self) -> list[Task]:
        return [t for t in self._tasks if not t.finished]

    def shutdown(self, timeout: float = 5.0) -> None:
        """Cancel every task and wait for its thread; no result is delivered after this."""
        tasks, self._tasks = list(self._tasks), []
        for task in tasks:
            task.cancel()
            task.dropped = True
        for task in tasks:
            if task.thread is not None:
                task.thread.join(timeout)
        self._newest.clear()
        self._mailbox.flush()  # results that came meanwhile are discarded now
