"""The review's angles as the station shows them: each clip with its time map to the
reference angle (from the decision log, ``session.angles()``), or none while unsynced; and
the review's incidents on every angle's timeline."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from reviewtool.review.angle_clock import AngleClock, Frames, NominalFrames
from reviewtool.review.incident import Incident
from reviewtool.review.matchtime import MatchTime
from reviewtool.review.session import ReviewSession
from reviewtool.review.station_view import StationAngle, short_names
from reviewtool.video.errors import VideoError

if TYPE_CHECKING:
    from ui.main_window import ReviewWindow
    from ui.station.station import Station


def station_angles(session: ReviewSession | None
                   ) -> tuple[list[StationAngle], dict[int, Path]]:
    """The review's angles (the core's ``session.angles()``) and their clips' paths."""
    if session is None:
        return [], {}
    angles, paths = [], {}
    shown = session.angles()
    shorts = short_names([Path(a.clip.path).stem for a in shown])
    for angle, short in zip(shown, shorts, strict=True):
        clip = angle.clip
        angles.append(StationAngle(clip.id, Path(clip.path).stem, angle.time_map, short=short))
        paths[clip.id] = Path(clip.path)
    return angles, paths


def refresh_station(station: Station, session: ReviewSession | None, main: int | None) -> None:
    """The station shows the review's angles now; ``main``: the clip the window shows."""
    angles, paths = station_angles(session)
    station.set_angles(angles, paths, main)


def _fps(session: ReviewSession, clip_id: int) -> float | None:
    clip = next((c for c in session.clips() if c.id == clip_id), None)
    fps = None if clip is None else clip.facts.get("fps")
    return float(fps) if isinstance(fps, int | float) and fps > 0 else None


def show_markers(station: Station, session: ReviewSession | None) -> None:
    """Every incident of the review on every angle's timeline, at its match instant."""
    incidents = [] if session is None else [
        (i.clip_id, i.in_frame, i.key_frame, i.out_frame, _fps(session, i.clip_id))
        for i in session.record.incidents.values() if i.clip_id is not None]
    station.set_markers(incidents)


def show_incident(station: Station, session: ReviewSession | None, incident: Incident
                  ) -> bool:
    """Selecting an incident moves every angle to its key frame's instant; False when that
    cannot be (its clip or the main angle is not synced): the window shows its clip."""
    if session is None or incident.clip_id is None:
        return False
    instant = station.instant_of_frame(incident.clip_id, incident.key_frame,
                                       _fps(session, incident.clip_id))
    return instant is not None and station.go_to_instant(instant)


def carried_clock(station: Station, session: ReviewSession | None, main: int | None,
                  frame: int) -> MatchTime | None:
    """The match clock at the main angle's ``frame`` when that clip has no kick-off mark of
    its own: carried from another synced angle's mark, through the time maps, whether that
    angle has a place on screen or not (not open: its frames as its clip's index showed them
    when it was last open, else at its nominal rate)."""
    if session is None or main is None:
        return None
    frames: dict[int, Frames] = {}
    # The review's clip rows are read only for an angle that is not open: the status bar
    # asks for the clock on every frame played.
    facts: dict[int, Mapping[str, object] | None] | None = None
    for k in station.paths:
        f: Frames | None = station.clip_of(k) or station.kept.get(k)
        if f is None:
            if facts is None:
                facts = {c.id: c.facts for c in session.clips()}
            f = NominalFrames.of(facts.get(k))
        if f is not None:
            frames[k] = f
    try:
        return AngleClock(session.all_angles(), frames, session.record.syncs_of
                          ).match_time_of(main, frame)
    except (KeyError, VideoError):
        return None


def clock_text(window: ReviewWindow, frame: int) -> str:
    """The status bar's match clock at the main angle's ``frame``: from that clip's own
    kick-off mark, else carried from another angle's; empty when no angle carries one."""
    clip, review = window.player.clip, window.review
    if clip is None:
        return ""
    time = review.time_at(frame, clip.timestamp) or carried_clock(
        window.station, review.session, review.clip_id, frame)
    return f"  clock {time.clock} · minute {time.minute}'  " if time else ""
