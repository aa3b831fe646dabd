"""Exactness on every kind of clip: reviewtool against bare PyAV and OpenCV, on the same seeks.

The peers' failures the video engine exists to avoid (wrong frames on variable frame rate and
MPEG-TS, black interlaced frames) are checked here, not assumed: every kind the test suite
covers is made at 640x360, then each reader is asked for the same random frames and the
stamp in its pixels says whether it gave the frame asked for. Prints a table; ``--json``
writes it. Usage: python scripts/bench_exactness.py [--frames 250] [--seeks 100] [--json F]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # quiet: its failures are counted

import _checkout  # noqa: F401  (the checkout's tests.kit)
from bench_video import OpenCVAnchor, PyAVAnchor, timed_check  # beside this script

from reviewtool.video.clip import open_clip
from tests.kit.synth import KINDS, make_clip

READERS = ("app", "pyav", "opencv")


def measure(path: Path, seeks: int) -> dict[str, Any]:
    """Exact answers out of ``seeks`` random seeks, and out of a walk backwards, per reader."""
    with open_clip(path, cache_bytes=0, store_index=False) as clip:
        clip.wait_indexed()
        count = len(clip.index)
        pyav, ocv = PyAVAnchor(path, clip), OpenCVAnchor(path)
        readers = {"app": clip.frame, "pyav": pyav.frame, "opencv": ocv.frame}
        rnd = random.Random(path.name)
        targets = [rnd.randrange(count) for _ in range(seeks)]
        back = list(range(count - 1, max(-1, count - 1 - seeks), -1))
        row: dict[str, Any] = {"clip": path.name, "frames": count}
        for name, read in readers.items():
            row[f"{name}_seek"] = sum(timed_check(read, n)[1] for n in targets)
            row[f"{name}_back"] = sum(timed_check(read, n)[1] for n in back)
        row["seeks"], row["back"] = len(targets), len(back)
        pyav.container.close()
        ocv.cap.release()
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--frames", type=int, default=250)
    ap.add_argument("--seeks", type=int, default=100)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, kind in KINDS.items():
            path = make_clip(Path(tmp) / f"{name}{kind.suffix}", kind, frames=args.frames)
            rows.append(measure(path, args.seeks))
    head = ("clip", *(f"{r} seek" for r in READERS), *(f"{r} back" for r in READERS))
    table = [head] + [(r["clip"], *(f"{r[f'{x}_seek']}/{r['seeks']}" for x in READERS),
                       *(f"{r[f'{x}_back']}/{r['back']}" for x in READERS)) for r in rows]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(head))]
    for line in table:
        print("  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), "utf-8")


if __name__ == "__main__":
    main()
