"""The frame index: every frame's presentation timestamp, from demuxing packets (no decoding).

Frame numbers come from here, never from the container's frame count (often missing or wrong
in MKV, MPEG-TS and VFR files). The index grows in the background for long files: frames
before the keyframe preceding the newest keyframe seen are final (later packets cannot land
before it, even with open-GOP leading pictures), so the player can show early frames while the
rest is read. A finished index is stored per clip fingerprint, so reopening is instant.
"""

from __future__ import annotations

import bisect
import os
import threading
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from reviewtool.video.errors import VideoError

INDEX_FORMAT = 2
_PUBLISH_EVERY = 2000  # packets between progress updates


class FrameIndex:
    """Display-order timestamps and keyframe flags; safe to read while it is being built."""

    def __init__(self, time_base: Fraction) -> None:
        self.time_base = time_base
        self._pts = np.zeros(0, np.int64)
        self._key = np.zeros(0, bool)
        self._dts = np.zeros(0, np.int64)  # decode timestamp of each frame's packet
        self._keys: list[int] = []  # frame numbers of keyframes
        self._stable = 0
        self._complete = False
        self._error: VideoError | None = None
        self._cond = threading.Condition()

    # --- building ---------------------------------------------------------------------------

    def publish(self, pts: np.ndarray, key: np.ndarray, dts: np.ndarray, stable: int,
                complete: bool) -> None:
        with self._cond:
            self._pts, self._key, self._dts = pts, key, dts
            self._keys = np.flatnonzero(key).tolist()
            self._stable = len(pts) if complete else stable
            self._complete = complete
            self._cond.notify_all()

    def fail(self, error: VideoError) -> None:
        with self._cond:
            self._error = error
            self._complete = True
            self._cond.notify_all()

    # --- reading ----------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return self._complete

    @property
    def error(self) -> VideoError | None:
        return self._error

    def __len__(self) -> int:
        return self._stable

    def wait(self, frames: int | None = None, timeout: float | None = None) -> bool:
        """Wait until frame ``frames - 1`` is final (or the whole index, for None)."""
        with self._cond:
            done = self._cond.wait_for(
                lambda: self._complete or (frames is not None and self._stable >= frames),
                timeout)
            if self._error is not None:
                raise self._error
            return bool(done)

    def pts(self, n: int) -> int:
        return int(self._pts[n])

    def dts(self, n: int) -> int:
        return int(self._dts[n])

    def all_pts(self) -> np.ndarray:
        return self._pts[: self._stable]

    def is_keyframe(self, n: int) -> bool:
        return bool(self._key[n])

    def keyframe_at_or_before(self, n: int) -> int:
        """The last keyframe whose display position is at or before frame ``n``."""
        i = bisect.bisect_right(self._keys, n) - 1
        return self._keys[max(i, 0)] if self._keys else 0

    def keyframe_before(self, k: int) -> int | None:
        """The keyframe before keyframe ``k`` (for the seek-further-back retry)."""
        i = bisect.bisect_left(self._keys, k) - 1
        return self._keys[i] if i >= 0 else None

    def frame_of_pts(self, pts: int) -> int | None:
        arr = self._pts[: self._stable] if not self._complete else self._pts
        i = int(np.searchsorted(arr, pts))
        return i if i < len(arr) and arr[i] == pts else None

    def seconds(self, n: int) -> float:
        """Time of frame ``n`` from the first frame (stream start times normalised away)."""
        return float((int(self._pts[n]) - int(self._pts[0])) * self.time_base)

    def frame_at(self, seconds: float) -> int:
        """The frame on screen at ``seconds``: the last one that starts at or before it."""
        if self._stable == 0:
            return 0
        target = self._pts[0] + seconds / float(self.time_base)
        i = int(np.searchsorted(self._pts[: self._stable], target + 1e-6, side="right")) - 1
        return min(max(i, 0), self._stable - 1)


def _stored_path(cache_dir: Path, fingerprint: str, stream: int) -> Path:
    return cache_dir / "index" / f"{fingerprint}-{stream}.npz"


