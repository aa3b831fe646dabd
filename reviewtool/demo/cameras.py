"""The demo's cameras: where each stands, what it follows, and its own clock.

Real angles of one incident never start together and their clocks disagree: each rig's clip
time maps to scene time as ``t_scene = offset + rate * t_clip`` (the same shape as a review's
time map, ``reviewtool.video.timemap.TimeMap``), and each frame is drawn at the scene time its
clock implies. The broadcast camera is the reference: offset 0, rate 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewtool.demo import scene
from reviewtool.demo.draw import HEIGHT, WIDTH, Camera


@dataclass(frozen=True)
class FollowBall:
    """Aim at the ball's ground point, kept inside a box (a camera operator's framing).
    A class, not a closure, so a rig can be sent to a rendering process."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def __call__(self, t: float) -> tuple[float, float, float]:
        bx, by, _ = scene.ball(t)
        return float(np.clip(bx, *self.x_range)), float(np.clip(by, *self.y_range)), 0.0


@dataclass(frozen=True)
class Rig:
    """One camera: where it stands, what it looks at, its frame rate and its clock."""

    key: str  # file-name part and angle name
    title: str
    position: tuple[float, float, float]
    focal: float  # pixels at 1280 wide
    target: FollowBall
    fps: int
    offset: float = 0.0  # scene time of the clip's first frame, s
    rate: float = 1.0  # scene seconds per clip second (clock drift)
    graphics: bool = False  # the broadcaster's score and clock burned in

    def scene_time(self, frame: int) -> float:
        """The scene instant frame ``frame`` of this camera's clip shows."""
        return self.offset + self.rate * frame / self.fps

    def frame_count(self, scene_seconds: float, seconds: float | None = None) -> int:
        """Frames from ``offset`` to the end of a scene of ``scene_seconds`` (at most
        ``seconds`` of clip time, for short test renders)."""
        clip_seconds = (scene_seconds - self.offset) / self.rate
        if seconds is not None:
            clip_seconds = min(clip_seconds, seconds)
        return max(1, int(clip_seconds * self.fps + 1e-9))

    def camera(self, t: float, size: tuple[int, int] = (WIDTH, HEIGHT)) -> Camera:
        return Camera(self.target(t), self.position, self.focal, *size)


BROADCAST = Rig("broadcast", "Main camera (broadcast)", (84.0, -26.0, 15.0), 2300.0,
                FollowBall((86, 99), (26, 50)), 50, graphics=True)
REVERSE = Rig("reverse", "Reverse angle (far side)", (93.0, 95.0, 12.0), 2000.0,
              FollowBall((88, 100), (24, 46)), 50, offset=1.37, rate=1.0002)
HIGH_BEHIND = Rig("behind-goal", "High behind the goal", (126.0, 40.0, 21.0), 1300.0,
                  FollowBall((94, 97), (30, 38)), 25, offset=0.64)

TACTICAL = Rig("tactical", "High on the stand (wide)", (62.0, -36.0, 30.0), 1750.0,
               FollowBall((84, 92), (30, 40)), 25, offset=0.22)

INCIDENT_RIGS: tuple[Rig, ...] = (BROADCAST, REVERSE, HIGH_BEHIND, TACTICAL)
