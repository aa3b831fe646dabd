"""The playback clock: which frame is due now, following the wall clock.

At or below 1x every frame is shown, each at its own time (VFR included); a frame that comes
late is shown at once and the schedule stays anchored to the wall clock, so lateness never
accumulates into drift. Above 1x the frame due now is shown and the ones in between are
dropped, never queued.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SPEEDS = (0.125, 0.25, 0.5, 1.0, 1.5, 2.0)
MIN_SPEED, MAX_SPEED = SPEEDS[0], SPEEDS[-1]


@dataclass
class PlaybackClock:
    """Maps wall-clock time to frames; pure arithmetic, driven by whoever shows frames."""

    seconds_of: Callable[[int], float]  # frame -> media time
    frame_at: Callable[[float], int]  # media time -> frame on screen
    frame_count: int
    speed: float = 1.0
    _anchor_wall: float = 0.0
    _anchor_media: float = 0.0
    running: bool = False

    def start(self, frame: int, now: float, speed: float | None = None) -> None:
        if speed is not None:
            self.set_speed(speed, now)
        self._anchor_wall = now
        self._anchor_media = self.seconds_of(frame)
        self.running = True

    def stop(self) -> None:
        self.running = False

    def set_speed(self, speed: float, now: float) -> None:
        """Change speed without a jump: re-anchor at the current media time."""
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise ValueError(f"speed must be between {MIN_SPEED}x and {MAX_SPEED}x")
        if self.running:
            self._anchor_media = self.media_time(now)
            self._anchor_wall = now
        self.speed = speed

    def media_time(self, now: float) -> float:
        return self._anchor_media + (now - self._anchor_wall) * self.speed

    def wall_time_of(self, frame: int) -> float:
        """When ``frame`` is due on the wall clock."""
        return self._anchor_wall + (self.seconds_of(frame) - self._anchor_media) / self.speed

    def next_frame(self, shown: int, now: float) -> int | None:
        """The frame to show after ``shown`` (None at the end of the clip)."""
        if shown >= self.frame_count - 1:
            return None
        if self.speed <= 1.0:
            return shown + 1
        return max(shown + 1, min(self.frame_at(self.media_time(now)), self.frame_count - 1))


def step_speed(speed: float, direction: int) -> float:
    """The next speed up (+1) or down (-1) in the J/K/L ladder."""
    if direction > 0:
        return next((s for s in SPEEDS if s > speed + 1e-9), MAX_SPEED)
    return next((s for s in reversed(SPEEDS) if s < speed - 1e-9), MIN_SPEED)
