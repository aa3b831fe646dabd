"""One place of the station: an angle's player with a small caption above its picture.

The caption says what the reviewer must trust: which angle (by its number in the review, as
the decision log names it: the place is visible anyway), its own frame number and timestamp,
its offset (and drift) to the reference angle, or that it is not synced, or why it cannot be
shown. A double click on the picture asks for the angle to become the main one.

While the angles play, a caption is rewritten (and another angle's timeline repainted) at
most every ``PLAYING_CAPTION_S``: nobody reads 50 frame numbers a second, and a caption
painted for every frame of every angle was a quarter of the window's work for each frame.
Stopped, stepping or scrubbing, it names every frame shown, and it names the frame on screen
as soon as playback stops.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from reviewtool.review.station_view import StationAngle
from reviewtool.video.server import FrameResult
from ui.player.chrome import timecode
from ui.player.component import Player
from ui.player.controller import PlayerController
from ui.station.caption import Caption

PLAYING_CAPTION_S = 0.1


def seconds_text(seconds: float) -> str:
    """A clip's own time, short enough for a small place: "4.920 s", or "1:02:03.480"."""
    return f"{seconds:.3f} s" if seconds < 60 else timecode(seconds).lstrip("0:")


class AnglePane(QWidget):
    """A place of the layout, showing one angle (or none) through ``player``."""

    double_clicked = Signal(int)  # the place

    def __init__(self, place: int, player: Player, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self.player = player
        self.angle: StationAngle | None = None
        self.caption = Caption(self)
        self.caption.setObjectName(f"angle_caption_{place + 1}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(1)
        layout.addWidget(self.caption)
        layout.addWidget(player, 1)
        player.view.claims_double_click = place > 0  # the main one's clicks are its own
        player.view.double_clicked.connect(lambda: self.double_clicked.emit(self.place))
        self.main = False
        self._last: FrameResult | None = None  # the frame on screen, for the caption
        self._said_at = 0.0  # when the caption last named a frame (monotonic seconds)
        self._behind = False  # the caption names a frame before the one on screen
        self.note = ""  # a line of its own: "starts 1.37 s later", an error
        self.blank = False  # no picture at this instant (the note says why)

    @property
    def controller(self) -> PlayerController:
        return self.player.controller

    def show_angle(self, angle: StationAngle | None, main: bool) -> None:
        if angle is None or self.angle is None or angle.key != self.angle.key:
            self._last = None  # another angle: its frame is not known yet
        self.angle, self.main = angle, main
        if main:  # (made the main one while playing: its timeline keeps every step again)
            self.player.timeline.set_pace(0.0)
        self.note = angle.error if angle is not None else ""
        self.blank = bool(self.note)
        self.describe(None)

    def describe(self, result: FrameResult | None, *, playing: bool = False) -> None:
        """The caption for the frame on screen (``result``, else the last one shown);
        ``playing``: only if it was not rewritten in the last ``PLAYING_CAPTION_S``."""
        angle = self.angle
        if angle is None:
            self.caption.set_lines([])
            return
        now = time.monotonic()
        if playing and result is not None and now - self._said_at < PLAYING_CAPTION_S:
            self._last, self._behind = result, True
            return
        self._said_at, self._behind = now, False
        result = result or self._last
        self._last = result
        mark = " MAIN" if self.main else ""
        short = angle.short or angle.name
        title = [f"angle {angle.key}{mark} · {angle.name}", f"angle {angle.key}{mark} · {short}",
                 f"{angle.key}{mark} · {short}"]
        # each part whole, short, and shortest (a small place: "f361 7.220s +1.370s")
        parts = [(self.note,) * 3] if self.note else []  # first: why there is no picture
        if result is not None and not angle.error and not self.blank:
            rough = "" if result.exact else " ~"
            frame = f"frame {result.index}{rough}"
            parts.append((frame, frame, f"f{result.index}{rough}"))
            seconds = seconds_text(result.seconds)
            parts.append((seconds, seconds, seconds.replace(" s", "s")))
        rate = None
        if angle.time_map is None:
            parts.append(("not synced: own transport (Angles > Sync, Ctrl+Shift+M)",
                          "not synced (Ctrl+Shift+M)", "not synced"))
        else:
            tm = angle.time_map
            if tm.offset == 0.0 and tm.rate == 1.0:
                parts.append(("reference", "reference", "ref"))
            else:
                parts.append((f"offset {tm.offset:+.3f} s", f"{tm.offset:+.3f} s",
                              f"{tm.offset:+.3f}s"))
            if abs(tm.rate - 1.0) > 1e-9:
                ppm = f"{(tm.rate - 1.0) * 1e6:+.0f}"
                rate = (f"rate {tm.rate:.6f}", f"{ppm} ppm", f"{ppm}ppm")
                parts.append(rate)
        line = [" · ".join(p[0] for p in parts), " · ".join(p[1] for p in parts),
                " ".join(p[2] for p in parts), " ".join(p[2] for p in parts if p is not rate)]
        self.caption.set_lines([title, line], main=self.main, error=bool(angle.error))

    def show_kept(self, result: FrameResult) -> None:
        """The angle's picture from another place (the main one) while its clip opens here."""
        self.player.view.show_result(result)
        self.describe(result)

    def set_playing(self, playing: bool) -> None:
        """While the angles play, another angle's timeline moves its playhead at the pace of
        the captions (the main angle's keeps every step: the reviewer follows that one);
        stopped, the caption names the frame on screen and the timeline shows its place."""
        self.player.timeline.set_pace(PLAYING_CAPTION_S if playing and not self.main else 0.0)
        if not playing and self._behind:
            self.describe(None)

    def set_note(self, note: str, *, blank: bool = False) -> None:
        """A line of its own in the caption; ``blank``: the angle shows no picture now."""
        if blank:  # its picture is gone: a frame it showed before is not named again
            self._last = None
        if (note, blank) != (self.note, self.blank):
            self.note, self.blank = note, blank
            self.describe(None)
