"""Angles > Remove Angle from Station… and Add Angle Back…: asking, then the core's entry.

The removal itself is the core's (``AngleDesk.remove_angle``: one undoable decision-log entry
that keeps the clip, its incidents and its syncs); this asks which angle (the one whose picture
has the keys, else the main one) and whether, and says what happened in one status-bar line
beside the frame counter and the clock (``StatusNotice``: it hides neither).
The station then closes that angle's player; the others keep theirs. When the angle removed is
the main one (also on a redo), the next angle becomes the main one: the window's player opens
it at the shared instant and, if the station was playing, plays on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from reviewtool.review.angles import Angle
from reviewtool.review.session import ReviewSession
from ui.station.play_on import play_on_when_opened
from ui.status_notice import StatusNotice

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.main_window import ReviewWindow

STATUS_MS = 10_000


class AngleRemoval:
    """The window's remove and add-back commands, and the main angle after a removal."""

    def __init__(self, window: ReviewWindow) -> None:
        self.window = window
        self.confirm: QMessageBox | None = None  # the last question asked (tests answer it)
        self._angles: set[int] = set()  # the station's angles at the last change
        self._notice: StatusNotice | None = None

    @property
    def notice(self) -> StatusNotice:
        """What happened, after the frame counter and the clock (made once they are there)."""
        if self._notice is None:
            self._notice = StatusNotice(self.window, self.window.chrome.closing)
        return self._notice

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {"station.remove_angle": self.ask_remove, "station.add_back": self.ask_add_back}

    def enabled(self, writable: bool) -> tuple[tuple[str, bool], ...]:
        """Whether each command can do anything now (for the window's enabling)."""
        session = self.window.review.session
        many = writable and session is not None and len(session.angles()) > 1
        back = writable and session is not None and bool(session.removed_angles())
        return (("station.remove_angle", many), ("station.add_back", back))

    def angle_in_focus(self) -> int | None:
        """The angle whose picture has the keys, else the main angle."""
        station = self.window.station
        focused = QApplication.focusWidget()
        for pane in station.panes[1:]:
            if (focused is not None and pane.angle is not None and pane.isVisible()
                    and pane.isAncestorOf(focused)):
                return pane.angle.key
        return station.model.main

    # --- removing ----------------------------------------------------------------------------

    def ask_remove(self) -> None:
        """Ask before removing the angle in focus (Enter removes, Esc keeps it)."""
        w = self.window
        session = w.review.session
        key = self.angle_in_focus()
        if session is None or key is None:
            w.review.do(lambda s: None)  # "open a review first"
            return
        angle = session.angle(key)
        box = QMessageBox(QMessageBox.Icon.Question, "Remove angle from the station",
                          f"Remove {_named(angle)} from the station?", parent=w)
        box.setInformativeText("Its clip, incidents and syncs stay in the review; "
                               "Edit > Undo (Ctrl+Z) brings the angle back to its place."
                               + _clock_warning(session, key))
        remove = box.addButton("Remove", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(remove)
        box.buttonClicked.connect(lambda b: self.remove(key) if b is remove else None)
        box.finished.connect(w.chrome.take_keys)
        self.confirm = box
        w.commands._open_dialog(box)

    def remove(self, key: int) -> bool:
        """Record the removal of angle ``key``; False when it is refused (the window said
        why). The station and the main angle follow through ``after_change``."""
        w = self.window
        session = w.review.session
        if session is None:
            return False
        was_main = key == w.review.clip_id
        if w.review.do(lambda s: s.remove_angle(key)) is None:
            return False
        if not was_main:  # the main angle's own line says which angle is main now
            self.notice.say(f"{_named(session.angle(key)).capitalize()} removed from the "
                            "station; its clip, incidents and syncs stay in the review "
                            "(Ctrl+Z brings it back)", STATUS_MS)
        return True

    def after_change(self) -> None:
        """The review's angles changed (a removal, its undo or redo, an add back): if the
        window's clip just left the station, the station's next angle becomes the main one."""
        w = self.window
        session = w.review.session
        before, self._angles = self._angles, set(w.station.paths)
        if self._angles - before and "removed from the station" in \
                self.notice.text():  # undone: the line no longer holds
            self.notice.clear()
        shown, main = w.review.clip_id, w.station.model.main
        if (session is None or shown is None or shown not in before or main is None
                or shown not in {a.number for a in session.removed_angles()}):
            return
        # the next angle with a picture at the instant on screen (on the clock of the
        # reference now: the removed angle keeps its map), if one has
        gone, clip = session.angle(shown), w.player.clip
        instant = None if gone.time_map is None or clip is None else \
            gone.time_map.to_reference(clip.index.seconds(w.player.shown))
        main = next((k for k in (a.key for a in w.station.model.angles) if k != shown
                     and instant is not None and session.angle(k).shows(instant)), main)
        if instant is not None:  # the next main angle opens at it, on the maps' clock
            w.station.model.instant = instant
        player = w.player
        playing = player.playing  # still the removed clip, until the next one opens
        text = (f"{_named(session.angle(shown)).capitalize()} removed from the station: "
                f"{_named(session.angle(main))} is the main angle now"
                + (", playing on" if playing else "") + " (Ctrl+Z brings it back)")
        if playing:
            play_on_when_opened(player)
        w.open_review_clip(main)
        self.notice.say(text, STATUS_MS)

    # --- adding back -------------------------------------------------------------------------

    def ask_add_back(self) -> None:
        """Add a removed angle back: at once when there is one, else asked which."""
        w = self.window
        session = w.review.session
        removed = session.removed_angles() if session is not None else ()
        if not removed:
            self.notice.say("No angle was removed from the station", STATUS_MS)
            return
        if len(removed) == 1:
            self.add_back(removed[0].number)
            return
        names = [_named(a) for a in removed]
        dialog = QInputDialog(w)
        dialog.setWindowTitle("Add angle back to the station")
        dialog.setLabelText("Angle to put back in the station:")
        dialog.setComboBoxItems(names)
        dialog.finished.connect(w.chrome.take_keys)
        w.commands._open_dialog(dialog, lambda: self.add_back(
            removed[names.index(dialog.textValue())].number))

    def add_back(self, key: int) -> bool:
        w = self.window
        session = w.review.session
        if session is None or w.review.do(lambda s: s.add_angle_back(key)) is None:
            return False
        self.notice.say(f"{_named(session.angle(key)).capitalize()} is back in the station",
                        STATUS_MS)
        return True


def _clock_warning(session: ReviewSession, key: int) -> str:
    """A removed angle's player is closed, so the window cannot carry the match clock from
    its kick-off or clock mark: say so when no other synced angle of the station has one. A
    mark on an unsynced clip (another attack, with no time map) carries nothing here."""
    carriers = [a.number for a in session.angles()
                if a.number != key and a.synced and session.record.syncs_of(a.number)]
    if not session.record.syncs_of(key) or carriers:
        return ""
    return (f"\n\nAngle {key} carries the station's only match-time mark: while it is out of "
            "the station the status bar shows no match clock (reviewtool frame still reads "
            "it).")


def _named(angle: Angle) -> str:
    """"angle 3 (goal)": its number in the review and its clip's name."""
    return f"angle {angle.number} ({Path(angle.clip.path).stem})"
