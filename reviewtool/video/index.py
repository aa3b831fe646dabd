"""The frame index: every frame's presentation timestamp, from demuxing packets (no decoding).

Frame numbers come from here, never from the container's frame count (often missing or wrong
in MKV, MPEG-TS and VFR files). The index grows in the background for long files: frames
before the keyframe preceding the newest keyframe seen are final (later packets cannot land
before it, even with open-GOP leading pictures), so the player can show early frames while the
rest is read. A finished index is stored per clip fingerprint, so reopening is instant.
"""

from __future__ import annotations

import bisect
import math
import os
import threading
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from reviewtool.video.errors import VideoError

INDEX_FORMAT = 3
_PUBLISH_EVERY = 2000  # packets between progress updates


@dataclass(frozen=True)
class IndexArrays:
    """Per frame, in display order: timestamps, keyframe flag, and damage.

    ``damaged[n]`` is the frame whose corrupt packet may have spoiled frame ``n`` (it was
    decoded after that packet and before a clean keyframe), or -1.
    """

    pts: np.ndarray
    key: np.ndarray
    dts: np.ndarray
    damaged: np.ndarray

    @classmethod
    def empty(cls) -> IndexArrays:
        z = np.zeros(0, np.int64)
        return cls(z, np.zeros(0, bool), z, z)


@dataclass(frozen=True)
class _Known:
    """What the index knows at one moment; replaced whole, never changed, so a reader that
    takes it once sees one consistent state while the builder publishes the next."""

    arrays: IndexArrays
    keys: list[int]  # frame numbers of keyframes
    stable: int  # frames 0 .. stable-1 are final
    complete: bool


class FrameIndex:
    """Display-order timestamps and keyframe flags, growing while the file is demuxed.

    Readers never wait: every question is answered from what is known now (the frames that
    are final so far). Only ``wait`` waits, for the decoder threads and headless scripts
    that need a frame beyond it; a window never calls it.
    """

    def __init__(self, time_base: Fraction) -> None:
        self.time_base = time_base
        self._known = _Known(IndexArrays.empty(), [], 0, False)
        self._error: VideoError | None = None
        self._cond = threading.Condition()

    # --- building ---------------------------------------------------------------------------

    def publish(self, arrays: IndexArrays, stable: int, complete: bool) -> None:
        known = _Known(arrays, np.flatnonzero(arrays.key).tolist(),
                       len(arrays.pts) if complete else stable, complete)
        with self._cond:
            self._known = known
            self._cond.notify_all()

    def fail(self, error: VideoError) -> None:
        with self._cond:
            self._error = error
            k = self._known
            self._known = _Known(k.arrays, k.keys, k.stable, True)
            self._cond.notify_all()

    # --- reading ----------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return self._known.complete

    @property
    def error(self) -> VideoError | None:
        return self._error

    def __len__(self) -> int:
        return self._known.stable

    def wait(self, frames: int | None = None, timeout: float | None = None) -> bool:
        """Wait until frame ``frames - 1`` is final (or the whole index, for None). For
        decoder threads and scripts: a viewer asks what is known instead."""
        with self._cond:
            done = self._cond.wait_for(
                lambda: self._known.complete
                or (frames is not None and self._known.stable >= frames), timeout)
            if self._error is not None:
                raise self._error
            return bool(done)

    def pts(self, n: int) -> int:
        return int(self._known.arrays.pts[n])

    def dts(self, n: int) -> int:
        return int(self._known.arrays.dts[n])

    def damaged_by(self, n: int) -> int | None:
        """The frame whose corrupt data may have spoiled frame ``n``, or None."""
        d = int(self._known.arrays.damaged[n])
        return None if d < 0 else d

    def all_pts(self) -> np.ndarray:
        k = self._known
        return k.arrays.pts[: k.stable]

    def is_keyframe(self, n: int) -> bool:
        return bool(self._known.arrays.key[n])

    def keyframe_count(self) -> int:
        return len(self._known.keys)

    def keyframe_at_or_before(self, n: int) -> int:
        """The last keyframe whose display position is at or before frame ``n``."""
        keys = self._known.keys
        i = bisect.bisect_right(keys, n) - 1
        return keys[max(i, 0)] if keys else 0

    def keyframe_after(self, n: int) -> int | None:
        """The first keyframe after frame ``n``, or None."""
        keys = self._known.keys
        i = bisect.bisect_right(keys, n)
        return keys[i] if i < len(keys) else None

    def keyframe_before(self, k: int) -> int | None:
        """The keyframe before keyframe ``k`` (for the seek-further-back retry)."""
        keys = self._known.keys
        i = bisect.bisect_left(keys, k) - 1
        return keys[i] if i >= 0 else None

    def frame_of_pts(self, pts: int) -> int | None:
        k = self._known
        arr = k.arrays.pts if k.complete else k.arrays.pts[: k.stable]
        i = int(np.searchsorted(arr, pts))
        return i if i < len(arr) and arr[i] == pts else None

    def seconds(self, n: int) -> float:
        """Time of frame ``n`` from the first frame (stream start times normalised away)."""
        pts = self._known.arrays.pts
        # int * numerator / denominator: Python rounds the quotient of two ints correctly, so
        # this is float(Fraction) exactly, without building a Fraction on every call (the
        # station asks it for every angle on every frame shown)
        tb = self.time_base
        return (int(pts[n]) - int(pts[0])) * tb.numerator / tb.denominator

    def frame_at(self, seconds: float) -> int:
        """The frame on screen at ``seconds``: the last one that starts at or before it, among
        the frames known now (a time beyond them gives the last known frame)."""
        k = self._known
        if k.stable == 0:
            return 0
        pts = k.arrays.pts
        # pts are whole ticks, so "at or before target" is "at or before its floor": a whole
        # key keeps numpy from converting the array to floats on every call (68 us at 1,000
        # frames, asked for every angle on every frame played). Searched with bisect, not
        # numpy: numpy's search lets go of the interpreter's lock, and on the GUI thread,
        # while four angles play, taking it back cost 28-50 us on average and up to 1.2 ms
        target = math.floor(int(pts[0]) + seconds / float(self.time_base) + 1e-6)
        i = bisect.bisect_right(pts, target, 0, k.stable) - 1
        return min(max(i, 0), k.stable - 1)


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
            arrays = IndexArrays(data["pts"], data["key"], data["dts"], data["damaged"])
            index.publish(arrays, len(arrays.pts), complete=True)
            return True
    except (OSError, KeyError, ValueError):
        return False


