"""Cut frames ``first..last`` of a clip into a file of its own, frame-exact.

Where the cut falls on keyframes (``first`` is one and ``last`` is the clip's end or just
before one) the packets are copied unchanged; otherwise, or when the copy does not decode to
exactly the source's frames (open GOPs), the frames are decoded exactly and re-encoded
(H.264, near-transparent quality, a keyframe every second so that trainees step quickly).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from reviewtool.training.question import TrainingError
from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.errors import VideoError

COPYABLE = {"h264", "hevc", "mpeg2video", "mjpeg", "mpeg4", "vp9", "av1"}
Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The user cancelled a long operation."""


@dataclass(frozen=True)
class Cut:
    path: Path
    method: str  # "copy" or "encode"
    frames: int


def cut_segment(src: str | Path, first: int, last: int, out_stem: Path, *,
                progress: Progress | None = None,
                cancelled: threading.Event | None = None) -> Cut:
    """Write frames ``first..last`` of ``src`` to ``out_stem`` + ``.mkv`` (copied) or
    ``.mp4`` (re-encoded), and check the result decodes to the requested frames."""
    try:
        clip = open_clip(src, store_index=False, cache_bytes=64 << 20)  # read once, in order
    except VideoError as e:
        raise TrainingError(str(e)) from e
    with clip:
        clip.wait_indexed()
        n = len(clip.index)
        if not 0 <= first <= last < n:
            raise TrainingError(f"{Path(src).name}: frames {first}-{last} are outside the "
                                f"clip (0-{n - 1})")
        if _copy_possible(clip, first, last):
            out = out_stem.with_suffix(".mkv")
            if _copy(clip, first, last, out) and _same_frames(clip, first, last, out):
                if progress:
                    progress(last - first + 1, last - first + 1)
                return Cut(out, "copy", last - first + 1)
            out.unlink(missing_ok=True)
        out = out_stem.with_suffix(".mp4")
        _encode(clip, first, last, out, progress, cancelled)
        return Cut(out, "encode", last - first + 1)


def _copy_possible(clip: Clip, first: int, last: int) -> bool:
    ix = clip.index
    return (clip.codec in COPYABLE and not clip.is_interlaced and ix.is_keyframe(first)
            and (last + 1 == len(ix) or ix.is_keyframe(last + 1)))


def _copy(clip: Clip, first: int, last: int, out: Path) -> bool:
    """Copy the packets of frames first..last; False when they are not exactly those."""
    ix = clip.index
    lo, hi = ix.pts(first), ix.pts(last)
    wanted = {int(p) for p in ix.all_pts()[first:last + 1]}
    packets: list[av.Packet] = []
    with av.open(str(clip.path)) as source:
        stream = source.streams[clip.stream_index]
        source.seek(lo, backward=True, any_frame=False, stream=stream)
        for packet in source.demux(stream):
            if packet.pts is None:
                continue
            if packet.is_keyframe and packet.pts > hi:
                break
            if lo <= packet.pts <= hi:
                packets.append(packet)
        if {int(p.pts) for p in packets} != wanted or len(packets) != len(wanted):
            return False
        offset = min(p.dts if p.dts is not None else p.pts for p in packets)
        with av.open(str(out), "w", format="matroska") as target:
            copy = target.add_stream_from_template(stream)
            for packet in packets:
                packet.pts -= offset
                if packet.dts is not None:
                    packet.dts -= offset
                packet.stream = copy
                target.mux(packet)
    return True


def _same_frames(clip: Clip, first: int, last: int, out: Path) -> bool:
    try:
        with open_clip(out, store_index=False) as cut:
            cut.wait_indexed()
            if len(cut.index) != last - first + 1:
                return False
            return all(np.array_equal(cut.frame(i - first), clip.frame(i))
                       for i in sorted({first, (first + last) // 2, last}))
    except VideoError:
        return False


def _encode(clip: Clip, first: int, last: int, out: Path, progress: Progress | None,
            cancelled: threading.Event | None) -> None:
    width, height = clip.size
    fps = Fraction(clip.fps or 25).limit_denominator(1001)
    total = last - first + 1
    t0 = clip.timestamp(first)
    try:
        with av.open(str(out), "w", format="mp4") as target:
            stream = target.add_stream("libx264", rate=fps)
            stream.width, stream.height = width + width % 2, height + height % 2
            stream.pix_fmt = "yuv420p"
            stream.time_base = stream.codec_context.time_base = Fraction(1, 90000)
            stream.options = {"crf": "16", "preset": "veryfast",
                              "g": str(max(1, round(float(fps))))}
            for i in range(first, last + 1):
                if cancelled is not None and cancelled.is_set():
                    raise Cancelled()
                rgb = clip.frame(i)
                if width % 2 or height % 2:  # 4:2:0 needs even sizes: repeat the edge
                    rgb = np.pad(rgb, ((0, height % 2), (0, width % 2), (0, 0)), mode="edge")
                frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb[..., :3]),
                                                   format="rgb24")
                frame.pts = round((clip.timestamp(i) - t0) * 90000)
                frame.time_base = stream.time_base
                target.mux(stream.encode(frame))
                if progress and (i - first) % 10 == 0:
                    progress(i - first, total)
            target.mux(stream.encode(None))
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    if progress:
        progress(total, total)
