"""The main window: the player in the centre and the review desk in docks. Composition only:
the review controller and the commands decide; panels show what the session says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
)

from reviewtool.review.recorder import ALL_TOPICS, Change, Topic
from reviewtool.store.chain import Author
from reviewtool.store.lock import ReviewLocked
from reviewtool.store.matchlog import MatchLog
from reviewtool.store.reviewfile import ClipRecord
from reviewtool.video.clip import ClipFacts
from reviewtool.video.errors import VideoError
from reviewtool.video.fingerprint import find_by_fingerprint
from reviewtool.video.screen import Opening
from reviewtool.video.server import FrameResult
from ui.collector import settle
from ui.dialogs.preferences import PreferencesDialog
from ui.drawings.desk import DrawingDesk
from ui.lines.desk import LinesDesk
from ui.panels.decision_panel import DecisionPanel
from ui.panels.incidents_panel import IncidentsPanel
from ui.panels.log_panel import LogPanel
from ui.panels.state_panel import StatePanel
from ui.player.chrome import ChromeWindow, PlayerChrome
from ui.player.window import player_for
from ui.review.clip_box import ClipBox
from ui.review.commands import REVIEW_FILTER, ReviewCommands
from ui.review.controller import OPEN_ERRORS, ReviewController
from ui.review.decide import record_step
from ui.review.docks import LAYOUT_VERSION, build_docks, size_docks
from ui.review.goto import goto_match_time, same_instant
from ui.review.integrity_banner import IntegrityBanner
from ui.review.new_review_flow import new_review
from ui.settings import Settings
from ui.station.play_on import play_on_when_opened
from ui.station.remove_angle import AngleRemoval
from ui.station.review_angles import clock_text, refresh_station, show_incident, show_markers
from ui.station.station import Station
from ui.station.sync_dialog import sync_angles
from ui.steady import set_steady_text
from ui.theme import apply_theme
from ui.training import windows as training_windows


class ReviewWindow(ChromeWindow, QMainWindow):
    """A player (composed, as every window does) with the review desk around it."""

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.setWindowTitle("reviewtool")
        self.settings = settings or Settings()
        self.review = ReviewController()
        self._relocated: tuple[ClipRecord, Path] | None = None  # logged once the author is known
        self.after_clip_added: Callable[[], None] | None = None  # e.g. the demo's hand-over
        self.player_widget = player_for(self.settings, self)
        self.player = self.player_widget.controller
        self.view = self.player_widget.view
        self.timeline = self.player_widget.timeline
        self.tasks = self.player.tasks  # the window's one runner for background work
        self.station = Station(self.player_widget, self.settings, self)
        self.setCentralWidget(self.station)
        self.review.screen = self.player.screen  # one answer to "which clip is on screen"
        self.removal = AngleRemoval(self)  # Angles > Remove Angle from Station…, Add Back
        self.commands = ReviewCommands(self, self.review, self.player, self.settings,
                                       self.show_error)
        self.lines = LinesDesk(self.review, self.player_widget, self.show_error)
        self.chrome = PlayerChrome(self, self.player_widget, self.settings, self._handlers(),
                                   goto_other=self._goto_other,
                                   open_review=lambda p: self.open_review(Path(p)))
        self.actions_by_id, self.menus = self.chrome.actions_by_id, self.chrome.menus
        self.station.view_keys.show_zoom_in(self.chrome)  # the zoom of the angle clicked last
        self.player.opened.connect(self._on_opened)
        self.player.frame_shown.connect(self._on_frame)
        self.player.facts_known.connect(self._on_facts_known)
        self.player.open_failed.connect(lambda _path, _message: self._update_clip_box())
        self.station.main_requested.connect(self._switch_main)
        self.station.angle_opened.connect(self._on_frame)  # it may carry the match clock
        self.station.attach(self, self.chrome.closing)  # layout actions; stops with the window
        self.incidents = IncidentsPanel()
        self.decision = DecisionPanel()
        self.state_panel = StatePanel()
        self.log_panel = LogPanel()
        self.docks = build_docks(self, self.menus["View"], {
            "incidents": ("Incidents", self.incidents),
            "state": ("Match state", self.state_panel),
            "decision": ("Decision", self.decision),
            "log": ("Decision log", self.log_panel)})
        self.lines.attach(self, self.docks["decision"], self.docks["state"],
                          self.chrome.take_keys)
        self.clip_box = ClipBox.attach(self, self.open_review_clip)
        self.integrity_banner = IntegrityBanner.attach(self, self.review,
                                                       lambda: self.commands.verify())
        self.drawings = DrawingDesk.attach(self)  # P draws on the picture; Esc leaves
        self.clock_label = QLabel("")
        self.clock_label.setObjectName("match_clock")
        self.clock_label.setStyleSheet("font-family: monospace; font-weight: bold;")
        self.clock_label.setToolTip("Running match clock at this frame, then the minute a "
                                    "match report gives it (90+4:12 is in the 90+5th minute)")
        self.chrome.goto_field.setPlaceholderText("frame, 12.5s, or match clock 90+4:00")
        self.statusBar().insertWidget(2, self.clock_label)
        self.default_layout = self.saveState(LAYOUT_VERSION)
        saved = self.settings.value("window/state")
        self._layout_restored = isinstance(saved, QByteArray) and self.restoreState(
            saved, LAYOUT_VERSION)  # an older layout is not restored
        if self.settings.value("ui/theme", "dark") == "light":
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, "light")
        self.review.changed.connect(self._refresh)
        self.review.selection_changed.connect(self._show_selection)
        self.incidents.selected.connect(self._select_incident)
        self.incidents.tag_requested.connect(self.commands.tag)
        self.incidents.edit_requested.connect(lambda _id: self.commands.edit_incident())
        self.decision.record_requested.connect(self._record_step)
        self._refresh(Change(ALL_TOPICS))

    def _handlers(self) -> dict[str, Callable[[], object]]:
        """The review's commands, for the action table (the chrome adds the player's)."""
        c = self.commands
        return {
            "file.new_review": self.new_review, "file.open_review": self.open_review_dialog,
            "file.add_clip": self.add_clip_dialog, "file.export_log": c.export_log,
            "edit.undo": c.undo, "edit.redo": c.redo,
            "edit.preferences": self.preferences, "review.tag": c.tag,
            "review.decide": self.show_decision,
            "review.record": self.record_shown_step,
            "review.edit_incident": c.edit_incident,
            "review.event": c.record_event,
            "review.kickoff": c.mark_kickoff,
            "review.author": c.ask_author, "review.verify": c.verify,
            "view.reset_layout": self.reset_layout,
            "training.sessions": lambda: training_windows.builder(self),
            "training.answer_pack": lambda: training_windows.trainee(self),
            "training.grade": lambda: training_windows.grading(self),
            **self.station.handlers(), "station.sync": lambda: sync_angles(self),
            **self.removal.handlers(),
            **self.lines.handlers(),  # calibration and offside modes; Esc leaves them
        }

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._layout_restored:  # first show: the docks' share of this screen
            self._layout_restored = True
            size_docks(self, self.docks)

    def reset_layout(self) -> None:
        self.restoreState(self.default_layout, LAYOUT_VERSION)
        size_docks(self, self.docks)

    def _update_enabled(self) -> None:
        """Disabled: the player's without a clip, review commands without a review, recording
        in a read-only one, incident commands without a selected incident (T, Ctrl+K stay)."""
        self.chrome.update_enabled()
        review = self.review
        session = review.session
        has_review = session is not None
        # a read-only review (not intact, read-only media) records nothing: no recording keys
        writable = has_review and not session.read_only  # type: ignore[union-attr]
        selected = writable and review.selected in session.record.incidents  # type: ignore[union-attr]
        for ident, on in (("file.add_clip", writable), ("file.export_log", has_review),
                          ("review.event", writable), ("review.author", writable),
                          ("review.verify", has_review), ("review.tag", writable),
                          ("review.kickoff", writable), ("review.edit_incident", selected),
                          ("review.decide", selected),
                          ("review.record", selected and self.decision.shown_step()),
                          *self.removal.enabled(writable)):
            if ident in self.actions_by_id:
                self.actions_by_id[ident].setEnabled(bool(on))

    # --- reviews ---------------------------------------------------------------------------

    def new_review(self) -> None:
        new_review(self)

    def create_review(self, path: Path, log: MatchLog, author: Author | None = None) -> bool:
        try:
            self.review.create(path, log, author or Author("unknown", "unknown"))
        except OPEN_ERRORS as e:
            self.show_error("Cannot create the review", str(e))
            return False
        if author is None:
            self.review.set_author(None)  # type: ignore[arg-type]
            self.commands.ask_author(self._record_relocation)
        self._after_open()
        return True

    def open_review_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open review", self.settings.last_folder(),
                                              REVIEW_FILTER)
        if path:
            self.open_review(Path(path))

    def open_review(self, path: Path, *, ignore_lock: bool = False) -> bool:
        author = self.commands.remembered_author(path)
        try:
            self.review.open(path, author, ignore_lock=ignore_lock)
        except ReviewLocked as e:
            self._ask_open_locked(path, e)
            return False
        except OPEN_ERRORS as e:
            self.show_error("Cannot open the review", str(e))
            return False
        if self.review.author is None and not self.review.session.read_only:  # type: ignore[union-attr]
            self.commands.ask_author(self._record_relocation)  # nobody records when read-only
        self._after_open()
        return True

    def _ask_open_locked(self, path: Path, locked: ReviewLocked) -> None:
        """Warn (without blocking) that another window or process has the review open; the
        user may open it here as well."""
        box = QMessageBox(QMessageBox.Icon.Question, "Review already open",
                          f"{locked}.\n\nOpen it here as well? Both windows will record into "
                          "the same decision log.",
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                          self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.commands._open_dialog(box)
        box.finished.connect(
            lambda r: self.open_review(path, ignore_lock=True)
            if r == QMessageBox.StandardButton.Open else None)

    def _after_open(self) -> None:
        session = self.review.session
        assert session is not None
        if session.file.backup is not None:
            self.statusBar().showMessage(f"Review migrated to the current format; the old "
                                         f"file was kept as {session.file.backup.name}", 15000)
        self.settings.add_recent_clip(session.file.path)  # Open Recent lists reviews too
        self.chrome.fill_recent()
        settle()  # the review lives as long as it is open: no full collection walks it
        clips = session.clips()
        if clips:
            self.open_review_clip(clips[0].id)
        else:
            self._show_no_clip()
        self._set_title()

    def _show_no_clip(self) -> None:
        """A review without a clip shows an empty player, not the last review's clip."""
        self.chrome.show_no_clip("No clip in this review yet: File > Add Clip")
        self.clock_label.setText("")
        self._update_clip_box()
        self._update_enabled()

    def _switch_main(self, clip_id: int) -> None:
        """Another angle becomes the main one (double-click, Alt+1..4): playing goes on."""
        if self.player.playing:
            play_on_when_opened(self.player)
        self.open_review_clip(clip_id)

    def open_review_clip(self, clip_id: int, frame: int | None = None) -> None:
        """Show one of the review's clips (at ``frame``), finding it by content if it moved."""
        session = self.review.session
        assert session is not None
        clip = next(c for c in session.clips() if c.id == clip_id)
        shown = self.player.screen.shown
        if (self.player.screen.opening is None and shown is not None
                and shown.clip_id == clip_id
                and shown.path.resolve() == Path(clip.path).resolve()):
            if frame is not None:
                self.player.seek(frame)
            return
        path = Path(clip.path)
        if not path.exists():
            folder = QFileDialog.getExistingDirectory(
                self, f"Clip moved: where is {path.name}? (found by content, any name)",
                self.settings.last_folder())
            found = find_by_fingerprint(folder, clip.fingerprint) if folder else None
            if found is None:
                self.show_error("Clip not found", f"{path} is missing and no file with the "
                                "same content was found; the review stays usable without it.")
                return
            self._relocated = (clip, found)
            self._record_relocation()
            path = found
        self.open_path(path, clip_id=clip_id, frame=frame, frame_of=None if frame is not None
                       else self.station.frame_of(clip_id) or same_instant(self, clip_id))

    def _record_relocation(self) -> None:
        """Log a moved clip's new place, as soon as someone is recording."""
        if self._relocated is not None and self.review.author is not None:
            clip, found = self._relocated
            self._relocated = None
            self.review.do(lambda s: s.relocate_clip(clip, str(found)))

    def add_clip_dialog(self) -> None:
        from ui.player.window import VIDEO_FILTER

        path, _ = QFileDialog.getOpenFileName(self, "Add clip to review",
                                              self.settings.last_folder(), VIDEO_FILTER)
        if path:
            self.add_clip(Path(path))

    def add_clip(self, path: Path, sync: tuple[int, float] | None = None) -> None:
        """Open the clip; once it is on screen and wholly indexed (so it is a readable video
        and its facts are final), add it to the review with those facts, and mark its match
        time when ``sync`` (period, elapsed) is given for its first frame."""
        if self.review.session is None:
            self.review.do(lambda s: None)
            return
        self.open_path(path.resolve(), add_to_review=True, sync=sync)

    def _set_title(self) -> None:
        session = self.review.session
        if session is None:
            return
        m = session.match
        clip = f" — {self.player.clip.path.name}" if self.player.clip else ""
        self.setWindowTitle(f"{m.home.name} v {m.away.name} — {session.file.path.name}{clip}"
                            " — reviewtool")

    def _on_opened(self, opening: Opening) -> None:
        clip = self.player.clip
        if clip is not None:
            self.review.recognise(opening.request, clip.fingerprint)
        self._set_title()
        self._update_clip_box()
        self._update_markers()
        self._update_enabled()

    def _on_facts_known(self, facts: ClipFacts) -> None:
        """A clip opened to be added to the review is wholly indexed: add it now."""
        shown = self.player.screen.shown
        clip = self.player.clip
        if shown is None or not shown.add_to_review or clip is None:
            return
        doc = {k: v for k, v in dataclasses.asdict(facts).items()
               if k not in ("path", "fingerprint")}
        added = self.review.do(lambda s: s.add_clip(str(shown.path), clip.fingerprint, doc))
        if added is None:
            return
        self.player.screen.identify(shown.request, added.id)
        self._update_clip_box()
        self._update_enabled()
        if shown.sync is not None:
            period, elapsed = shown.sync
            self.review.do(lambda s: s.mark_sync(added.id, 0, period, elapsed))
        self._update_markers()
        if self.after_clip_added is not None:
            self.after_clip_added()
            self.after_clip_added = None

    # --- showing ---------------------------------------------------------------------------

    def _refresh(self, change: Change) -> None:
        """Refresh only the panels the change concerns."""
        session = self.review.session
        if change.concerns(Topic.LOG):
            self.log_panel.show_record(session.record if session else None)
        if change.concerns(Topic.STATE):
            self.state_panel.show_state(session.state if session else None)
        if change.concerns(Topic.INCIDENTS, Topic.DECISIONS):
            self._show_incidents()
        if change.concerns(Topic.INCIDENTS, Topic.DECISIONS, Topic.STATE):
            self._show_decision()
        if change.concerns(Topic.CLIPS, Topic.SYNC):
            self._update_clip_box()
        self._update_undo()
        self._update_enabled()

    def _show_incidents(self) -> None:
        session = self.review.session
        self.incidents.show_record(session.record if session else None)
        if self.review.selected:
            self.incidents.select(self.review.selected)
        self._update_markers()

    def _show_selection(self) -> None:
        self._show_incidents()
        self._show_decision()
        self._update_enabled()

    def _update_undo(self) -> None:
        s = self.review.session
        undo, redo = self.actions_by_id["edit.undo"], self.actions_by_id["edit.redo"]
        writable = bool(s and not s.read_only)
        undo.setEnabled(writable and s.can_undo())  # type: ignore[union-attr]
        redo.setEnabled(writable and s.can_redo())  # type: ignore[union-attr]
        undo_text = s.undo_text().replace("&", "&&") if s and s.can_undo() else ""
        redo_text = s.redo_text().replace("&", "&&") if s and s.can_redo() else ""
        undo.setText(f"&Undo: {undo_text}" if undo_text else "&Undo")
        redo.setText(f"&Redo: {redo_text}" if redo_text else "&Redo")

    def _update_markers(self) -> None:
        """Every incident on every angle's timeline, at the same match instant."""
        show_markers(self.station, self.review.session)

    def _update_clip_box(self) -> None:
        s = self.review.session
        self.clip_box.show_clips(s.clips() if s else [], self.review.clip_id,
                                 {a.number for a in s.removed_angles()} if s else set())
        refresh_station(self.station, s, self.review.clip_id)
        self.removal.after_change()  # the main angle removed: the next one is main
        self._on_frame()  # an angle carrying the clock came or went

    def _select_incident(self, incident_id: str) -> None:
        """Show the incident's key frame, in its own clip."""
        self.review.selected = incident_id
        s = self.review.session
        incident = s.record.incidents.get(incident_id) if s else None
        if incident is not None and not show_incident(self.station, s, incident):
            if incident.clip_id is not None and incident.clip_id != self.review.clip_id:
                self.open_review_clip(incident.clip_id, incident.key_frame)
            else:
                self.player.seek(incident.key_frame)
        self._show_decision()
        self._update_enabled()

    def _show_decision(self) -> None:
        s = self.review.session
        incident = s.record.incidents.get(self.review.selected or "") if s else None
        self.decision.show_incident(s, incident)

    def show_decision(self) -> None:
        self.docks["decision"].show()
        self.docks["decision"].raise_()
        self._show_decision()
        self.decision.focus_first()

    def record_shown_step(self) -> None:
        """Ctrl+Enter: record the step the decision form shows, as its button would."""
        step = self.decision.shown_step()
        if step is not None:
            self._record_step(step)
            self.decision.focus_first()

    def _record_step(self, step: str) -> None:
        if not self.commands._needs_author(lambda: self._record_step(step)):
            return
        record_step(self.review, self.decision, step)

    def _on_frame(self, result: FrameResult | None = None) -> None:
        """The match clock at the frame on screen (None: the angles changed, not the frame)."""
        set_steady_text(self.clock_label, clock_text(self, self.player.shown if result is None
                                                     else result.index))

    def _goto_other(self, text: str) -> bool:
        """A match clock ("90+4:00") or a report minute ("90+5'") in a synced clip."""
        try:
            done, message = goto_match_time(self, text)
        except VideoError as e:  # the kick-off mark lies beyond the frames indexed so far
            done, message = True, f"Not yet: {e.problem}; the clip is still being indexed"
        if message:
            self.statusBar().showMessage(message, 5000)
        return done

    def preferences(self) -> None:
        self.commands._open_dialog(PreferencesDialog(self.actions_by_id, self.settings, self,
                                                     self.apply_preferences))

    def apply_preferences(self) -> None:
        """What Preferences changed takes effect now: the theme, and for the next clip opened
        the frame cache and the deinterlacing."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, str(self.settings.value("ui/theme", "dark")))
            self.chrome.retint_icons()
        self.player.set_cache_mb(int(str(self.settings.value("video/cache_mb", 768))))
        mode = str(self.settings.value("video/deinterlace", "linear"))
        self.player.set_deinterlace(mode)
        self.actions_by_id["view.deinterlace"].setChecked(mode != "off")

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)  # first the players and angles stop (``ChromeWindow``)
        self.settings.set_value("window/state", self.saveState(LAYOUT_VERSION))
        self.review.close()

