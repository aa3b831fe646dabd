"""Playback goes on across a change of the main angle (a switch, or the main angle removed).

The window's player opens the new main angle's clip at the shared instant, which stops it;
a VAR who switches angles while playing expects the playing to go on.
"""

from __future__ import annotations

from typing import Any


def play_on_when_opened(player: Any) -> None:
    """Once the player's next clip is on screen, play it (not at all if it cannot open)."""

    def done(*_args: object) -> None:
        player.opened.disconnect(play)
        player.open_failed.disconnect(done)

    def play(_opening: object) -> None:
        done()
        player.play()

    player.opened.connect(play)
    player.open_failed.connect(done)
