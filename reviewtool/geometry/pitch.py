"""The pitch: IFAB dimensions, named landmarks and the markings, in metres.

Coordinates follow ``reviewtool.demo.scene``: x along the pitch from the left goal line (x = 0)
to the right one (x = length), y across it from the near touch line (y = 0, "bottom", the side
of the main camera) to the far one (y = width, "top"). The areas, marks and circles have fixed
sizes (Law 1); only the length and the width change from ground to ground.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from reviewtool.geometry.errors import GeometryError

GOAL_HALF = 7.32 / 2  # inside of the posts to the centre
GOAL_AREA_DEPTH, GOAL_AREA_HALF = 5.5, GOAL_HALF + 5.5
PENALTY_AREA_DEPTH, PENALTY_AREA_HALF = 16.5, GOAL_HALF + 16.5
PENALTY_MARK = 11.0
CIRCLE_RADIUS = 9.15
LENGTH_RANGE, WIDTH_RANGE = (90.0, 120.0), (45.0, 90.0)  # Law 1, all matches
SIDES = ("left", "right")

Point = tuple[float, float]


@dataclass(frozen=True)
class Pitch:
    """A pitch of the given length and width (default: the 105 x 68 m of most stadiums)."""

    length: float = 105.0
    width: float = 68.0

    def __post_init__(self) -> None:
        for name, value, (lo, hi) in (("length", self.length, LENGTH_RANGE),
                                      ("width", self.width, WIDTH_RANGE)):
            if not isinstance(value, int | float) or not math.isfinite(value) \
                    or not lo <= value <= hi:
                raise GeometryError(f"pitch {name} must be {lo:g} to {hi:g} m (Law 1), "
                                    f"got {value!r}")
        if self.width >= self.length:
            raise GeometryError(f"pitch length ({self.length:g} m) must be more than its "
                                f"width ({self.width:g} m)")

    def goal_line_x(self, side: str) -> float:
        """x of the goal line on ``side`` ("left" or "right")."""
        return 0.0 if side == "left" else self.length

    @cached_property
    def landmarks(self) -> dict[str, Point]:
        """Every named landmark and where it is, in metres."""
        length, width, mid = self.length, self.width, self.width / 2
        pts: dict[str, Point] = {}
        for side in SIDES:
            x0 = self.goal_line_x(side)
            inward = 1.0 if side == "left" else -1.0
            arc_dy = math.sqrt(CIRCLE_RADIUS**2 - (PENALTY_AREA_DEPTH - PENALTY_MARK) ** 2)
            pts[f"corner_{side}_top"] = (x0, width)
            pts[f"corner_{side}_bottom"] = (x0, 0.0)
            for area, depth, half in (("penalty_area", PENALTY_AREA_DEPTH, PENALTY_AREA_HALF),
                                      ("goal_area", GOAL_AREA_DEPTH, GOAL_AREA_HALF)):
                for edge, sign in (("top", 1.0), ("bottom", -1.0)):
                    pts[f"{area}_{side}_{edge}"] = (x0 + inward * depth, mid + sign * half)
                    pts[f"{area}_{side}_goal_line_{edge}"] = (x0, mid + sign * half)
            for edge, sign in (("top", 1.0), ("bottom", -1.0)):
                pts[f"penalty_arc_{side}_{edge}"] = (x0 + inward * PENALTY_AREA_DEPTH,
                                                     mid + sign * arc_dy)
                pts[f"goal_post_{side}_{edge}"] = (x0, mid + sign * GOAL_HALF)
            pts[f"penalty_mark_{side}"] = (x0 + inward * PENALTY_MARK, mid)
        pts["halfway_line_top"] = (length / 2, width)
        pts["halfway_line_bottom"] = (length / 2, 0.0)
        pts["centre_mark"] = (length / 2, mid)
        pts["centre_circle_top"] = (length / 2, mid + CIRCLE_RADIUS)
        pts["centre_circle_bottom"] = (length / 2, mid - CIRCLE_RADIUS)
        return pts

    def markings(self, arc_steps: int = 32) -> list[list[Point]]:
        """The painted lines as polylines in metres: for the pitch drawing the official picks
        landmarks from, and for rendering synthetic frames."""
        length, width, mid = self.length, self.width, self.width / 2
        lines: list[list[Point]] = [
            [(0, 0), (length, 0), (length, width), (0, width), (0, 0)],
            [(length / 2, 0), (length / 2, width)],
            _arc((length / 2, mid), CIRCLE_RADIUS, 0, 2 * math.pi, arc_steps * 2),
        ]
        for side in SIDES:
            x0 = self.goal_line_x(side)
            s = 1.0 if side == "left" else -1.0
            for depth, half in ((PENALTY_AREA_DEPTH, PENALTY_AREA_HALF),
                                (GOAL_AREA_DEPTH, GOAL_AREA_HALF)):
                lines.append([(x0, mid - half), (x0 + s * depth, mid - half),
                              (x0 + s * depth, mid + half), (x0, mid + half)])
            half_angle = math.acos((PENALTY_AREA_DEPTH - PENALTY_MARK) / CIRCLE_RADIUS)
            facing = 0.0 if side == "left" else math.pi
            lines.append(_arc((x0 + s * PENALTY_MARK, mid), CIRCLE_RADIUS,
                              facing - half_angle, facing + half_angle, arc_steps))
        return lines


def _arc(centre: Point, r: float, a0: float, a1: float, steps: int) -> list[Point]:
    return [(centre[0] + r * math.cos(a0 + (a1 - a0) * i / steps),
             centre[1] + r * math.sin(a0 + (a1 - a0) * i / steps)) for i in range(steps + 1)]


def point_of(pitch: Pitch, name: str) -> Point:
    """Where landmark ``name`` is; an unknown name is refused with the nearest known ones."""
    try:
        return pitch.landmarks[name]
    except KeyError:
        import difflib

        near = difflib.get_close_matches(str(name), pitch.landmarks, n=2)
        hint = f" (did you mean {' or '.join(near)}?)" if near else " (see the guide for names)"
        raise GeometryError(f"unknown landmark {name!r}{hint}", landmark=str(name)) from None
