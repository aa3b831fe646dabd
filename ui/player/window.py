"""The player window: composition only. A ``Player`` (picture, timeline and controller) in
the middle and a ``PlayerChrome`` (menus, transport toolbar, status bar) around it; the
controller decides, widgets show and forward. Other windows compose the same two parts."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from ui.player.chrome import VIDEO_FILTER, ChromeWindow, PlayerChrome, parse_position, timecode
from ui.player.component import Player
from ui.player.controller import PlayerController
from ui.settings import Settings

__all__ = ["VIDEO_FILTER", "PlayerWindow", "parse_position", "player_for", "timecode"]


def player_for(settings: Settings, parent: QMainWindow) -> Player:
    """A player with the user's frame cache and deinterlacing."""
    return Player(PlayerController(
        parent, cache_bytes=int(str(settings.value("video/cache_mb", 768))) << 20,
        deinterlace=str(settings.value("video/deinterlace", "linear"))), parent)


class PlayerWindow(ChromeWindow, QMainWindow):
    """One clip, full window: File > Open Clip, the transport, nothing else."""

    def __init__(self, settings: Settings | None = None,
                 controller: PlayerController | None = None) -> None:
        super().__init__()
        self.setWindowTitle("reviewtool")
        self.settings = settings or Settings()
        self.player_widget = (Player(controller, self) if controller is not None
                              else player_for(self.settings, self))
        self.player = self.player_widget.controller
        self.view = self.player_widget.view
        self.timeline = self.player_widget.timeline
        self.setCentralWidget(self.player_widget)
        self.tasks = self.player.tasks  # the window's one runner for background work
        self.chrome = PlayerChrome(self, self.player_widget, self.settings)
        self.actions_by_id = self.chrome.actions_by_id
