"""``open_clip``: a video file opened for frame-exact review.

A ``Clip`` probes the file, checks that it really holds decodable video, starts the frame index
in the background and answers ``frame(n)`` with exactly frame ``n``. Every failure is a
``VideoError`` that names the file and the problem. Its facts never change once open
(``ClipInfo``); what depends on the index is answered from what is known now, never waiting.
"""

from __future__ import annotations

import os
import threading
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from reviewtool.video import index as frame_index
from reviewtool.video.allocator import tune_allocator
from reviewtool.video.cache import DEFAULT_BUDGET, FrameCache
from reviewtool.video.decoder import DEFAULT_RENDER, ExactDecoder, Render
from reviewtool.video.errors import VideoError
from reviewtool.video.fingerprint import fingerprint as file_fingerprint
from reviewtool.video.painting import Size
from reviewtool.video.picture import FIELD_VIEWS, Picture
from reviewtool.video.planes import STORE as PLANES

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


@dataclass(frozen=True)
class ClipInfo:
    """What opening a clip established; never changes afterwards, so any thread may read it."""

    path: Path
    fingerprint: str
    stream_index: int
    container: str
    codec: str
    codec_name: str
    pixel_format: str
    width: int
    height: int
    is_interlaced: bool
    field_order: str  # "progressive", "top first" or "bottom first"
    container_frame_count: int
    nominal_fps: float | None  # the container's average rate, before the index says better


def _probe_stream(path: Path) -> tuple[int, str, str, str, str, int, float | None, Fraction]:
    with _open_container(path) as container:
        videos = [s for s in container.streams if s.type == "video"]
        if not videos:
            kinds = ", ".join(sorted({s.type for s in container.streams})) or "nothing"
            raise VideoError(path, f"has no video stream (it holds {kinds})")
        stream = videos[0]
        ctx = stream.codec_context
        if ctx is None or ctx.codec is None:
            raise VideoError(path, "its video codec is not supported")
        pixel_format = str(ctx.format.name if ctx.format else ctx.pix_fmt or "")
        rate = float(stream.average_rate or stream.guessed_rate or 0) or None
        return (stream.index, container.format.name, ctx.codec.name, ctx.codec.long_name,
                pixel_format, int(stream.frames or 0), rate, stream.time_base)


