"""Syncing an angle to the reference angle, by hand, with both pictures side by side.

The reviewer steps each picture to the same moment (ball contact, a whistle, a flash) and
adds a sync mark; each mark's residual in milliseconds says how well the marks agree. Or asks
for a sync by sound: the core cross-correlates the two audio tracks off the GUI thread and
proposes a time map with its confidence. The time maps come from the core
(``reviewtool.video.timemap.fit_marks``, ``reviewtool.video.audiosync``); the window shows
them and the accepted one is recorded by the session. Every command has a key: 1 and 2
choose the picture (the active one is framed and its heading highlighted), Left/Right step it
(Shift: ten frames), M adds a mark, Delete removes the last, S proposes a sync by sound,
Return accepts, Esc cancels. Both pictures open at the main angle's instant
(``station_view.sync_starts``), not at the clips' first frames.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reviewtool.review.station_view import sync_starts
from reviewtool.video import timemap
from reviewtool.video.audiosync import SoundSync, sync_by_sound
from reviewtool.video.clip import Clip
from reviewtool.video.timemap import MarkFit, SyncError, SyncMark, TimeMap, fit_marks
from ui.player.chrome import timecode
from ui.player.component import Player
from ui.player.controller import PlayerController
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from reviewtool.review.angles import Angle
    from ui.main_window import ReviewWindow

# the active picture's frame and heading; the other's frame is there too, unseen, so that
# choosing a picture moves nothing
FRAME = "QFrame#{name} {{ border: 3px solid {color}; }}"
HEADING = "font-weight: bold; padding: 2px 6px; color: palette(highlighted-text); " \
          "background: palette(highlight);"
Start = tuple[TimeMap, float]  # a time map and a time on its reference: see sync_starts


def first_frame(start: Start | None) -> Callable[[Clip], int | None] | None:
    """The frame a picture opens on: the last at or before its start (the first frame when
    the clip starts after it)."""
    if start is None:
        return None
    tm, t = start

    def frame_of(clip: Clip) -> int | None:
        index = clip.index
        n = timemap.frame_at_or_before(tm, t, len(index), index.seconds, index.frame_at)
        return 0 if n is None else n

    return frame_of


class SyncDialog(QDialog):
    """Both pictures, the marks with their residuals, and the time map they give."""

    def __init__(self, reference: tuple[int, str, Path], others: list[tuple[int, str, Path]],
                 parent: QWidget | None = None, *, start: int = 0,
                 starts: dict[int, Start] | None = None) -> None:
        super().__init__(parent)
        self.starts = starts or {}  # each clip's start (the main angle's instant)
        self.setWindowTitle("Sync angles")
        self.setObjectName("sync_dialog")
        self.reference = reference
        self.others = others
        self.marks: list[SyncMark] = []
        self.fit: MarkFit | None = None
        self.sound: SoundSync | None = None  # a sound sync proposed (until a mark is added)
        self.tasks = TaskRunner(self)
        self.players = [Player(PlayerController(self), self, timeline=True),
                        Player(PlayerController(self), self, timeline=True)]
        self.headings = [QLabel(f"1 Reference: {reference[1]}"), QLabel("")]
        self.frames = [QFrame(self), QFrame(self)]
        self.positions = [QLabel(""), QLabel("")]
        self.angle_box = QComboBox()
        for key, name, _path in others:
            self.angle_box.addItem(name, key)
        self.angle_box.activated.connect(self._choose)
        self.mark_list = QListWidget()
        self.mark_list.setObjectName("sync_marks")
        self.mark_list.setMaximumHeight(110)
        self.result = QLabel("Step both pictures to the same moment, then press M.")
        self.result.setObjectName("sync_result")
        self.result.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Accept (Return)")
        self.ok.setEnabled(False)
        grid = QGridLayout(self)
        grid.addWidget(self.headings[0], 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.headings[1], 1)
        top.addWidget(self.angle_box)
        grid.addLayout(top, 0, 1)
        for side in (0, 1):
            self.frames[side].setObjectName(f"sync_picture_{side + 1}")
            inside = QVBoxLayout(self.frames[side])
            inside.setContentsMargins(3, 3, 3, 3)
            inside.addWidget(self.players[side])
            grid.addWidget(self.frames[side], 1, side)
            grid.addWidget(self.positions[side], 2, side)
            self.players[side].controller.frame_shown.connect(
                lambda r, s=side: self.positions[s].setText(
                    f"frame {r.index} · {timecode(r.seconds)}"))
        grid.setRowStretch(1, 1)
        grid.setColumnStretch(0, 1)  # two pictures of one size, whatever the names
        grid.setColumnStretch(1, 1)
        for heading in self.headings:
            heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.angle_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.angle_box.setMinimumContentsLength(16)
        grid.addWidget(QLabel("Keys: 1 / 2 choose the picture · Left / Right step it (Shift: "
                              "10 frames) · M add a mark · Delete remove the last · S sync by "
                              "sound · Return accept"), 3, 0, 1, 2)
        grid.addWidget(self.mark_list, 4, 0, 1, 2)
        grid.addWidget(self.result, 5, 0, 1, 2)
        grid.addWidget(buttons, 6, 0, 1, 2)
        self.side = 0
        self._keys()
        self.finished.connect(self._close_players)
        self.players[0].open(reference[2], frame_of=first_frame(self.starts.get(reference[0])))
        self._choose(max(0, min(start, len(others) - 1)))
        self.set_side(0)
        self.resize(1100, 560)

    def _keys(self) -> None:
        def add(keys: str, handler: Callable[[], object]) -> None:
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys.split()])
            action.triggered.connect(lambda _=False: handler())
            self.addAction(action)

        add("1", lambda: self.set_side(0))
        add("2", lambda: self.set_side(1))
        add("Left ,", lambda: self.step(-1))
        add("Right .", lambda: self.step(1))
        add("Shift+Left", lambda: self.step(-10))
        add("Shift+Right", lambda: self.step(10))
        add("M", self.add_mark)
        add("Delete Backspace", self.remove_last)
        add("S", self.propose_sound)

    @property
    def key(self) -> int:
        """The review's clip being synced."""
        return int(self.angle_box.currentData())

    def _choose(self, i: int) -> None:
        self.angle_box.setCurrentIndex(i)
        key, name, path = self.others[i]
        self.headings[1].setText(f"2 Angle to sync: {name}")
        self.headings[1].setToolTip(name)
        self.players[1].open(path, frame_of=first_frame(self.starts.get(key)))
        self.marks.clear()
        self.sound = None
        self._refit()

    def set_side(self, side: int) -> None:
        self.side = side
        for s, frame in enumerate(self.frames):
            color = "palette(highlight)" if s == side else "transparent"
            frame.setStyleSheet(FRAME.format(name=frame.objectName(), color=color))
            self.headings[s].setStyleSheet(HEADING if s == side else "padding: 2px 6px;")
        self.players[side].view.setFocus()

    def step(self, frames: int) -> None:
        self.players[self.side].controller.step(frames)

    def seconds(self, side: int) -> float | None:
        c = self.players[side].controller
        return None if c.clip is None else c.clip.index.seconds(c.shown)

    def add_mark(self) -> None:
        """The two pictures show the same moment: a sync mark."""
        ref, clip = self.seconds(0), self.seconds(1)
        if ref is None or clip is None:
            self.result.setText("Both pictures must show a frame before a mark can be added.")
            return
        self.marks.append(SyncMark(ref, clip))
        self.sound = None  # marks replace a sound proposal
        self._refit()

    def remove_last(self) -> None:
        if self.marks:
            self.marks.pop()
            self._refit()

    def propose_sound(self) -> None:
        """S: the offset (and drift) from the two audio tracks, found off the GUI thread."""
        ref, other = self.reference[2], self.others[self.angle_box.currentIndex()][2]
        self.result.setText("Listening to both sound tracks…")

        def done(found: SoundSync | None, error: str) -> None:
            if found is None:
                self.result.setText(f"No sync by sound: {error}")
                return
            self.marks.clear()
            self._refit()
            self.sound = found
            tm = found.time_map
            self.result.setText(f"Sound: reference = {tm.offset:+.3f} s + {tm.rate:.6f} x angle "
                                f"time · confidence {found.confidence:.2f} · Return accepts")
            self.ok.setEnabled(True)

        self.tasks.run("sync by sound", lambda _p, _c: sync_by_sound(ref, other), done,
                       key="sound")

    def _refit(self) -> None:
        """The time map the marks give, each mark's residual, or why there is none."""
        self.mark_list.clear()
        self.fit = None
        try:
            self.fit = fit_marks(self.marks, self.precision) if self.marks else None
        except SyncError as e:
            self.result.setText(f"No time map: {e}")
        residuals = self.fit.residuals_ms if self.fit else (None,) * len(self.marks)
        for i, (mark, residual) in enumerate(zip(self.marks, residuals, strict=True)):
            # rounded first: a residual of -0.01 ms reads +0.0, not -0.0
            tail = "" if residual is None else f" · residual {round(residual, 1) + 0.0:+.1f} ms"
            self.mark_list.addItem(f"mark {i + 1}: reference {timecode(mark.reference)} = "
                                   f"angle {timecode(mark.clip)}{tail}")
        if self.fit is not None:
            tm = self.fit.time_map
            self.result.setText(f"Time map: reference = {tm.offset:+.3f} s + {tm.rate:.6f} x "
                                f"angle time · worst residual {self.fit.worst_ms:.1f} ms "
                                f"({len(self.marks)} mark{'s' * (len(self.marks) != 1)})"
                                + self._contradiction())
        elif not self.marks:
            self.result.setText("Step both pictures to the same moment, then press M.")
        self.ok.setEnabled(self.fit is not None)

    @property
    def precision(self) -> float:
        """How exactly a mark is placed: one frame of the coarser clip (marks are frames)."""
        return max((p.controller.clip.frame_duration for p in self.players
                    if p.controller.clip is not None), default=0.0)

    def _contradiction(self) -> str:
        """A mark more than one frame off the others is named: it is likely a wrong mark."""
        clip = self.players[1].controller.clip
        if self.fit is None or clip is None:
            return ""
        frame_ms = clip.frame_duration * 1000
        bad = [(i, r) for i, r in enumerate(self.fit.residuals_ms, 1) if abs(r) > frame_ms]
        return "".join(f"\nMark {i} is {r:+.1f} ms off the others (more than one frame, "
                       f"{frame_ms:.0f} ms): check it, or remove it (Delete)"
                       for i, r in bad[:1])

    def _close_players(self) -> None:
        self.tasks.shutdown()
        for player in self.players:
            player.controller.shutdown()


