"""Exact frame decoding: seek to the keyframe at or before the target, decode forward.

If the first picture after a seek is already past the target (MPEG-TS seeks by bisection,
open-GOP leading pictures, wrong keyframe flags), it seeks further back and tries again. Going
forward a little, it keeps decoding instead of seeking. Every picture decoded on the way is
handed to ``on_picture`` so the cache keeps them: stepping back is then a cache hit.

A decoder belongs to one thread; it is not safe to share.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import av
import cv2
import numpy as np
import zstandard

from reviewtool.video.errors import VideoError
from reviewtool.video.index import FrameIndex
from reviewtool.video.painting import (
    Size,
    colour_of,
    i420_frame,
    i420_painted,
    painted_rgb,
    reformatter,
)

MAX_SEEK_RETRIES = 4
CONTINUE_SLACK = 4
DEINTERLACE_MODES = ("off", "linear", "blend")
# Views of one field of an interlaced frame, in time order: field stepping shows them in turn.
FIELD_VIEWS = ("field1", "field2")
# FFmpeg's AVFieldOrder values that mean "bottom field first" (BB and BT). TT and TB are both
# top first in practice (y4m "t" and 1080i50 DNxHD are read as TB).
_BOTTOM_FIRST = (3, 5)


@dataclass(frozen=True)
class Render:
    """How one request wants its frame drawn. Given with each request, never stored on the
    clip: the decoder threads read only what their request carries, so a window changing its
    view (deinterlace, field by field) cannot change a frame that is being drawn."""

    deinterlace: str = "linear"  # one of DEINTERLACE_MODES, for interlaced pictures
    field: int | None = None  # interlaced: show only field 0 (first in time) or 1

    def __post_init__(self) -> None:
        if self.deinterlace not in DEINTERLACE_MODES:
            raise ValueError(f"deinterlace must be one of {DEINTERLACE_MODES}")
        if self.field not in (None, 0, 1):
            raise ValueError("field must be None, 0 (first field) or 1 (second field)")

    @property
    def view(self) -> str:
        """The ``Picture.rgb`` mode: the deinterlace mode, or one field's view."""
        return self.deinterlace if self.field is None else FIELD_VIEWS[self.field]


DEFAULT_RENDER = Render()


