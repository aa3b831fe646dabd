"""Playback goes on across a change of the main angle (a switch, or the main angle removed).

The window's player opens the new main angle's clip at the shared instant, which stops it;
a VAR who switches angles while playing expects the playing to go on, from that instant.
"""

from __future__ import annotations

from typing import Any


def play_on_when_opened(player: Any) -> None:
    """Once the player's next clip shows its first picture (the frame at the shared instant),
    play it from there (not at all if it cannot open or show it). Playing at ``opened``,
    before that picture, played the clip from its first frame: nothing of it was shown yet."""
    connected: list[tuple[Any, Any]] = []

    def done(*_args: object) -> None:
        for signal, slot in connected:
            signal.disconnect(slot)
        connected.clear()

    def opened() -> None:
        done()
        connected.extend([(player.frame_shown, play), (player.frame_failed, done)])
        player.frame_shown.connect(play)
        player.frame_failed.connect(done)  # (no picture: no playing either)

    def play(result: Any) -> None:
        if not result.exact:
            return  # a nearby picture while scrubbing: the player is not there yet
        done()
        player.play()

    connected += [(player.opened, lambda _opening: opened()), (player.open_failed, done)]
    for signal, slot in connected:
        signal.connect(slot)
