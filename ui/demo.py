"""``reviewtool --demo``: render the demo clip once (with progress) and open it."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from reviewtool.demo.render import demo_clip_path, render_demo_clip
from reviewtool.video.clip import default_cache_dir
from ui.player.window import PlayerWindow


class _Renderer(QObject):
    progressed = Signal(int, int)
    finished = Signal(str, str)  # path, error

    def __init__(self, out: Path) -> None:
        super().__init__()
        self.out = out
        self.cancelled = threading.Event()

    def run(self) -> None:
        try:
            render_demo_clip(self.out, self._progress)
        except InterruptedError:
            self.finished.emit("", "")
            return
        except Exception as e:
            self.finished.emit("", f"The demo clip could not be rendered: {e}")
            return
        self.finished.emit(str(self.out), "")

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.cancelled.is_set()


def open_demo(window: PlayerWindow, cache_dir: Path | None = None) -> None:
    """Open the demo clip in ``window``, rendering it first if this machine has not yet."""
    out = demo_clip_path(cache_dir or default_cache_dir())
    if out.exists():
        window.open_path(out)
        return
    dialog = QProgressDialog("Rendering the demo clip (once)…", "Cancel", 0, 100, window)
    dialog.setWindowTitle("reviewtool demo")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    renderer = _Renderer(out)
    renderer.setParent(window)
    window.demo_renderer = renderer  # type: ignore[attr-defined]

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def finished(path: str, error: str) -> None:
        dialog.reset()
        if path:
            window.open_path(path)
        elif error:
            window.show_error("Demo", error)

    renderer.progressed.connect(progressed)
    renderer.finished.connect(finished)
    dialog.canceled.connect(renderer.cancelled.set)
    threading.Thread(target=renderer.run, name="render demo", daemon=True).start()
