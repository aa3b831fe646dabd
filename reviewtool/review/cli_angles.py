"""Headless angle commands: ``reviewtool sync``, ``reviewtool angles`` and the review form of
``reviewtool frame`` (angle K at a match instant).

Each prints JSON (or writes one picture) and exits 2 with one line naming the problem when it
cannot: a clip without audio, marks that contradict, clips that never overlap, an unsynced
angle, an instant the angle does not show.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import av

from reviewtool.review.angle_clock import AngleClock, Frames
from reviewtool.review.matchtime import parse_clock
from reviewtool.review.recorder import ReviewError
from reviewtool.video.audiosync import SoundSyncError, sync_by_sound
from reviewtool.video.timemap import SyncError, SyncMark, TimeMap, fit_marks


class _Refused(Exception):
    """One line, exit 2."""


def _emit(doc: Any) -> None:
    json.dump(doc, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _mark(text: str) -> SyncMark:
    a, sep, b = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return SyncMark(float(a), float(b))
    except ValueError:
        raise _Refused(f"--marks {text}: give A_SECONDS:B_SECONDS, the same moment's time in "
                       "each clip (e.g. 12.48:11.10)") from None


def _span(path: Path) -> tuple[float | None, float | None]:
    """A clip's duration and frame rate from its container (cheap; None when not said)."""
    try:
        with av.open(str(path)) as c:
            if not c.streams.video:
                raise _Refused(f"{path.name} has no video stream")
            v = c.streams.video[0]
            rate = float(v.average_rate) if v.average_rate else None
            duration = c.duration / 1e6 if c.duration else None
            return duration, rate
    except av.FFmpegError as e:
        raise _Refused(f"{path.name}: not a video file that FFmpeg can read ({e})") from None


def _check_files(*paths: Path) -> None:
    for p in paths:
        if not p.is_file():
            raise _Refused(f"{p}: file not found" if not p.exists() else f"{p}: not a file")


def _sync(args: argparse.Namespace) -> int:
    a, b = Path(args.a), Path(args.b)
    try:
        _check_files(a, b)
        if not args.marks:
            _emit(sync_by_sound(a, b, drift=not args.no_drift).to_json())
            return 0
        marks = [_mark(m) for m in args.marks]
        (dur_a, _fps_a), (dur_b, fps_b) = _span(a), _span(b)
        frame_ms = 1000.0 / fps_b if fps_b else 40.0
        fit = fit_marks(marks, 0.0 if args.exact else frame_ms / 1000.0)
        _check_overlap(fit.time_map, dur_a, dur_b, a.name, b.name)
        for i, r in enumerate(fit.residuals_ms, start=1):
            if abs(r) > frame_ms:
                print(f"reviewtool sync: WARNING: mark {i} ({args.marks[i - 1]}) is {r:+.1f} ms "
                      f"off the fit of the others (more than one frame of {b.name})",
                      file=sys.stderr)
    except (_Refused, SyncError, SoundSyncError) as e:
        print(f"reviewtool sync: {e}", file=sys.stderr)
        return 2
    _emit({**fit.time_map.to_json(), "confidence": None, "method": "marks",
           "residuals_ms": [round(r, 3) for r in fit.residuals_ms]})
    return 0


def _check_overlap(m: TimeMap, dur_a: float | None, dur_b: float | None, a: str, b: str
                   ) -> None:
    if dur_a is None or dur_b is None:
        return
    start, end = m.to_reference(0.0), m.to_reference(dur_b)
    if end <= 0.0 or start >= dur_a:
        raise _Refused(f"the marks put {b} at {start:.3f} to {end:.3f} s of {a}, which runs "
                       f"from 0 to {dur_a:.3f} s: the clips never show the same moment")


def _open_review(path: str, command: str) -> Any:
    from reviewtool.review.session import ReviewSession

    session = ReviewSession.open(path, read_only=True)
    for warning in session.warnings:
        print(f"reviewtool {command}: WARNING: {warning}", file=sys.stderr)
    return session


def _angles(args: argparse.Namespace) -> int:
    try:
        session = _open_review(args.review, "angles")
    except (ReviewError, OSError, ValueError) as e:
        print(f"reviewtool angles: {e}", file=sys.stderr)
        return 2
    try:
        every = session.all_angles()
        doc = {"reference": session.reference_angle(),
               "angles": [a.to_json() for a in every if a.removed is None],
               "removed": [a.to_json() for a in every if a.removed is not None],
               "match_time": [{"angle": s.clip, "frame": s.frame, "period": s.period,
                               "elapsed": s.elapsed}
                              for a in every for s in session.record.syncs_of(a.number)]}
    finally:
        session.close()
    _emit(doc)
    return 0


