"""What the multi-angle station shows, Qt-free: which angles, where, the main angle, and the
frame each angle shows at the shared instant.

The window only displays this model and asks it. The shared instant is a time on the
reference angle's clock (the time maps' reference, see ``reviewtool.video.timemap``); the
main angle's frame sets it, and every other synced angle shows its own frame at or before it,
exactly (never the nearest, never interpolated), found from that clip's frame timestamps, so
mixed and variable frame rates need nothing special. An angle without a time map is shown as
unsynced and is not driven by the shared transport.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reviewtool.video import timemap
from reviewtool.video.timemap import INSTANT_TOLERANCE, TimeMap

MAX_SHOWN = 4

# Layout id -> its name in menus. Each layout has a fixed number of places; the main angle
# always takes the first (the large one, or the top left).
LAYOUTS: dict[str, str] = {
    "one": "One Angle",
    "two": "Two Side by Side",
    "main_plus": "One Large and Three Small",
    "grid": "2 x 2",
}
PLACES = {"one": 1, "two": 2, "main_plus": 4, "grid": 4}


class StationError(ValueError):
    """An impossible station request; the message says what in one line."""


@dataclass(frozen=True)
class Cell:
    """Where one place of a layout sits in the window's grid (rows, columns)."""

    row: int
    column: int
    rows: int = 1
    columns: int = 1


# The grid of each layout, place by place. "main_plus": the main angle on three rows and
# three columns, the small ones in a column at its right.
CELLS: dict[str, tuple[Cell, ...]] = {
    "one": (Cell(0, 0),),
    "two": (Cell(0, 0), Cell(0, 1)),
    "main_plus": (Cell(0, 0, 3, 3), Cell(0, 3), Cell(1, 3), Cell(2, 3)),
    "grid": (Cell(0, 0), Cell(0, 1), Cell(1, 0), Cell(1, 1)),
}


@dataclass(frozen=True)
class StationAngle:
    """One angle as the station knows it: the review's clip, its name, its time map to the
    reference angle (None: not synced), and why it cannot be shown (empty when it can)."""

    key: int
    name: str
    time_map: TimeMap | None = None
    error: str = ""
    short: str = ""  # the name without what every angle's name shares (``short_names``)

    @property
    def synced(self) -> bool:
        return self.time_map is not None


@dataclass(frozen=True)
class FrameTimes:
    """What the model needs of a clip: its frame count and each frame's time from the
    first frame (the clip's own timestamps)."""

    count: int
    seconds: Callable[[int], float]
    at_or_before: Callable[[float], int]  # clip seconds -> last frame starting at or before


