"""Each angle keeps its own zoom and pan, wherever it is shown.

An angle that changes places (it became the main one, or gave that place up) is shown by
another picture widget; its zoom and pan go with it: kept when it leaves a picture, given
back with its first frame in the new one.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF

from ui.player.video_view import VideoView

State = tuple[float, QPointF, bool]


class ViewStates:
    """Zoom and pan of the angles that left a picture, until they are shown again."""

    def __init__(self) -> None:
        self._states: dict[int, State] = {}

    def keep(self, key: int | None, view: VideoView) -> None:
        if key is not None and view.has_picture:
            self._states[key] = view.view_state()

    def restore(self, key: int, view: VideoView) -> None:
        """Give ``key``'s zoom and pan back to ``view`` (once; nothing when none was kept)."""
        state = self._states.pop(key, None)
        if state is not None:
            view.set_view_state(state)

    def clear(self) -> None:
        self._states.clear()
