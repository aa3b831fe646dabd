"""How Python objects cross from worker threads (the frame server's, the task runner's) to
the GUI thread: a mailbox. (The core's change notices reach Qt through ``ui.bridge``.)

Worker threads never pass Python objects through a queued Qt signal: with PySide6 6.12 that
crashed under load (a reference-count error while scrubbing). They append to a locked queue
and emit an argument-free wake-up signal; the GUI thread drains the queue and emits the typed
signals itself.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from reviewtool.video.errors import VideoError
from reviewtool.video.server import FrameResult
from ui.direct import DirectSignal
from ui.images import Drawn, drawn_off_gui


class Mailbox(QObject):
    """Carries Python objects from any thread to a callback on the GUI thread. Several
    senders may share one mailbox, each with its own callback (``post``'s ``to``): the
    angles of a station do, so that their answers, which come close together, reach the GUI
    thread in one wake-up."""

    _wake = Signal()

    def __init__(self, deliver: Callable[[Any], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: deque[tuple[Callable[[Any], None], object]] = deque()
        self._lock = threading.Lock()
        self._woken = False  # a wake-up is on its way: items posted meanwhile go with it
        self._deliver = deliver
        self.wake_ups = 0  # how often it woke the GUI thread (for tests and benchmarks)
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def post(self, item: object, to: Callable[[Any], None] | None = None) -> None:
        """Queue ``item`` for ``to`` (by default the mailbox's own callback); the first item
        of a batch wakes the GUI thread, the others go with it (each wake-up is a call into
        Python there, which waits for the interpreter's lock)."""
        deliver = to if to is not None else self._deliver
        assert deliver is not None, "a shared mailbox's items name their callback"
        with self._lock:
            self._items.append((deliver, item))
            wake, self._woken = not self._woken, True
            self.wake_ups += wake
        if wake:
            self._wake.emit()

    def flush(self) -> None:
        """Deliver what is waiting now, without waiting for the event loop."""
        self._drain()

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._items:
                    self._woken = False
                    return
                deliver, item = self._items.popleft()
            try:
                deliver(item)
            except BaseException:
                self._wake.emit()  # the others in a moment; this one's error goes on up
                raise


class FrameMailbox(QObject):
    """Re-emits the frame server's callbacks (on its threads) on the GUI thread, as direct
    signals (``ui.direct``: a Qt signal there cost the interpreter's lock on every frame)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.frame_ready = DirectSignal()  # FrameResult
        self.preview_ready = DirectSignal()  # FrameResult: a nearby picture while scrubbing
        self.frame_failed = DirectSignal()  # frame, message, the server it came from
        self._mailbox = Mailbox(parent=self)

    def share(self, mailbox: Mailbox) -> None:
        """Post through ``mailbox`` from now on, with other viewers' mailboxes (a station's
        angles: four wake-ups of the GUI thread for each frame became about one)."""
        old, self._mailbox = self._mailbox, mailbox
        old.flush()  # nothing posted before is lost

    def on_frame(self, result: FrameResult) -> None:
        self._mailbox.post(with_drawn(result), self._deliver)

    def on_error(self, n: int, error: VideoError, server: int = 0) -> None:
        """``server`` tells the viewer which of its frame servers failed (an error from a
        clip it has left is not about the clip on screen)."""
        self._mailbox.post((n, str(error), server), self._deliver)

    def on_preview(self, result: FrameResult) -> None:
        self._mailbox.post(("preview", with_drawn(result)), self._deliver)

    def _deliver(self, item: object) -> None:
        if isinstance(item, FrameResult):
            self.frame_ready.emit(item)
        elif item[0] == "preview":  # type: ignore[index]
            self.preview_ready.emit(item[1])  # type: ignore[index]
        else:
            n, message, server = item  # type: ignore[misc]
            self.frame_failed.emit(n, message, server)


def with_drawn(result: FrameResult) -> FrameResult:
    """The result with its painted form as a QImage, made here on the server's thread: made on
    the GUI thread, the QImage let go of the interpreter's lock there on every frame. (A
    follower's gate makes it before holding the result back: ``ui.station.following``.)"""
    if result.screen is None or isinstance(result.drawn, Drawn):
        return result
    return replace(result, drawn=drawn_off_gui(result.screen))

