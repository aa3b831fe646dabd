"""The one glue between core callbacks (on worker threads) and Qt signals (on the GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reviewtool.video.errors import VideoError
from reviewtool.video.server import FrameResult


class FrameBridge(QObject):
    """Re-emits the frame server's callbacks as signals; Qt queues them to the GUI thread."""

    frame_ready = Signal(object)  # FrameResult
    frame_failed = Signal(int, str)

    def on_frame(self, result: FrameResult) -> None:
        self.frame_ready.emit(result)

    def on_error(self, n: int, error: VideoError) -> None:
        self.frame_failed.emit(n, str(error))
