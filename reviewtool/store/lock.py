"""A lock beside the review file, held while a window or process has the review open.

SQLite keeps concurrent writers safe by itself; the lock is there so that an official is
warned that someone else (another window, another process) is recording into the same review.
The OS releases it when the holder dies, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import getpass
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(f: IO[str]) -> bool:
        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(f: IO[str]) -> None:
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(f: IO[str]) -> bool:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(f: IO[str]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)


class ReviewLocked(Exception):
    """The review is open elsewhere; ``holder`` says who and since when, when known."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(f"{path.name} is already open in another window or process"
                         + (f" ({holder})" if holder else ""))


def lock_path(review: Path) -> Path:
    return review.with_name(review.name + ".lock")


class ReviewLock:
    def __init__(self, review: Path) -> None:
        self.path = lock_path(review)
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        f = self.path.open("a+", encoding="utf-8")
        if not _try_lock(f):
            f.seek(0)
            holder = f.read().strip()
            f.close()
            raise ReviewLocked(self.path.with_suffix(""), holder)
        f.seek(0)
        f.truncate()
        since = datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M")
        f.write(f"{getpass.getuser()} on {socket.gethostname()}, process {os.getpid()}, "
                f"since {since}")
        f.flush()
        self._file = f

    def release(self) -> None:
        if self._file is None:
            return
        self.path.unlink(missing_ok=True)
        _unlock(self._file)
        self._file.close()
        self._file = None