def sync_angles(window: ReviewWindow) -> None:
    """Angles > Sync (Ctrl+Shift+M): sync one of the review's angles to the reference angle;
    the accepted marks are a decision-log entry (undoable like any other)."""
    session = window.review.session
    angles = session.angles() if session else ()
    if len(angles) < 2:
        window.show_error("Nothing to sync", "Syncing needs two angles: add another clip "
                          "to the review (File > Add Clip to Review).")
        return
    reference = next((a for a in angles if a.is_reference), angles[0])
    others = [a for a in angles if a is not reference]
    main = window.review.clip_id
    start = next((i for i, a in enumerate(others) if a.clip.id == main), None)
    if start is None:  # the first unsynced angle, else the first
        start = next((i for i, a in enumerate(others) if not a.synced), 0)
    dialog = SyncDialog(_named(reference), [_named(a) for a in others], window, start=start,
                        starts=_starts(window, angles))

    def accepted() -> None:
        marks, key, sound, precision = list(dialog.marks), dialog.key, dialog.sound, \
            dialog.precision
        if sound is not None:
            window.review.do(lambda s: s.sync_by_sound(key, sound.time_map, sound.confidence))
        else:
            window.review.do(lambda s: s.sync_by_marks(key, marks, precision=precision))

    dialog.finished.connect(window.chrome.take_keys)  # the keys go back to the picture
    window.commands._open_dialog(dialog, accepted)


def _starts(window: ReviewWindow, angles: tuple[Angle, ...]) -> dict[int, Start]:
    """Each angle's start: the main angle's instant (nothing when the window shows no clip
    of the review: the pictures open at their first frames)."""
    main, clip = window.review.clip_id, window.player.clip
    if clip is None or main not in {a.clip.id for a in angles}:
        return {}
    seconds = clip.index.seconds(window.player.shown)
    return sync_starts({a.clip.id: a.time_map for a in angles}, main, seconds)


def _named(angle: Angle) -> tuple[int, str, Path]:
    return angle.clip.id, Path(angle.clip.path).stem, Path(angle.clip.path)
