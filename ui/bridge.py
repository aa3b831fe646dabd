"""The one glue between the core's change notices and Qt: one ``changed`` signal.

A review session (core, Qt-free) tells its listeners what each operation changed (a
``Change`` with typed topics). This bridge subscribes to it and re-emits each notice as one
Qt signal. It also hears what other windows or processes record: a file-system notice on the
review's write-ahead log (``ReviewWatcher``) makes the session fold their entries in, reading
only, and the session notifies that like any other change. Panels connect to ``changed`` and
refresh only what the change concerns.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from reviewtool.review.recorder import Change, ReviewError
from reviewtool.review.session import ReviewSession
from ui.review.watcher import ReviewWatcher


class ChangeBridge(QObject):
    changed = Signal(object)  # a Change: its topics say which panels to refresh

    def __init__(self, report: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report = report  # a refusal while folding in others' entries, as a message
        self._session: ReviewSession | None = None
        self.watcher: ReviewWatcher | None = None
        self._problem = ""  # the last problem reported: one write brings several notices

    def attach(self, session: ReviewSession) -> None:
        """Carry ``session``'s notices (and those of the file it records into)."""
        self.detach()
        self._session = session
        self._problem = ""
        session.subscribe(self._on_change)
        self.watcher = ReviewWatcher(session.file.path, self._recorded_elsewhere, self)

    def detach(self) -> None:
        """Stop listening (the session is being closed): no notice arrives after this."""
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.deleteLater()
            self.watcher = None
        self._session = None

    def _on_change(self, change: Change) -> None:
        if self._session is not None:
            self.changed.emit(change)

    def _recorded_elsewhere(self) -> None:
        if self._session is None:
            return
        try:
            self._session.refresh()  # notifies ``changed`` when anything came
        except ReviewError as e:
            if str(e) != self._problem:
                self._problem = str(e)
                self._report(self._problem)
            return
        self._problem = ""
