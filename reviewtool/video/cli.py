"""Video commands: ``reviewtool probe`` and ``reviewtool frame``.

(The frame-access benchmark is a developer's tool: ``scripts/bench_video.py``.)
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import cv2

from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.decoder import Render
from reviewtool.video.errors import VideoError


class Refused(Exception):
    """An argument that names no frame or no place to write one: one line, exit 2."""


def _probe(args: argparse.Namespace) -> int:
    try:
        with open_clip(args.clip) as clip:
            facts = clip.facts().as_json()
    except VideoError as e:
        print(f"reviewtool probe: {e}", file=sys.stderr)
        return 2
    json.dump(facts, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def check_out(out: Path) -> None:
    """Refuse, before any decoding, a picture file that cannot be written where asked."""
    if out.is_dir():
        raise Refused(f"--out {out}: is a folder; give a file name such as {out / 'frame.png'}")
    if not out.suffix:
        raise Refused(f"--out {out}: give the file an extension that says the format (.png, "
                       ".jpg, .tif, .bmp, .webp)")
    if not cv2.haveImageWriter(str(out)):
        raise Refused(f"--out {out}: cannot write {out.suffix} pictures (use .png, .jpg, "
                       ".tif, .bmp or .webp)")
    if not out.parent.is_dir():
        raise Refused(f"--out {out}: the folder {out.parent} does not exist")


def frame_at(clip: Clip, seconds: float) -> int:
    """The frame on screen at ``seconds``; a time outside the clip is refused, not clamped
    to its first or last frame."""
    if not math.isfinite(seconds) or seconds < 0:
        raise Refused(f"--time {seconds:g}: give a time in seconds from 0")
    clip.wait_indexed()
    if seconds > clip.duration:
        raise Refused(f"--time {seconds:g}: past the end of the clip, which runs from 0 to "
                       f"{clip.duration:.3f} s")
    return clip.index_of(seconds)


def _frame(args: argparse.Namespace) -> int:
    if args.at is not None or args.angle is not None or args.clip.endswith(".review"):
        # a review's angle at a match instant: the review commands answer (video knows no
        # reviews); they register themselves as ``review_frame``
        review_frame = getattr(args, "review_frame", None)
        if review_frame is None:
            print("reviewtool frame: a review's angles need the review commands",
                  file=sys.stderr)
            return 2
        return int(review_frame(args))
    out = Path(args.out)
    try:
        check_out(out)
        with open_clip(args.clip, cache_bytes=0) as clip:
            n = args.index if args.index is not None else frame_at(clip, args.time)
            if args.field is not None and not clip.is_interlaced:
                raise VideoError(clip.path, "is progressive: its frames have no fields")
            rgb = (clip.frame(n, Render(args.deinterlace)) if args.field is None
                   else clip.field(n, args.field - 1))
            if not cv2.imwrite(str(out), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)):
                raise Refused(f"--out {out}: the picture could not be written there (is the "
                               "folder writable?)")
            field = "" if args.field is None else f" field {args.field}"
            print(f"frame {n}{field} at {clip.timestamp(n):.6f} s -> {out}")
    except (VideoError, Refused) as e:
        print(f"reviewtool frame: {e}", file=sys.stderr)
        return 2
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("probe", help="print a clip's facts as JSON",
                       description="Print a clip's facts as JSON: codec, size, frame count "
                       "(from an index of its packets), fps, VFR, interlacing, fingerprint.")
    p.add_argument("clip", metavar="CLIP", help="the video file")
    p.set_defaults(func=_probe)

    p = sub.add_parser("frame", help="write exactly one frame of a clip as a picture",
                       description="Write exactly one frame of a clip as a picture; frames "
                       "count from 0 in presentation order. With a review file, --angle K and "
                       "--at CLOCK: angle K's frame at or before that match instant.")
    p.add_argument("clip", metavar="CLIP", help="the video file (or MATCH.review with --angle)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--index", type=int, metavar="N", help="frame number (from 0)")
    which.add_argument("--time", type=float, metavar="SECONDS",
                       help="the frame on screen at this time (from 0 to the clip's end)")
    which.add_argument("--at", metavar="CLOCK", help="with MATCH.review: the match instant, "
                       "as the status bar shows it (90+4:12.340)")
    p.add_argument("--angle", type=int, metavar="K",
                   help="with MATCH.review: the angle (its clip number, as `reviewtool angles` "
                   "prints it)")
    p.add_argument("--out", required=True, metavar="FILE.png",
                   help="picture to write; its extension says the format (.png, .jpg, ...)")
    p.add_argument("--deinterlace", default="linear", choices=("off", "linear", "blend"),
                   help="interlaced clips: how the two fields are combined (default: linear)")
    p.add_argument("--field", type=int, choices=(1, 2),
                   help="interlaced clips: only the first or second field in time")
    p.set_defaults(func=_frame)