@dataclass(frozen=True)
class Picture:
    """One decoded frame. 4:2:0 8-bit frames stay the decoder's own buffers until shown, so
    decoding on the way to a target (and into the cache) costs no copy; frames kept far from
    the playhead are packed (zstd, lossless) so the working range fits in memory."""

    index: int
    pts: int
    source: av.VideoFrame | np.ndarray | bytes  # decoder frame (4:2:0), RGB, or packed
    width: int
    height: int
    interlaced: bool
    nbytes: int
    packed_layout: str = ""  # for packed sources: "i420" or "rgb"
    # For packed 4:2:0 sources: pixel format, colour space and range, so that the unpacked
    # picture converts to exactly the RGB the decoder's frame gave.
    colour: tuple[str, int, int] = ("", 0, 0)
    top_field_first: bool = True

    @property
    def packed(self) -> bool:
        return isinstance(self.source, bytes)

    def rgb(self, deinterlace: str = "off") -> np.ndarray:
        """The picture as H x W x 3 RGB ``uint8``; ``deinterlace`` is a mode of
        ``DEINTERLACE_MODES`` or a field of ``FIELD_VIEWS`` (for interlaced pictures)."""
        src = self.source
        if isinstance(src, bytes):
            flat = np.frombuffer(_unpacker().decompress(src), np.uint8)
            if self.packed_layout == "rgb":
                out = flat.reshape(self.height, self.width, 3)
            else:
                out = _rgb_of(i420_frame(flat.reshape(self.height * 3 // 2, self.width),
                                          self.colour))
        elif isinstance(src, np.ndarray):
            out = src
        else:
            out = _rgb_of(src)
        if self.interlaced and deinterlace != "off":
            out = deinterlaced(out, deinterlace, self.top_field_first)
        return out

    def painted(self, deinterlace: str = "off", size: Size | None = None) -> np.ndarray:
        """The picture as a viewer paints it fastest (``video.painting``): 32-bit B G R X
        pixels (Qt's RGB32 on a little-endian machine) at ``size`` (width, height; None: the
        whole picture). One conversion from the 4:2:0 frame where it can: going through RGB
        took two (about 3.5 ms more for each 720p picture, on every angle of every frame
        played). At full size its first three channels reversed are ``rgb()`` exactly."""
        src = self.source
        plain = not (self.interlaced and deinterlace != "off")
        if plain and sys.byteorder == "little" and not isinstance(src, np.ndarray):
            if isinstance(src, av.VideoFrame):
                return i420_painted(src, self.width, self.height, colour_of(src), size)
            if self.packed_layout == "i420":
                flat = np.frombuffer(_unpacker().decompress(src), np.uint8)
                return i420_painted(flat, self.width, self.height, self.colour, size)
        return painted_rgb(self.rgb(deinterlace), size)

    def pack(self) -> Picture:
        """The same picture, losslessly compressed (zstd level 1, about 500 MB/s)."""
        src = self.source
        if isinstance(src, bytes):
            return self
        colour = self.colour
        if isinstance(src, np.ndarray):
            data, layout = np.ascontiguousarray(src).tobytes(), "rgb"
        else:
            data, layout = src.to_ndarray().tobytes(), "i420"
            colour = colour_of(src)
        packed = _packer().compress(data)
        return replace(self, source=packed, nbytes=len(packed), packed_layout=layout,
                       colour=colour)


def _rgb_of(frame: av.VideoFrame) -> np.ndarray:
    """FFmpeg's conversion, which honours the frame's colour space and range (full-range
    MJPEG, BT.709 HD). Straight to RGB: an intermediate 4:2:0 copy cost MJPEG seeks 20 %.

    Each thread uses its own converter: ``VideoFrame.to_ndarray`` keeps one per frame, and a
    cached frame shown by two threads at once (request and preview) crashed in swscale."""
    return reformatter().reformat(frame, format="rgb24").to_ndarray()


_local = threading.local()


def _packer() -> zstandard.ZstdCompressor:
    if not hasattr(_local, "packer"):  # zstd contexts are not shared between threads
        _local.packer = zstandard.ZstdCompressor(level=1)
    return _local.packer


def _unpacker() -> zstandard.ZstdDecompressor:
    if not hasattr(_local, "unpacker"):
        _local.unpacker = zstandard.ZstdDecompressor()
    return _local.unpacker


def deinterlaced(rgb: np.ndarray, mode: str, top_field_first: bool = True) -> np.ndarray:
    """Single-frame deinterlacing (no look-ahead, so frame numbers stay exact). "linear" shows
    the first field in time, "field1"/"field2" the first or second: one moment, not two."""
    if mode == "blend":
        top = rgb[0::2]
        bottom = rgb[1::2]
        rows = min(len(top), len(bottom))
        mixed = cv2.addWeighted(top[:rows], 0.5, bottom[:rows], 0.5, 0)
        return cv2.resize(mixed, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_LINEAR)
    second = mode == "field2"
    return single_field(rgb, top=top_field_first != second)


def single_field(rgb: np.ndarray, top: bool) -> np.ndarray:
    """One field at full height: its own lines stay where they are, each line of the other
    field becomes the mean of its neighbours, so top and bottom fields line up (no bobbing)."""
    if len(rgb) < 2:
        return rgb
    out = np.empty_like(rgb)
    own = rgb[0::2] if top else rgb[1::2]
    mean = cv2.addWeighted(own[:-1], 0.5, own[1:], 0.5, 0)  # the lines between two own lines
    if top:
        out[0::2] = own
        other = out[1::2]  # line 2i+1 lies between own lines i and i+1
        start = 0
    else:
        out[1::2] = own
        other = out[0::2]  # line 2i lies between own lines i-1 and i; line 0 has none above
        other[0] = own[0]
        start = 1
    other[start:start + len(mean)] = mean
    other[start + len(mean):] = own[-1]  # the edge line with no own line beyond it
    return out


_I420 = ("yuv420p", "yuvj420p")


def to_picture(frame: av.VideoFrame, index: int, pts: int, field_order: int = 0) -> Picture:
    """``field_order``: the decoder's AVFieldOrder (PyAV does not expose the frame's flag)."""
    interlaced = bool(frame.interlaced_frame)
    top_first = field_order not in _BOTTOM_FIRST
    if frame.format.name in _I420 and frame.width % 2 == 0 and frame.height % 2 == 0:
        size = sum(p.buffer_size for p in frame.planes)
        return Picture(index, pts, frame, frame.width, frame.height, interlaced, size,
                       top_field_first=top_first)
    rgb = _rgb_of(frame)
    return Picture(index, pts, rgb, frame.width, frame.height, interlaced, rgb.nbytes,
                   top_field_first=top_first)


class ExactDecoder:
    """Decodes frame ``n`` of one video stream exactly, as numbered by a ``FrameIndex``."""

    def __init__(self, path: Path, stream_index: int, index: FrameIndex,
                 threads: int = 0, thread_type: str = "AUTO") -> None:
        self.path = path
        self.index = index
        try:
            self._container = av.open(str(path))
        except av.FFmpegError as e:
            raise VideoError(path, f"cannot be opened ({e})") from None
        self._stream = self._container.streams[stream_index]
        ctx = self._stream.codec_context
        ctx.thread_type = thread_type
        ctx.thread_count = threads
        self._frames: object | None = None  # the live decode generator
        self._last: int | None = None  # frame number of the last picture produced
        self._by_dts = False  # learnt: this demuxer seeks keyframes by decode time
        self._spoiled: dict[int, int] = {}  # frame -> corrupt frame found while decoding

    @property
    def position(self) -> int | None:
        """The last frame produced, while decoding can go on from there without a seek."""
        return self._last if self._frames is not None else None

    def forget_position(self) -> None:
        """Decode the next frame from a seek, as if nothing had been decoded before."""
        self._frames = None
        self._last = None

    def close(self) -> None:
        self._frames = None
        self._container.close()

    def _restart_at(self, keyframe: int | None, by_dts: bool = False) -> None:
        """Seek to the keyframe (None: the very start of the file) and restart decoding.

        Demuxers differ in what they seek on: MP4 and MKV land on a keyframe by its
        presentation time, MPEG-TS by its decode time (its pts lands one packet late)."""
        if keyframe is None:
            self._container.seek(0, backward=True, any_frame=False)
        else:
            target = self.index.dts(keyframe) if by_dts else self.index.pts(keyframe)
            self._container.seek(target, stream=self._stream, backward=True, any_frame=False)
        self._frames = self._container.decode(self._stream)
        self._last = None

    def _next(self) -> tuple[int, av.VideoFrame] | None:
        """The next decoded picture and its frame number (None at the end of the stream)."""
        assert self._frames is not None
        while True:
            try:
                frame = next(self._frames)  # type: ignore[call-overload]
            except StopIteration:
                return None
            except av.FFmpegError as e:
                raise VideoError(self.path, f"corrupt data after frame {self._last} ({e})",
                                 frame=None if self._last is None else self._last + 1) from None
            pts = frame.pts if frame.pts is not None else frame.dts
            if pts is None:
                continue
            n = self.index.frame_of_pts(pts)
            if n is None:
                continue  # a picture outside the index (e.g. an undecodable leading picture)
            return n, frame

    def _field_order(self) -> int:
        return int(self._stream.codec_context.field_order or 0)

    def _spoil_from(self, m: int) -> None:
        """A picture the decoder flags corrupt spoils its successors up to the next keyframe."""
        nxt = self.index.keyframe_after(m)
        for k in range(m, len(self.index) if nxt is None else nxt):
            self._spoiled.setdefault(k, m)

    def _spoiled_by(self, m: int) -> int | None:
        found = self.index.damaged_by(m)
        return found if found is not None else self._spoiled.get(m)

    def decode(self, n: int, on_picture: Callable[[Picture], None] | None = None) -> Picture:
        """Exactly frame ``n``; raise ``VideoError`` naming the frame if it cannot be had."""
        if not 0 <= n < len(self.index):
            raise VideoError(self.path, f"frame {n} does not exist (the clip has "
                             f"{len(self.index)} frames)", frame=n)
        key: int | None = self.index.keyframe_at_or_before(n)
        # Keep decoding forward when that is no more work than seeking to the keyframe
        # (a few frames of slack: a seek also refills the decoder's pipeline).
        continuing = (self._frames is not None and self._last is not None
                      and self._last < n and self._last >= (key or 0) - CONTINUE_SLACK)
        if not continuing:
            self._restart_at(key, self._by_dts)
        tried_dts = self._by_dts
        retries = 0
        first = True
        while True:
            got = self._next()
            if got is None and not (first and not continuing):
                self._frames = None
                raise VideoError(self.path, f"frame {n} cannot be decoded (the data ends or is "
                                 "corrupt before it)", frame=n)
            start = n if key is None else key  # from the file start, anything up to n
            if first and not continuing and (got is None or got[0] > start):
                # Landed past the keyframe (or on no picture at all): seek further back, since
                # pictures decoded from there may lack their references.
                retries += 1
                if key is None or retries > MAX_SEEK_RETRIES:
                    self._frames = None
                    raise VideoError(self.path, f"frame {n} cannot be reached by seeking",
                                     frame=n)
                if not tried_dts:
                    tried_dts = True  # same keyframe, by its decode time
                else:
                    key = self.index.keyframe_before(key)  # None: from the start of the file
                self._restart_at(key, by_dts=tried_dts)
                continue
            assert got is not None
            m, frame = got
            if first and tried_dts and key is not None and not self._by_dts:
                self._by_dts = True  # remember for the next seeks in this file
            first = False
            if frame.is_corrupt:
                self._spoil_from(m)
            self._last = m
            spoiled = self._spoiled_by(m)
            if m < n:
                if on_picture is not None and spoiled is None:
                    on_picture(to_picture(frame, m, frame.pts, self._field_order()))
                continue
            if spoiled is not None and m == n:
                where = "is corrupt" if spoiled == n else f"depends on corrupt frame {spoiled}"
                raise VideoError(self.path, f"frame {n} cannot be shown: its data {where}",
                                 frame=n)
            if m > n:
                self._frames = None
                raise VideoError(self.path, f"frame {n} is missing from the decoded stream "
                                 "(corrupt data)", frame=n)
            picture = to_picture(frame, m, frame.pts, self._field_order())
            if on_picture is not None:
                on_picture(picture)
            return picture
