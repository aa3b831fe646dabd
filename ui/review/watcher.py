"""What other windows or processes record reaches this window by a file-system notice.

Every commit to a review file writes its write-ahead log (``<file>-wal``, SQLite's WAL
mode), so a QFileSystemWatcher on it (and on the file and its folder, where the WAL appears
and disappears) hears every entry appended elsewhere, without polling. On a notice the
session folds the new entries in, reading only (``ReviewSession.refresh``: one indexed query
when nothing is new, so our own commits, which notify too, cost next to nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject


class ReviewWatcher(QObject):
    def __init__(self, path: Path, on_notice: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.wal = path.with_name(path.name + "-wal")
        self._on_notice = on_notice
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._watch()

    def _watch(self) -> None:
        """(Re)watch what exists: a file replaced or a WAL deleted drops out of the watch."""
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        wanted = [str(p) for p in (self.path, self.wal, self.path.parent) if p.exists()]
        missing = [p for p in wanted if p not in watched]
        if missing:
            self._watcher.addPaths(missing)

    def _changed(self, _path: str) -> None:
        self._watch()
        self._on_notice()

    def stop(self) -> None:
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
