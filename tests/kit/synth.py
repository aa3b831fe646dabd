"""Synthetic clips with the frame index stamped into every picture, for tests and benchmarks.

Pictures are generated here and encoded with PyAV, whose wheel carries the encoders the
engine must be exact on: libx264/libx265 with long and open GOPs and B-frames, MPEG-2
(progressive and interlaced), MJPEG, in MP4, MOV, MKV, AVI, MPEG-TS and MXF, and variable
frame rate. So the app's own dependencies make every test clip; no FFmpeg binary is needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from tests.kit.stamp import stamp

X264_BFRAMES = {"preset": "veryfast", "bf": "3"}
MS = Fraction(1, 1000)


@dataclass(frozen=True)
class ClipKind:
    """How one kind of clip is encoded: codec, pixel format and its private options."""

    name: str
    suffix: str
    codec: str
    pix_fmt: str = "yuv420p"
    options: Mapping[str, str] = field(default_factory=dict)
    container: str | None = None  # the muxer, when the suffix does not say it
    vfr: bool = False
    interlaced: bool = False  # frames flagged as interlaced, top field first
    qscale: int | None = None  # constant quantiser (MPEG-2, MJPEG), as ffmpeg's -q:v
    codec_tag: str | None = None
    muxer_options: Mapping[str, str] = field(default_factory=dict)  # e.g. movflags=+faststart


def x264(gop: int, open_gop: bool = True, extra: str = "") -> dict[str, str]:
    params = f"keyint={gop}:min-keyint={gop}:scenecut=0:open-gop={int(open_gop)}:bframes=3"
    return {**X264_BFRAMES, "g": str(gop), "x264-params": params + extra}


KINDS: dict[str, ClipKind] = {k.name: k for k in (
    ClipKind("h264_mp4", ".mp4", "libx264", options=x264(48)),
    ClipKind("h264_mkv", ".mkv", "libx264", options=x264(60)),
    ClipKind("h264_mov", ".mov", "libx264", options=x264(30, open_gop=False)),
    ClipKind("hevc_mp4", ".mp4", "libx265", codec_tag="hvc1", options={
        "preset": "ultrafast", "x265-params": "keyint=40:min-keyint=40:bframes=3:open-gop=1:"
        "scenecut=0:log-level=error"}),
    ClipKind("mpeg2_mxf", ".mxf", "mpeg2video", "yuv422p", {"g": "15", "bf": "2"}, qscale=3),
    ClipKind("h264_ts", ".ts", "libx264", options=x264(50), container="mpegts"),
    ClipKind("mpeg2_mts", ".mts", "mpeg2video", options={"g": "12", "bf": "2"},
             container="mpegts", qscale=3),
    ClipKind("mjpeg_avi", ".avi", "mjpeg", "yuvj420p", qscale=3),
    ClipKind("vfr_mkv", ".mkv", "libx264", options=x264(40), vfr=True),
    ClipKind("interlaced_mpeg2_ts", ".ts", "mpeg2video", options={
        "g": "12", "bf": "2", "flags": "+ilme+ildct"}, container="mpegts", interlaced=True,
        qscale=3),
    ClipKind("interlaced_h264_mkv", ".mkv", "libx264", options={
        **X264_BFRAMES, "g": "50", "x264-params": "keyint=50:tff=1:bframes=3"},
        interlaced=True),
)}


def picture(index: int, width: int, height: int, texture: np.ndarray) -> np.ndarray:
    """One frame: a textured background that moves with the index, and the stamp."""
    shift = (index * 7) % texture.shape[1]
    pic = np.roll(texture, shift, axis=1)[:height, :width].copy()
    return stamp(pic, index)


def texture_for(width: int, height: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    small = rng.integers(40, 200, size=(height // 8 + 1, width // 8 + 1, 3), dtype=np.uint8)
    tex = np.repeat(np.repeat(small, 8, axis=0), 8, axis=1)[:height, :width]
    grad = np.linspace(0, 50, width, dtype=np.float32)[None, :, None]
    return np.clip(tex.astype(np.float32) + grad, 0, 255).astype(np.uint8)


def vfr_timestamps(frames: int, fps: float) -> list[float]:
    """Frame times for a VFR clip: normal rate, then twice as fast, then irregular
    (durations of 1, 2 and 3 frame periods in turn)."""
    times, t = [], 0.0
    a, b = frames // 3, 2 * (frames // 3)
    for i in range(frames):
        times.append(t)
        t += 1 / fps if i < a else (0.5 / fps if i < b else (1 + (i - b) % 3) / fps)
    return times


def encode(path: str | Path, pictures: Iterable[np.ndarray], kind: ClipKind, fps: float,
           *, times: list[float] | None = None, field_order: str | None = None,
           colour: Mapping[str, object] | None = None) -> Path:
    """Encode RGB ``pictures`` to ``path`` as ``kind``.

    ``times`` gives each picture's time in seconds (variable frame rate); ``field_order``
    ("tff"/"bff") flags the pictures as interlaced; ``colour`` sets the conversion to YUV and
    the stream's colour tags (``colorspace``, ``color_range``, ``color_primaries``,
    ``color_trc``), for the colour tests.
    """
    out = Path(path)
    rate = Fraction(fps).limit_denominator(1001)
    order = field_order or ("tff" if kind.interlaced else None)
    with av.open(str(out), "w", format=kind.container,
                 options=dict(kind.muxer_options)) as container:
        stream = container.add_stream(kind.codec, rate=rate, options=dict(kind.options))
        stream.pix_fmt = kind.pix_fmt
        cc = stream.codec_context
        if times is not None:
            stream.time_base = cc.time_base = MS
        if kind.qscale is not None:  # PyAV frames carry no quality: pin the quantiser
            cc.qmin = cc.qmax = kind.qscale
        if kind.codec_tag:
            cc.codec_tag = kind.codec_tag
        for key, value in (colour or {}).items():
            if key.startswith("color") or key == "colorspace":
                setattr(cc, key, value)
        first = True
        for i, rgb in enumerate(pictures):
            if first:
                stream.height, stream.width = rgb.shape[:2]
                first = False
            frame = _frame(rgb, kind.pix_fmt, colour)
            if times is not None:
                frame.pts, frame.time_base = round(times[i] * 1000), MS
            else:
                frame.pts, frame.time_base = i, 1 / rate
            for f in _flagged(frame, order):
                container.mux(stream.encode(f))
        container.mux(stream.encode(None))
    return out


def _frame(rgb: np.ndarray, pix_fmt: str, colour: Mapping[str, object] | None) -> av.VideoFrame:
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
    conversion = {k: v for k, v in (colour or {}).items() if k.startswith("dst_")}
    return frame.reformat(format=pix_fmt, **conversion)


def _flagged(frame: av.VideoFrame, order: str | None) -> Iterator[av.VideoFrame]:
    """The frame, marked interlaced with ``order`` through FFmpeg's setfield filter (PyAV
    frames do not let the flag be set directly)."""
    if order is None:
        yield frame
        return
    graph = av.filter.Graph()
    src = graph.add_buffer(width=frame.width, height=frame.height, format=frame.format.name,
                           time_base=frame.time_base)
    flag = graph.add("setfield", order)
    sink = graph.add("buffersink")
    src.link_to(flag)
    flag.link_to(sink)
    graph.configure()
    graph.push(frame)
    yield graph.pull()


def make_clip(path: str | Path, kind: str | ClipKind, frames: int = 100,
              size: tuple[int, int] = (640, 360), fps: float = 25.0, seed: int = 7) -> Path:
    """Encode ``frames`` stamped pictures to ``path`` as ``kind``; returns the path.
    ``seed`` varies the background, so that angles of one benchmark are different files."""
    k = KINDS[kind] if isinstance(kind, str) else kind
    width, height = size
    texture = texture_for(width + 64, height, seed)
    pictures = (picture(i, width, height, texture) for i in range(frames))
    return encode(path, pictures, k, fps, times=vfr_timestamps(frames, fps) if k.vfr else None)


FIELD_CODECS: dict[str, ClipKind] = {
    "mpeg2_ts": ClipKind("mpeg2_ts", ".ts", "mpeg2video", options={
        "g": "12", "bf": "2", "flags": "+ilme+ildct"}, container="mpegts", qscale=2),
    "h264_mkv": ClipKind("h264_mkv", ".mkv", "libx264", options={
        **X264_BFRAMES, "g": "50", "crf": "16"}),
}


def weave(first: np.ndarray, second: np.ndarray, order: str) -> np.ndarray:
    """One interlaced picture from two moments: ``first`` (earlier) on the top field's lines
    (even rows) when ``order`` is "tff", on the bottom field's (odd rows) when "bff"."""
    woven = second.copy()
    start = 0 if order == "tff" else 1
    woven[start::2] = first[start::2]
    return woven


