"""Pictures in the form a viewer paints them: 32-bit pixels at the very size they are drawn.

A station paints four angles fifty times a second on two cores. Each picture is made here, on
its frame server's thread, at exactly the size the viewer draws it, so the window copies it to
the screen without scaling: Qt's smooth scaling took about 0.7 ms of the GUI thread for each
picture and waited on Qt's own worker threads, which on a busy machine kept the window from
answering for tens of milliseconds.

A 4:2:0 picture is reduced on its planes before the colour conversion (a third of the bytes
of 32-bit pixels, and the conversion then works on the small picture): first by the largest
whole factor that keeps it at least as large as asked, each pixel the mean of those it covers,
then bilinearly to the exact size, which at ratios of a half or more still weighs every pixel
(thin pitch lines stay whole). The reduction is OpenCV's and the conversion FFmpeg's without
scaling: FFmpeg's own scaling differs with the buffer's layout, so a packed picture would look
unlike itself unpacked.
"""

from __future__ import annotations

import sys
import threading

import av
import cv2
import numpy as np
from av.video.reformatter import VideoReformatter

from reviewtool.video.planes import STORE

# Width and height in pixels, as Qt and OpenCV give sizes.
Size = tuple[int, int]

_local = threading.local()


def convert(frame: av.VideoFrame, fmt: str) -> np.ndarray:
    """FFmpeg's conversion of ``frame`` to ``fmt``, unscaled, on the calling thread alone:
    FFmpeg's own slice threads (its default) took half as much processor time again for each
    conversion, with a frame server per angle already converting in parallel."""
    return reformatter().reformat(frame, format=fmt, threads=1).to_ndarray()


def reformatter() -> VideoReformatter:
    """This thread's converter: ``VideoFrame.to_ndarray`` keeps one per frame, and a cached
    frame shown by two threads at once (request and preview) crashed in swscale."""
    if not hasattr(_local, "reformatter"):
        _local.reformatter = VideoReformatter()
    converter: VideoReformatter = _local.reformatter
    return converter


def whole(width: int, height: int, size: Size | None) -> bool:
    """True when ``size`` asks for the whole picture (None, or not smaller)."""
    return size is None or (size[0] >= width and size[1] >= height)


