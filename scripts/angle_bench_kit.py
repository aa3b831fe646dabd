"""The four-angle benchmark's tools: the angles' time maps, waiting for all four pictures,
and a heartbeat thread (scripts/bench_angles.py)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from make_bench_clips import angle_path

from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.errors import VideoError
from reviewtool.video.server import FrameResult
from reviewtool.video.station import AngleFrame, AngleServer, AskedFrames, ServedAngle
from reviewtool.video.timemap import TimeMap
from tests.kit.stamp import read_stamp

# Clip time -> shared time per angle: different starts, one camera 20 ppm fast.
TIME_MAPS = (TimeMap(0.0), TimeMap(0.46), TimeMap(-0.83, 1.00002), TimeMap(1.21))
FPS = 50.0
SPAN = 5.0  # seconds each way of the working range
# The size a 2x2 station paints each angle at on a 1920x1080 window, measured once from the
# real window: ``ReviewWindow`` resized to 1920x1080 with its default docks, the demo review
# in 2x2, each pane's view is 751x409 device pixels, and a 16:9 picture (1080p or 720p) fitted
# there is painted at 727x409 (``VideoView.paint_size``). Far from the playhead, 1080p
# pictures are then kept at 960x540 and 720p ones at 640x360.
PLACE_2X2 = (727, 409)


def stamp_of(result: FrameResult) -> int | None:
    """The frame index stamped in a delivered picture. A painted one is read from its painted
    form (its ``rgb`` would decode a reduced picture whole again) enlarged to 960x540: the
    stamp's blocks are width // 32 wide, a whole number of pixels at half of 1920 wide."""
    if result.screen is None:
        return read_stamp(result.rgb)
    bgr = np.ascontiguousarray(result.screen[..., :3])
    return read_stamp(cv2.resize(bgr, (960, 540), interpolation=cv2.INTER_LINEAR))


def expected(k: int, instant: float, frames: int) -> int | None:
    """Angle ``k``'s frame at or before ``instant``, from how the clips were made."""
    m = TIME_MAPS[k]
    n = math.floor((instant - m.offset) / m.rate * FPS + 1e-6)
    return n if 0 <= n < frames else None


class Gather:
    """The pictures of the newest station request, with when each arrived."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.want = 0
        self.got: dict[int, tuple[float, FrameResult]] = {}
        self.errors: list[str] = []
        self.held: list[float] = []  # ms the caller spent inside each request call
        self.latest: dict[int, int] = {}  # angle -> the newest frame delivered (on screen)

    def on_frame(self, f: AngleFrame) -> None:
        with self.cond:
            self.latest[f.angle] = f.result.index
            if f.request == self.want:
                self.got[f.angle] = (time.perf_counter(), f.result)
                self.cond.notify_all()

    def on_error(self, k: int, n: int, e: VideoError) -> None:
        with self.cond:
            self.errors.append(f"angle {k + 1} frame {n}: {e}")
            self.cond.notify_all()

    def ask(self, call: Callable[[], AskedFrames]) -> tuple[float, bool]:
        """Make a request; ms until every angle's picture is delivered, and whether every
        picture is the expected frame (by its stamp)."""
        with self.cond:
            t0 = time.perf_counter()
            asked = call()
            self.held.append((time.perf_counter() - t0) * 1000)
            self.want, self.got = asked.request, {}
            count = sum(n is not None for n in asked.frames)
            done = self.cond.wait_for(lambda: len(self.got) >= count or bool(self.errors), 60)
            got = dict(self.got)
        ms = (max(t for t, _ in got.values()) - t0) * 1000 if done and got else float("nan")
        self.each_ms = {k: (t - t0) * 1000 for k, (t, _) in got.items()}
        ok = done and not self.errors and all(
            stamp_of(got[k][1]) == expected(k, asked.instant, self.frames[k])
            for k, n in enumerate(asked.frames) if n is not None)
        ok = ok and all(expected(k, asked.instant, self.frames[k]) == n
                        for k, n in enumerate(asked.frames))
        return ms, ok

    frames: tuple[int, ...] = ()
    each_ms: dict[int, float] = {}  # noqa: RUF012  (per angle, of the last ask)


def open_angles(folder: Path, size: str) -> list[Clip]:
    clips = [open_clip(angle_path(folder, size, k)) for k in range(len(TIME_MAPS))]
    for clip in clips:
        clip.wait_indexed()
    return clips


def station_for(clips: list[Clip], gather: Gather, painted: bool = False,
                **options: Any) -> AngleServer:
    """The station; ``painted``: each angle painted in a 2x2 place (``PLACE_2X2``), as the
    window paints them (pictures made at that size, far ones kept reduced)."""
    gather.frames = tuple(c.frame_count for c in clips)
    size = (lambda: PLACE_2X2) if painted else None
    return AngleServer([ServedAngle(c, m, paint_size=size)
                        for c, m in zip(clips, TIME_MAPS, strict=True)],
                       gather.on_frame, gather.on_error, **options)


def common_span(clips: list[Clip]) -> tuple[float, float]:
    """Shared instants at which every angle has a picture."""
    lo = max(m.to_reference(0.0) for m in TIME_MAPS)
    hi = min(m.to_reference(c.duration) for c, m in zip(clips, TIME_MAPS, strict=True))
    return lo + 0.1, hi - 0.1


class Heartbeat:
    """A thread that wakes every 5 ms and records how late it woke: what a GUI thread's event
    loop would suffer from the serving threads (the GIL, the locks)."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop.wait(0.005):
            now = time.perf_counter()
            self.gaps.append((now - last - 0.005) * 1000)
            last = now

    def stop(self) -> list[float]:
        self._stop.set()
        self._thread.join()
        return self.gaps


def rest(station: AngleServer, seconds: float) -> None:
    t0 = time.perf_counter()
    station.wait_prefetched(timeout=60)
    left = seconds - (time.perf_counter() - t0)
    if left > 0:
        time.sleep(left)
