"""A clip long enough that building its frame index takes seconds: a short stamped clip
repeated by copying its packets (no re-encoding, so it is made in a few seconds)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av

from tests.kit.synth import make_clip

PERIOD = 250  # frames of the short clip; frame n carries the stamp n % PERIOD
REPEATS = 400  # 100,000 frames at 50 fps: 33 minutes
FPS = 50


def make_long_clip(folder: Path, repeats: int = REPEATS) -> Path:
    short = make_clip(folder / "short.mp4", "h264_mp4", frames=PERIOD, size=(320, 180),
                      fps=FPS)
    out = folder / "long.mp4"
    with av.open(str(short)) as src:
        stream = src.streams.video[0]
        time_base = stream.time_base
        assert time_base is not None
        packets = [(p.pts, p.dts, p.duration, p.is_keyframe, bytes(p))
                   for p in src.demux(stream) if p.size]
        span = round(PERIOD / (FPS * Fraction(time_base)))  # one period in stream ticks
        with av.open(str(out), "w") as dst:
            copy = dst.add_stream_from_template(stream)
            for k in range(repeats):
                for pts, dts, duration, key, data in packets:
                    packet = av.Packet(data)
                    packet.pts, packet.dts = pts + k * span, dts + k * span
                    packet.duration = duration
                    packet.is_keyframe = key
                    packet.time_base = time_base
                    packet.stream = copy
                    dst.mux(packet)
    return out
