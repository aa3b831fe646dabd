"""Benchmark: sync by sound on two long clips that recorded one scene, against the truth.

Two clips of MINUTES minutes (1 fps MJPEG pictures, the sound at 48 kHz AAC in MKV) hear the
same clicks and whistle; the second starts OFFSET seconds later and its clock runs RATE fast,
each with its own noise. Reported: the offset's error at the start and the end of the second
clip (ms), the rate's error (ppm), the confidence, and the wall time of ``sync_by_sound``
(decoding both tracks included) with and without the drift estimate.
Usage: python scripts/bench_audiosync.py [--minutes 10] [--offset 7.37] [--rate 1.00002]
       [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import _checkout  # noqa: F401  (the checkout's tests.kit)

from reviewtool.video.audiosync import sync_by_sound
from reviewtool.video.timemap import TimeMap
from tests.kit.angles import make_angle, scene_sound


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0, help="length of each clip")
    ap.add_argument("--offset", type=float, default=7.37, help="the second clip starts later")
    ap.add_argument("--rate", type=float, default=1.00002, help="its clock's rate (20 ppm)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    seconds = args.minutes * 60
    truth = TimeMap(args.offset, args.rate)
    sound = scene_sound(seconds + args.offset + 5, seed=9)
    with tempfile.TemporaryDirectory() as d:
        made = time.perf_counter()
        frames = int(seconds)
        a, _ = make_angle(Path(d) / "a.mkv", "mjpeg_avi", TimeMap(), frames=frames + 10,
                          fps=1.0, size=(256, 144), sound=sound, audio_rate=48000, seed=1)
        b, _ = make_angle(Path(d) / "b.mkv", "mjpeg_avi", truth, frames=frames, fps=1.0,
                          size=(256, 144), sound=sound, audio_rate=48000, seed=2)
        made = time.perf_counter() - made
        runs = {}
        for drift in (False, True):
            t0 = time.perf_counter()
            found = sync_by_sound(a, b, drift=drift)
            wall = time.perf_counter() - t0
            m = found.time_map
            runs["drift" if drift else "offset_only"] = {
                "offset_error_start_ms": round((m.to_reference(0) - truth.to_reference(0)) * 1e3,
                                               3),
                "offset_error_end_ms": round((m.to_reference(seconds) -
                                              truth.to_reference(seconds)) * 1e3, 3),
                "rate_error_ppm": round((m.rate - truth.rate) * 1e6, 2),
                "confidence": round(found.confidence, 3), "wall_s": round(wall, 2)}
    result = {"machine": platform.platform(), "minutes": args.minutes,
              "truth": {"offset": args.offset, "rate": args.rate},
              "clips_made_s": round(made, 1), **runs}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