def _review_frame(args: argparse.Namespace) -> int:
    import cv2

    from reviewtool.video.cli import Refused, check_out
    from reviewtool.video.clip import open_clip
    from reviewtool.video.errors import VideoError

    opened: dict[int, Any] = {}
    try:
        if not args.clip.endswith(".review") or args.angle is None or args.at is None:
            raise _Refused("a review's frame needs MATCH.review, --angle K and --at CLOCK")
        when = parse_clock(args.at)
        if when is None:
            raise _Refused(f"--at {args.at}: not a match clock (give it as the status bar "
                           "shows it: 90+4:12.340 or 67:30)")
        out = Path(args.out)
        check_out(out)
        session = _open_review(args.clip, "frame")
        try:
            angles = session.all_angles()  # one removed from the station may carry the clock
            angle = session.angle(args.angle)
            if not angle.synced:
                raise _Refused(angle.why)
            needed = {angle.number} | {a.number for a in angles
                                       if a.synced and session.record.syncs_of(a.number)}
            for a in angles:
                if a.number in needed:
                    try:
                        clip = open_clip(a.clip.path, cache_bytes=0)
                    except VideoError as e:
                        if a.number == angle.number:
                            raise _Refused(f"angle {a.number} cannot be opened: {e}") from None
                        print(f"reviewtool frame: WARNING: angle {a.number} cannot be opened "
                              f"({e}); its match-time marks are not used", file=sys.stderr)
                        continue
                    opened[a.number] = clip
                    clip.wait_indexed()
            frames: dict[int, Frames] = dict(opened)
            clock = AngleClock(angles, frames, session.record.syncs_of)
            instant = clock.instant_of(when)
            if instant is None:
                raise _Refused(f"--at {args.at}: no angle carries a match-time mark of period "
                               f"{when.period} (mark one at the review desk)")
            place = clock.place(angle.number, instant)
            if place.frame is None:
                raise _Refused(f"--at {args.at}: {place.why}")
            rgb = opened[angle.number].frame(place.frame)
        finally:
            session.close()
        if not cv2.imwrite(str(out), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)):
            raise _Refused(f"--out {out}: the picture could not be written there")
        print(f"angle {angle.number} frame {place.frame} at {place.t_clip:.6f} s of its clip "
              f"({when.clock} = {instant:.6f} s of angle {angle.reference}) -> {out}")
        return 0
    except (_Refused, Refused, ReviewError, VideoError, OSError) as e:
        print(f"reviewtool frame: {e}", file=sys.stderr)
        return 2
    finally:
        for clip in opened.values():
            clip.close()


def add_angle_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sync", help="the time map between two angles, by marks or by sound "
                       "(JSON)",
                       description="Print the time map from B's clip time to A's (t_A = offset "
                       "+ rate * t_B) as JSON. With --marks, fitted to the marks (two or more "
                       "give the rate); without, estimated from the clips' sound. Exit 2 with "
                       "one line when it cannot (no audio, no clear peak, contradicting marks).")
    p.add_argument("a", metavar="A", help="the reference angle's clip")
    p.add_argument("b", metavar="B", help="the clip to map onto A's time")
    p.add_argument("--marks", nargs="+", metavar="A_SECONDS:B_SECONDS",
                   help="the same moment's time in each clip (one or more)")
    p.add_argument("--exact", action="store_true",
                   help="the marks are exact times, not placed on frames: fit the rate however "
                   "close together they are (by default the rate is fitted only from marks far "
                   "enough apart for a frame's error not to matter)")
    p.add_argument("--no-drift", action="store_true",
                   help="by sound: the offset only (rate 1), even on long clips")
    p.set_defaults(func=_sync)

    p = sub.add_parser("angles", help="print a review's angles and their time maps (JSON)",
                       description="Print a review's angles (its clips) and their time maps to "
                       "the reference angle as JSON; an unsynced angle says why, and the angles "
                       "removed from the station are listed under \"removed\".")
    p.add_argument("review", metavar="MATCH.review", help="the review file")
    p.set_defaults(func=_angles)

    frame = sub.choices.get("frame")
    if frame is not None:
        frame.set_defaults(review_frame=_review_frame)
