"""The demo incident as a scene: where everyone and the ball are at each moment.

Atalanta v Borussia Dortmund, 25 February 2026, about 90+4: a long cross from the right into
Dortmund's area; Krstovic rises to head it towards an empty net; Bensebaini's raised boot
strikes his head; the ball goes off Bensebaini over the goal line: the referee gives a corner.
Pitch coordinates in metres: x along the pitch (Dortmund's goal line at x = 105), y across it
(0 to 68), z up.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

FPS = 50
SECONDS = 20.0
CONTACT_T = 8.6  # the boot meets the head (frame 430)
CLOCK_AT_START = 48 * 60 + 52  # seconds into the second half at t = 0 (90+3:52)


@dataclass(frozen=True)
class Figure:
    team: str  # "ATA", "BVB" or "REF"
    number: int
    path: tuple[tuple[float, float, float], ...]  # (t, x, y) waypoints
    goalkeeper: bool = False

    def position(self, t: float) -> tuple[float, float]:
        return _interp(self.path, t)


def _interp(path: tuple[tuple[float, float, float], ...], t: float) -> tuple[float, float]:
    if t <= path[0][0]:
        return path[0][1], path[0][2]
    for (t0, x0, y0), (t1, x1, y1) in itertools.pairwise(path):
        if t <= t1:
            a = (t - t0) / (t1 - t0)
            a = a * a * (3 - 2 * a)  # ease in and out, like people
            return x0 + (x1 - x0) * a, y0 + (y1 - y0) * a
    return path[-1][1], path[-1][2]


KRSTOVIC, BENSEBAINI = 90, 5

FIGURES: tuple[Figure, ...] = (
    # Atalanta attacking Dortmund's goal
    Figure("ATA", 77, ((0, 78, 60), (3.5, 86, 62), (5.0, 88, 63), (8, 90, 60), (20, 92, 56))),
    Figure("ATA", KRSTOVIC, ((0, 88, 30), (4, 93, 33), (7.4, 98.8, 35.2), (CONTACT_T, 100.2, 35.8),
                             (9.3, 100.7, 36.1), (20, 100.7, 36.1))),
    Figure("ATA", 10, ((0, 84, 40), (5, 90, 42), (9, 94, 41), (14, 99, 37), (20, 99.5, 37))),
    Figure("ATA", 8, ((0, 80, 24), (6, 89, 27), (10, 91, 29), (20, 95, 33))),
    Figure("ATA", 7, ((0, 86, 48), (6, 95, 46), (9, 97, 44), (20, 98, 41))),
    Figure("ATA", 19, ((0, 62, 30), (10, 68, 32), (20, 70, 34))),
    # Dortmund defending
    Figure("BVB", 1, ((0, 103.5, 34), (6, 103.0, 38), (CONTACT_T, 102.6, 38.5),
                      (10, 103.2, 37), (20, 103.5, 36)), goalkeeper=True),
    Figure("BVB", BENSEBAINI, ((0, 96, 31), (4, 97.6, 33), (7.4, 98.7, 34.6),
                               (CONTACT_T, 99.1, 35.0), (11, 99.4, 34.8), (20, 99.5, 34.5))),
    Figure("BVB", 23, ((0, 95, 38), (6, 98, 40), (9, 99, 41), (20, 99, 40))),
    Figure("BVB", 3, ((0, 94, 26), (6, 97, 29), (10, 98, 30), (20, 98, 31))),
    Figure("BVB", 2, ((0, 84, 56), (5, 87.5, 60), (8, 89, 58), (20, 92, 52))),
    Figure("BVB", 24, ((0, 88, 36), (6, 94, 38), (10, 95, 38), (20, 96, 37))),
    Figure("BVB", 8, ((0, 86, 22), (8, 92, 25), (20, 94, 28))),
    Figure("REF", 0, ((0, 78, 36), (8, 84, 38), (11, 88, 38), (20, 90, 36))),
)

# The ball: rolled out wide, crossed high, met at head height, off the boot over the line.
_CROSS_FROM = (88.6, 63.2, 0.1)
_HEADER_AT = (100.1, 35.9, 2.55)
_CROSS_START, _CROSS_END = 5.2, CONTACT_T
_OUT_AT = (105.8, 27.6, 1.4)  # wide of the near post (y = 30.34): a corner
_OUT_T = 9.3


def ball(t: float) -> tuple[float, float, float]:
    """Ball position (x, y, z) at time ``t``."""
    if t < _CROSS_START:
        a = t / _CROSS_START
        return 80 + (_CROSS_FROM[0] - 80) * a, 58 + (_CROSS_FROM[1] - 58) * a, 0.11
    if t < _CROSS_END:
        a = (t - _CROSS_START) / (_CROSS_END - _CROSS_START)
        x = _CROSS_FROM[0] + (_HEADER_AT[0] - _CROSS_FROM[0]) * a
        y = _CROSS_FROM[1] + (_HEADER_AT[1] - _CROSS_FROM[1]) * a
        z = _CROSS_FROM[2] + (_HEADER_AT[2] - _CROSS_FROM[2]) * a + 4 * 6.5 * a * (1 - a)
        return x, y, z
    if t < _OUT_T:
        a = (t - _CROSS_END) / (_OUT_T - _CROSS_END)
        return tuple(float(h + (o - h) * a) for h, o in zip(_HEADER_AT, _OUT_AT,
                                                             strict=True))  # type: ignore[return-value]
    a = min(1.0, (t - _OUT_T) / 1.5)
    return _OUT_AT[0] + 3.0 * a, _OUT_AT[1] - 1.5 * a, max(0.11, _OUT_AT[2] * (1 - a))


def jump_height(number: int, t: float) -> float:
    """Krstovic leaves the ground to head the ball; after the contact he falls."""
    if number != KRSTOVIC:
        return 0.0
    rise = float(np.clip(1 - abs(t - CONTACT_T) / 0.45, 0, 1))
    return 0.55 * rise * rise


def fallen(number: int, t: float) -> bool:
    return number == KRSTOVIC and t > CONTACT_T + 0.55


def raised_boot(number: int, t: float) -> float:
    """How high Bensebaini's boot is (0 on the ground, 1 at head height)."""
    if number != BENSEBAINI:
        return 0.0
    return float(np.clip(1 - abs(t - CONTACT_T) / 0.35, 0, 1))


