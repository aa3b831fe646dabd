"""Video commands: ``reviewtool probe``, ``reviewtool frame`` and ``reviewtool bench``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2

from reviewtool.video.clip import open_clip
from reviewtool.video.decoder import Render
from reviewtool.video.errors import VideoError


def _probe(args: argparse.Namespace) -> int:
    try:
        with open_clip(args.clip) as clip:
            json.dump(clip.facts().as_json(), sys.stdout, indent=2)
            sys.stdout.write("\n")
    except VideoError as e:
        print(f"reviewtool probe: {e}", file=sys.stderr)
        return 2
    return 0


def _frame(args: argparse.Namespace) -> int:
    out = Path(args.out)
    try:
        with open_clip(args.clip, cache_bytes=0) as clip:
            if args.index is None:
                clip.wait_indexed()  # a time anywhere in the clip needs the whole index
            n = args.index if args.index is not None else clip.index_of(args.time)
            if args.field is not None and not clip.is_interlaced:
                raise VideoError(clip.path, "is progressive: its frames have no fields")
            rgb = (clip.frame(n, Render(args.deinterlace)) if args.field is None
                   else clip.field(n, args.field - 1))
            if not cv2.imwrite(str(out), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)):
                raise VideoError(out, "cannot write the picture here (check the folder and "
                                 "the file extension, e.g. .png)")
            field = "" if args.field is None else f" field {args.field}"
            print(f"frame {n}{field} at {clip.timestamp(n):.6f} s -> {out}")
    except VideoError as e:
        print(f"reviewtool frame: {e}", file=sys.stderr)
        return 2
    return 0


def _bench(args: argparse.Namespace) -> int:
    from reviewtool.video.bench import run_bench

    return run_bench(args)


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("probe", help="print a clip's facts as JSON")
    p.add_argument("clip")
    p.set_defaults(func=_probe)

    p = sub.add_parser("frame", help="write exactly one frame of a clip as a picture")
    p.add_argument("clip")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--index", type=int, metavar="N", help="frame number (from 0)")
    which.add_argument("--time", type=float, metavar="SECONDS",
                       help="the frame on screen at this time")
    p.add_argument("--out", required=True, metavar="FILE.png")
    p.add_argument("--deinterlace", default="linear", choices=("off", "linear", "blend"))
    p.add_argument("--field", type=int, choices=(1, 2),
                   help="interlaced clips: only the first or second field in time")
    p.set_defaults(func=_frame)

    p = sub.add_parser("bench", help="benchmark frame access against bare PyAV and OpenCV")
    p.add_argument("clips", nargs="+")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--seeks", type=int, default=200,
                   help="random seeks per clip (a p95 of fewer moves a lot between runs)")
    p.add_argument("--steps", type=int, default=100, help="steps each way per run")
    p.add_argument("--playback-seconds", type=float, default=60.0)
    p.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    p.set_defaults(func=_bench)