def make_field_clip(path: str | Path, codec: str, order: str = "tff", frames: int = 50,
                    size: tuple[int, int] = (640, 360), fps: float = 25.0) -> Path:
    """An interlaced clip whose two fields show different moments, each stamped with its own
    field number: frame n carries field 2n first in time and 2n+1 second (``order`` "tff":
    the top field first, "bff": the bottom one). Proves field stepping, which a clip with the
    same picture in both fields cannot."""
    if order not in ("tff", "bff"):
        raise ValueError('order must be "tff" or "bff"')
    kind = FIELD_CODECS[codec]
    if codec == "h264_mkv":
        kind = ClipKind(kind.name, kind.suffix, kind.codec, options={
            **kind.options, "x264-params": f"keyint=50:bframes=3:{order}=1"})
    width, height = size
    texture = texture_for(width + 64, height)
    pictures = (weave(picture(2 * n, width, height, texture),
                      picture(2 * n + 1, width, height, texture), order)
                for n in range(frames))
    return encode(path, pictures, kind, fps, field_order=order)


def make_interlaced(path: str | Path, pictures: Iterable[np.ndarray], fps: float,
                    order: str = "tff") -> Path:
    """MPEG-2 in MPEG-TS from progressive ``pictures`` at twice ``fps``: each pair woven into
    one interlaced frame (as FFmpeg's ``interlace`` filter does without its low-pass)."""
    it = iter(pictures)
    woven = (weave(a, b, order) for a, b in zip(it, it, strict=False))
    return encode(path, woven, FIELD_CODECS["mpeg2_ts"], fps, field_order=order)


def audio_only(path: str | Path, seconds: float = 1.0) -> Path:
    """A file with a sine tone and no video stream (AAC)."""
    rate = 48000
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=rate)
        t = np.arange(round(seconds * rate)) / rate
        tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :]
        frame = av.AudioFrame.from_ndarray(tone, format="fltp", layout="mono")
        frame.sample_rate = rate
        frame.pts = 0
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return Path(path)