def _factor(width: int, height: int, size: Size, planes: bool) -> int:
    """The largest whole factor that keeps the picture at least ``size``; for 4:2:0
    ``planes``, with even sides and a height of whole 4:2:0 blocks (PyAV reads a 4:2:0
    buffer of H rows as H // 4 * 4: 1080 / 4 = 270 lost two rows and was stretched back)."""
    f = max(1, min(width // max(1, size[0]), height // max(1, size[1])))
    while planes and f > 1 and ((width // f) % 2 or (height // f) % 4):
        f -= 1
    return f


def reduced_size(width: int, height: int, size: Size | None) -> Size | None:
    """The size a picture painted at ``size`` is kept at far from the playhead: its 4:2:0
    planes reduced by the largest whole factor that keeps it at least ``size`` with even
    sides and a height of whole 4:2:0 blocks (1080p painted at 955x537 is kept at 960x540),
    or None when that is the whole
    picture. Painting from the kept picture gives what painting from the whole one gives."""
    if whole(width, height, size):
        return None
    assert size is not None
    f = _factor(width, height, size, planes=True)
    return None if f <= 1 else (width // f, height // f)


ANY_SIZE: Size = (1, 1)  # a size every kept picture serves (``covers``), reduced or whole


def covers(stored: Size | None, size: Size | None) -> bool:
    """Whether a picture kept at ``stored`` (None: whole) serves a viewer painting at
    ``size`` (None: the whole picture is needed)."""
    return stored is None or (size is not None and size[0] <= stored[0]
                              and size[1] <= stored[1])


def reduced_i420(planes: np.ndarray, width: int, height: int, stored: Size) -> np.ndarray:
    """4:2:0 planes (one flat or H*3/2 x W array) reduced to ``stored`` (``reduced_size``),
    as one stored[1]*3/2 x stored[0] array: each pixel the mean of those it covers."""
    y, u, v = _split(np.ascontiguousarray(planes).reshape(-1), width, height)
    f = next(f for f in range(width // stored[0], 0, -1)
             if (width // f, height // f) == stored)
    return _reduced_planes(y, u, v, f)


def _reduced_planes(y: np.ndarray, u: np.ndarray, v: np.ndarray, f: int) -> np.ndarray:
    """Three 4:2:0 planes reduced by a whole factor, as one H*3/2 x W scratch array (made to
    be painted or packed, and let go)."""
    out = STORE.scratch((y.shape[0] // f * 3 // 2, y.shape[1] // f))
    flat, start = out.reshape(-1), 0
    for plane in (y, u, v):
        h, w = plane.shape[0] // f, plane.shape[1] // f
        small = flat[start:start + h * w].reshape(h, w)
        if f <= 1:
            small[:] = plane
        else:
            cv2.resize(plane[: h * f, : w * f], (w, h), dst=small, interpolation=cv2.INTER_AREA)
        start += h * w
    return out


def _resized(pixels: np.ndarray, size: Size, interpolation: int) -> np.ndarray:
    """``pixels`` resized into a scratch array (``PlaneStore.scratch``)."""
    out = STORE.scratch((size[1], size[0], *pixels.shape[2:]))
    return cv2.resize(pixels, size, dst=out, interpolation=interpolation)


def _by_area(pixels: np.ndarray, f: int) -> np.ndarray:
    if f <= 1:
        return pixels
    h, w = (max(1, n // f) for n in pixels.shape[:2])
    return _resized(pixels[: h * f, : w * f], (w, h), cv2.INTER_AREA)


def fitted(pixels: np.ndarray, size: Size | None) -> np.ndarray:
    """``pixels`` (H x W or H x W x C) at ``size``: never enlarged, contiguous."""
    h, w = pixels.shape[:2]
    if whole(w, h, size):
        return np.ascontiguousarray(pixels)
    assert size is not None
    small = _by_area(pixels, _factor(w, h, size, planes=False))
    if small.shape[1::-1] != size:
        small = _resized(small, size, cv2.INTER_LINEAR)
    return np.ascontiguousarray(small)


def painted_rgb(rgb: np.ndarray, size: Size | None = None) -> np.ndarray:
    """An RGB frame in painted form (32-bit B G R X on a little-endian machine, Qt's RGB32;
    RGB as it is on a big-endian one) at ``size``."""
    small = fitted(np.ascontiguousarray(rgb[..., :3]), size)
    if sys.byteorder != "little":
        return small
    return cv2.cvtColor(small, cv2.COLOR_RGB2BGRA)


def i420_frame(planes: np.ndarray, colour: tuple[str, int, int]) -> av.VideoFrame:
    """4:2:0 planes (one H*3/2 x W array) as a frame tagged with the decoder's format, colour
    space and range. The frame wraps the buffer: copying it first cost 3-4 ms at 1080p. PyAV
    wraps a buffer of H rows as H // 4 * 4 rows (a 480x270 picture came out 268 high), so a
    height that is not whole 4:2:0 blocks is copied instead."""
    fmt, colorspace, color_range = colour
    if (planes.shape[0] * 2 // 3) % 4:
        frame = av.VideoFrame.from_ndarray(planes, format=fmt)
    else:
        frame = av.VideoFrame.from_numpy_buffer(planes, format=fmt)
    frame.colorspace = colorspace
    frame.color_range = color_range
    return frame


def colour_of(frame: av.VideoFrame) -> tuple[str, int, int]:
    return frame.format.name, int(frame.colorspace), int(frame.color_range)


def planes_of(frame: av.VideoFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A decoder frame's three planes, as views of its own buffers (no copy)."""
    out = []
    for plane in frame.planes:
        rows = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
        out.append(rows[: plane.height, : plane.width])
    return out[0], out[1], out[2]


def _split(flat: np.ndarray, width: int, height: int) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray]:
    y = width * height
    c = y // 4
    return (flat[:y].reshape(height, width), flat[y:y + c].reshape(height // 2, width // 2),
            flat[y + c:y + 2 * c].reshape(height // 2, width // 2))


def converted(source: av.VideoFrame | np.ndarray, colour: tuple[str, int, int], fmt: str,
              interlaced: bool = False) -> np.ndarray:
    """FFmpeg's conversion of a 4:2:0 picture (the decoder's frame, or its H*3/2 x W planes)
    to ``fmt``, unscaled. The planes of an ``interlaced`` picture are converted field by
    field, as FFmpeg converts the decoder's interlaced frame (each field has its own chroma
    lines): converting them as one picture shifted colours by up to 31 levels at edges."""
    if isinstance(source, av.VideoFrame):
        return convert(source, fmt)
    height, width = source.shape[0] * 2 // 3, source.shape[1]
    if not interlaced or height % 4:
        return convert(i420_frame(source, colour), fmt)
    y, u, v = _split(source.reshape(-1), width, height)
    out: np.ndarray | None = None
    for first in (0, 1):
        field = np.concatenate((y[first::2].reshape(-1), u[first::2].reshape(-1),
                                v[first::2].reshape(-1))).reshape(height * 3 // 4, width)
        rows = convert(i420_frame(field, colour), fmt)
        if out is None:
            out = np.empty((height, *rows.shape[1:]), rows.dtype)
        out[first::2] = rows
    assert out is not None
    return out


def i420_painted(source: av.VideoFrame | np.ndarray, width: int, height: int,
                 colour: tuple[str, int, int], size: Size | None,
                 interlaced: bool = False) -> np.ndarray:
    """A 4:2:0 picture (the decoder's frame, or its unpacked H*3/2 x W planes) in painted
    form at ``size``, converted once (32-bit B G R X; little-endian machines only).
    ``interlaced``: planes of an interlaced frame (``converted``)."""
    if isinstance(source, np.ndarray):
        source = source.reshape(height * 3 // 2, width)
    if not whole(width, height, size):
        assert size is not None
        f = _factor(width, height, size, planes=True)
        if f > 1:  # the fields are mixed by the reduction: one picture from here
            y, u, v = (planes_of(source) if isinstance(source, av.VideoFrame)
                       else _split(source.reshape(-1), width, height))
            small = i420_frame(_reduced_planes(y, u, v, f), colour)
            return fitted(convert(small, "bgra"), size)
    return fitted(converted(source, colour, "bgra", interlaced), size)
