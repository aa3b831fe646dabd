"""The Qt side of a review session: which review is open, refusals as messages.

The session (core) decides and records; this object opens and closes it, runs the window's
operations on it and turns refusals into ``refused`` so that the window shows them without
crashing. Its change notices reach Qt through the one bridge (``ChangeBridge``) as
``changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from reviewtool.review.matchtime import MatchTime, match_time
from reviewtool.review.recorder import ALL_TOPICS
from reviewtool.review.session import Change, ReviewError, ReviewSession
from reviewtool.store.chain import Author
from reviewtool.store.lock import ReviewLocked
from reviewtool.store.matchlog import MatchLog
from reviewtool.store.reviewfile import ReviewFileError
from reviewtool.video.screen import Screen
from ui.bridge import ChangeBridge

T = TypeVar("T")


class ReviewController(QObject):
    changed = Signal(object)  # a Change: its topics say which panels to refresh
    selection_changed = Signal()  # the window selected another incident (``selected``)
    opened = Signal()
    refused = Signal(str)  # a message naming what was refused and why

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ReviewSession | None = None
        self.screen: Screen | None = None  # what the player shows (set by the window)
        self.selected: str | None = None  # the selected incident
        self.bridge = ChangeBridge(self.refused.emit, self)
        self.bridge.changed.connect(self.changed)

    # --- opening ---------------------------------------------------------------------------

    def open(self, path: str | Path, author: Author | None = None, *,
             ignore_lock: bool = False) -> None:
        """Raises ReviewFileError, ReviewLocked or ReviewError for the window to explain."""
        session = ReviewSession.open(path, author, lock=not ignore_lock)
        self._adopt(session)

    def create(self, path: str | Path, log: MatchLog, author: Author) -> None:
        self._adopt(ReviewSession.create(path, log, author))

    def _adopt(self, session: ReviewSession) -> None:
        self.close()
        self.session = session
        self.bridge.attach(session)
        if self.screen is not None:
            self.screen.detach()  # the clip on screen is none of this review's clips
        self.selected = None
        self.opened.emit()
        self.changed.emit(Change(ALL_TOPICS))

    @property
    def clip_id(self) -> int | None:
        """The review's clip on screen, as the screen model says (None while none is)."""
        return None if self.screen is None else self.screen.clip_id

    def recognise(self, request: int, fingerprint: str) -> bool:
        """The clip just opened by ``request`` (File > Open Clip) is one of the review's
        clips if its content is: then its match clock, incidents and commands apply. Any
        other clip is none of the review's and shows no match clock."""
        shown = None if self.screen is None else self.screen.shown
        if self.session is None or self.screen is None or shown is None \
                or shown.request != request or shown.clip_id is not None \
                or shown.add_to_review:
            return False
        known = next((c for c in self.session.clips() if c.fingerprint == fingerprint), None)
        return known is not None and self.screen.identify(request, known.id)

    def close(self) -> None:
        self.bridge.detach()
        if self.session is not None:
            self.session.close()
            self.session = None

    def select(self, incident_id: str) -> None:
        """Make ``incident_id`` the selected incident and tell the panels that show it."""
        self.selected = incident_id
        self.selection_changed.emit()

    # --- doing -----------------------------------------------------------------------------

    def do(self, operation: Callable[[ReviewSession], T],
           on_refused: Callable[[str], None] | None = None) -> T | None:
        """Run one session operation; a refusal is reported (to ``on_refused`` if given,
        else as ``refused``), never raised into Qt."""
        report = on_refused or self.refused.emit
        if self.session is None:
            report("Open or create a review first (File > New Review).")
            return None
        try:
            return operation(self.session)
        except (ReviewError, ValueError) as e:
            report(str(e))
        return None

    def time_at(self, frame: int, timestamp: Callable[[int], float] | None) -> MatchTime | None:
        if self.session is None or self.clip_id is None or timestamp is None:
            return None
        return match_time(frame, self.session.record.syncs_of(self.clip_id), timestamp)

    @property
    def author(self) -> Author | None:
        return self.session.author if self.session else None

    def set_author(self, author: Author) -> None:
        if self.session is not None:
            self.session.author = author


OPEN_ERRORS: tuple[type[Exception], ...] = (ReviewFileError, ReviewLocked, ReviewError, OSError)