class StationView:
    """The angles on screen, in order, with the main angle first; the layout; the shared
    instant. Operations change the model and return nothing; readers ask it."""

    def __init__(self, layout: str = "one") -> None:
        self._angles: dict[int, StationAngle] = {}
        self._order: list[int] = []  # main first, then the others in the order they take
        self._left: dict[int, int] = {}  # an angle that left the station -> the place it had
        self._barred: set[int] = set()  # unsynced angles kept out of places freed by removals
        self._layout = self._check_layout(layout)
        self.instant: float | None = None  # on the reference clock; None before any frame

    # --- reading ---------------------------------------------------------------------------

    @property
    def layout(self) -> str:
        return self._layout

    @property
    def main(self) -> int | None:
        return self._order[0] if self._order else None

    @property
    def angles(self) -> tuple[StationAngle, ...]:
        """All angles, main first, then in the order of their places."""
        return tuple(self._angles[k] for k in self._order)

    def angle(self, key: int) -> StationAngle:
        try:
            return self._angles[key]
        except KeyError:
            raise StationError(f"angle {key} is not in the station") from None

    def shown(self) -> tuple[StationAngle, ...]:
        """The angles the layout has places for: the main one first. An unsynced angle (a
        clip of another moment, with no time map) that had no place never takes one freed by
        a removal (``set_angles``): that place stays empty, unless it is the main angle."""
        return tuple(a for a in self.angles if a.key == self.main or a.key not in self._barred
                     )[: PLACES[self._layout]]

    def cells(self) -> tuple[tuple[StationAngle, Cell], ...]:
        """Each shown angle with its place in the grid."""
        return tuple(zip(self.shown(), CELLS[self._layout], strict=False))

    def followers(self) -> tuple[StationAngle, ...]:
        """The shown angles the shared transport drives besides the main one (synced ones,
        and only while the main angle is synced too)."""
        main = self._angles.get(self.main) if self.main is not None else None
        if main is None or not main.synced:
            return ()
        return tuple(a for a in self.shown()[1:] if a.synced and not a.error)

    # --- changing --------------------------------------------------------------------------

    def set_angles(self, angles: Sequence[StationAngle]) -> None:
        """The review's angles now (added, removed, synced, failed): the main angle and the
        order of the others stay where they can. An angle that leaves (removed) and comes
        back (the removal undone) takes its old place again, the main one's excepted: a new
        angle takes the last place. The places a removal frees go to synced angles only: an
        unsynced one that had no place is kept out of them (see ``shown``)."""
        if len(angles) > len({a.key for a in angles}):
            raise StationError("two angles have the same clip")
        had = {a.key for a in self.shown()}
        removed = bool(set(self._order) - {a.key for a in angles})
        self._angles = {a.key: a for a in angles}
        for place, key in enumerate(self._order):
            if key not in self._angles:
                self._left[key] = place
        kept = [k for k in self._order if k in self._angles]
        back = sorted((self._left.pop(a.key), a.key) for a in angles
                      if a.key not in kept and a.key in self._left)
        for place, key in back:
            kept.insert(min(max(place, 1 if kept else 0), len(kept)), key)
        self._order = kept + [a.key for a in angles if a.key not in kept]
        if removed:  # only synced angles fill the places the removed ones leave
            self._barred |= {k for k in kept if k not in had}
        self._barred = {k for k in self._barred if k in self._angles
                        and not self._angles[k].synced}

    def update(self, key: int, **changes: object) -> None:
        """One angle's time map or error changed."""
        self._angles[key] = replace(self.angle(key), **changes)  # type: ignore[arg-type]

    def set_layout(self, layout: str) -> None:
        """Another layout; the main angle and the shared instant stay."""
        self._layout = self._check_layout(layout)

    def set_main(self, key: int) -> int | None:
        """Make ``key`` the main angle: it swaps places with the main one, so the others keep
        theirs. Returns the place it came from (None when it was main already)."""
        self.angle(key)
        place = self._order.index(key)
        if place == 0:
            return None
        self._order[0], self._order[place] = key, self._order[0]
        return place

    def set_main_place(self, place: int) -> int | None:
        """The angle in ``place`` (0-based, in layout order) becomes the main one; None when
        there is no angle there."""
        shown = self.shown()
        if not 0 <= place < len(shown):
            return None
        key = shown[place].key
        self.set_main(key)
        return key

    @staticmethod
    def _check_layout(layout: str) -> str:
        if layout not in LAYOUTS:
            raise StationError(f"no layout called {layout!r} (there are "
                               f"{', '.join(LAYOUTS)})")
        return layout

    # --- the shared instant ------------------------------------------------------------------

    def instant_of(self, key: int, clip_seconds: float) -> float | None:
        """The shared instant of a time on angle ``key``'s clip (None: not synced)."""
        tm = self.angle(key).time_map
        return None if tm is None else tm.to_reference(clip_seconds)

    def move_to(self, key: int, clip_seconds: float, until: float | None = None
                ) -> float | None:
        """Angle ``key`` (the main one) shows ``clip_seconds``: that is the shared instant,
        unless the instant already falls within that picture (which lasts ``until``, its
        clip time). A new main angle opens on its frame at or before the instant; taking that
        frame's start as the instant moved every angle back by up to a frame at each switch."""
        instant = self.instant_of(key, clip_seconds)
        if instant is None:
            return None
        end = None if until is None else self.instant_of(key, until)
        now = self.instant
        if not (end is not None and now is not None
                and instant - INSTANT_TOLERANCE <= now < end - INSTANT_TOLERANCE):
            self.instant = instant
        return self.instant

    def frame_at(self, key: int, times: FrameTimes, instant: float | None = None
                 ) -> int | None:
        """Angle ``key``'s frame at or before the shared instant (or ``instant``): None when
        the angle is not synced, has no frames, or starts after that instant."""
        t = self.instant if instant is None else instant
        tm = self.angle(key).time_map
        if t is None or tm is None or times.count <= 0:
            return None
        return frame_at_or_before(tm, times, t)


def frame_at_or_before(time_map: TimeMap, times: FrameTimes, instant: float) -> int | None:
    """The clip's last frame that starts at or before ``instant`` (reference clock), exactly:
    never a later frame, never interpolated; None when the clip starts after it."""
    return timemap.frame_at_or_before(time_map, instant, times.count, times.seconds,
                                      times.at_or_before)


SEPARATORS = "-_ ."


def short_names(names: Sequence[str]) -> list[str]:
    """Each name without the start and end that all the names share, cut at a separator
    ("atalanta-dortmund-reverse-v2" among the demo's angles: "reverse"): what tells the
    angles apart, for a place too small for the whole name. A name left empty stays whole."""
    if len(names) < 2:
        return list(names)

    def shared(texts: Sequence[str]) -> int:
        """How many leading characters all ``texts`` share, up to a separator's end."""
        n = 0
        for i, chars in enumerate(zip(*texts, strict=False)):
            if len(set(chars)) > 1:
                break
            if chars[0] in SEPARATORS:
                n = i + 1
        return n

    head = shared(names)
    tail = shared([name[head:][::-1] for name in names])
    return [name[head:len(name) - tail] or name for name in names]


def keep_players(want: Sequence[int], open_now: Sequence[int | None]) -> list[int] | None:
    """The players of places 1.. reordered so that each angle of ``want`` (the keys the
    places should show, in order) keeps the player it is open in (``open_now``); the others
    fill the places left. Indices into ``open_now``; None when no player moves."""
    mine = {key: i for i, key in enumerate(open_now) if key is not None and key in want}
    free = [i for i, key in enumerate(open_now) if key is None or key not in want]
    order = [mine[k] if k in mine else free.pop(0) for k in want[:len(open_now)]] + free
    return None if order == list(range(len(open_now))) else order


def sync_starts(maps: dict[int, TimeMap | None], main: int, main_seconds: float
                ) -> dict[int, tuple[TimeMap, float]]:
    """Where each angle opens in the sync dialog: at the main angle's instant (its frame
    ``main_seconds``). For each angle a time map and a time on that map's reference: its
    frame is the last at or before that time (``frame_at_or_before``). A synced angle, with
    the main angle synced too, opens at the shared instant; otherwise at the main angle's
    own clip time (nothing says more about when it is)."""
    main_map = maps.get(main)
    instant = None if main_map is None else main_map.to_reference(main_seconds)
    return {key: (tm, instant) if tm is not None and instant is not None and key != main
            else (TimeMap(), main_seconds) for key, tm in maps.items()}
