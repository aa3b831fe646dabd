"""A drawing as data: what it is, where its points lie, how it looks, when it shows.

Points are kept in the space the official drew in: IMAGE pixels of the angle's frames, or
GROUND metres on the pitch (x along the touch line, y across) when the angle was calibrated;
a ground drawing stays on the pitch while the camera pans and is drawn in perspective. The
checks here refuse, in one line, anything a painter could not draw honestly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

IMAGE, GROUND = "image", "ground"
SPACES = (IMAGE, GROUND)
# kind -> how many points: (fewest, most)
POINTS: dict[str, tuple[int, int]] = {
    "arrow": (2, 2),  # tail, head
    "line": (2, 2),  # two ends
    "circle": (2, 2),  # centre, a point on the rim
    "ellipse": (2, 2),  # two opposite corners of its box (axes along the space's axes)
    "freehand": (2, 4000),  # the path as drawn
    "text": (1, 1),  # where the text's top-left corner sits
    "spotlight": (2, 2),  # two opposite corners of the lit ellipse's box
    "magnifier": (2, 2),  # centre of the lens, a point on its rim
}
KINDS = tuple(POINTS)
ON_THE_GROUND = frozenset({"arrow", "line", "circle", "ellipse"})  # may be drawn in perspective
MAX_TEXT = 500
MAX_WIDTH = 40.0
ZOOMS = (1.5, 2.0, 3.0, 4.0)
_COLOUR = re.compile(r"^#[0-9a-f]{6}$")

Point = tuple[float, float]


class DrawingError(ValueError):
    """A drawing that cannot be drawn as asked; the message names the problem."""


@dataclass(frozen=True)
class Style:
    """Colour (#rrggbb) and stroke width in screen pixels (the same at any zoom)."""

    colour: str = "#ffd400"
    width: float = 3.0

    def __post_init__(self) -> None:
        if not isinstance(self.colour, str) or not _COLOUR.match(self.colour):
            raise DrawingError(f"colour {self.colour!r} is not of the form #rrggbb")
        if not (isinstance(self.width, (int, float)) and 0 < self.width <= MAX_WIDTH):
            raise DrawingError(f"line width {self.width!r} is not between 0 and {MAX_WIDTH:g}")


@dataclass(frozen=True)
class Drawing:
    """One drawing on angle ``clip``, shown while the playhead is in ``[first, last]``."""

    id: str
    kind: str
    clip: int
    first: int
    last: int
    points: tuple[Point, ...]
    space: str = IMAGE
    style: Style = field(default_factory=Style)
    text: str = ""
    zoom: float = 2.0  # the magnifier's; kept for every kind so an edit of the kind keeps it

    def __post_init__(self) -> None:
        if self.kind not in POINTS:
            raise DrawingError(f"{self.kind!r} is not a kind of drawing ({', '.join(KINDS)})")
        if self.space not in SPACES:
            raise DrawingError(f"space {self.space!r} is neither 'image' nor 'ground'")
        if self.space == GROUND and self.kind not in ON_THE_GROUND:
            raise DrawingError(f"a {self.kind} is drawn on the picture, not on the ground")
        if not (0 <= self.first <= self.last):
            raise DrawingError(f"frame range {self.first}-{self.last} is not a range of "
                               "frames (first <= last, from 0)")
        fewest, most = POINTS[self.kind]
        if not fewest <= len(self.points) <= most:
            need = fewest if fewest == most else f"{fewest} to {most}"
            raise DrawingError(f"a {self.kind} needs {need} points, not {len(self.points)}")
        if not all(len(p) == 2 and all(math.isfinite(c) for c in p) for p in self.points):
            raise DrawingError(f"the {self.kind}'s points are not all finite (x, y) pairs")
        smallest = 0.05 if self.space == GROUND else 1.0
        if (fewest, most) == (2, 2) and _span(self.points) < smallest:
            unit = "5 cm" if self.space == GROUND else "1 pixel"
            raise DrawingError(f"the {self.kind} is too small to see (under {unit})")
        if self.kind == "text" and not self.text.strip():
            raise DrawingError("a text drawing needs some text")
        if len(self.text) > MAX_TEXT:
            raise DrawingError(f"the text is longer than {MAX_TEXT} characters")
        if self.zoom not in ZOOMS:
            raise DrawingError(f"magnifier zoom {self.zoom!r} is not one of "
                               f"{', '.join(f'{z:g}x' for z in ZOOMS)}")

    def shows_at(self, clip: int, frame: int) -> bool:
        """Whether it is on screen for ``clip`` at ``frame``."""
        return clip == self.clip and self.first <= frame <= self.last

    @property
    def title(self) -> str:
        where = " on the ground" if self.space == GROUND else ""
        words = f" “{_short(self.text)}”" if self.text else ""
        return f"{self.kind}{words}{where}, frames {self.first}-{self.last}"

    def moved(self, dx: float, dy: float) -> Drawing:
        return replace(self, points=tuple((x + dx, y + dy) for x, y in self.points))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "clip": self.clip, "first": self.first,
                "last": self.last, "space": self.space,
                "points": [[round(x, 4), round(y, 4)] for x, y in self.points],
                "colour": self.style.colour, "width": self.style.width, "text": self.text,
                "zoom": self.zoom}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Drawing:
        """Read a stored drawing; DrawingError names what is missing or wrong."""
        try:
            return cls(str(d["id"]), str(d["kind"]), _int(d["clip"]), _int(d["first"]),
                       _int(d["last"]), _points(d["points"]), str(d.get("space", IMAGE)),
                       Style(str(d.get("colour", Style.colour)),
                             _num(d.get("width", Style.width))),
                       str(d.get("text") or ""), _num(d.get("zoom", 2.0)))
        except KeyError as e:
            raise DrawingError(f"a drawing has no {e.args[0]!r}") from e


def _span(points: Sequence[Point]) -> float:
    (x0, y0), (x1, y1) = points[0], points[-1]
    return math.hypot(x1 - x0, y1 - y0)


def _short(text: str, n: int = 24) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= n else line[: n - 1] + "…"


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise DrawingError(f"{v!r} is not a whole number")
    return v


def _num(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise DrawingError(f"{v!r} is not a number")
    return float(v)


def _points(v: Any) -> tuple[Point, ...]:
    if not isinstance(v, (list, tuple)):
        raise DrawingError("a drawing's points are not a list")
    out = []
    for p in v:
        if not isinstance(p, (list, tuple)) or len(p) != 2:
            raise DrawingError(f"point {p!r} is not an (x, y) pair")
        out.append((_num(p[0]), _num(p[1])))
    return tuple(out)
