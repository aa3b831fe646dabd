"""The demo's two offside moments: short scenes whose truth is known to the centimetre.

The demo incident is not an offside, so two earlier Atalanta attacks are added, each seen by a
static offside camera high in the main stand, level with the penalty area's line:
- ``offside-12cm``: the attacker is 12 cm beyond the second-last defender when the ball is
  played, and the two close on each other slowly (3 cm a frame): clearly offside at 50 fps;
- ``offside-too-close``: offside by 4 cm at the kick, but the attacker sprints and the defender
  steps up (20 cm a frame between them): inside one frame's movement, too close to call.
Players run at constant velocity, the ball is played between two frames (``kick_t``), and the
feet that matter (the front foot, ``FOOT_OFFSET`` ahead of a figure's point) are drawn where the
truth says, so clicks on the picture can be checked against ``OffsideTruth``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from reviewtool.demo.draw import FOOT_OFFSET, Camera
from reviewtool.geometry.pitch import Pitch

FPS = 50
SECONDS = 2.4  # each moment's clip: the build-up, the pass, the run
ATTACK = "right"  # Atalanta attack Dortmund's goal at x = 105, as in the incident
SIZE = (1920, 1080)  # an offside camera is at least HD: at 720p a 12 cm margin is a coin toss
LINE_X = 92.6  # the second-last defender's point at the kick, along the pitch
DUO_Y = 20.0  # where the defender and the attacker are across the pitch
CAMERA_POSITION = (LINE_X, -18.0, 12.0)  # first tier, level with the defenders' line
CAMERA_TARGET = (LINE_X + 2.0, 30.0, 0.0)
CAMERA_FOCAL = 2500.0  # at 1280 wide: a tight lens on the line


@dataclass(frozen=True)
class Runner:
    """A figure running at constant velocity; ``at_kick`` is its point when the ball is
    played."""

    team: str
    number: int
    at_kick: tuple[float, float]
    velocity: tuple[float, float]  # m/s
    kick_t: float
    goalkeeper: bool = False

    def position(self, t: float) -> tuple[float, float]:
        dt = t - self.kick_t
        return self.at_kick[0] + self.velocity[0] * dt, self.at_kick[1] + self.velocity[1] * dt

    def front_foot(self, t: float) -> tuple[float, float]:
        """The ground point under the part of the body nearest the goal line that may play
        the ball: the front foot (the attack is towards x = 105)."""
        x, y = self.position(t)
        return x + FOOT_OFFSET, y


@dataclass(frozen=True)
class OffsideTruth:
    """What the renderer knows about an offside moment, for tests, benchmarks and the guide."""

    key: str
    attack: str
    fps: int
    kick_t: float  # scene (= clip) seconds: the ball is played between two frames
    kick_frame: int  # the first frame after the ball is played
    margin_m: float  # at the kick instant; positive: the attacker nearer the goal line
    change_per_frame_m: float  # how much the margin changes between two frames
    defender: tuple[float, float]  # the defender's front foot at the kick instant
    attacker: tuple[float, float]
    verdict: str  # what an honest tool must say at this frame rate


@dataclass(frozen=True)
class OffsideMoment:
    """One offside moment as a scene ``reviewtool.demo.draw`` can render."""

    key: str
    title: str
    clock_at_start: float  # seconds into the second half at the clip's first frame
    kick_t: float
    defender: Runner  # the second-last defender
    attacker: Runner
    others: tuple[Runner, ...]
    passer: Runner
    verdict: str
    period: int = 2

    @property
    def figures(self) -> tuple[Runner, ...]:
        return (self.defender, self.attacker, self.passer, *self.others)

    def ball(self, t: float) -> tuple[float, float, float]:
        """At the passer's feet until the kick, then along the ground to where the attacker
        will be a second later."""
        px, py = self.passer.position(min(t, self.kick_t))
        start = np.array([px + 0.45, py])
        if t <= self.kick_t:
            return float(start[0]), float(start[1]), 0.11
        goal = np.array(self.attacker.position(self.kick_t + 1.0))
        way = goal - start
        run = min(1.0, 16.0 * (t - self.kick_t) / float(np.linalg.norm(way)))
        x, y = start + way * run
        return float(x), float(y), 0.11

    def lift(self, fig: object, t: float) -> float:
        return 0.0

    def fallen(self, fig: object, t: float) -> bool:
        return False

    def boot(self, fig: object, t: float) -> None:
        return None

    def signalling(self, fig: object, t: float) -> bool:
        return False

    def frame_count(self, seconds: float | None = None) -> int:
        return int(min(SECONDS, seconds or SECONDS) * FPS + 1e-9)

    def start(self, seconds: float | None = None) -> float:
        """Scene time of the clip's first frame: 0, or, for a short render, a whole number of
        frames before the kick so the pass stays in the clip."""
        n = self.frame_count(seconds)
        if n >= SECONDS * FPS:
            return 0.0
        return max(0, math.ceil(self.kick_t * FPS) - n // 2) / FPS

    def camera(self, size: tuple[int, int] = SIZE) -> Camera:
        return Camera(CAMERA_TARGET, CAMERA_POSITION, CAMERA_FOCAL, *size)

    def truth(self) -> OffsideTruth:
        d, a = self.defender.front_foot(self.kick_t), self.attacker.front_foot(self.kick_t)
        change = abs(self.attacker.velocity[0] - self.defender.velocity[0]) / FPS
        return OffsideTruth(self.key, ATTACK, FPS, self.kick_t, math.ceil(self.kick_t * FPS),
                            round(a[0] - d[0], 6), round(change, 6), d, a, self.verdict)

    def feet_pixels(self, frame: int, size: tuple[int, int] = SIZE,
                    start: float = 0.0) -> dict[str, tuple[float, float]]:
        """Where the defender's and the attacker's front feet are in clip frame ``frame``."""
        t = start + frame / FPS
        cam = self.camera(size)
        px = cam.project(np.array([(*self.defender.front_foot(t), 0.0),
                                   (*self.attacker.front_foot(t), 0.0)]))
        return {"defender": (float(px[0, 0]), float(px[0, 1])),
                "attacker": (float(px[1, 0]), float(px[1, 1]))}

    def landmark_pixels(self, size: tuple[int, int] = SIZE, margin: float = 12.0,
                        pitch: Pitch | None = None) -> dict[str, tuple[float, float]]:
        """The pitch landmarks this camera sees, at their true pixels."""
        cam = self.camera(size)
        marks = (pitch or Pitch()).landmarks
        out = {}
        for name, (x, y) in marks.items():
            u, v = cam.project(np.array([(x, y, 0.0)]))[0]
            if margin <= u <= size[0] - margin and margin <= v <= size[1] - margin:
                out[name] = (float(u), float(v))
        return out


def _moment(key: str, title: str, clock: float, kick_frame_fraction: float, margin: float,
            attacker_v: float, defender_v: float, verdict: str, attacker: int = 77
            ) -> OffsideMoment:
    kick = 1.2 + kick_frame_fraction / FPS  # between frames 60 and 61
    line = LINE_X
    r = lambda team, n, at, v=(0.0, 0.0), gk=False: Runner(team, n, at, v, kick, gk)  # noqa: E731
    return OffsideMoment(
        key, title, clock, kick,
        defender=r("BVB", 4, (line, DUO_Y), (defender_v, 0.2)),
        attacker=r("ATA", attacker, (line + margin, DUO_Y + 7.0), (attacker_v, 0.6)),
        passer=r("ATA", 10, (line - 5.5, 37.0), (2.0, -0.5)),
        others=(r("BVB", 5, (line - 1.6, 11.5), (defender_v, 0.1)),
                r("BVB", 23, (line - 1.0, 30.5), (defender_v * 0.8, -0.2)),
                r("BVB", 2, (line - 2.2, 41.0), (defender_v * 0.6, -0.3)),
                r("BVB", 1, (102.4, 33.0), (0.3, 0.0), gk=True),
                r("ATA", 15, (line - 5.0, 43.0), (3.0, -0.5)),
                r("ATA", 8, (line - 9.0, 16.0), (2.5, 0.4)),
                r("BVB", 24, (line - 10.0, 36.0), (1.0, 0.5)),
                r("REF", 0, (line - 19.0, 28.0), (2.0, 0.3))),
        verdict=verdict)


MOMENTS: tuple[OffsideMoment, ...] = (
    _moment("offside-12cm", "Offside by 12 cm (71:14)", 26 * 60 + 12.8, 0.37, 0.12,
            attacker_v=1.2, defender_v=-0.3, verdict="offside"),
    _moment("offside-too-close", "Too close to call (83:02)", 38 * 60 + 0.8, 0.62, 0.04,
            attacker_v=7.5, defender_v=-2.5, verdict="too_close", attacker=90),
)
