"""The player as a component: a widget (picture and timeline) and its controller, as a pair.

A window composes a player instead of inheriting one: the review window, the training windows
and the presenter each hold one, and the multi-angle station will hold one per angle. The
component wires its own widgets to its controller and offers the transport's commands for the
window's action table (``transport_handlers``), so no window re-wires a player or hand-codes
its keys.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QVBoxLayout, QWidget

from reviewtool.video.screen import Opening
from reviewtool.video.server import FrameResult
from ui.player.controller import PlayerController
from ui.player.timeline import Timeline
from ui.player.video_view import WHEEL_STEP, VideoView


class Player(QWidget):
    """The picture and the timeline of one clip, driven by ``controller``."""

    def __init__(self, controller: PlayerController | None = None,
                 parent: QWidget | None = None, *, timeline: bool = True) -> None:
        super().__init__(parent)
        self.controller = controller or PlayerController(self)
        self.view = VideoView()
        view = self.view
        self.controller.paint_size = lambda: view.paint_size
        self.timeline = Timeline()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.timeline)
        self.timeline.setVisible(timeline)
        c = self.controller
        c.frame_shown.connect(self._on_frame)
        c.opened.connect(self._on_opened)
        c.open_failed.connect(self._on_open_failed)
        c.range_changed.connect(self.timeline.set_range)
        c.index_grew.connect(lambda frames, _done: self.timeline.set_frame_count(frames))
        self.timeline.scrubbed.connect(c.preview)
        self.timeline.released.connect(c.seek)
        self.view.whole_wanted.connect(self._draw_whole)

    def open(self, path: str | Path, **request: object) -> Opening:
        """Open ``path`` (see ``PlayerController.open`` for ``request``); the picture on
        screen stays until the clip has opened (an empty view says it is coming)."""
        if not self.view.has_picture:
            self.view.clear(f"Opening {Path(path).name}…")
        return self.controller.open(path, **request)  # type: ignore[arg-type]

    def _on_open_failed(self, _path: str, _message: str) -> None:
        if self.controller.clip is None:
            self.view.clear("")  # nothing was on screen but "Opening…"

    def _on_opened(self, _opening: Opening) -> None:
        self.timeline.set_clip(self.controller.frame_count)

    def _draw_whole(self) -> None:
        """The view grew beyond a picture kept reduced, or a magnifier reads its pixels: the
        same frame again, decoded whole on the frame server's thread (a newer request, or
        playback, brings whole frames anyway)."""
        self.controller.redraw_whole()

    def _on_frame(self, result: FrameResult) -> None:
        self.view.show_result(result)
        self.timeline.set_position(result.index)

    def zoom_by(self, factor: float) -> None:
        center = self.view.rect().center().toPointF()
        self.view.set_zoom(self.view.zoom * factor, center)

    def transport_handlers(self) -> dict[str, Callable[[], object]]:
        """The player's commands by action id (``ui.actions``), for the window's table."""
        p = self.controller
        return {
            "play.toggle": p.toggle_play, "play.reverse": p.reverse, "play.stop": p.stop,
            "play.faster": p.faster, "play.slower": p.slower,
            "play.speed_normal": lambda: p.set_speed(1.0),
            "nav.prev_frame": lambda: p.step(-1), "nav.next_frame": lambda: p.step(1),
            "nav.back_1s": lambda: p.step_seconds(-1), "nav.fwd_1s": lambda: p.step_seconds(1),
            "nav.back_10s": lambda: p.step_seconds(-10),
            "nav.fwd_10s": lambda: p.step_seconds(10),
            "nav.home": p.go_home, "nav.end": p.go_end,
            "range.in": p.set_in, "range.out": p.set_out, "range.clear": p.clear_range,
            "view.fit": self.view.fit, "view.actual": self.view.actual_size,
            "view.zoom_in": lambda: self.zoom_by(WHEEL_STEP),
            "view.zoom_out": lambda: self.zoom_by(1 / WHEEL_STEP),
        }
