"""Make the benchmark clips: 1080p50 H.264 (GOP 50 and GOP 250, 3 B-frames) and MJPEG.

Each picture carries its frame index (see reviewtool.video.stamp), so the benchmark can check
exactness. Usage: python scripts/make_bench_clips.py OUT_DIR [--seconds 70]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reviewtool.video.synth import X264_BFRAMES, ClipKind, make_clip


def bench_kinds() -> list[ClipKind]:
    def x264(gop: int) -> tuple[str, ...]:
        return (*X264_BFRAMES, "-g", str(gop), "-x264-params",
                f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes=3")

    return [ClipKind("h264_gop50", ".mp4", x264(50)),
            ClipKind("h264_gop250", ".mp4", x264(250)),
            ClipKind("mjpeg", ".avi", ("-c:v", "mjpeg", "-q:v", "4", "-pix_fmt", "yuvj420p"))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seconds", type=float, default=70.0)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for kind in bench_kinds():
        path = args.out / f"{kind.name}{kind.suffix}"
        make_clip(path, kind, frames=int(args.seconds * 50), size=(1920, 1080), fps=50)
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
