"""Make the benchmark clips: 1080p50 H.264 (GOP 50 and GOP 250, 3 B-frames) and MJPEG.

Each picture carries its frame index (see tests/kit/stamp.py), so the benchmark can check
exactness. Needs only what the app installs (PyAV encodes the clips); run it from a checkout.
Usage: python scripts/make_bench_clips.py OUT_DIR [--seconds 70] [--angles 4 --angle-seconds 20]

``--angles N`` makes, instead, the clips of the four-angle benchmark (scripts/bench_angles.py):
N angles at 1080p50 and N at 720p50, H.264 GOP 50, each with its own background so that they are
different files; the benchmark gives them different time offsets.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import _checkout  # noqa: F401  (the checkout's tests.kit)

from tests.kit.synth import ClipKind, make_clip, x264


def bench_kinds() -> list[ClipKind]:
    def closed(gop: int) -> dict[str, str]:
        return {**x264(gop), "x264-params": f"keyint={gop}:min-keyint={gop}:scenecut=0:"
                "bframes=3"}

    return [ClipKind("h264_gop50", ".mp4", "libx264", options=closed(50)),
            ClipKind("h264_gop250", ".mp4", "libx264", options=closed(250)),
            ClipKind("mjpeg", ".avi", "mjpeg", "yuvj420p", qscale=4)]


ANGLE_SIZES = {"1080": (1920, 1080), "720": (1280, 720)}


def angle_path(out: Path, size: str, k: int) -> Path:
    """Where ``--angles`` writes angle ``k`` (0-based) at ``size`` ("1080" or "720")."""
    return out / f"angle{k + 1}_{size}p50.mp4"


def make_angles(out: Path, count: int, seconds: float) -> None:
    gop50 = bench_kinds()[0]
    for size, (w, h) in ANGLE_SIZES.items():
        for k in range(count):
            path = angle_path(out, size, k)
            make_clip(path, gop50, frames=int(seconds * 50), size=(w, h), fps=50, seed=11 + k)
            print(f"{path}  {path.stat().st_size / 1e6:.1f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write the clips into")
    ap.add_argument("--seconds", type=float, default=70.0, help="length of each clip")
    ap.add_argument("--angles", type=int, default=0,
                    help="make this many angles for bench_angles.py instead")
    ap.add_argument("--angle-seconds", type=float, default=20.0,
                    help="length of each angle clip")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.angles:
        make_angles(args.out, args.angles, args.angle_seconds)
        return
    for kind in bench_kinds():
        path = args.out / f"{kind.name}{kind.suffix}"
        make_clip(path, kind, frames=int(args.seconds * 50), size=(1920, 1080), fps=50)
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
