"""Review commands of the main window: each asks (a dialog, opened without blocking) and then
does (one session operation through the controller). Dialogs are kept in ``dialog`` so that
tests drive them like a user: fill the real fields, press the real buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from reviewtool.match import events as ev
from reviewtool.review.session import ReviewSession
from reviewtool.store.chain import Author
from reviewtool.store.matchlog import MatchLogError, read, write
from ui.dialogs.author import AuthorDialog
from ui.dialogs.incident import IncidentDialog
from ui.dialogs.kickoff import KickoffDialog
from ui.dialogs.match_event import MatchEventDialog
from ui.player.controller import PlayerController
from ui.review.controller import ReviewController
from ui.settings import Settings

REVIEW_FILTER = "Review files (*.review);;All files (*)"
LOG_FILTER = "Match logs (*.json);;All files (*)"


class ReviewCommands:
    def __init__(self, parent: QWidget, review: ReviewController, player: PlayerController,
                 settings: Settings, show_error: Callable[[str, str], None]) -> None:
        self.parent = parent
        self.review = review
        self.player = player
        self.settings = settings
        self.show_error = show_error
        self.dialog: QDialog | None = None
        review.refused.connect(lambda msg: show_error("Not recorded", msg))

    def _open_dialog(self, dialog: QDialog, done: Callable[[], None] | None = None) -> None:
        self.dialog = dialog
        if done is not None:
            dialog.accepted.connect(done)
        dialog.open()

    # --- who is recording ------------------------------------------------------------------

    def remembered_author(self, path: Path) -> Author | None:
        value = self.settings.value(f"authors/{path.resolve()}")
        if isinstance(value, str) and "\t" in value:
            name, role = value.split("\t", 1)
            return Author(name, role)
        return None

    def remember_author(self, author: Author) -> None:
        """Record as ``author`` in this review from now on, and next time it is opened."""
        session = self.review.session
        if session is None:
            return
        self.review.set_author(author)
        key = f"{author.name}\t{author.role}"
        self.settings.set_value(f"authors/{session.file.path.resolve()}", key)
        self.settings.set_value("authors/last", key)

    def ask_author(self, then: Callable[[], None] | None = None) -> None:
        """Asked once per review; the answer is remembered for this review file."""
        session = self.review.session
        if session is None:
            return
        last = self.settings.value("authors/last")
        default = session.author
        if default is None and isinstance(last, str) and "\t" in last:
            default = Author(*last.split("\t", 1))
        dialog = AuthorDialog(default, self.parent)

        def done() -> None:
            self.remember_author(dialog.author())
            if then is not None:
                then()

        self._open_dialog(dialog, done)

    def _needs_author(self, then: Callable[[], None]) -> bool:
        """True when the author is known; otherwise ask first and then carry on."""
        if self.review.session is None:
            self.review.do(lambda s: None)  # reports "open a review first"
            return False
        if self.review.author is None:
            self.ask_author(then)
            return False
        return True

    # --- incidents -------------------------------------------------------------------------

    def tag(self) -> None:
        if not self._needs_author(self.tag):
            return
        session = self.review.session
        clip = self.player.clip
        assert session is not None
        if clip is None or self.review.clip_id is None:
            self.show_error("Tag incident", "Add a clip to the review first (File > Add Clip).")
            return
        key = self.player.shown
        lo, hi = self.player.in_point, self.player.out_point
        if lo is None or hi is None or not lo <= key <= hi:
            second = round(clip.fps) if clip.fps else 25
            lo, hi = max(0, key - second), min(self.player.frame_count - 1, key + second)
        dialog = IncidentDialog(session.match, self.player.frame_count, key, lo, hi,
                                parent=self.parent)

        def done() -> None:
            fields = dict(dialog.result_fields)
            time = self.review.time_at(int(fields["key_frame"]), clip.timestamp)  # type: ignore[arg-type]
            incident = self.review.do(lambda s: s.tag_incident(
                fields.pop("category"), fields.pop("key_frame"), clip_id=self.review.clip_id,
                time=time, **fields))
            if incident is not None:
                self.review.select(incident.id)

        self._open_dialog(dialog, done)

    def edit_incident(self) -> None:
        if not self._needs_author(self.edit_incident):
            return
        session = self.review.session
        assert session is not None
        if self.review.selected not in session.record.incidents:
            self.show_error("Edit incident", "Select an incident in the Incidents list first.")
            return
        incident = session.record.incidents[self.review.selected]
        dialog = IncidentDialog(session.match, max(self.player.frame_count, incident.out_frame
                                                   + 1), incident.key_frame, incident.in_frame,
                                incident.out_frame, incident, parent=self.parent)

        def done() -> None:
            f = dialog.result_fields
            edited = incident.edited(**f)
            self.review.do(lambda s: s.edit_incident(edited))

        self._open_dialog(dialog, done)

    # --- match events and match time -------------------------------------------------------

    def current_minute(self) -> str:
        clip = self.player.clip
        time = self.review.time_at(self.player.shown, clip.timestamp if clip else None)
        return time.minute if time else ""

    def proposed_minute(self) -> str:
        """For a match event: the selected incident's minute, else the shown frame's."""
        session = self.review.session
        incident = session.record.incidents.get(self.review.selected or "") if session else None
        if incident is not None and incident.minute:
            return incident.minute
        return self.current_minute()

    def record_event(self, kind: str | None = None) -> None:
        if not self._needs_author(lambda: self.record_event(kind)):
            return
        session = self.review.session
        assert session is not None

        def submit(events: list[ev.MatchEvent]) -> str | None:
            refusals: list[str] = []
            self.review.do(lambda s: s.record_events(events), refusals.append)
            return refusals[0] if refusals else None

        dialog = MatchEventDialog(session.state, self.proposed_minute(), submit, self.parent)
        if kind:
            dialog.choose(kind)
        self._open_dialog(dialog)

    def mark_kickoff(self) -> None:
        if not self._needs_author(self.mark_kickoff):
            return
        if self.review.clip_id is None or self.player.clip is None:
            self.show_error("Match time", "Add a clip to the review first (File > Add Clip).")
            return
        dialog = KickoffDialog(self.parent)
        frame, clip = self.player.shown, self.review.clip_id

        def done() -> None:
            period, elapsed = dialog.value()
            self.review.do(lambda s: s.mark_sync(clip, frame, period, elapsed))

        self._open_dialog(dialog, done)

    # --- files -----------------------------------------------------------------------------

    def export_log(self) -> None:
        session = self.review.session
        if session is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.parent, "Export match log",
                                              str(session.file.path.with_suffix(".json")),
                                              LOG_FILTER)
        if path:
            try:
                write(session.export(), path)
            except OSError as e:
                self.show_error("Export", f"{path}: {e}")

    def verify(self) -> None:
        session = self.review.session
        if session is None:
            return
        report = session.verify()
        if report.intact:
            QMessageBox.information(self.parent, "Decision log",
                                    f"Intact: {report.entries} entries, each chained to the "
                                    f"one before.\nHead: {report.head}")
        else:
            self.show_error("Decision log NOT intact", report.problem or "")

    def import_log_path(self) -> tuple[Path, object] | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Import match log",
                                              self.settings.last_folder(), LOG_FILTER)
        if not path:
            return None
        try:
            return Path(path), read(path)
        except MatchLogError as e:
            self.show_error("Cannot import match log", str(e))
            return None

    def undo(self) -> None:
        self.review.do(ReviewSession.undo)

    def redo(self) -> None:
        self.review.do(ReviewSession.redo)
