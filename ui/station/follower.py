"""One follower asked for its frame at or before an instant of the shared clock.

Its picture is drawn as the window's player draws (View > Deinterlace applies to every
angle), by field when the main angle steps by field and this angle is interlaced; a place
whose angle starts after the instant, or ended before it, says so in its caption.
"""

from __future__ import annotations

from reviewtool.review.station_view import StationAngle, frame_at_or_before
from reviewtool.video.clip import Clip
from reviewtool.video.timemap import INSTANT_TOLERANCE, TimeMap
from ui.player.controller import PlayerController
from ui.station.following import Followed, Following, MainPlaying, lead_frame
from ui.station.pane import AnglePane
from ui.station.times import times_of


def asked_instant(main: PlayerController, time_map: TimeMap | None, instant: float,
                  latency: float) -> float:
    """What a follower answering in ``latency`` seconds is asked for: the shared
    ``instant``, or while the main angle (``main``, on ``time_map``) plays, the instant it
    will show when the answer comes (``following.lead_frame``)."""
    clip = main.clip
    if not main.playing or clip is None or time_map is None:
        return instant
    index = clip.index
    loop = ((main.in_point or 0, main.out_point)
            if main.loop and main.out_point is not None else None)  # (as the player wraps)
    n = lead_frame(MainPlaying(main.shown, len(index), clip.frame_duration, main.speed,
                               main.direction, index.seconds, index.frame_at, loop), latency)
    return time_map.to_reference(index.seconds(n))


def show_at_instant(pane: AnglePane, angle: StationAngle, clip: Clip, *, instant: float,
                    asked: float, by_field: bool, deinterlace: str,
                    following: Following) -> None:
    """Ask ``pane``'s player for ``angle``'s frame at or before ``asked`` (the shared
    ``instant``, or the instant a playing main angle will show when the answer comes)."""
    c, tm = pane.controller, angle.time_map
    assert tm is not None
    times = times_of(clip)
    n = frame_at_or_before(tm, times, asked)
    if n is None and asked != instant:  # led before its first frame: its first at the instant
        asked = instant
        n = frame_at_or_before(tm, times, asked)
    if n is None:
        _starts_later(pane, tm, instant)
        return
    note: str | None = ""
    if asked != instant and frame_at_or_before(tm, times, instant) is None:
        _starts_later(pane, tm, instant)  # led to its first frame: still to come (the gate
        note = None  # holds it until the main angle gets there), and the text says so
    if n == times.count - 1 and clip.indexed:  # its last frame: did the camera stop?
        past = round(instant - tm.to_reference(times.seconds(n) + clip.frame_duration), 2)
        # (just at its end: "ended", not "ended 0.00 s before")
        note = "" if past < 0 else f"ended {past:.2f} s before" if past else "ended"
    if note is not None:
        pane.set_note(note)
    field = 0
    if by_field and clip.is_interlaced:
        second = tm.to_reference(times.seconds(n) + clip.frame_duration / 2)
        field = int(second <= asked + INSTANT_TOLERANCE)
    following.follow(pane, Followed(tm, clip.frame_duration / 2))
    redraw = c.deinterlace != deinterlace
    c.deinterlace = deinterlace  # (its next request carries it)
    if c.by_field != (by_field and clip.is_interlaced):
        c.by_field, c.field = by_field and clip.is_interlaced, 0
        redraw = True
    if (n == c.target and field == c.field and pane.player.view.has_picture
            and not redraw):
        return
    following.asked(pane, n)
    if field and c.by_field:
        c.target, c.field = n, 0
        c.step(1)  # the second field of frame n, in one request
    else:
        c.seek(n)


def _starts_later(pane: AnglePane, tm: TimeMap, instant: float) -> None:
    """``pane``'s angle has no frame yet at ``instant``: its place says when it starts."""
    start = tm.to_reference(0.0) - instant
    pane.set_note(f"starts {start:.2f} s later", blank=True)
    pane.player.view.clear(f"This camera starts {start:.2f} s after this instant")
    pane.player.timeline.set_position(0)  # at its start, not where it was
