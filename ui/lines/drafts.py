"""What the official has clicked so far in the calibration and offside modes (no Qt).

A draft collects clicks and says what to click next; the geometry core fits and measures, the
session logs. A draft is never lost by a refusal: a bad fit or a click in the wrong frame
leaves every click in place so the official redoes only the one named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Pixel = tuple[float, float]
ROLES = ("defender", "attacker")
MAX_GAP = 10  # frames between the kick frame and the neighbouring one (the core's limit)
ROLE_TEXT = {"defender": "the second-last defender", "attacker": "the attacker"}


@dataclass
class CalibrationDraft:
    """Landmarks clicked at one frame: a picture point, then its name from the pitch."""

    clip: int
    frame: int
    clicks: dict[str, Pixel] = field(default_factory=dict)  # name -> pixel, in click order
    pending: Pixel | None = None  # a picture point waiting for its landmark's name

    def click(self, point: Pixel) -> None:
        self.pending = point

    def name(self, landmark: str) -> None:
        """Give the pending point its landmark (clicking a landmark again moves it)."""
        if self.pending is None:
            raise ValueError("click the landmark on the picture first, then pick its name")
        self.clicks.pop(landmark, None)
        self.clicks[landmark] = self.pending
        self.pending = None

    def remove(self, landmark: str) -> None:
        self.clicks.pop(landmark, None)

    def prompt(self) -> str:
        n = len(self.clicks)
        if self.pending is not None:
            return "Pick this point's landmark on the pitch drawing (or in the list)."
        if n < 4:
            return (f"Click a landmark on the picture ({n} of at least 4; six to eight spread "
                    "around the players are better).")
        return (f"{n} landmarks: click more, or fit the calibration (Shift+Enter).")


@dataclass
class OffsideDraft:
    """The two players' points at the frame the ball is played, then in the neighbouring
    frame (or typed speeds)."""

    clip: int
    frame: int  # the kick frame
    kick: dict[str, Pixel] = field(default_factory=dict)
    neighbour_frame: int | None = None
    neighbour: dict[str, Pixel] = field(default_factory=dict)

    def next_click(self) -> tuple[str, str] | None:
        """("kick" | "neighbour", role) still to click, or None when all four are in."""
        for role in ROLES:
            if role not in self.kick:
                return "kick", role
        for role in ROLES:
            if role not in self.neighbour:
                return "neighbour", role
        return None

    @property
    def complete(self) -> bool:
        return self.next_click() is None

    def click(self, frame: int, point: Pixel) -> str:
        """Take a click at ``frame``; returns "" or the one-line reason it was not taken."""
        todo = self.next_click()
        if todo is None:
            return "all four points are clicked: start again to change them"
        which, role = todo
        if which == "kick":
            if frame != self.frame:
                return (f"the ball is played at frame {self.frame}: go back there to click "
                        f"{ROLE_TEXT[role]}")
            self.kick[role] = point
            return ""
        gap = abs(frame - self.frame)
        if gap == 0:
            return ("now step to the previous or next frame (Left or Right) and click the "
                    "same two points there, or type the players' speeds")
        if gap > MAX_GAP:
            return f"frame {frame} is {gap} frames away: the neighbouring frame must be 1 to " \
                   f"{MAX_GAP} frames from frame {self.frame}"
        if self.neighbour_frame is not None and frame != self.neighbour_frame:
            return (f"the defender was clicked at frame {self.neighbour_frame}: click the "
                    "attacker in that frame too")
        self.neighbour_frame = frame
        self.neighbour[role] = point
        return ""

    def prompt(self, frame: int) -> str:
        todo = self.next_click()
        if todo is None:
            return "Measured. Save attaches it to the selected incident (Ctrl+Shift+S)."
        which, role = todo
        if which == "kick":
            where = "" if frame == self.frame else f" (go back to frame {self.frame})"
            return (f"Frame {self.frame}, the ball is played: click {ROLE_TEXT[role]}'s point "
                    f"on the ground under the part nearest the goal line{where}.")
        if frame == self.frame and not self.neighbour:
            return ("Step to the previous or next frame (Left or Right) and click the same "
                    "two points, or type the players' speeds.")
        shown = self.neighbour_frame if self.neighbour_frame is not None else frame
        return f"Frame {shown}: click {ROLE_TEXT[role]}'s same point."
