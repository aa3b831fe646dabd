"""The saved offside lines of the other angles of the station: each place shows its own
angle's measurement (lines, band and verdict) at the measurement's kick frame, for the
selected incident, as the main view does. Shown here, not measured: the lines desk measures
on the main angle only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from reviewtool.review.recorder import Change, Topic
from reviewtool.video.server import FrameResult
from ui.lines.overlay import LinesOverlay, Scene
from ui.lines.scene import measurement_scene


def saved_scene(session: Any, incident: str | None, clip: int | None,
                frame: int | None) -> Scene:
    """The newest measurement of ``incident`` on angle ``clip`` made at ``frame``; an empty
    scene anywhere else (lines away from their frame would look precise and not be)."""
    if session is None or incident is None or clip is None or frame is None:
        return Scene()
    shown = [m for m in session.measurements(incident) if m.clip == clip and m.frame == frame]
    return measurement_scene(shown[-1].measurement) if shown else Scene()


class PaneLines(QObject):
    """A lines overlay on one place of the station, following its angle and its frame."""

    def __init__(self, review: Any, pane: Any) -> None:
        super().__init__(pane)
        self.review = review
        self.pane = pane
        self.frame: int | None = None  # the exact frame on screen there, if any
        self.overlay = LinesOverlay(lambda _point: False)  # clicks go to the pane
        pane.controller.frame_shown.connect(self._on_frame)
        review.changed.connect(self._on_change)
        review.selection_changed.connect(self.refresh)
        review.opened.connect(self.refresh)
        pane.player.view.overlays.append(self.overlay)

    @property
    def clip(self) -> int | None:
        angle = self.pane.angle
        return None if angle is None else int(angle.key)

    def _on_frame(self, result: FrameResult) -> None:
        self.frame = result.index if result.exact else None
        self.refresh()

    def _on_change(self, change: Change) -> None:
        if change.concerns(Topic.LINES, Topic.INCIDENTS, Topic.LOG, Topic.CLIPS):
            self.refresh()

    def refresh(self, *_args: object) -> None:
        scene = saved_scene(self.review.session, self.review.selected, self.clip, self.frame)
        if scene != self.overlay.scene:
            self.overlay.scene = scene
            self.pane.player.view.refresh()


def attach_panes(review: Any, station: Any) -> list[PaneLines]:
    """One ``PaneLines`` on every place of ``station`` but the main one (the desk's)."""
    return [PaneLines(review, pane) for pane in (station.panes[1:] if station else [])]
