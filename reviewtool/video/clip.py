"""``open_clip``: a video file opened for frame-exact review.

A ``Clip`` probes the file, checks that it really holds decodable video, starts the frame index
in the background and answers ``frame(n)`` with exactly frame ``n``. Every failure is a
``VideoError`` that names the file and the problem.
"""

from __future__ import annotations

import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np

from reviewtool.video import index as frame_index
from reviewtool.video.allocator import tune_allocator
from reviewtool.video.cache import DEFAULT_BUDGET, FrameCache
from reviewtool.video.decoder import DEINTERLACE_MODES, FIELD_VIEWS, ExactDecoder, Picture
from reviewtool.video.errors import VideoError
from reviewtool.video.fingerprint import fingerprint as file_fingerprint

OPEN_WAIT = 0.5  # seconds open_clip waits for the index before returning with a partial one
# Decoding to a frame passes the frames before it; the nearest are kept for stepping back.
# Kept frames are the decoder's own buffers, and its pool grows with what is held, so the
# rest of the way back is left to the prefetcher, which packs what it keeps.
KEEP_BEHIND = 25


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "reviewtool"


@dataclass(frozen=True)
class ClipFacts:
    """What ``reviewtool probe`` prints."""

    path: str
    fingerprint: str
    container: str
    codec: str
    codec_name: str
    pixel_format: str
    width: int
    height: int
    frame_count: int
    fps: float
    duration: float
    is_vfr: bool
    is_interlaced: bool
    field_order: str  # "progressive", "top first" or "bottom first"
    keyframes: int
    container_frame_count: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _check_file(p: Path) -> None:
    if not p.exists():
        raise VideoError(p, "file not found")
    if p.is_dir():
        raise VideoError(p, "is a folder, not a video file")
    if not p.is_file():  # a pipe or a device: reading one would wait or never end
        raise VideoError(p, "is not a regular file (a pipe, socket or device); save the video "
                         "to a file first")
    try:
        with open(p, "rb"):
            pass
    except OSError as e:
        raise VideoError(p, f"cannot be read ({e.strerror or e})") from None
    if p.stat().st_size == 0:
        raise VideoError(p, "the file is empty (0 bytes)")


def _open_container(p: Path) -> av.container.InputContainer:
    try:
        return av.open(str(p))
    except av.FFmpegError as e:
        raise VideoError(p, f"not a video file that FFmpeg can read ({e.strerror or e})") from None


