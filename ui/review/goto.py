"""Go to a match time: the running clock ("90+4:00") or a report minute ("90+5'")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reviewtool.review.matchtime import frame_at, parse_clock

if TYPE_CHECKING:
    from reviewtool.video.clip import Clip
    from ui.main_window import ReviewWindow


def goto_match_time(window: ReviewWindow, text: str) -> tuple[bool, str]:
    """Seek the window's clip to the match time typed; (handled, message for the status bar).
    Text without "+" or a final "'" is not a match time and is left to the player (frames,
    clip seconds)."""
    t = text.strip()
    if "+" not in t and not t.endswith(("'", "’")):
        return False, ""
    when = parse_clock(t)
    if when is None:
        return True, f'"{t}" is not a match clock such as 90+4:00 or a minute such as 90+5\''
    session, clip = window.review.session, window.player.clip
    if session is None or clip is None or window.review.clip_id is None:
        return True, "Open a review clip to go to a match time"
    frame = frame_at(when, session.record.syncs_of(window.review.clip_id), clip.timestamp,
                     clip.index_of)
    if frame is None:
        return True, (f"This clip is not synced to period {when.period}: mark its kick-off "
                      "first (Ctrl+K)")
    window.player.seek(frame)
    return True, ""


def same_instant(window: ReviewWindow, clip_id: int) -> Callable[[Clip], int | None] | None:
    """For opening the review's clip ``clip_id`` (another angle): the frame of the opened
    clip at the match instant on screen now. None when no match time is on screen (the clip
    opens at its start); the function answers None when that clip is not synced to the
    period."""
    session, clip = window.review.session, window.player.clip
    if session is None or clip is None:
        return None
    now = window.review.time_at(window.player.shown, clip.timestamp)
    if now is None:
        return None
    syncs = session.record.syncs_of(clip_id)
    return lambda opened: frame_at(now, syncs, opened.timestamp, opened.index_of)