def load_stored(index: FrameIndex, cache_dir: Path | None, fingerprint: str, stream: int) -> bool:
    if cache_dir is None:
        return False
    path = _stored_path(cache_dir, fingerprint, stream)
    try:
        with np.load(path) as data:
            if int(data["format"]) != INDEX_FORMAT:
                return False
            index.publish(data["pts"], data["key"], data["dts"], len(data["pts"]),
                          complete=True)
            return True
    except (OSError, KeyError, ValueError):
        return False


def _store(cache_dir: Path, fingerprint: str, stream: int, pts: np.ndarray,
           key: np.ndarray, dts: np.ndarray) -> None:
    path = _stored_path(cache_dir, fingerprint, stream)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, pts=pts, key=key, dts=dts, format=np.int64(INDEX_FORMAT))
        os.replace(tmp, path)
    except OSError:
        pass  # the index is a cache: failing to store it only costs time on the next open


def build(index: FrameIndex, path: Path, stream_index: int, fingerprint: str,
          cache_dir: Path | None, cancel: threading.Event | None = None) -> None:
    """Demux ``path`` and publish the index as it grows; errors go to ``index.fail``."""
    try:
        found = _demux(index, path, stream_index, cancel)
    except VideoError as e:
        index.fail(e)
        return
    except av.FFmpegError as e:
        index.fail(VideoError(path, f"cannot be read to the end ({e})"))
        return
    if found is None:
        return  # cancelled
    pts, key, dts = found
    index.publish(pts, key, dts, len(pts), complete=True)
    if cache_dir is not None:
        _store(cache_dir, fingerprint, stream_index, pts, key, dts)


Arrays = tuple[np.ndarray, np.ndarray, np.ndarray]


def _finish(path: Path, raw_pts: list[int], raw_key: list[bool], raw_dts: list[int],
            first_key_pts: int | None) -> Arrays:
    pts = np.asarray(raw_pts, np.int64)
    key = np.asarray(raw_key, bool)
    dts = np.asarray(raw_dts, np.int64)
    if first_key_pts is not None:
        keep = pts >= first_key_pts  # leading pictures before the first keyframe never decode
        pts, key, dts = pts[keep], key[keep], dts[keep]
    order = np.argsort(pts, kind="stable")
    pts, key, dts = pts[order], key[order], dts[order]
    if len(pts) > 1 and np.any(pts[1:] == pts[:-1]):
        dup = int(np.flatnonzero(pts[1:] == pts[:-1])[0])
        raise VideoError(path, f"two frames share the timestamp of frame {dup}: the clip "
                         "cannot be addressed frame by frame (remux it)")
    return pts, key, dts


def _demux(index: FrameIndex, path: Path, stream_index: int,
           cancel: threading.Event | None) -> Arrays | None:
    raw_pts: list[int] = []
    raw_key: list[bool] = []
    raw_dts: list[int] = []
    first_key_pts: int | None = None
    keys_seen: list[int] = []
    with av.open(str(path)) as container:
        stream = container.streams[stream_index]
        for count, packet in enumerate(container.demux(stream), start=1):
            if packet.size == 0:
                continue
            ts = packet.pts if packet.pts is not None else packet.dts
            if ts is None:
                raise VideoError(path, "its packets carry no timestamps; frames cannot be "
                                 "numbered exactly")
            if first_key_pts is None and not packet.is_keyframe:
                continue  # nothing before the first keyframe can be decoded
            if packet.is_keyframe:
                if first_key_pts is None:
                    first_key_pts = ts
                keys_seen.append(ts)
            raw_pts.append(ts)
            raw_key.append(bool(packet.is_keyframe))
            raw_dts.append(packet.dts if packet.dts is not None else ts)
            if count % _PUBLISH_EVERY == 0:
                if cancel is not None and cancel.is_set():
                    return None
                if len(keys_seen) >= 2:
                    pts, key, dts = _finish(path, raw_pts, raw_key, raw_dts, first_key_pts)
                    stable = int(np.searchsorted(pts, keys_seen[-2]))
                    index.publish(pts, key, dts, stable, complete=False)
    if not raw_pts:
        raise VideoError(path, "the video stream holds no pictures")
    return _finish(path, raw_pts, raw_key, raw_dts, first_key_pts)