class Clip:
    """A video file opened for review. Not thread-safe: use one per thread, or a FrameServer."""

    def __init__(self, path: str | os.PathLike[str], *, cache_bytes: int = DEFAULT_BUDGET,
                 deinterlace: str = "linear", cache_dir: Path | None = None,
                 store_index: bool = True) -> None:
        if deinterlace not in DEINTERLACE_MODES + FIELD_VIEWS:
            raise ValueError(f"deinterlace must be one of {DEINTERLACE_MODES + FIELD_VIEWS}")
        self.path = Path(path)
        _check_file(self.path)
        self.deinterlace = deinterlace
        self.fingerprint = file_fingerprint(self.path)
        with _open_container(self.path) as container:
            videos = [s for s in container.streams if s.type == "video"]
            if not videos:
                kinds = ", ".join(sorted({s.type for s in container.streams})) or "nothing"
                raise VideoError(self.path, f"has no video stream (it holds {kinds})")
            stream = videos[0]
            self.stream_index = stream.index
            ctx = stream.codec_context
            if ctx is None or ctx.codec is None:
                raise VideoError(self.path, "its video codec is not supported")
            self.codec = ctx.codec.name
            self.codec_name = ctx.codec.long_name
            self._pixel_format = str(ctx.format.name if ctx.format else ctx.pix_fmt or "")
            self.container_format = container.format.name
            self._container_frames = int(stream.frames or 0)
            self._avg_rate = float(stream.average_rate or stream.guessed_rate or 0) or None
            time_base = stream.time_base
        self.cache_dir = (cache_dir or default_cache_dir()) if store_index else None
        self.index = frame_index.FrameIndex(time_base)
        self._cancel = threading.Event()
        self._indexer: threading.Thread | None = None
        if not frame_index.load_stored(self.index, self.cache_dir, self.fingerprint,
                                       self.stream_index):
            self._indexer = threading.Thread(
                target=frame_index.build, name=f"index {self.path.name}", daemon=True,
                args=(self.index, self.path, self.stream_index, self.fingerprint,
                      self.cache_dir, self._cancel))
            self._indexer.start()
            self.index.wait(1, timeout=OPEN_WAIT)
        self.cache = FrameCache(cache_bytes)
        self._decoder = ExactDecoder(self.path, self.stream_index, self.index)
        first = self.picture(0)  # proves the codec works; tells whether it is interlaced
        self.size = (first.width, first.height)
        self.is_interlaced = first.interlaced
        self.field_order = ("progressive" if not first.interlaced
                            else "top first" if first.top_field_first else "bottom first")
        self.pixel_format = self._pixel_format

    # --- facts ---------------------------------------------------------------------------

    def wait_indexed(self, timeout: float | None = None) -> bool:
        """Wait for the whole index (long files are indexed in the background)."""
        return self.index.wait(None, timeout)

    @property
    def indexed(self) -> bool:
        return self.index.complete

    @property
    def frame_count(self) -> int:
        self.wait_indexed()
        return len(self.index)

    def _frame_durations(self) -> np.ndarray:
        return np.diff(self.index.all_pts())

    @property
    def is_vfr(self) -> bool:
        d = self._frame_durations()
        if len(d) < 2:
            return False
        spread = int(d.max() - d.min())
        return spread > max(2, 0.01 * float(np.median(d)))

    @property
    def frame_duration(self) -> float:
        d = self._frame_durations()
        if len(d):
            return float(np.median(d) * self.index.time_base)
        return 1 / self._avg_rate if self._avg_rate else 0.04

    @property
    def duration(self) -> float:
        self.wait_indexed()
        return self.index.seconds(len(self.index) - 1) + self.frame_duration

    @property
    def fps(self) -> float:
        """Average frames per second over the whole clip."""
        return self.frame_count / self.duration if self.duration else 0.0

    def facts(self) -> ClipFacts:
        self.wait_indexed()
        return ClipFacts(
            path=str(self.path), fingerprint=self.fingerprint,
            container=self.container_format, codec=self.codec, codec_name=self.codec_name,
            pixel_format=self.pixel_format, width=self.size[0], height=self.size[1],
            frame_count=self.frame_count, fps=round(self.fps, 4),
            duration=round(self.duration, 4), is_vfr=self.is_vfr,
            is_interlaced=self.is_interlaced, field_order=self.field_order,
            keyframes=self.index.keyframe_count(),
            container_frame_count=self._container_frames)

    # --- frames --------------------------------------------------------------------------

    def timestamp(self, n: int) -> float:
        """Seconds from the first frame to frame ``n``."""
        self._require(n)
        return self.index.seconds(n)

    def index_of(self, seconds: float) -> int:
        """The frame on screen at ``seconds`` (clamped to the clip)."""
        if seconds > 0 and not self.index.complete:
            self.wait_indexed()
        return self.index.frame_at(seconds)

    def _require(self, n: int) -> None:
        if n < 0:
            raise VideoError(self.path, f"frame {n} does not exist (frames count from 0)", n)
        if n >= len(self.index) and not self.index.complete:
            self.index.wait(n + 1)
        if n >= len(self.index):
            raise VideoError(self.path, f"frame {n} does not exist (the clip has "
                             f"{len(self.index)} frames)", n)

    def picture(self, n: int) -> Picture:
        """Frame ``n`` as a compact ``Picture`` (from the cache when it is there)."""
        self._require(n)
        self.cache.set_playhead(n)
        cached = self.cache.get(n)
        if cached is not None:
            return cached
        if not self.cache.budget:
            return self._decoder.decode(n)

        def keep(picture: Picture) -> None:
            if n - picture.index <= KEEP_BEHIND:
                self.cache.put(picture)

        return self._decoder.decode(n, on_picture=keep)

    def decodes_next(self, n: int) -> bool:
        """Whether frame ``n`` is the very next one the decoder produces (one frame's work)."""
        return self._decoder.position == n - 1

    def frame(self, n: int) -> np.ndarray:
        """Exactly frame ``n`` (0-based, presentation order) as H x W x 3 RGB ``uint8``."""
        return self.picture(n).rgb(self.deinterlace)

    def field(self, n: int, which: int) -> np.ndarray:
        """Field ``which`` (0: the first in time, 1: the second) of interlaced frame ``n``, at
        full height. Fields are half a frame period apart: on 50i, 50 moments a second."""
        if which not in (0, 1):
            raise ValueError("which must be 0 (first field) or 1 (second field)")
        return self.picture(n).rgb(FIELD_VIEWS[which])

    def close(self) -> None:
        self._cancel.set()
        self._decoder.close()
        self.cache.clear()

    def __enter__(self) -> Clip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_clip(path: str | os.PathLike[str], **options: Any) -> Clip:
    """Open ``path`` for frame-exact review; raise ``VideoError`` if it cannot be."""
    tune_allocator()
    return Clip(path, **options)
