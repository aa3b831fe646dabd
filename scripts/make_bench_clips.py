"""Make the benchmark clips: 1080p50 H.264 (GOP 50 and GOP 250, 3 B-frames) and MJPEG.

Each picture carries its frame index (see tests/kit/stamp.py), so the benchmark can check
exactness. Needs only what the app installs (PyAV encodes the clips); run it from a checkout.
Usage: python scripts/make_bench_clips.py OUT_DIR [--seconds 70]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write the clips into")
    ap.add_argument("--seconds", type=float, default=70.0, help="length of each clip")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for kind in bench_kinds():
        path = args.out / f"{kind.name}{kind.suffix}"
        make_clip(path, kind, frames=int(args.seconds * 50), size=(1920, 1080), fps=50)
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
