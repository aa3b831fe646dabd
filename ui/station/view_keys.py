"""The view keys (F, 1, + and -) on the angle the reviewer clicked last, and the status
bar's zoom for that angle.

Each angle keeps its own zoom and pan (``views``); the keys that change them belong to the
picture that has the keys (the one clicked last, as Ctrl+Shift+Del finds it), not always to
the main angle. They follow that angle when it changes places (made the main one, say).
Without such an angle on screen (the keys are elsewhere, or its place was hidden) they act on
the main angle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from ui.player.video_view import WHEEL_STEP, VideoView

if TYPE_CHECKING:
    from ui.player.chrome import PlayerChrome
    from ui.station.station import Station


class ViewKeys(QObject):
    """Which angle's picture the view keys act on; keeps the status bar on its zoom."""

    def __init__(self, station: Station) -> None:
        super().__init__(station)  # (a child: its connection ends with the station)
        self.station = station
        self.show: Callable[[float | None], object] | None = None  # the status bar's zoom
        self._last: int | None = None  # the angle clicked last (None: the main one)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        for pane in station.panes:
            view = pane.player.view
            view.zoom_changed.connect(lambda z, v=view: self._zoomed(v, z))

    def show_zoom_in(self, chrome: PlayerChrome) -> None:
        """The window's status bar shows the zoom of the picture the keys act on (not
        always the main angle's)."""
        chrome.view.zoom_changed.disconnect(chrome.show_zoom)
        self.show = chrome.show_zoom
        self._zoomed(self.view(), self.view().zoom)

    def view(self) -> VideoView:
        """The picture the view keys act on: that of the angle clicked last, wherever it is
        shown now, else the main angle's."""
        for pane in self.station.panes:
            angle = pane.angle
            if angle is not None and angle.key == self._last and pane.isVisible():
                return pane.player.view
        return self.station.primary.view

    def places_changed(self) -> None:
        """The angles moved: the status bar shows the zoom of the one the keys act on."""
        self._zoomed(self.view(), self.view().zoom)

    def handlers(self) -> dict[str, Callable[[], object]]:
        """F, 1, + and -, for the window's action table (they replace the main player's)."""
        return {
            "view.fit": lambda: self.view().fit(),
            "view.actual": lambda: self.view().actual_size(),
            "view.zoom_in": lambda: self._zoom_by(WHEEL_STEP),
            "view.zoom_out": lambda: self._zoom_by(1 / WHEEL_STEP),
        }

    def _zoom_by(self, factor: float) -> None:
        view = self.view()
        view.set_zoom(view.zoom * factor, view.rect().center().toPointF())

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is None or not isValid(self.station):  # (the window is closing)
            return
        for pane in self.station.panes:
            if pane.player.view is now or pane.player.view.isAncestorOf(now):
                self._last = None if pane.angle is None else pane.angle.key
                self._zoomed(self.view(), self.view().zoom)
                return

    def _zoomed(self, view: VideoView, zoom: float) -> None:
        if self.show is not None and view is self.view():
            self.show(zoom if view.has_picture else None)  # (no picture: no zoom yet)
