"""What is on screen: the one place that says which clip a viewer shows, Qt-free.

Opening a clip takes time (probing, the first frame, an index that may take seconds), and a
reviewer switches clips faster than that. So every open is a numbered request, and only the
newest may land: an older one that finishes later is refused and its clip closed. Until a
clip lands, what is on screen stays what it was (which review clip, where the playhead is);
nothing is set ahead of time and patched afterwards. A window displays this model and asks it;
it does not keep its own copy.

Request ids come from the same counter as the frame requests of the viewer's frame servers
(``reviewtool.video.server``), so an answer from a clip the viewer has left is always older
than any request made since.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Opening:
    """One request to show a clip, and what to do once it is shown."""

    request: int
    path: Path
    clip_id: int | None = None  # the review's clip, if it is one of the review's clips
    frame: int | None = None  # where to go once it is open (else frame 0)
    add_to_review: bool = False  # a new clip for the review: add it once its facts are known
    sync: tuple[int, float] | None = None  # with add_to_review: (period, elapsed) of frame 0


@dataclass(frozen=True)
class Shown:
    """The clip on screen."""

    request: int
    path: Path
    clip_id: int | None  # None: a clip that is not (or not yet) one of the review's clips
    add_to_review: bool = False
    sync: tuple[int, float] | None = None


class Screen:
    """The clip on screen and the newest open in flight. Safe to call from any thread."""

    def __init__(self, request_ids: Iterator[int] | None = None) -> None:
        self.request_ids: Iterator[int] = (request_ids if request_ids is not None
                                           else itertools.count(1))
        self._lock = threading.Lock()
        self._shown: Shown | None = None
        self._opening: Opening | None = None

    @property
    def shown(self) -> Shown | None:
        return self._shown

    @property
    def opening(self) -> Opening | None:
        """The newest open not yet answered, or None."""
        return self._opening

    @property
    def clip_id(self) -> int | None:
        """The review's clip on screen (None: no clip, or one not in the review)."""
        shown = self._shown
        return None if shown is None else shown.clip_id

    def begin(self, path: str | Path, *, clip_id: int | None = None, frame: int | None = None,
              add_to_review: bool = False,
              sync: tuple[int, float] | None = None) -> Opening:
        """A new open request: it supersedes any open still in flight."""
        with self._lock:
            opening = Opening(next(self.request_ids), Path(path), clip_id, frame, add_to_review,
                              sync)
            self._opening = opening
            return opening

    def land(self, request: int) -> Opening | None:
        """The clip of ``request`` has opened: it goes on screen if it is the newest request
        (returned), else it is refused (None) and the caller closes it."""
        with self._lock:
            opening = self._opening
            if opening is None or opening.request != request:
                return None
            self._opening = None
            self._shown = Shown(request, opening.path, opening.clip_id, opening.add_to_review,
                                opening.sync)
            return opening

    def fail(self, request: int) -> Opening | None:
        """The open of ``request`` failed: what was on screen stays. Returns the opening if
        it was the newest (its failure is worth reporting), else None."""
        with self._lock:
            opening = self._opening
            if opening is None or opening.request != request:
                return None
            self._opening = None
            return opening

    def identify(self, request: int, clip_id: int) -> bool:
        """The clip on screen (opened by ``request``) is now the review's clip ``clip_id``
        (it was just added). False if another clip is on screen by now."""
        with self._lock:
            shown = self._shown
            if shown is None or shown.request != request:
                return False
            self._shown = replace(shown, clip_id=clip_id, add_to_review=False, sync=None)
            return True

    def detach(self) -> None:
        """The clip on screen stays but belongs to no review any more (another review was
        opened, whose clip ids mean other clips)."""
        with self._lock:
            if self._shown is not None:
                self._shown = replace(self._shown, clip_id=None, add_to_review=False,
                                      sync=None)

    def clear(self) -> None:
        """Nothing on screen (the viewer closed its clip); an open in flight is dropped."""
        with self._lock:
            self._shown = None
            self._opening = None
