"""GUI benchmarks in the real player window: opening, scrubbing and playback.

Usage: python scripts/bench_gui.py CLIP [--long LONG_CLIP] [--play-seconds 60] [--json OUT]

- opening: from File > Open to the first frame painted, with no stored index (the index of a
  long file is built in the background);
- scrubbing: 5-second drags across the timeline; the longest time the GUI thread was blocked
  (gaps in a 5 ms heartbeat) and the time from release to the exact frame on screen;
- playback: 60 s at 1x (share of frames shown within one frame period of their time) and
  at 2x (drift between media time and wall time).
Runs on whatever Qt platform is set (offscreen or a real X display); prints a table and
writes JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _checkout  # noqa: F401  (the checkout's tests.kit)
from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtTest import QTest

from tests.kit.stamp import read_stamp
from ui.app import make_app
from ui.player.window import PlayerWindow


class Heartbeat:
    """A 5 ms timer on the GUI thread; the gaps between its beats show blocking."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._longest = 0.0
        self.longest_at: float | None = None  # when the longest gap ended (perf_counter)
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        if gap > self._longest:
            self._longest, self.longest_at = gap, now
        self.gaps.append(gap)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._longest, self.longest_at = 0.0, None
        self._last = time.perf_counter()
        self.timer.start(5)

    def stop(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        """The bench's own work (reading stamps) since the last beat is not a gap."""
        self._last = time.perf_counter()


def spin(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def wait_for(condition: Any, timeout: float = 30.0) -> float:
    """Run the event loop until ``condition()``; returns the seconds it took."""
    t0 = time.perf_counter()
    while not condition():
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError("condition not met")
        loop = QEventLoop()
        QTimer.singleShot(1, loop.quit)
        loop.exec()
    return time.perf_counter() - t0


def bench_open(w: PlayerWindow, path: Path) -> float:
    t0 = time.perf_counter()
    w.open_path(path)
    wait_for(lambda: w.view.pixels is not None and w.player.clip is not None
             and w.player.clip.path == path)
    return time.perf_counter() - t0


def bench_scrub(w: PlayerWindow, drags: int) -> dict[str, Any]:
    tl = w.timeline
    y = tl.height() // 2
    beat = Heartbeat()
    exact_after: list[float] = []
    worst_block: list[float] = []
    for d in range(drags):
        a, b = (0.1, 0.9) if d % 2 == 0 else (0.85, 0.15)
        x0, x1 = tl.width() * a, tl.width() * b
        beat.start()
        QTest.mousePress(tl, Qt.MouseButton.LeftButton, pos=QPoint(round(x0), y))
        t0 = time.perf_counter()
        while (elapsed := time.perf_counter() - t0) < 5.0:  # a 5-second drag, 60 moves/s
            x = x0 + (x1 - x0) * elapsed / 5.0
            QTest.mouseMove(tl, QPoint(round(x), y))
            spin(1 / 60)
        QTest.mouseRelease(tl, Qt.MouseButton.LeftButton, pos=QPoint(round(x1), y))
        target = tl.frame_at_x(round(x1))
        t_rel = time.perf_counter()
        wait_for(lambda target=target: w.player.shown == target and w.view.pixels is not None
                 and read_stamp(w.view.pixels) == target)
        exact_after.append((time.perf_counter() - t_rel) * 1000)
        beat.stop()
        worst_block.append(max(beat.gaps) * 1000)
    return {"drags": drags, "max_gui_block_ms": round(max(worst_block), 1),
            "exact_after_release_p95_ms": round(sorted(exact_after)[
                min(len(exact_after) - 1, round(0.95 * (len(exact_after) - 1)))], 1),
            "exact_after_release_median_ms": round(statistics.median(exact_after), 1)}


def bench_play(w: PlayerWindow, speed: float, seconds: float) -> dict[str, Any]:
    p = w.player
    clip = p.clip
    assert clip is not None
    p.seek(0)
    wait_for(lambda: p.shown == 0)
    p.set_speed(speed)
    shown: list[tuple[float, int]] = []
    p.frame_shown.connect(lambda r: shown.append((time.perf_counter(), r.index)))
    t0 = time.perf_counter()
    p.play()
    spin(seconds)
    p.pause()
    period = clip.frame_duration
    out: dict[str, Any] = {"speed": speed, "seconds": seconds, "frames_shown": len(shown)}
    if speed <= 1.0:
        late = p.lateness
        on_time = sum(1 for x in late if abs(x) <= period)
        expected = int(seconds * speed / period)
        out.update(on_time_share=round(on_time / max(1, len(late)), 4),
                   frames_expected=expected,
                   skipped=sum(1 for a, b in itertools.pairwise(shown)
                               if b[1] - a[1] != 1),
                   late_p95_ms=round(sorted(late)[int(0.95 * (len(late) - 1))] * 1000, 1))
    else:
        t_last, n_last = shown[-1]
        drift = clip.index.seconds(n_last) - (t_last - t0) * speed
        out.update(drift_s=round(drift, 3), dropped=int((t_last - t0) * speed / period)
                   - len(shown))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("clip", type=Path)
    ap.add_argument("--long", type=Path, help="a long clip for the opening test")
    ap.add_argument("--play-seconds", type=float, default=60.0)
    ap.add_argument("--drags", type=int, default=10)
    ap.add_argument("--json", default="bench-gui.json")
    args = ap.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="rt-bench-"))
    import os

    os.environ["XDG_CACHE_HOME"] = str(cache)  # no stored index: opening is cold
    app = make_app(sys.argv[:1])
    w = PlayerWindow()
    w.resize(1280, 800)
    w.show()
    result: dict[str, Any] = {"platform": app.platformName(),
                              "machine": f"{platform.machine()} Python "
                                         f"{platform.python_version()}"}
    try:
        for key, path in (("open_long_s", args.long), ("open_s", args.clip)):
            if path is not None:
                result[key] = round(bench_open(w, path), 3)
                result[key.replace("_s", "_frames")] = w.player.frame_count
        wait_for(lambda: w.player.clip is not None and w.player.clip.indexed, 60)
        result["scrub"] = bench_scrub(w, args.drags)
        result["play_1x"] = bench_play(w, 1.0, args.play_seconds)
        result["play_2x"] = bench_play(w, 2.0, args.play_seconds / 2)
    finally:
        w.close()
        shutil.rmtree(cache, ignore_errors=True)
    print(json.dumps(result, indent=2))
    Path(args.json).write_text(json.dumps(result, indent=2), "utf-8")


if __name__ == "__main__":
    main()
