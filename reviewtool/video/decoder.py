"""Exact frame decoding: seek to the keyframe at or before the target, decode forward.

If the first picture after a seek is already past the target (MPEG-TS seeks by bisection,
open-GOP leading pictures, wrong keyframe flags), it seeks further back and tries again. Going
forward a little, it keeps decoding instead of seeking. Every picture decoded on the way is
handed to ``on_picture`` so the cache keeps them: stepping back is then a cache hit.

A decoder belongs to one thread; it is not safe to share.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av

from reviewtool.video.errors import VideoError
from reviewtool.video.index import FrameIndex
from reviewtool.video.picture import DEINTERLACE_MODES, FIELD_VIEWS, Picture, to_picture
from reviewtool.video.priority import open_codec

MAX_SEEK_RETRIES = 4
CONTINUE_SLACK = 4


@dataclass(frozen=True)
class Render:
    """How one request wants its frame drawn. Given with each request, never stored on the
    clip: the decoder threads read only what their request carries, so a window changing its
    view (deinterlace, field by field) cannot change a frame that is being drawn."""

    deinterlace: str = "linear"  # one of DEINTERLACE_MODES, for interlaced pictures
    field: int | None = None  # interlaced: show only field 0 (first in time) or 1
    # The result's picture must be the whole frame even for a viewer that paints it small
    # (a magnifier reads its pixels): decoded on the server's thread, never the viewer's.
    whole: bool = False

    def __post_init__(self) -> None:
        if self.deinterlace not in DEINTERLACE_MODES:
            raise ValueError(f"deinterlace must be one of {DEINTERLACE_MODES}")
        if self.field not in (None, 0, 1):
            raise ValueError("field must be None, 0 (first field) or 1 (second field)")

    @property
    def view(self) -> str:
        """The ``Picture.rgb`` mode: the deinterlace mode, or one field's view."""
        return self.deinterlace if self.field is None else FIELD_VIEWS[self.field]

    def wholly(self) -> Render:
        """The same drawing, of the whole frame (``whole``)."""
        return Render(self.deinterlace, self.field, whole=True)


DEFAULT_RENDER = Render()


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
        # Opened here, not at the first picture, so that FFmpeg's threads are known: a codec
        # that cannot open says so at the first picture, as it did (``_next``).
        self.codec_threads: tuple[int, ...] = ()
        with contextlib.suppress(av.FFmpegError):
            self.codec_threads = open_codec(lambda: ctx.open(strict=False))
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
