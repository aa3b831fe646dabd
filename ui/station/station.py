"""The multi-angle station: up to four angles of a review in one of four layouts, one
transport for all of them.

The window's own player (with the window's transport, keys and match clock) always shows the
main angle, in the first place of the layout; the others are players of their own, each with
its own frame server and zoom. The main angle paces: every frame it shows sets the shared
instant (``StationView``), and each other synced angle is asked for its frame at or before
that instant (newest request wins, so a follower that cannot keep up drops frames instead of
falling behind; while playing, each is asked for the instant the main angle will show when
its answer comes, and never shows a later one than the main angle's: ``following``). Nothing
here decodes: requests go to the players' frame servers, whose answers come back off the GUI
thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QGridLayout, QWidget

from reviewtool.review.station_view import (
    CELLS,
    LAYOUTS,
    MAX_SHOWN,
    StationAngle,
    StationView,
    frame_at_or_before,
)
from reviewtool.video.clip import Clip
from reviewtool.video.server import FrameResult
from reviewtool.video.station import STATION_BUDGET
from reviewtool.video.timemap import TimeMap
from ui.player.component import Player
from ui.player.window import player_for
from ui.settings import Settings
from ui.station.follower import asked_instant, show_at_instant
from ui.station.following import Following
from ui.station.interlace import InterlaceActions
from ui.station.pane import AnglePane
from ui.station.places import StationPlaces
from ui.station.serving import SharedServing
from ui.station.times import KeptFrames, field_offset, times_of
from ui.station.view_keys import ViewKeys
from ui.station.views import ViewStates


class Station(StationPlaces, QWidget):
    """The places of the layout and the players in them; see the module's docstring."""

    main_requested = Signal(int)  # the review's clip the window should show as the main angle
    layout_changed = Signal(str)
    angle_opened = Signal()  # another angle's clip opened (it may carry the match clock)

    def __init__(self, primary: Player, settings: Settings, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.model = StationView("one")
        self.primary = primary
        self.settings = settings
        self.paths: dict[int, Path] = {}
        self.kept: dict[int, KeptFrames] = {}  # each angle's frames, once it has been open
        self._incidents: list[tuple[int, int, int, int, float | None]] = []
        self.panes = [AnglePane(0, primary, self)]
        for place in range(1, MAX_SHOWN):
            player = player_for(settings, self)  # type: ignore[arg-type]
            player.setParent(self)
            self.panes.append(AnglePane(place, player, self))
        self._open: list[int | None] = [None] * MAX_SHOWN  # the angle open in each place
        self.following = Following()  # when followers are asked and shown (see its module)
        self.interlace: InterlaceActions | None = None  # the window's actions, once attached
        self.serving = SharedServing(self._total_bytes())
        for pane in self.panes:
            self.serving.serve(
                pane.controller, main=pane.place == 0, gate=None if pane.place == 0 else
                lambda deliver, p=pane: self.following.gate(p, deliver))
        self.views = ViewStates()
        self.view_keys = ViewKeys(self)  # F, 1, + and - on the angle clicked last
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(3)
        self._placing: tuple[str, int] | None = None  # the layout and places in the grid
        for pane in self.panes:
            pane.player.view.setMinimumSize(160, 90)  # four fit a laptop's screen
            pane.double_clicked.connect(self.make_main_place)
            pane.controller.frame_shown.connect(
                lambda r, p=pane: self._on_frame(p, r))
        for pane in self.panes[1:]:
            c, timeline = pane.controller, pane.player.timeline
            timeline.scrubbed.disconnect(c.preview)
            timeline.released.disconnect(c.seek)
            timeline.scrubbed.connect(lambda n, p=pane: self._scrub(p, n, final=False))
            timeline.released.connect(lambda n, p=pane: self._scrub(p, n, final=True))
            c.open_failed.connect(lambda _path, message, p=pane: self._failed(p, message))
            c.opened.connect(lambda _o, p=pane: self._on_opened(p))
        primary.controller.opened.connect(lambda _o: self._primary_opened())
        primary.controller.requested.connect(self._on_main_request)
        primary.controller.playing_changed.connect(self._playing_changed)
        primary.controller.range_changed.connect(self._mirror_range)
        self._range: tuple[int | None, int | None] = (None, None)  # the main angle's in/out
        self._main_shown: tuple[int, FrameResult] | None = None  # its angle, its last frame
        saved = str(settings.value("station/layout", "one"))
        self.model.set_layout(saved if saved in LAYOUTS else "one")
        self._place()

    # --- what is shown -----------------------------------------------------------------------

    def set_angles(self, angles: list[StationAngle], paths: dict[int, Path],
                   main: int | None) -> None:
        """The review's angles (with their clips' paths); ``main``: the review's clip the
        window's player shows (None: none of the review's)."""
        failed = {a.key: a.error for a in self.model.angles
                  if a.error and self.paths.get(a.key) == paths.get(a.key)}
        kept = self._main_shown  # another file's picture is not kept for an angle
        if kept is not None and paths.get(kept[0]) != self.paths.get(kept[0]):
            self._main_shown = None
        self.paths = dict(paths)  # an angle that failed keeps saying why, until its file moves
        self.model.set_angles([replace(a, error=failed.get(a.key, a.error)) for a in angles])
        if main is not None and main in paths:
            self.model.set_main(main)
        self._keep_players()
        self._place()
        self._rebase_instant()
        self._follow_now()
        if self.model.instant is not None:  # the followers' gates, on the clock now in effect
            self.following.show_main(self.model.instant)

    def set_layout(self, layout: str) -> None:
        """Another layout: the main angle and the shared instant stay; new places open there."""
        if layout == self.model.layout:
            return
        self.model.set_layout(layout)
        self.settings.set_value("station/layout", layout)
        self._place()
        self._follow_now()
        self.layout_changed.emit(layout)

    def _place(self) -> None:
        """The shown angles' panes in the grid, opened or closed (see ``ViewKeys.placing``)."""
        with self.view_keys.placing():
            self._place_panes()

    def _place_panes(self) -> None:
        cells = CELLS[self.model.layout]
        shown = self.model.shown()
        placing = (self.model.layout, min(len(cells), max(1, len(shown))))
        if placing != self._placing:  # the grid changes only when the places do: no flicker
            self._placing = placing
            for pane in self.panes:
                self._grid.removeWidget(pane)
                pane.hide()
            for i in range(4):
                self._grid.setRowStretch(i, 0)
                self._grid.setColumnStretch(i, 0)
        self.serving.set_total(self._total_bytes())  # for all angles (``SharedServing``)
        main_ok = self._main_is_primary()
        for place, cell in enumerate(cells):
            if place > 0 and place >= len(shown):
                break
            pane = self.panes[place]
            if self._grid.indexOf(pane) < 0:
                self._grid.addWidget(pane, cell.row, cell.column, cell.rows, cell.columns)
                for r in range(cell.row, cell.row + cell.rows):
                    self._grid.setRowStretch(r, 1)
                for c in range(cell.column, cell.column + cell.columns):
                    self._grid.setColumnStretch(c, 1)
                pane.show()
            angle = shown[place] if place < len(shown) else None
            pane.show_angle(angle if (place > 0 or main_ok) else None, main=place == 0)
            if place > 0:
                self._open_in(pane, angle)
        for place in range(max(1, min(len(cells), len(shown))), MAX_SHOWN):
            self._open_in(self.panes[place], None)

    def _total_bytes(self) -> int:
        """The frame-cache preference, a total for all angles; unset, the station's own
        default (``STATION_BUDGET``: +-5 s of four 1080p angles in their places)."""
        chosen = self.settings.value("video/cache_mb")
        return STATION_BUDGET if chosen is None else int(str(chosen)) << 20

    def _main_is_primary(self) -> bool:
        screen = self.primary.controller.screen
        return self.model.main is not None and screen.clip_id == self.model.main

    def _open_in(self, pane: AnglePane, angle: StationAngle | None) -> None:
        key = None if angle is None else angle.key
        if self._open[pane.place] == key:
            return
        old = self._open[pane.place]
        if old is not None:
            self.views.keep(old, pane.player.view)
        self._open[pane.place] = key
        self.following.unfollow(pane)
        if angle is None:
            pane.controller.close()
            pane.player.view.clear("")
            pane.player.timeline.set_clip(0)
            return
        # the clip it showed closes at once (asked for this angle's frames, it put that clip's
        # picture under this angle's caption); the old main angle keeps its last picture
        pane.controller.close()
        kept = self._main_shown
        if kept is not None and kept[0] == angle.key:
            pane.show_kept(kept[1])  # (it went blank for 0.2-0.5 s at every swap)
        else:
            pane.player.view.clear(f"Opening {self.paths[angle.key].name}…")
        pane.controller.deinterlace = self.primary.controller.deinterlace  # the window's
        pane.player.open(self.paths[angle.key], clip_id=angle.key,
                         frame_of=lambda clip, k=angle.key: self._frame_for(k, clip))

    def _frame_for(self, key: int, clip: Clip) -> int | None:
        """The frame a newly opened angle starts on: at or before the shared instant."""
        if self.model.instant is None:
            return None
        return self.model.frame_at(key, times_of(clip))

    # --- the main angle --------------------------------------------------------------------

    def make_main_place(self, place: int) -> None:
        """The angle in ``place`` (0-based, in the layout's order) becomes the main angle."""
        angles = self.model.shown()
        if 0 < place < len(angles):
            self.main_requested.emit(angles[place].key)

    def frame_of(self, key: int) -> Callable[[Clip], int | None] | None:
        """For the window opening angle ``key`` as the main one: its frame at the shared
        instant (None when the instant or either time map is unknown)."""
        if key not in self.paths or self.model.instant is None:
            return None
        if self.model.angle(key).time_map is None:
            return None
        return lambda clip: self._frame_for(key, clip)

    def _primary_opened(self) -> None:
        """The window's player shows another clip: if it is one of the angles, it is the main
        one now, and takes the place of the old main in its place."""
        key = self.primary.controller.screen.clip_id
        if key is not None and self.primary.controller.clip is not None:
            self.kept[key] = KeptFrames(self.primary.controller.clip)
        if key is not None and key in self.paths and key != self.model.main:
            self.views.keep(self.model.main, self.primary.view)
            self.model.set_main(key)
            for place, open_key in enumerate(self._open):
                if open_key == key and place > 0:  # the old main angle goes there
                    self.views.keep(key, self.panes[place].player.view)
                    self._open[place] = None
        self._place()
        self.set_markers(self._incidents)
        self._follow_now()  # (a clip that is not an angle: no follower is gated)

    # --- following ---------------------------------------------------------------------------

    def _on_frame(self, pane: AnglePane, result: FrameResult) -> None:
        clip, angle = pane.controller.clip, pane.angle
        if (pane.place > 0 and angle is not None and clip is not None
                and angle in self.model.followers() and self.model.instant is not None
                and self.model.frame_at(angle.key, times_of(clip)) is None):
            self._show_at_instant(pane, angle, clip)  # it has no frame yet
            return
        pane.describe(result, playing=self.primary.controller.playing)
        if pane.place == 0 and self._main_is_primary():
            main = self.model.main
            assert main is not None
            self._main_shown, clip = (main, result), pane.controller.clip
            seconds = result.seconds + field_offset(result, clip)
            lasts = (clip.frame_duration / (2 if result.view in ("field1", "field2") else 1)
                     if clip is not None else None)
            instant = self.model.move_to(main, seconds,
                                         None if lasts is None else seconds + lasts)
            if instant is not None:
                self.following.show_main(instant)  # followers' pictures held until now
                self._follow_now()
        if pane.angle is not None:
            self.views.restore(pane.angle.key, pane.player.view)

    def _on_main_request(self, n: int) -> None:
        """A step or a seek of the main angle: the others are asked for their frames at once,
        decoding alongside the main angle's (in playback they follow what is shown, so that
        none shows a frame ahead of the main angle)."""
        c = self.primary.controller
        main, clip = self.model.main, c.clip
        if not self._main_is_primary() or clip is None or c.playing or main is None:
            return
        seconds = clip.index.seconds(n) + (clip.frame_duration / 2 if c.by_field and c.field
                                           else 0.0)
        instant = self.model.move_to(main, seconds)
        if instant is not None:
            self.following.lower(instant)  # (a follower's later picture still coming waits)
            self._follow_now()

    def _playing_changed(self, playing: bool) -> None:
        """Started: answers timed afresh, each follower asked at once for its frame at the
        main angle's first to play (not a frame behind it); stopped: to its exact instant."""
        for pane in self.panes:
            pane.set_playing(playing)
        if playing:
            self.following.afresh()
        self._follow_now()

    def _follow_now(self) -> None:
        """Every other synced angle to its frame at or before the shared instant, by field
        when the main angle steps by field or View > Step by Field is on; every angle shown
        draws as the window's player (View > Deinterlace)."""
        mc = self.primary.controller
        if not self._main_is_primary():
            for pane in self.panes[1:]:
                self.following.unfollow(pane)
            return
        main = self.model.angle(self.model.main)  # type: ignore[arg-type]
        for place, angle in enumerate(self.model.shown()):
            if place == 0 or self._open[place] != angle.key:
                continue
            pane = self.panes[place]
            clip = pane.controller.clip
            if main.time_map is None and angle.synced and not angle.error:
                pane.set_note("the main angle is not synced: this one does not follow it")
            if clip is None or angle not in self.model.followers() or self.model.instant is None:
                self.following.unfollow(pane)  # (no instant yet: the main angle showed none)
                if clip is not None and pane.controller.deinterlace != mc.deinterlace:
                    pane.controller.set_deinterlace(mc.deinterlace)
                continue
            self._show_at_instant(pane, angle, clip)

    def _show_at_instant(self, pane: AnglePane, angle: StationAngle, clip: Clip) -> None:
        mc, instant = self.primary.controller, self.model.instant
        by_field = mc.by_field or (self.interlace is not None and self.interlace.by_field())
        show_at_instant(pane, angle, clip, instant=instant or 0.0, by_field=by_field,
                        asked=self._asked_instant(pane), deinterlace=mc.deinterlace,
                        following=self.following)  # (instant: never None for a follower)

    def _asked_instant(self, pane: AnglePane) -> float:
        main, instant = self.model.main, self.model.instant
        tm = None if main is None else self.model.angle(main).time_map
        return asked_instant(self.primary.controller, tm, instant, self.following.latency(pane))

    def _scrub(self, pane: AnglePane, n: int, *, final: bool) -> None:
        """A follower's own timeline moves the shared instant (through the main angle);
        an unsynced angle's moves that angle alone."""
        angle, c = pane.angle, pane.controller
        main, mc = self.model.main, self.primary.controller
        if angle is None or c.clip is None:
            return
        if (angle not in self.model.followers() or mc.clip is None or main is None
                or n >= len(c.clip.index)):
            self.following.unfollow(pane)  # it moves on its own
            c.seek(n) if final else c.preview(n)
            return
        instant = self.model.instant_of(angle.key, c.clip.index.seconds(n))
        main_map = self.model.angle(main).time_map
        assert instant is not None and main_map is not None
        target = frame_at_or_before(main_map, times_of(mc.clip), instant)
        target = 0 if target is None else target
        mc.seek(target) if final else mc.preview(target)

    def _on_opened(self, pane: AnglePane) -> None:
        if pane.angle is not None and pane.controller.clip is not None:
            self.kept[pane.angle.key] = KeptFrames(pane.controller.clip)
        pane.show_angle(pane.angle, main=False)
        self.set_markers(self._incidents)
        self._mirror_range(*self._range)
        self._follow_now()  # an instant before its first frame: it says so, shows nothing
        self.angle_opened.emit()

    def _failed(self, pane: AnglePane, message: str) -> None:
        """An angle that cannot be opened says why in its own place; the others go on."""
        angle = pane.angle
        if angle is None:
            return
        self.model.update(angle.key, error=message)
        pane.show_angle(self.model.angle(angle.key), main=False)
        pane.player.view.clear(f"Cannot show {angle.name}: {message}")

    # --- incidents ---------------------------------------------------------------------------

    def instant_of_frame(self, key: int, frame: int, fps: float | None = None) -> float | None:
        """The shared instant of frame ``frame`` of angle ``key``: from its open clip's
        timestamps, else from its frame rate (``fps``); None when not synced."""
        if key not in self.paths:
            return None
        tm = self.model.angle(key).time_map
        if tm is None:
            return None
        clip = self.clip_of(key)
        if clip is not None and 0 <= frame < len(clip.index):
            return tm.to_reference(clip.index.seconds(frame))
        return None if not fps else tm.to_reference(frame / fps)

    def clip_of(self, key: int) -> Clip | None:
        if self._main_is_primary() and key == self.model.main:
            return self.primary.controller.clip
        for place, open_key in enumerate(self._open):
            if open_key == key and place > 0:
                return self.panes[place].controller.clip
        return None

    def go_to_instant(self, instant: float) -> bool:
        """Move every angle to ``instant`` (through the main angle); False when the main
        angle is not synced."""
        main = self.model.main
        clip = self.primary.controller.clip
        if main is None or clip is None or not self._main_is_primary():
            return False
        tm = self.model.angle(main).time_map
        if tm is None:
            return False
        n = frame_at_or_before(tm, times_of(clip), instant)
        self.primary.controller.seek(0 if n is None else n)
        return True

    def set_markers(self, incidents: list[tuple[int, int, int, int, float | None]]) -> None:
        """Incidents (clip, in, key, out, that clip's fps) on every angle's timeline, each at
        the same instant: an incident tagged on one angle shows on all synced angles."""
        self._incidents = list(incidents)
        for place, angle in enumerate(self.model.shown()):
            pane = self.panes[place]
            clip = pane.controller.clip if place > 0 else self.primary.controller.clip
            if clip is None:
                continue
            marks = []
            for key, lo, mid, hi, fps in incidents:
                if key == angle.key:
                    marks.append((lo, mid, hi))
                    continue
                if angle.time_map is None:
                    continue
                frames = []
                for f in (lo, mid, hi):
                    t = self.instant_of_frame(key, f, fps)
                    n = None if t is None else frame_at_or_before(angle.time_map,
                                                                   times_of(clip), t)
                    frames.append(n)
                if None not in frames[1:2]:
                    marks.append(tuple(0 if n is None else n for n in frames))
            pane.player.timeline.set_markers(marks)  # type: ignore[arg-type]

    def _mirror_range(self, lo: int | None, hi: int | None) -> None:
        """The main angle's in and out points on every synced angle's timeline, at the same
        instants (the shared transport plays and loops that range on all angles)."""
        self._range = (lo, hi)
        main = self.model.main
        for place, angle in enumerate(self.model.shown()):
            clip = self.panes[place].controller.clip
            if place == 0 or clip is None or main is None:
                continue
            ends: list[int | None] = []
            for f in (lo, hi):
                t = None if f is None or angle not in self.model.followers() \
                    else self.instant_of_frame(main, f)
                n = None if t is None or angle.time_map is None \
                    else frame_at_or_before(angle.time_map, times_of(clip), t)
                ends.append(0 if n is None and t is not None else n)
            self.panes[place].player.timeline.set_range(*ends)

    # --- views and closing -----------------------------------------------------------------

    def fit_all(self) -> None:
        """Every angle back to fit-to-window (each keeps its own zoom otherwise)."""
        self.views.clear()
        for pane in self.panes:
            pane.player.view.fit()

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The station's commands by action id, for the window's action table."""
        own: dict[str, Callable[[], object]] = {
            f"station.layout_{layout}": lambda lay=layout: self.set_layout(lay)
            for layout in LAYOUTS}
        own.update({f"station.main_{i + 1}": lambda i=i: self.make_main_place(i)
                    for i in range(MAX_SHOWN)})
        own["station.fit_all"] = self.fit_all
        own.update(self.view_keys.handlers())
        return own

    def time_map(self, key: int) -> TimeMap | None:
        return self.model.angle(key).time_map if key in self.paths else None

    def shutdown(self) -> None:
        """The window closes: the other angles' players stop and close their clips."""
        for pane in self.panes[1:]:
            pane.controller.shutdown()
        self._open = [self._open[0]] + [None] * (MAX_SHOWN - 1)

    def attach(self, window: QWidget, closing: list[Callable[[], None]]) -> None:
        """After the window's actions exist: the layout actions show the layout in use, and
        closing the window stops the other angles' players."""
        group = QActionGroup(self)
        actions = {a.objectName(): a for a in window.actions()}
        for layout in LAYOUTS:
            action = actions.get(f"station.layout_{layout}")
            if action is not None:
                action.setCheckable(True)
                action.setChecked(layout == self.model.layout)
                group.addAction(action)
        self.layout_changed.connect(
            lambda lay: actions[f"station.layout_{lay}"].setChecked(True)
            if f"station.layout_{lay}" in actions else None)
        closing.append(self.shutdown)
        self.interlace = InterlaceActions(self, actions)  # (after the chrome's handlers)
