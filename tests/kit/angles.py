"""Angles of one scene for tests: stamped clips whose cameras start at different times, run at
different rates, and (optionally) record the same soundtrack of clicks and a whistle.

A camera is described by its time map onto the scene's (reference) time: frame ``i`` of a
camera with frame times ``times`` shows the scene at ``time_map.to_reference(times[i])``, and
its audio at clip time ``t`` is the scene's sound at ``time_map.to_reference(t)`` plus that
camera's own noise. So the truth every sync must find is known exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from reviewtool.video.timemap import TimeMap
from tests.kit.synth import KINDS, ClipKind, _flagged, _frame, picture, texture_for

AUDIO_RATE = 16000


@dataclass(frozen=True)
class Soundtrack:
    """The scene's sound: short clicks at irregular times and one whistle, in scene seconds."""

    clicks: tuple[float, ...]
    whistle: float | None = None

    def render(self, t: np.ndarray, rng: np.random.Generator, noise: float = 0.01
               ) -> np.ndarray:
        """The sound at scene times ``t`` (increasing), with this camera's own noise."""
        out = noise * rng.standard_normal(len(t))
        events = [(c, 0.03, True) for c in self.clicks]
        if self.whistle is not None:
            events.append((self.whistle, 0.4, False))
        for start, length, click in events:
            lo, hi = np.searchsorted(t, [start, start + length])
            dt = t[lo:hi] - start
            if click:
                out[lo:hi] += 0.6 * np.exp(-dt / 0.004) * np.sin(2 * np.pi * 2500 * dt)
            else:
                out[lo:hi] += 0.3 * np.sin(2 * np.pi * 3200 * dt)
        return np.clip(out, -1, 1).astype(np.float32)


def scene_sound(seconds: float, seed: int = 3) -> Soundtrack:
    rng = np.random.default_rng(seed)
    clicks = np.cumsum(rng.uniform(0.15, 0.9, size=int(seconds / 0.3) + 2))
    return Soundtrack(tuple(float(c) for c in clicks if c < seconds), whistle=seconds * 0.45)


def frame_times(frames: int, fps: float, kind: ClipKind) -> list[float]:
    from tests.kit.synth import vfr_timestamps

    if kind.vfr:
        return [round(t, 3) for t in vfr_timestamps(frames, fps)]
    return [i / fps for i in range(frames)]


def make_angle(path: str | Path, kind: str | ClipKind, time_map: TimeMap, *, frames: int,
               fps: float, size: tuple[int, int] = (320, 180),
               sound: Soundtrack | None = None, audio_codec: str = "aac",
               audio_rate: int = AUDIO_RATE, seed: int = 0) -> tuple[Path, list[float]]:
    """Encode a stamped clip of one camera (and its audio when ``sound`` is given); returns
    the path and the frame times in the clip's own seconds."""
    k = KINDS[kind] if isinstance(kind, str) else kind
    times = frame_times(frames, fps, k)
    width, height = size
    texture = texture_for(width + 64, height, seed=7 + seed)
    rate = Fraction(fps).limit_denominator(1001)
    ms = Fraction(1, 1000)
    with av.open(str(path), "w", format=k.container) as container:
        video = container.add_stream(k.codec, rate=rate, options=dict(k.options))
        video.pix_fmt, video.width, video.height = k.pix_fmt, width, height
        if k.vfr:
            video.time_base = video.codec_context.time_base = ms
        if k.qscale is not None:
            video.codec_context.qmin = video.codec_context.qmax = k.qscale
        audio = None
        if sound is not None:
            audio = container.add_stream(audio_codec, rate=audio_rate)
            audio.layout = "mono"
        for i in range(frames):
            frame = _frame(picture(i, width, height, texture), k.pix_fmt, None)
            if k.vfr:
                frame.pts, frame.time_base = round(times[i] * 1000), ms
            else:
                frame.pts, frame.time_base = i, 1 / rate
            for f in _flagged(frame, "tff" if k.interlaced else None):
                container.mux(video.encode(f))
        container.mux(video.encode(None))
        if audio is not None and sound is not None:
            _mux_audio(container, audio, sound, time_map, times[-1] + 1 / fps, seed, audio_rate)
    return Path(path), times


def _mux_audio(container: av.container.OutputContainer, stream: av.AudioStream,
               sound: Soundtrack, time_map: TimeMap, seconds: float, seed: int,
               rate: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n = int(seconds * rate)
    t_clip = np.arange(n) / rate
    samples = sound.render(time_map.to_reference(t_clip), rng)
    block = 1024
    for start in range(0, n, block):
        chunk = samples[start:start + block]
        frame = av.AudioFrame.from_ndarray(chunk[None, :], format="fltp", layout="mono")
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))


def expected_frame(times: Sequence[float], t_clip: float, eps: float = 1e-6) -> int | None:
    """The frame on screen at clip time ``t_clip``: the last whose time is at or before it
    (``eps`` absorbs the rounding of a time mapped there and back)."""
    i = int(np.searchsorted(np.asarray(times), t_clip + eps, side="right")) - 1
    return i if i >= 0 else None