def corner_signal(t: float) -> bool:
    """The referee points to the corner flag."""
    return t > 10.5


# The referee's whistle (start, seconds): a short blast when the ball goes out for the
# corner, and a long one when play is stopped for the VAR review. Sound sync finds these.
WHISTLES: tuple[tuple[float, float], ...] = ((9.62, 0.3), (16.4, 0.9))


class IncidentScene:
    """The module's scene as ``reviewtool.demo.draw`` asks for it."""

    figures = FIGURES
    clock_at_start = float(CLOCK_AT_START)
    period = 2

    def ball(self, t: float) -> tuple[float, float, float]:
        return ball(t)

    def lift(self, fig: Figure, t: float) -> float:
        return jump_height(fig.number, t)

    def fallen(self, fig: Figure, t: float) -> bool:
        return fallen(fig.number, t)

    def boot(self, fig: Figure, t: float) -> tuple[float, float, float] | None:
        """Where Bensebaini's raised boot reaches, towards Krstovic's head."""
        up = raised_boot(fig.number, t) if fig.team == "BVB" else 0.0
        if up <= 0:
            return None
        x, y = fig.position(t)
        kx, ky = FIGURES[1].position(t)
        return x + (kx - x) * 0.75 * up, y + (ky - y) * 0.75 * up, 0.3 + 1.75 * up

    def signalling(self, fig: Figure, t: float) -> bool:
        return fig.team == "REF" and corner_signal(t)


INCIDENT = IncidentScene()
