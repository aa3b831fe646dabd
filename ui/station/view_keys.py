"""The view keys (F, 1, + and -) on the angle the reviewer clicked last, and the status
bar's zoom for that angle.

Each angle keeps its own zoom and pan (``views``); the keys that change them belong to the
picture that has the keys (the one clicked last, as Ctrl+Shift+Del finds it), not always to
the main angle. They follow that angle when it changes places (made the main one, say).
Without such an angle on screen (the keys are elsewhere, or its place was hidden) they act on
the main angle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
        self.show: Callable[[float | None, str], object] | None = None  # the status bar's zoom
        self._last: int | None = None  # the angle clicked last (None: the main one)
        self._placing = False  # the station is placing its angles (see ``placing``)
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

    @contextmanager
    def placing(self) -> Iterator[None]:
        """While the station places its angles: hiding a place moves the keys to another
        picture, which is not a click (taken as one, the keys left the angle clicked last on
        a layout change). After: the keys are on that angle's picture, wherever it is now,
        if they were on a picture before; and the status bar shows its zoom."""
        focused = QApplication.focusWidget()
        on_a_picture = focused is not None and self.station.isAncestorOf(focused)
        self._placing = True
        try:
            yield
        finally:
            self._placing = False
        view = self.view()
        if on_a_picture and QApplication.focusWidget() is not view:
            view.setFocus()
        self._zoomed(view, view.zoom)

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
        if now is None or self._placing or not isValid(self.station):  # (closing)
            return
        for pane in self.station.panes:
            if pane.player.view is now or pane.player.view.isAncestorOf(now):
                self._last = None if pane.angle is None else pane.angle.key
                self._zoomed(self.view(), self.view().zoom)
                return

    def _zoomed(self, view: VideoView, zoom: float) -> None:
        if self.show is not None and view is self.view():
            # (no picture: no zoom yet); another angle than the main one is named, since the
            # codec and fps beside the zoom are the main angle's
            whose = next((f"angle {p.angle.key}" for p in self.station.panes
                          if p.player.view is view and p.angle is not None
                          and view is not self.station.primary.view), "")
            self.show(zoom if view.has_picture else None, whose)