class Clip:
    """A video file opened for review.

    Shared by threads in three parts, each safe to share: ``info`` (immutable facts), ``index``
    (answers from what is known now, never waiting) and ``cache`` (locked). Decoding is not
    shared: ``picture`` decodes with a decoder that belongs to the calling thread, so each
    decoder is owned by exactly one thread. How a frame is drawn (``Render``) is passed with
    each call, never stored here.
    """

    def __init__(self, path: str | os.PathLike[str], *, cache_bytes: int = DEFAULT_BUDGET,
                 cache_dir: Path | None = None, store_index: bool = True) -> None:
        p = Path(path)
        _check_file(p)
        fingerprint = file_fingerprint(p)
        (stream_index, container, codec, codec_name, pixel_format, container_frames, rate,
         time_base) = _probe_stream(p)
        self.cache_dir = (cache_dir or default_cache_dir()) if store_index else None
        self.index = frame_index.FrameIndex(time_base)
        self._cancel = threading.Event()
        self._local = threading.local()  # this thread's decoder
        self._decoders: list[ExactDecoder] = []
        self._lock = threading.Lock()
        self._duration_memo: tuple[int, float] | None = None  # frames known, seconds
        if not frame_index.load_stored(self.index, self.cache_dir, fingerprint, stream_index):
            threading.Thread(
                target=frame_index.build, name=f"index {p.name}", daemon=True,
                args=(self.index, p, stream_index, fingerprint, self.cache_dir, self._cancel),
            ).start()
            self.index.wait(1, timeout=OPEN_WAIT)
        self.cache = FrameCache(cache_bytes)
        try:
            first = self._first_picture(p, stream_index)  # proves the codec works; interlaced?
        except BaseException:
            self._cancel.set()  # no clip: the indexer stops too
            raise
        self.info = ClipInfo(
            path=p, fingerprint=fingerprint, stream_index=stream_index, container=container,
            codec=codec, codec_name=codec_name, pixel_format=pixel_format, width=first.width,
            height=first.height, is_interlaced=first.interlaced,
            field_order=("progressive" if not first.interlaced
                         else "top first" if first.top_field_first else "bottom first"),
            container_frame_count=container_frames, nominal_fps=rate)
        self._open = True
        PLANES.open()

    def _first_picture(self, path: Path, stream_index: int) -> Picture:
        """Frame 0, decoded by a decoder of the opening thread that is closed at once."""
        self.index.wait(1)
        decoder = ExactDecoder(path, stream_index, self.index)
        try:
            first = decoder.decode(0)
        finally:
            decoder.close()
        self.cache.put(first)
        return first

    # --- facts that never change -----------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.info.path

    @property
    def fingerprint(self) -> str:
        return self.info.fingerprint

    @property
    def stream_index(self) -> int:
        return self.info.stream_index

    @property
    def codec(self) -> str:
        return self.info.codec

    @property
    def size(self) -> tuple[int, int]:
        return self.info.width, self.info.height

    @property
    def is_interlaced(self) -> bool:
        return self.info.is_interlaced

    @property
    def field_order(self) -> str:
        return self.info.field_order

    # --- facts from the index: what is known now, never waiting ----------------------------

    def wait_indexed(self, timeout: float | None = None) -> bool:
        """Wait for the whole index (for scripts; a viewer reads what is known instead)."""
        return self.index.wait(None, timeout)

    @property
    def indexed(self) -> bool:
        return self.index.complete

    @property
    def frame_count(self) -> int:
        """Frames known now: the whole clip once ``indexed``."""
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
        """The median frame duration in seconds over the frames known now (kept until more
        frames are known: frame servers read it under their lock on every request)."""
        known = len(self.index)
        memo = self._duration_memo
        if memo is not None and memo[0] == known:
            return memo[1]
        d = self._frame_durations()
        if len(d):
            value = float(np.median(d) * self.index.time_base)
        else:
            rate = self.info.nominal_fps
            value = 1 / rate if rate else 0.04
        self._duration_memo = (known, value)
        return value

    @property
    def duration(self) -> float:
        """Seconds of the frames known now: the whole clip once ``indexed``."""
        n = len(self.index)
        return self.index.seconds(n - 1) + self.frame_duration if n else 0.0

    @property
    def fps(self) -> float:
        """Average frames per second over the frames known now."""
        duration = self.duration
        return self.frame_count / duration if duration else 0.0

    def known_facts(self) -> ClipFacts | None:
        """The whole clip's facts, or None while it is still being indexed (never waits)."""
        if not self.index.complete or self.index.error is not None:
            return None
        info = self.info
        return ClipFacts(
            path=str(info.path), fingerprint=info.fingerprint, container=info.container,
            codec=info.codec, codec_name=info.codec_name, pixel_format=info.pixel_format,
            width=info.width, height=info.height, frame_count=self.frame_count,
            fps=round(self.fps, 4), duration=round(self.duration, 4), is_vfr=self.is_vfr,
            is_interlaced=info.is_interlaced, field_order=info.field_order,
            keyframes=self.index.keyframe_count(),
            container_frame_count=info.container_frame_count)

    def facts(self) -> ClipFacts:
        """The whole clip's facts, waiting for the index (for scripts such as ``probe``)."""
        self.wait_indexed()
        facts = self.known_facts()
        assert facts is not None  # an index error was raised by the wait
        return facts

    # --- frames --------------------------------------------------------------------------

    def timestamp(self, n: int) -> float:
        """Seconds from the first frame to frame ``n`` (a frame known now)."""
        if not 0 <= n < len(self.index):
            raise VideoError(self.path, f"frame {n} is not known (the index holds "
                             f"{len(self.index)} frames so far)", n)
        return self.index.seconds(n)

    def index_of(self, seconds: float) -> int:
        """The frame on screen at ``seconds``, among the frames known now (clamped to them)."""
        return self.index.frame_at(seconds)

    def _require(self, n: int) -> None:
        if n < 0:
            raise VideoError(self.path, f"frame {n} does not exist (frames count from 0)", n)
        if n >= len(self.index) and not self.index.complete:
            self.index.wait(n + 1)  # on a decoder thread: the frame is asked for explicitly
        if n >= len(self.index):
            raise VideoError(self.path, f"frame {n} does not exist (the clip has "
                             f"{len(self.index)} frames)", n)

    def _decoder(self) -> ExactDecoder:
        """The calling thread's own decoder (made on first use, closed with the clip)."""
        decoder: ExactDecoder | None = getattr(self._local, "decoder", None)
        if decoder is None:
            decoder = ExactDecoder(self.path, self.stream_index, self.index)
            self._local.decoder = decoder
            with self._lock:
                self._decoders.append(decoder)
        return decoder

    def open_decoder(self) -> tuple[int, ...]:
        """Make the calling thread's decoder now (a server's thread does it as it starts, so
        that its first request does not also pay for opening the file); returns the ids of
        FFmpeg's threads for it (``video.priority``)."""
        return self._decoder().codec_threads

    def forget_position(self) -> None:
        """The calling thread's decoder forgets where it is: the next frame not in the cache
        is a cold seek (benchmarks measure those)."""
        decoder: ExactDecoder | None = getattr(self._local, "decoder", None)
        if decoder is not None:
            decoder.forget_position()

    def picture(self, n: int, size: Size | None = None) -> Picture:
        """Frame ``n`` as a compact ``Picture`` (from the cache when it is there), decoded on
        the calling thread with that thread's decoder. ``size``: the viewer paints it at that
        size, so a picture kept reduced to it will do; None (the default) asks for the whole
        frame, which a reduced cached picture is not (it is decoded and replaces it)."""
        self._require(n)
        self.cache.set_playhead(n)
        cached = self.cache.get(n, size)
        if cached is not None:
            return cached
        if not self.cache.budget:
            return self._decoder().decode(n)

        def keep(picture: Picture) -> None:
            if n - picture.index <= KEEP_BEHIND:
                self.cache.put(picture)

        return self._decoder().decode(n, on_picture=keep)

    def decodes_next(self, n: int) -> bool:
        """Whether frame ``n`` is the very next one the calling thread's decoder produces."""
        decoder: ExactDecoder | None = getattr(self._local, "decoder", None)
        return decoder is not None and decoder.position == n - 1

    def prepare(self, n: int, frames: int) -> None:
        """Bring the calling thread's decoder up to just before frame ``n``, decoding at most
        ``frames`` pictures now (from ``n``'s keyframe when it is not on the way there), so
        that decoding ``n`` later is one picture's work instead of a seek and the start of a
        GOP. Pictures the cache lacks are kept, as a decode keeps them."""
        decoder = self._decoder()
        start = self._preparation_start(decoder, n)
        if start is None:
            return
        target = min(n - 1, start + frames - 1)

        def keep(picture: Picture) -> None:
            if picture.index not in self.cache:
                self.cache.put(picture)

        picture = decoder.decode(target, on_picture=keep)
        keep(picture)

    def prepare_seeks(self, n: int) -> bool:
        """Whether ``prepare(n, ...)`` would begin with a seek (the calling thread's decoder is
        not on the way to ``n``): the costly part, a keyframe and the decoder's threads filled
        again, that angles playing together should not all do at once."""
        decoder: ExactDecoder | None = getattr(self._local, "decoder", None)
        if decoder is None:
            return True
        start, last = self._preparation_start(decoder, n), decoder.position
        return start is not None and (last is None or start != last + 1)

    def _preparation_start(self, decoder: ExactDecoder, n: int) -> int | None:
        """The first picture ``prepare`` decodes towards ``n``: the decoder's next one when it
        is on the way, else ``n``'s keyframe; None when nothing is to be done (ready already,
        or ``n`` is a keyframe: a seek there is one picture)."""
        key, last = self.index.keyframe_at_or_before(n), decoder.position
        if last == n - 1 or key >= n:
            return None
        return last + 1 if last is not None and key - 1 <= last < n - 1 else key

    def frame(self, n: int, render: Render = DEFAULT_RENDER) -> np.ndarray:
        """Exactly frame ``n`` (0-based, presentation order) as H x W x 3 RGB ``uint8``,
        drawn as ``render`` says (interlaced clips are deinterlaced "linear" by default)."""
        return self.picture(n).rgb(render.view)

    def field(self, n: int, which: int) -> np.ndarray:
        """Field ``which`` (0: the first in time, 1: the second) of interlaced frame ``n``, at
        full height. Fields are half a frame period apart: on 50i, 50 moments a second."""
        if which not in (0, 1):
            raise ValueError("which must be 0 (first field) or 1 (second field)")
        return self.picture(n).rgb(FIELD_VIEWS[which])

    def close(self) -> None:
        """Stop indexing and close every decoder (their threads must be done with them)."""
        self._cancel.set()
        with self._lock:
            decoders, self._decoders = self._decoders, []
        for decoder in decoders:
            decoder.close()
        self.cache.clear()
        if self._open:
            self._open = False
            PLANES.close()

    def __enter__(self) -> Clip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_clip(path: str | os.PathLike[str], **options: Any) -> Clip:
    """Open ``path`` for frame-exact review; raise ``VideoError`` if it cannot be."""
    tune_allocator()
    return Clip(path, **options)
