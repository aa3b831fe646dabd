"""Sync by sound: the offset between two angles from their audio tracks.

Two cameras at one match hear the same whistles, kicks and crowd. Each clip's audio is decoded
with PyAV, resampled to mono at a low rate, and turned into an onset envelope (how sharply the
high-passed sound's energy rises, one value a millisecond): onsets survive different microphones,
gains and distances far better than raw samples. The envelopes are cross-correlated with numpy's
FFT; the highest peak gives the lag, refined below a millisecond by a parabola through its
neighbours. The confidence compares the peak with the next best one away from it: a clear match
is far above everything else. Clips without audio, or with no clear peak, raise ``SoundSyncError``
with one line that says so. With ``drift=True`` and clips long enough, short windows along the
second clip, each found near the whole clip's offset, give the rate as well (a line through
their offsets): over a whole clip a drift smears the peak, over a short window it does not.

Times are the clip's own: 0 is the first video frame (as the frame index counts), so the audio's
start relative to it is measured from the container's timestamps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np

from reviewtool.video.timemap import MAX_DRIFT, TimeMap

RATE = 8000  # samples a second after resampling: whistles and kicks are well below 4 kHz
HOP = 8  # samples per envelope value: 1 ms at 8 kHz
MIN_CONFIDENCE = 0.2  # below this the peak is not clear enough to propose
MIN_PEAK_Z = 8.0  # the peak's height over the correlation's noise, in robust deviations
GUARD_S = 0.05  # the second peak is looked for at least this far from the first
DRIFT_SPAN_S = 60.0  # the windows of a drift estimate must spread over this much clip
WINDOW_S = 15.0  # each window: short enough that a drift of 1e-4 smears it by 1.5 ms only
MAX_WINDOWS = 12
SEARCH_S = 1.0  # a window is looked for this far around the whole clip's offset
OUTLIER_S = 0.005


class SoundSyncError(ValueError):
    """Audio that cannot give an offset; the message names the clip and why, in one line."""


@dataclass(frozen=True)
class Audio:
    """Mono samples at ``rate``; ``start`` is the clip time (seconds after the first video
    frame) of the first sample."""

    samples: np.ndarray
    rate: int
    start: float

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


@dataclass(frozen=True)
class SoundSync:
    """``t_A = offset + rate * t_B``, as ``reviewtool sync`` prints it."""

    time_map: TimeMap
    confidence: float
    peak_z: float

    def to_json(self) -> dict[str, Any]:
        return {"offset": round(self.time_map.offset, 6), "rate": round(self.time_map.rate, 9),
                "confidence": round(self.confidence, 4), "method": "sound",
                "residuals_ms": []}


def _video_start(container: av.container.InputContainer) -> float | None:
    """The first video frame's time in the container: the smallest presentation timestamp
    among the first packets (B-frames reorder only within a few)."""
    if not container.streams.video:
        return None
    stream = container.streams.video[0]
    best: int | None = None
    for i, packet in enumerate(container.demux(stream)):
        if packet.pts is not None:
            best = packet.pts if best is None else min(best, packet.pts)
        if i >= 64:
            break
    return None if best is None else float(best * stream.time_base)


def read_audio(path: str | Path, rate: int = RATE, max_seconds: float | None = None) -> Audio:
    """The first audio track of ``path``, mono at ``rate``, timed on the clip's video."""
    p = Path(path)
    try:
        container = av.open(str(p))
    except (av.FFmpegError, OSError) as e:
        raise SoundSyncError(f"{p.name}: cannot be read ({e})") from None
    with container:
        if not container.streams.audio:
            raise SoundSyncError(f"{p.name} has no audio track: sync it by marks instead")
        zero = _video_start(container) or 0.0
        container.seek(0)
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        chunks: list[np.ndarray] = []
        first: float | None = None
        got = 0
        try:
            for frame in container.decode(stream):
                if first is None and frame.pts is not None:
                    first = float(frame.pts * frame.time_base)
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
                    got += out.samples
                if max_seconds is not None and got >= max_seconds * rate:
                    break
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.FFmpegError as e:
            raise SoundSyncError(f"{p.name}: its audio cannot be decoded ({e})") from None
    samples = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    if max_seconds is not None:
        samples = samples[: int(max_seconds * rate)]
    if len(samples) < rate // 2:
        raise SoundSyncError(f"{p.name}: its audio track is empty or shorter than half a second")
    return Audio(samples, rate, (first if first is not None else zero) - zero)


def onset_envelope(samples: np.ndarray, hop: int = HOP) -> np.ndarray:
    """How sharply the sound's energy rises, one value per ``hop`` samples, zero-mean and of
    unit deviation (all zeros for silence)."""
    high = np.diff(samples.astype(np.float64), prepend=0.0)  # a first-order high-pass
    n = len(high) // hop
    energy = (high[: n * hop] ** 2).reshape(n, hop).sum(axis=1)
    level = np.log1p(1e4 * energy)
    onset = np.maximum(np.diff(level, prepend=level[:1]), 0.0)
    sd = onset.std()
    return (onset - onset.mean()) / sd if sd > 1e-12 else np.zeros_like(onset)


@dataclass(frozen=True)
class _Peak:
    lag: float  # envelope steps: a[i + lag] matches b[i]
    confidence: float
    z: float


