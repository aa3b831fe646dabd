"""The demo's soundtrack: a crowd and the referee's whistle, heard by every camera.

One sound field is made in scene time (a crowd that swells with the cross, the whistle at the
scene's ``WHISTLES``); each camera records it through its own clock (``offset + rate * t``,
like its pictures) with a little microphone noise of its own, so sound sync has a common signal
to find and the truth to be checked against. Mono, 16 kHz: small files, and the whistle (about
3.2 kHz) stays below the Nyquist frequency of an 8 kHz analysis too.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

RATE = 16_000  # samples per second
WHISTLE_HZ = 3150.0
TRILL_HZ = 28.0  # the pea's rattle: the pitch wobbles this often
MARGIN_S = 1.0  # the field is made a little beyond the scene, for clocks that run ahead


def whistle(seconds: float, rate: int = RATE) -> np.ndarray:
    """One blast: a trilled tone with its second harmonic, quick attack, short release."""
    t = np.arange(int(seconds * rate)) / rate
    freq = WHISTLE_HZ + 70.0 * np.sin(2 * np.pi * TRILL_HZ * t)
    phase = 2 * np.pi * np.cumsum(freq) / rate
    tone = np.sin(phase) + 0.3 * np.sin(2 * phase)
    env = np.minimum(1.0, t / 0.012) * np.minimum(1.0, (seconds - t) / 0.04).clip(0, 1)
    return (0.45 * tone * env).astype(np.float32)


def crowd(seconds: float, seed: int, swell: Sequence[tuple[float, float]] = (),
          rate: int = RATE) -> np.ndarray:
    """Crowd-like noise: a pink-ish rumble under 3 kHz whose loudness follows ``swell``
    ((time, level) points; level 1 is the murmur)."""
    n = int(seconds * rate)
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    f = np.fft.rfftfreq(n, 1 / rate)
    shape = np.where((f > 80) & (f < 3000), 1 / np.sqrt(np.maximum(f, 1.0)), 0.0)
    noise = np.fft.irfft(spectrum * shape, n)
    noise /= np.abs(noise).max() + 1e-9
    t = np.arange(n) / rate
    level = np.interp(t, *zip(*swell, strict=True)) if swell else np.ones(n)
    return (0.12 * noise * level).astype(np.float32)


@lru_cache(maxsize=4)
def scene_field(seconds: float, whistles: tuple[tuple[float, float], ...],
                swell: tuple[tuple[float, float], ...], seed: int) -> np.ndarray:
    """The sound at the pitch from scene time ``-MARGIN_S`` on (read-only)."""
    total = seconds + 2 * MARGIN_S
    field = crowd(total, seed, tuple((t + MARGIN_S, v) for t, v in swell))
    for start, length in whistles:
        i = round((start + MARGIN_S) * RATE)
        blast = whistle(length)
        field[i:i + len(blast)] += blast[: max(0, len(field) - i)]
    field.setflags(write=False)
    return field


def recorded(field: np.ndarray, offset: float, rate: float, seconds: float, mic_seed: int,
             gain: float = 1.0) -> np.ndarray:
    """What a camera whose clip time ``t`` shows scene time ``offset + rate * t`` records over
    ``seconds`` of its clip (float32 mono at ``RATE``)."""
    n = round(seconds * RATE)
    scene_t = offset + rate * np.arange(n) / RATE
    grid = np.arange(len(field)) / RATE - MARGIN_S
    out = np.interp(scene_t, grid, field).astype(np.float32) * gain
    out += np.random.default_rng(mic_seed).normal(0, 0.006, n).astype(np.float32)
    return np.clip(out, -1.0, 1.0)


def onsets(clip_audio_whistles: Sequence[tuple[float, float]], offset: float,
           rate: float) -> list[float]:
    """Clip times at which a camera hears each whistle begin (the truth sound sync finds)."""
    return [(start - offset) / rate for start, _ in clip_audio_whistles]
