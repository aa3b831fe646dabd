"""The station's places when the review's angles change: who keeps which player, and the
shared instant on the time maps now in effect. Mixed into ``Station``.

An angle that leaves the station (removed from it) closes its player; the angles after it
move up a place with their own players, open clips and zoom, so none reopens its clip (and
an angle that comes back takes a free player). A change of the time maps (another reference
angle, after a removal or its undo) moves every map to the new reference clock: the shared
instant is read again from the main angle's frame, not kept on the old clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewtool.review.station_view import StationView, keep_players
from reviewtool.video.timemap import INSTANT_TOLERANCE

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.player.component import Player
    from ui.station.pane import AnglePane


class StationPlaces:
    """The part of ``Station`` that keeps players with their angles."""

    model: StationView
    primary: Player
    panes: list[AnglePane]
    _open: list[int | None]
    _placing: tuple[str, int] | None
    _main_is_primary: Callable[[], bool]  # Station's: the window's player shows the main

    def _keep_players(self) -> None:
        """Places shifted: each open angle's pane moves with it, player and all."""
        order = keep_players([a.key for a in self.model.shown()[1:]], self._open[1:])
        if order is None:
            return
        self.panes[1:] = [self.panes[1 + i] for i in order]
        self._open[1:] = [self._open[1 + i] for i in order]
        for place, pane in enumerate(self.panes):
            pane.place = place
            pane.caption.setObjectName(f"angle_caption_{place + 1}")
        self._placing = None  # the grid is laid out again, in the new order

    def _rebase_instant(self) -> None:
        """The shared instant of the main angle's frame, on the time maps in effect now: kept
        while it falls within the frame on screen, or within the frame asked for (a main angle
        just opened shows nothing of its own yet, ``shown`` is 0: rebasing on that moved every
        angle back by up to a frame at each change of main angle), else that of the frame on
        screen (after playing, the one asked for last may be a frame behind it)."""
        c = self.primary.controller
        main, now = self.model.main, self.model.instant
        last = 0 if c.clip is None else len(c.clip.index)
        if main is None or not self._main_is_primary() or c.clip is None \
                or not (0 <= c.shown < last and 0 <= c.target < last):
            return
        span = c.clip.frame_duration / (2 if c.by_field else 1)
        half = span if c.by_field and c.field else 0.0
        shown, asked = ((t, t + span) for t in (c.clip.index.seconds(n) + half
                                                   for n in (c.shown, c.target)))
        lo, hi = (self.model.instant_of(main, t) for t in asked)
        if now is not None and lo is not None and hi is not None \
                and lo - INSTANT_TOLERANCE <= now < hi - INSTANT_TOLERANCE:
            return  # the frame asked for holds the instant: nothing moves
        self.model.move_to(main, *shown)