def _correlate(a: np.ndarray, b: np.ndarray) -> _Peak:
    n = 1 << math.ceil(math.log2(len(a) + len(b)))
    c = np.fft.irfft(np.fft.rfft(a, n) * np.conj(np.fft.rfft(b, n)), n)
    # lags from -(len(b) - 1) to len(a) - 1, in order
    c = np.concatenate((c[n - len(b) + 1:], c[: len(a)]))
    i = int(np.argmax(c))
    peak = float(c[i])
    sub = 0.0
    if 0 < i < len(c) - 1:
        y0, y1, y2 = float(c[i - 1]), peak, float(c[i + 1])
        denom = y0 - 2 * y1 + y2
        sub = 0.5 * (y0 - y2) / denom if denom < 0 else 0.0
    guard = int(GUARD_S * RATE / HOP)
    rest = np.concatenate((c[: max(i - guard, 0)], c[i + guard + 1:]))
    second = float(rest.max()) if len(rest) else 0.0
    spread = 1.4826 * float(np.median(np.abs(c - np.median(c)))) or 1e-12
    z = (peak - float(np.median(c))) / spread
    confidence = 0.0 if peak <= 0 else float(np.clip(1.0 - max(second, 0.0) / peak, 0.0, 1.0))
    return _Peak(i - (len(b) - 1) + sub, confidence, z)


def _offset(a: Audio, b: Audio, b_from: float = 0.0, b_to: float | None = None,
            around: float | None = None) -> tuple[float, _Peak]:
    """The offset ``t_A - t_B`` of the sound in ``b`` between clip seconds ``b_from`` and
    ``b_to`` (all of it by default) found in ``a`` (only within ``SEARCH_S`` of ``around``,
    when given: the windows of a drift estimate look near the whole clip's offset)."""
    step = HOP / a.rate
    lo = max(int((b_from - b.start) * b.rate), 0)
    hi = len(b.samples) if b_to is None else max(int((b_to - b.start) * b.rate), lo)
    a_lo, a_hi = 0, len(a.samples)
    if around is not None:
        a_lo = max(int((b.start + lo / b.rate + around - SEARCH_S - a.start) * a.rate), 0)
        a_hi = max(int((b.start + hi / b.rate + around + SEARCH_S - a.start) * a.rate), a_lo)
    env_a = onset_envelope(a.samples[a_lo:a_hi])
    env_b = onset_envelope(b.samples[lo:hi])
    if not env_a.any() or not env_b.any():
        which = "the first clip" if not env_a.any() else "the second clip"
        raise SoundSyncError(f"{which}'s audio is silent: nothing to sync by")
    peak = _correlate(env_a, env_b)
    return (a.start + a_lo / a.rate) - (b.start + lo / b.rate) + peak.lag * step, peak


def _clear(peak: _Peak) -> bool:
    return peak.confidence >= MIN_CONFIDENCE and peak.z >= MIN_PEAK_Z


def _refuse_unclear(peak: _Peak, names: str) -> None:
    if not _clear(peak):
        raise SoundSyncError(
            f"{names}: no clear peak when matching the sound (confidence {peak.confidence:.2f}, "
            f"peak {peak.z:.1f} deviations above the noise): the clips may not share sound; "
            "sync them by marks")


def _drift(a: Audio, b: Audio, offset: float) -> TimeMap | None:
    """Offset and rate from windows of ``b`` along its length, each found in ``a`` near
    ``offset``, fitted by a line (a window off the line by more than ``OUTLIER_S`` is
    dropped once); None when too few windows are clear or the rate is not a drift."""
    count = min(MAX_WINDOWS, int(b.seconds // WINDOW_S))
    found: list[tuple[float, float]] = []
    for k in range(count):
        start = b.start + k * b.seconds / count
        try:
            o, peak = _offset(a, b, start, start + WINDOW_S, around=offset)
        except SoundSyncError:
            continue
        if _clear(peak):
            found.append((start + WINDOW_S / 2, o))
    for _ in range(2):
        if len(found) < 3 or found[-1][0] - found[0][0] < DRIFT_SPAN_S:
            return None
        centres, offsets = (np.array(v) for v in zip(*found, strict=True))
        slope, intercept = (float(v) for v in np.polyfit(centres, offsets, 1))
        misfit = np.abs(offsets - (intercept + slope * centres))
        if misfit.max() <= OUTLIER_S:
            break
        found = [f for f, m in zip(found, misfit, strict=True) if m <= OUTLIER_S]
    if abs(slope) > MAX_DRIFT:
        return None
    # offset_w = t_A - t_B at t_B = centre; t_A = offset + rate * t_B
    return TimeMap(intercept, 1.0 + slope)


def estimate(a: Audio, b: Audio, *, drift: bool = False, names: str = "the clips"
             ) -> SoundSync:
    """The map from ``b``'s clip time to ``a``'s. With ``drift``, windows of ``b`` along its
    length give the rate too, when enough are clear; otherwise the rate is 1."""
    if a.rate != b.rate:
        raise ValueError("both clips' audio must be resampled to the same rate")
    offset, peak = _offset(a, b)
    _refuse_unclear(peak, names)
    time_map = TimeMap(offset, 1.0)
    if drift and b.seconds >= DRIFT_SPAN_S + WINDOW_S:
        time_map = _drift(a, b, offset) or time_map
    return SoundSync(time_map, peak.confidence, peak.z)


def sync_by_sound(path_a: str | Path, path_b: str | Path, *, drift: bool = True,
                  max_seconds: float | None = None) -> SoundSync:
    """``t_A = offset + rate * t_B`` from the two clips' audio tracks."""
    a = read_audio(path_a, max_seconds=max_seconds)
    b = read_audio(path_b, max_seconds=max_seconds)
    return estimate(a, b, drift=drift, names=f"{Path(path_a).name} and {Path(path_b).name}")
