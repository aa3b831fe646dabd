"""The lines desk: the calibration and offside modes of the review window.

It collects clicks on the picture (drafts), asks the geometry core to fit and measure, asks
the session to log, and tells the overlay and the panels what to show. It decides nothing the
core decides: every refusal is the core's one-line message, shown in the panel, with every
click kept so nothing is lost. Esc leaves a mode.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QStackedWidget

from reviewtool.geometry import (
    Calibration,
    GeometryError,
    OffsideMeasurement,
    PlayerClicks,
    calibrate,
)
from reviewtool.review.recorder import Change, Topic
from reviewtool.video.server import FrameResult
from ui.lines.angles import attach_panes
from ui.lines.calibration_panel import CalibrationPanel
from ui.lines.drafts import CalibrationDraft, OffsideDraft, Pixel
from ui.lines.measuring import Carry, MeasureJob
from ui.lines.offside_panel import OffsidePanel
from ui.lines.overlay import LinesOverlay, Scene
from ui.lines.scene import calibration_scene, measurement_scene, offside_scene
from ui.player.component import Player
from ui.review.controller import ReviewController
from ui.tasks import CANCELLED

PICTURES_KEPT = 8  # pictures of anchor, kick and neighbouring frames, for tracking


class LinesDesk(QObject):
    def __init__(self, review: ReviewController, player: Player,
                 show_error: Callable[[str, str], None]) -> None:
        super().__init__(player)
        self.review = review
        self.player = player.controller
        self.view = player.view
        self._show_error = show_error
        self.after_escape: Callable[[], None] = lambda: None
        self.mode: str | None = None  # "calibrate", "offside" or None
        self.frame: int | None = None  # the frame on screen
        self.calibration: CalibrationDraft | None = None
        self._unfitted: CalibrationDraft | None = None  # clicks left by Esc before a fit
        self.fitted: Calibration | None = None
        self.offside: OffsideDraft | None = None
        self.measured: OffsideMeasurement | None = None
        self._measured_with: tuple[int, int | None] | None = None  # anchor entry, frame
        self.problem: GeometryError | None = None
        self._pictures: dict[tuple[int, int], np.ndarray] = {}
        self._awaited: tuple[int, int] | None = None  # a picture asked for whole, to keep
        self._carried: dict[tuple[int, int], Calibration] = {}  # (anchor entry, frame)
        self.measuring = False  # a measurement is being worked out off the GUI thread
        self._speeds: tuple[float, float] | None = None  # typed instead of a second frame
        self.overlay = LinesOverlay(self._press)
        self.view.overlays.append(self.overlay)
        self.calibration_panel = CalibrationPanel()
        self.offside_panel = OffsidePanel()
        self.pages = QStackedWidget()
        self.pages.setObjectName("lines_panel")
        self.pages.addWidget(self.calibration_panel)
        self.pages.addWidget(self.offside_panel)
        self.dock: QDockWidget | None = None
        self._room: Callable[[], None] = lambda: None
        self._give_back: Callable[[], None] | None = None  # set while a mode holds the room
        self._actions: dict[str, QAction] = {}  # Fit and Save: enabled only when they apply
        c, o = self.calibration_panel, self.offside_panel
        c.picked.connect(self.name_landmark)
        c.fit_requested.connect(self.fit)
        c.remove_requested.connect(self._remove_landmark)
        o.speeds_requested.connect(self.use_speeds)
        o.save_requested.connect(self.save)
        o.restart_requested.connect(self.start_offside)
        o.options_changed.connect(self._remeasure)
        self.player.frame_shown.connect(self._on_frame)
        self.player.opened.connect(lambda _opening: self.leave())  # another angle or clip
        review.opened.connect(self._forget)
        review.changed.connect(self._on_change)
        review.selection_changed.connect(self.refresh)

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The desk's commands for the window's action table (Esc leaves a mode first)."""
        return {"lines.calibrate": self.start_calibration, "lines.offside": self.start_offside,
                "lines.fit": self.fit, "lines.save": self.save,
                "view.picture": self.escape}

    def attach(self, window: QMainWindow, beside: QDockWidget, above: QDockWidget,
               take_keys: Callable[[], None]) -> None:
        """The panels in a dock tabbed with ``beside``, shown while a mode is on and then
        given most of the column it shares with ``above``."""
        dock = QDockWidget("Lines", window)
        dock.setObjectName("dock_lines")
        scroll = QScrollArea()  # at 1280x720 the panel scrolls rather than grow the window
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.pages)
        scroll.setMinimumWidth(self.pages.minimumSizeHint().width()  # no row cut off
                               + scroll.verticalScrollBar().sizeHint().width()
                               + 2 * scroll.frameWidth())
        dock.setWidget(scroll)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        window.tabifyDockWidget(beside, dock)
        dock.hide()
        self.dock = dock
        self._actions = {a.objectName(): a for a in window.actions()
                         if a.objectName() in ("lines.fit", "lines.save")}
        self.after_escape = take_keys
        self._room = lambda: self._make_room(window, above, beside, dock)
        self.panes = attach_panes(self.review, getattr(window, "station", None))  # saved lines

    def _make_room(self, window: QMainWindow, above: QDockWidget, beside: QDockWidget,
                   dock: QDockWidget) -> None:
        """Most of the column for the panel while a mode is on; the sizes it had come back
        when the mode ends (the match state kept one row of players otherwise)."""
        if self._give_back is None:
            sizes = [above.height(), beside.height()]
            self._give_back = lambda: window.resizeDocks([above, beside], sizes,
                                                         Qt.Orientation.Vertical)
        window.resizeDocks([above, dock], [window.height() * 2, window.height() * 3],
                           Qt.Orientation.Vertical)  # 2:3: a few players stay in view

    # --- modes -----------------------------------------------------------------------------

    def _where(self, what: str) -> tuple[int, int] | None:
        """The review's clip and the frame on screen, or a message saying what is missing."""
        clip = self.review.clip_id
        if self.review.session is None or clip is None or self.frame is None:
            self._show_error(f"Cannot {what}", "Open a review and show one of its clips "
                             "first: lines belong to a review's angle (File > Add Clip).")
            return None
        return clip, self.frame

    def _show_page(self, page: QObject, heading: str) -> None:
        self.pages.setCurrentWidget(page)  # type: ignore[arg-type]
        if self.dock is not None:
            self.dock.show()
            self.dock.raise_()
            self._room()
        page.heading.setText(heading)  # type: ignore[attr-defined]

    def start_calibration(self) -> None:
        """Calibrate the angle on screen at this frame (or re-anchor it here)."""
        where = self._where("calibrate")
        if where is None:
            return
        clip, frame = where
        self.leave()
        self.mode = "calibrate"
        kept, self._unfitted = self._unfitted, None
        back = kept is not None and (kept.clip, kept.frame) == (clip, frame)
        self.calibration = kept if back and kept else CalibrationDraft(clip, frame)
        self.fitted = None
        self._keep_picture(clip, frame)
        self._show_page(self.calibration_panel, f"<b>Calibrate</b> clip {clip} at frame "
                        f"{frame}")
        self.calibration_panel.say(f"The {len(self.calibration.clicks)} landmarks you clicked "
                                   "here before leaving are back." if back else "")
        self.refresh()

    def start_offside(self) -> None:
        """Measure offside at this frame: the frame where the ball is played."""
        where = self._where("measure offside")
        if where is None:
            return
        clip, frame = where
        session = self.review.session
        assert session is not None
        if session.calibration_at(clip, frame) is None:
            self._show_error("Cannot measure offside", f"Clip {clip} (this angle) was never "
                             "calibrated: calibrate it first (C: click 4 or more landmarks), "
                             "then measure (M). Nothing is drawn without a calibration.")
            return
        self.leave()
        self.mode = "offside"
        self.offside, self.measured, self.problem = OffsideDraft(clip, frame), None, None
        self._keep_picture(clip, frame)
        self._show_page(self.offside_panel, f"<b>Offside</b> on clip {clip}, ball played at "
                        f"frame {frame}")
        self.offside_panel.say("")
        self.offside_panel.show_result(None)
        self.refresh()

    def leave(self) -> bool:
        """Leave the mode on (its clicks go; what was saved stays); True if one was on."""
        was = self.mode
        if self.calibration is not None and self.calibration.clicks and self.fitted is None:
            self._unfitted = self.calibration  # clicks not fitted yet: back with C here
        self.mode = None
        self.player.tasks.cancel("lines.measure")
        self.measuring, self._speeds = False, None
        self.calibration = self.offside = None
        self.fitted = self.measured = None
        if self.dock is not None and was is not None:
            self.dock.hide()
            give_back, self._give_back = self._give_back, None
            if give_back is not None:
                give_back()
        self.refresh()
        return was is not None

    def _forget(self) -> None:
        """Another review: its clip ids name other clips."""
        self.leave()
        self._pictures.clear()
        self._carried.clear()

    def escape(self) -> None:
        self.leave()
        self.after_escape()

    # --- clicks ----------------------------------------------------------------------------

    def _press(self, point: Pixel) -> bool:
        if self.mode is None or self.frame is None:
            return False
        if self.mode == "calibrate" and self.calibration is not None:
            if self.frame != self.calibration.frame:
                if self.calibration.clicks:
                    self.calibration_panel.say(f"The landmarks are clicked at frame "
                                               f"{self.calibration.frame}: go back there, or "
                                               "press C to start again here.", True)
                    return True
                self.calibration.frame = self.frame  # nothing clicked yet: anchor here
                self._keep_picture(self.calibration.clip, self.frame)
            self.calibration.click(point)
            self.calibration_panel.names.setFocus()
        elif self.mode == "offside" and self.offside is not None:
            why = self.offside.click(self.frame, point)
            self.offside_panel.say(why, bool(why))
            if not why:
                self._keep_picture(self.offside.clip, self.frame)
            if self.offside.complete:
                self._measure()
        self.refresh()
        return True

    def name_landmark(self, name: str) -> None:
        draft = self.calibration
        if self.mode != "calibrate" or draft is None:
            return
        try:
            draft.name(name)
        except ValueError as e:
            self.calibration_panel.say(str(e), True)
            return
        self.calibration_panel.say("")
        self.refresh()
        self.view.setFocus()

    def _remove_landmark(self, name: str) -> None:
        if self.calibration is not None:
            self.calibration.remove(name)
            self.refresh()

    def fit(self) -> None:
        """Fit the ground plane to the landmarks; log it when the core accepts the fit."""
        draft = self.calibration
        if self.mode != "calibrate" or draft is None:
            return
        panel = self.calibration_panel
        try:
            cal = calibrate(panel.pitch_size, {n: list(p) for n, p in draft.clicks.items()},
                            frame=draft.frame)
        except GeometryError as e:
            self.fitted = None
            panel.say(f"Refused: {e}", True, e.landmark)
            self.refresh()
            return
        saved = self.review.do(lambda s: s.record_calibration(draft.clip, cal),
                               on_refused=lambda msg: panel.say(f"Not saved: {msg}", True))
        if saved is None:
            return
        self.fitted = cal
        worst = max(cal.error_px, key=lambda n: cal.error_px[n])
        notes = " ".join(cal.notes)
        panel.say(f"Calibration saved (log entry {saved.entry}): worst landmark {worst}, "
                  f"{cal.error_px[worst]:.1f} px = {cal.error_m[worst] * 100:.1f} cm on the "
                  f"ground. {notes} Esc leaves; M measures offside.")
        self.refresh()

    # --- measuring -------------------------------------------------------------------------

    def _keep_picture(self, clip: int, frame: int) -> None:
        """The whole picture at a calibrated frame, kept to carry calibrations from. Taken
        only when at hand: for a picture kept reduced the whole frame is asked for (decoded
        off the GUI thread) and kept when it comes, as the frame is shown again."""
        if self.frame != frame:
            return
        pixels = self.view.pixels_at_hand()
        self._awaited = (clip, frame) if pixels is None else None
        if pixels is None:
            return
        self._pictures[(clip, frame)] = pixels.copy()
        while len(self._pictures) > PICTURES_KEPT:
            self._pictures.pop(next(iter(self._pictures)))

    def carry(self, clip: int, frame: int) -> tuple[int, Carry]:
        """The anchor entry and how to get the calibration at ``frame``: the anchor itself at
        its own frame, else carried there by tracking the picture (its drift then counts in
        the interval). GeometryError says why not."""
        session = self.review.session
        anchor = session.calibration_at(clip, frame) if session else None
        if anchor is None:
            raise GeometryError(f"clip {clip} is not calibrated: calibrate it (C) first")
        key = (anchor.entry, frame)
        if anchor.frame == frame or key in self._carried:
            return anchor.entry, Carry(key, anchor.calibration, frame, self._carried.get(key))
        shown = self.player.clip  # pictures not kept are decoded from the clip on screen
        path = shown.path if shown is not None and self.review.clip_id == clip else None
        start = self._pictures.get((clip, anchor.frame))
        target = self._pictures.get((clip, frame))
        if path is None and (start is None or target is None):
            raise GeometryError(f"the calibration is at frame {anchor.frame}: show this angle "
                                "to carry it here, or re-anchor here (C)")
        return anchor.entry, Carry(key, anchor.calibration, frame, None, start, target, path)

    def _measure(self, speeds: tuple[float, float] | None = None) -> None:
        """Measure off the GUI thread (tracking takes a second or two); the newest wins."""
        draft = self.offside
        if draft is None or len(draft.kick) < 2:
            return
        o = self.offside_panel
        clip = self.player.clip
        try:
            entry, kick = self.carry(draft.clip, draft.frame)
            near = None
            if speeds is None:
                assert draft.neighbour_frame is not None
                near = self.carry(draft.clip, draft.neighbour_frame)[1]
        except GeometryError as e:
            self._measured_done(None, str(e))
            return
        job = MeasureJob(
            kick, near, o.attack.currentData(), clip.fps if clip is not None else 25.0,
            PlayerClicks(draft.kick["defender"], draft.kick["attacker"]),
            None if speeds else PlayerClicks(draft.neighbour["defender"],
                                             draft.neighbour["attacker"]),
            speeds, bool(clip and clip.is_interlaced), o.kick_side.currentData(),
            abs((draft.neighbour_frame or draft.frame + 1) - draft.frame))
        self.measured, self.problem, self._speeds = None, None, speeds
        self._measured_with = (entry, None if speeds else draft.neighbour_frame)
        o.show_result(None)
        o.say("Measuring (tracking the picture where the camera may have moved)…")
        self.measuring = True
        self.player.tasks.run("offside measurement", lambda step, cancel: job.run(cancel, step),
                              self._measured_done, key="lines.measure",
                              progress=lambda done, total: o.say(
                                  f"Measuring: tracking the picture ({done + 1} of {total})…"))

    def _measured_done(self, result: object, error: str) -> None:
        self.measuring = False
        if self.mode != "offside" or error == CANCELLED:
            return
        o = self.offside_panel
        if error or result is None:
            self.measured, self.problem = None, GeometryError(error)
            o.say(f"Not measured: {error}", True)
            o.show_result(None)
        else:
            m, carried = result  # type: ignore[misc]
            self._carried.update(carried)
            self.measured, self.problem = m, None
            o.show_result(m, [f"frame {c.frame}: calibration carried from frame "
                              f"{c.tracked_from} by tracking, drift ±{c.drift_m * 100:.1f} cm "
                              "(in the interval)" for c in carried.values()
                              if c.tracked_from is not None])
            o.say("")
        self.refresh()

    def use_speeds(self) -> None:
        if self.mode != "offside" or self.offside is None:
            return
        if len(self.offside.kick) < 2:
            self.offside_panel.say("Click both players at the kick frame first.", True)
            return
        o = self.offside_panel
        self.offside.neighbour.clear()
        self.offside.neighbour_frame = None
        self._measure((o.defender_speed.value() / 3.6, o.attacker_speed.value() / 3.6))
        self.refresh()

    def _remeasure(self) -> None:
        """An option changed: measure again with the same clicks (or typed speeds)."""
        if self.offside is not None and (self.offside.complete or self._speeds):
            self._measure(self._speeds)
            self.refresh()

    def save(self) -> None:
        """Attach the measurement to the selected incident (logged, undoable)."""
        m, draft, o = self.measured, self.offside, self.offside_panel
        if self.mode != "offside" or draft is None or m is None or self._measured_with is None:
            o.say("Nothing measured yet: click both players here and in the neighbouring "
                  "frame (or type speeds).", True)
            return
        incident = self.review.selected
        if incident is None:
            o.say("Select the incident this measurement belongs to (or tag one: T), then "
                  "save.", True)
            return
        entry, near = self._measured_with
        saved = self.review.do(lambda s: s.record_measurement(incident, entry, draft.frame,
                                                              m, near),
                               on_refused=lambda msg: o.say(f"Not saved: {msg}", True))
        if saved is not None:
            o.say(f"Saved to incident {incident} (log entry {saved.entry}); Ctrl+Z undoes.")

    # --- showing ---------------------------------------------------------------------------

    def _on_frame(self, result: FrameResult) -> None:
        if not result.exact:
            return
        self.frame = result.index
        clip = self.review.clip_id
        session = self.review.session
        if clip is not None and session is not None and (
                self._awaited == (clip, result.index)
                or any(c.frame == result.index for c in session.calibrations(clip))):
            self._keep_picture(clip, result.index)
        if self.mode == "offside" and self.offside is not None:
            self.offside_panel.prompt.setText(self.offside.prompt(result.index))
        self.refresh()

    def _on_change(self, change: Change) -> None:
        if change.concerns(Topic.LINES, Topic.INCIDENTS, Topic.LOG):
            self.refresh()

    def refresh(self) -> None:
        """The scene at the frame shown now; the picture is repainted whole only when lines
        show or just stopped showing (it repaints itself for each new frame)."""
        showed = self.overlay.shows()
        self.overlay.scene = self._scene()
        if self.calibration is not None:
            self.calibration_panel.prompt.setText(self.calibration.prompt())
            self.calibration_panel.show_clicks(self.calibration.clicks, self.fitted)
        if self.offside is not None and self.frame is not None:
            self.offside_panel.prompt.setText(self.offside.prompt(self.frame))
            self.offside_panel.save_button.setEnabled(self.measured is not None)
        if "lines.fit" in self._actions:
            self._actions["lines.fit"].setEnabled(self.mode == "calibrate")
        if "lines.save" in self._actions:
            self._actions["lines.save"].setEnabled(self.measured is not None)
        if showed or self.overlay.shows():
            self.view.refresh()

    def _scene(self) -> Scene:
        frame = self.frame if self.frame is not None else -1
        if self.mode == "calibrate" and self.calibration is not None:
            return calibration_scene(self.calibration, frame, self.fitted)
        if self.mode == "offside" and self.offside is not None:
            return offside_scene(self.offside, frame, self.measured, self.problem)
        session, selected = self.review.session, self.review.selected
        if session is None or selected is None:
            return Scene()
        shown = [m for m in session.measurements(selected)
                 if m.clip == self.review.clip_id and m.frame == frame]
        return measurement_scene(shown[-1].measurement) if shown else Scene()
