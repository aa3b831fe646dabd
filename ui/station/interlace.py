"""View > Deinterlace and View > Step by Field in the station apply to every angle shown.

The window's chrome enables the two actions only when the main angle is interlaced. In the
station they are enabled when any angle shown is (decided after the chrome, for each clip
that opens), and stepping by field is on for the interlaced followers whenever the action is
checked, also when the main angle is progressive: each then shows its field at or before
each frame of the main angle.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction


class InterlaceActions:
    """The window's two interlace actions, enabled for the station's angles."""

    def __init__(self, station: Any, actions: dict[str, QAction]) -> None:
        self.station = station
        self.actions = [a for a in (actions.get("view.deinterlace"), actions.get("view.fields"))
                        if a is not None]
        self.fields = actions.get("view.fields")
        # connected after the chrome's own handlers: this decides last
        for pane in station.panes:
            pane.controller.opened.connect(self.update)
        station.layout_changed.connect(self.update)
        self.update()

    def by_field(self) -> bool:
        """Whether the reviewer asked to step by field (View > Step by Field)."""
        return self.fields is not None and self.fields.isEnabled() and self.fields.isChecked()

    def update(self, *_args: object) -> None:
        clips = [pane.controller.clip for pane in self.station.panes]
        interlaced = any(clip is not None and clip.is_interlaced for clip in clips)
        for action in self.actions:
            action.setEnabled(interlaced)