def _store(cache_dir: Path, fingerprint: str, stream: int, arrays: IndexArrays) -> None:
    path = _stored_path(cache_dir, fingerprint, stream)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, pts=arrays.pts, key=arrays.key, dts=arrays.dts, damaged=arrays.damaged,
                 format=np.int64(INDEX_FORMAT))
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
    index.publish(found, len(found.pts), complete=True)
    if cache_dir is not None:
        _store(cache_dir, fingerprint, stream_index, found)


@dataclass
class _Packets:
    """What demuxing collects, in decode order."""

    pts: list[int] = field(default_factory=list)
    key: list[bool] = field(default_factory=list)
    dts: list[int] = field(default_factory=list)
    corrupt: list[bool] = field(default_factory=list)
    first_key_pts: int | None = None


def damage(pts: np.ndarray, key: np.ndarray, corrupt: np.ndarray) -> np.ndarray:
    """For each packet (decode order), the position of the corrupt packet that may have spoiled
    it, or -1. A corrupt packet spoils what is decoded after it until a clean keyframe; a
    keyframe right after a corrupt packet is suspect too (the damage may run into it), and
    pictures shown before the clean keyframe but decoded after it still lean on spoiled ones.
    """
    out = np.full(len(pts), -1, np.int64)
    source = -1  # position of the corrupt packet whose damage is running
    end_pts: int | None = None  # the clean keyframe that ends it
    for i in range(len(pts)):
        if corrupt[i]:
            source, end_pts = i, None
            out[i] = i
        elif source < 0:
            continue
        elif end_pts is None:
            if key[i] and i > source + 1:
                end_pts = int(pts[i])
            else:
                out[i] = source
        elif pts[i] < end_pts:
            out[i] = source  # a leading picture of the clean keyframe
        elif key[i]:
            source, end_pts = -1, None
    return out


def _finish(path: Path, packets: _Packets) -> IndexArrays:
    pts = np.asarray(packets.pts, np.int64)
    key = np.asarray(packets.key, bool)
    dts = np.asarray(packets.dts, np.int64)
    spoiled_by = damage(pts, key, np.asarray(packets.corrupt, bool))
    if packets.first_key_pts is not None:
        keep = pts >= packets.first_key_pts  # leading pictures before the first keyframe
        pts, key, dts, spoiled_by = pts[keep], key[keep], dts[keep], spoiled_by[keep]
    order = np.argsort(pts, kind="stable")
    pts, key, dts, spoiled_by = pts[order], key[order], dts[order], spoiled_by[order]
    if len(pts) > 1 and np.any(pts[1:] == pts[:-1]):
        dup = int(np.flatnonzero(pts[1:] == pts[:-1])[0])
        raise VideoError(path, f"two frames share the timestamp of frame {dup}: the clip "
                         "cannot be addressed frame by frame (remux it)")
    # Name the damage by display frame number rather than packet position.
    display_of_packet = np.empty(len(order), np.int64)
    display_of_packet[order] = np.arange(len(order))
    damaged = np.where(spoiled_by >= 0, display_of_packet[np.clip(spoiled_by, 0, None)], -1)
    return IndexArrays(pts, key, dts, damaged)


def _demux(index: FrameIndex, path: Path, stream_index: int,
           cancel: threading.Event | None) -> IndexArrays | None:
    packets = _Packets()
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
            if packets.first_key_pts is None and not packet.is_keyframe:
                continue  # nothing before the first keyframe can be decoded
            if packet.is_keyframe:
                if packets.first_key_pts is None:
                    packets.first_key_pts = ts
                keys_seen.append(ts)
            packets.pts.append(ts)
            packets.key.append(bool(packet.is_keyframe))
            packets.dts.append(packet.dts if packet.dts is not None else ts)
            packets.corrupt.append(bool(packet.is_corrupt))
            if count % _PUBLISH_EVERY == 0:
                if cancel is not None and cancel.is_set():
                    return None
                if len(keys_seen) >= 2:
                    arrays = _finish(path, packets)
                    stable = int(np.searchsorted(arrays.pts, keys_seen[-2]))
                    index.publish(arrays, stable, complete=False)
    if not packets.pts:
        raise VideoError(path, "the video stream holds no pictures")
    return _finish(path, packets)
