"""Decoded pictures and the forms they are kept in.

A picture leaves its decoder as the decoder's own frame, so decoding on the way to a target
costs no copy. Whatever is kept longer (the cache) holds its planes in a compact array of its
own (``detached``) or packed (``pack``): FFmpeg lends each frame from a buffer pool that grows
to the most frames ever lent at once and never gives memory back, and four decoders whose
frames sat in the cache held about a gigabyte that way.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, replace

import av
import cv2
import numpy as np
import zstandard

from reviewtool.video.painting import (
    Size,
    colour_of,
    convert,
    converted,
    covers,
    i420_painted,
    painted_rgb,
    planes_of,
    reduced_i420,
    reduced_size,
)
from reviewtool.video.planes import STORE

DEINTERLACE_MODES = ("off", "linear", "blend")
# Views of one field of an interlaced frame, in time order: field stepping shows them in turn.
FIELD_VIEWS = ("field1", "field2")
# FFmpeg's AVFieldOrder values that mean "bottom field first" (BB and BT). TT and TB are both
# top first in practice (y4m "t" and 1080i50 DNxHD are read as TB).
_BOTTOM_FIRST = (3, 5)


@dataclass(frozen=True)
class Picture:
    """One decoded frame, in one of three forms: the decoder's own 4:2:0 frame (on its way
    to a viewer: no copy), an array of its own (``layout`` "i420": H*3/2 x W planes, or
    "rgb": H x W x 3; what the cache keeps near the playhead, see ``detached``), or packed
    (zstd, lossless) far from the playhead so the working range fits in memory, and for a
    viewer that paints it small, reduced to the size it is painted (``stored``; see ``pack``).
    ``width`` and ``height`` are always the whole frame's (overlays measure in them); a
    reduced picture serves only viewers it ``covers``."""

    index: int
    pts: int
    source: av.VideoFrame | np.ndarray | bytes
    width: int
    height: int
    interlaced: bool
    nbytes: int
    layout: str = ""  # for array and packed sources: "i420" or "rgb"
    # For 4:2:0 arrays: pixel format, colour space and range, so that the array converts to
    # exactly the RGB the decoder's frame gave.
    colour: tuple[str, int, int] = ("", 0, 0)
    top_field_first: bool = True
    # The size its pixels are kept at when smaller than the whole frame (packed 4:2:0 only).
    stored: Size | None = None

    @property
    def packed(self) -> bool:
        return isinstance(self.source, bytes)

    def covers(self, size: Size | None) -> bool:
        """Whether it serves a viewer painting at ``size`` (None: the whole frame is needed,
        as for RGB consumers and viewers zoomed to 1:1 or more)."""
        return covers(self.stored, size)

    def _array(self) -> np.ndarray:
        """An array or packed source's pixels, flat (unpacked when packed)."""
        src = self.source
        if isinstance(src, bytes):
            return _unpacked(src)
        assert isinstance(src, np.ndarray)
        return src.reshape(-1)

    def rgb(self, deinterlace: str = "off") -> np.ndarray:
        """The picture as H x W x 3 RGB ``uint8``; ``deinterlace`` is a mode of
        ``DEINTERLACE_MODES`` or a field of ``FIELD_VIEWS`` (for interlaced pictures). A
        reduced picture gives its ``stored`` size: whoever needs the whole frame asks for a
        picture that ``covers(None)`` (``Clip.picture``)."""
        src = self.source
        width, height = self.stored or (self.width, self.height)
        if isinstance(src, av.VideoFrame):
            out = _rgb_of(src)
        elif self.layout == "rgb":
            out = src if isinstance(src, np.ndarray) else self._array().reshape(height, width, 3)
        else:
            planes = self._array().reshape(height * 3 // 2, width)
            out = converted(planes, self.colour, "rgb24", self.interlaced)
        if self.interlaced and deinterlace != "off":
            out = deinterlaced(out, deinterlace, self.top_field_first)
        return out

    def painted(self, deinterlace: str = "off", size: Size | None = None) -> np.ndarray:
        """The picture as a viewer paints it fastest (``video.painting``): 32-bit B G R X
        pixels (Qt's RGB32 on a little-endian machine) at ``size`` (width, height; None: the
        whole picture). One conversion from the 4:2:0 frame where it can: going through RGB
        took two (about 3.5 ms more for each 720p picture, on every angle of every frame
        played). At full size its first three channels reversed are ``rgb()`` exactly. A
        reduced picture is painted from its ``stored`` pixels (never enlarged)."""
        src = self.source
        plain = not (self.interlaced and deinterlace != "off")
        if plain and sys.byteorder == "little":
            if isinstance(src, av.VideoFrame):
                return i420_painted(src, self.width, self.height, colour_of(src), size)
            if self.layout == "i420":
                width, height = self.stored or (self.width, self.height)
                return i420_painted(self._array(), width, height, self.colour, size,
                                    self.interlaced)
        return painted_rgb(self.rgb(deinterlace), size)

    def _reduced(self, size: Size | None) -> Size | None:
        """The size ``pack(size)`` keeps it at (None: whole)."""
        if self.stored is not None:
            return self.stored
        if self.interlaced or self.layout == "rgb":
            return None
        return reduced_size(self.width, self.height, size)

    def shrinks(self, size: Size | None) -> bool:
        """Whether ``pack(size)`` makes it smaller: it is unpacked, or packed whole where a
        viewer painting at ``size`` needs less."""
        return not self.packed or (self.stored is None and self._reduced(size) is not None)

    def detached(self) -> Picture:
        """The same picture in an array of its own (H*3/2 x W planes without line padding),
        so that the decoder's frame goes back to its pool: a picture the decoder lends is
        copied once before it is kept, into an array a dropped picture held where there is
        one (``video.planes``; 0.2 ms at 1080p instead of 1.5)."""
        src = self.source
        if not isinstance(src, av.VideoFrame):
            return self
        width, height = self.width, self.height
        planes = STORE.take((height * 3 // 2, width))
        flat = planes.reshape(-1)
        start = 0
        for plane in planes_of(src):
            end = start + plane.size
            flat[start:end].reshape(plane.shape)[:] = plane
            start = end
        own = replace(self, source=planes, nbytes=planes.nbytes, layout="i420",
                      colour=colour_of(src))
        STORE.lend(own, planes)
        return own

    def pack(self, size: Size | None = None) -> Picture:
        """The same picture compressed (zstd level 1, about 500 MB/s): losslessly, or for a
        viewer painting at ``size`` reduced first to the size it is painted from
        (``painting.reduced_size``; a quarter of the bytes for a 2x2 place). Interlaced and
        RGB pictures stay whole (their fields and layout need every line)."""
        if not self.shrinks(size):
            return self  # packed already, and as small as it should be (or smaller)
        own = self.detached()
        stored = self._reduced(size)
        data = own._array()
        if stored is not None:
            data = reduced_i420(data, self.width, self.height, stored)
        packed = _packer().compress(np.ascontiguousarray(data))
        return replace(own, source=packed, nbytes=len(packed), stored=stored)


def _rgb_of(frame: av.VideoFrame) -> np.ndarray:
    """FFmpeg's conversion, which honours the frame's colour space and range (full-range
    MJPEG, BT.709 HD). Straight to RGB: an intermediate 4:2:0 copy cost MJPEG seeks 20 %.

    Each thread uses its own converter: ``VideoFrame.to_ndarray`` keeps one per frame, and a
    cached frame shown by two threads at once (request and preview) crashed in swscale."""
    return convert(frame, "rgb24")


_local = threading.local()


def _packer() -> zstandard.ZstdCompressor:
    if not hasattr(_local, "packer"):  # zstd contexts are not shared between threads
        _local.packer = zstandard.ZstdCompressor(level=1)
    return _local.packer


def _unpacker() -> zstandard.ZstdDecompressor:
    if not hasattr(_local, "unpacker"):
        _local.unpacker = zstandard.ZstdDecompressor()
    return _local.unpacker


def _unpacked(packed: bytes) -> np.ndarray:
    """A packed picture's bytes, unpacked into a scratch array (``PlaneStore.scratch``): it
    is painted and let go, and a fresh array of that size cost four times the unpacking."""
    size = zstandard.frame_content_size(packed)
    if size <= 0:
        return np.frombuffer(_unpacker().decompress(packed), np.uint8)
    out = STORE.scratch((size,))
    view, done = memoryview(out), 0
    with _unpacker().stream_reader(packed) as reader:
        while done < size:
            n = reader.readinto(view[done:])
            if not n:
                raise ValueError("a packed picture ended early")  # (never: packed here)
            done += n
    return out


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
                   layout="rgb", top_field_first=top_first)
