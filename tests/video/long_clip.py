"""A clip long enough that building its frame index takes seconds: a short stamped clip
repeated by stream copy (no re-encoding, so it is made in about a second)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reviewtool.video.synth import ffmpeg_exe, make_clip

PERIOD = 250  # frames of the short clip; frame n carries the stamp n % PERIOD
REPEATS = 400  # 100,000 frames at 50 fps: 33 minutes


def make_long_clip(folder: Path, repeats: int = REPEATS) -> Path:
    short = make_clip(folder / "short.mp4", "h264_mp4", frames=PERIOD, size=(320, 180), fps=50)
    out = folder / "long.mp4"
    subprocess.run([ffmpeg_exe(), "-y", "-loglevel", "error", "-stream_loop", str(repeats - 1),
                    "-i", str(short), "-c", "copy", str(out)], check=True)
    return out
