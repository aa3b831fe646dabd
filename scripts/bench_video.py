"""Frame access measured against bare PyAV and OpenCV on the same file (docs/benchmarks.md).

Usage: python scripts/bench_video.py CLIP... [--json FILE] [--quick]

A developer's benchmark, not a command of the app: a referee never needs it, it compares the
engine with bare decoding loops and reaches into the decoder to force cold seeks, so it lives
beside the tests with the stamped clips it checks. Clips made by ``scripts/make_bench_clips.py``
carry their frame index in the pixels, so every answer is checked, ours and the anchors'; on
any other clip only the times are measured, and the table says exactness was not checked.
App and anchors take turns on the same targets (A B C, B C A, C A B, ...) so that the
machine's noise, and the cost of following another reader, hit all of them alike. The GUI
targets (opening, scrubbing, playback) are measured by ``scripts/bench_gui.py`` in the real
window.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import _checkout  # noqa: F401  (the checkout's tests.kit)
import av
import cv2
import numpy as np

from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.errors import VideoError
from reviewtool.video.server import SWITCH_INTERVAL, FrameResult, FrameServer
from tests.kit.stamp import read_stamp

KEY_REPEAT = 0.033  # seconds between steps, like a held arrow key


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def summary(ms: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(ms), 1) if ms else float("nan"),
            "p95_ms": round(pct(ms, 0.95), 1), "n": len(ms)}


class PyAVAnchor:
    """The bare loop: seek to the keyframe before the target, decode forward to it."""

    def __init__(self, path: Path, clip: Clip) -> None:
        self.container = av.open(str(path))
        self.stream = self.container.streams.video[0]
        self.stream.codec_context.thread_type = "AUTO"
        self.index = clip.index

    def frame(self, n: int) -> np.ndarray | None:
        target = self.index.pts(n)
        self.container.seek(target, stream=self.stream, backward=True, any_frame=False)
        for frame in self.container.decode(self.stream):
            if frame.pts is not None and frame.pts >= target:
                return frame.to_ndarray(format="rgb24")
        return None


class OpenCVAnchor:
    def __init__(self, path: Path) -> None:
        self.cap = cv2.VideoCapture(str(path))

    def frame(self, n: int) -> np.ndarray | None:
        self.cap.set(cv2.CAP_PROP_POS_FRAMES, n)
        ok, bgr = self.cap.read()
        return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB) if ok else None


def timed_check(fn: Any, n: int) -> tuple[float, bool]:
    """Milliseconds ``fn(n)`` took, and whether its picture carries the stamp ``n``."""
    t0 = time.perf_counter()
    try:
        rgb = fn(n)
    except (VideoError, av.FFmpegError):
        rgb = None
    ms = (time.perf_counter() - t0) * 1000
    return ms, rgb is not None and read_stamp(rgb) == n


class _Waiter:
    """Turns the frame server's callbacks into blocking calls for the benchmark."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.last: FrameResult | None = None
        self.error: str | None = None

    def on_frame(self, r: FrameResult) -> None:
        with self.cond:
            self.last = r
            self.cond.notify_all()

    def on_error(self, n: int, e: VideoError) -> None:
        with self.cond:
            self.error = str(e)
            self.cond.notify_all()

    def get(self, server: FrameServer, n: int) -> tuple[float, bool]:
        """Ask for frame ``n``; the time until it is delivered, and whether it was exact."""
        t0 = time.perf_counter()
        with self.cond:
            rid = server.request(n)
            self.cond.wait_for(lambda: (self.last is not None and self.last.request == rid)
                               or self.error is not None, timeout=30)
            ms = (time.perf_counter() - t0) * 1000
            ok = self.last is not None and self.last.request == rid and \
                read_stamp(self.last.rgb) == n
            self.error = None
        return ms, ok


def carries_stamps(clip: Clip) -> bool:
    """Whether the clip's first and last pictures carry their frame index (a clip from
    scripts/make_bench_clips.py); only then can exactness be counted."""
    last = len(clip.index) - 1
    return all(read_stamp(clip.frame(n)) == n for n in (0, last))


def bench_clip(path: Path, seeks: int, steps: int, quick: bool) -> dict[str, Any]:
    rnd = random.Random(20260225)
    clip = open_clip(path)
    clip.wait_indexed()
    facts = clip.facts()
    count = facts.frame_count
    need = max(2 * steps + 3, 2 * round(5 * facts.fps) + 1)
    if count < need:
        clip.close()
        raise VideoError(path, f"is too short to benchmark ({count} frames; it needs {need})")
    stamped = carries_stamps(clip)
    out: dict[str, Any] = {"clip": path.name, "stamped": stamped, "codec": facts.codec,
                           "size": f"{facts.width}x{facts.height}", "fps": facts.fps,
                           "frames": count, "keyframes": facts.keyframes}

    # Cold random seeks: app, PyAV and OpenCV in turn on the same targets.
    pyav, ocv = PyAVAnchor(path, clip), OpenCVAnchor(path)
    times: dict[str, list[float]] = {"app": [], "pyav": [], "opencv": []}
    exact: dict[str, int] = {"app": 0, "pyav": 0, "opencv": 0}
    targets = [rnd.randrange(count) for _ in range(seeks)]

    def cold(n: int) -> np.ndarray:
        clip.cache.clear()
        clip.forget_position()  # no decoder state carried over: a true cold seek
        return clip.frame(n)

    readers = [("app", cold), ("pyav", pyav.frame), ("opencv", ocv.frame)]
    for i, n in enumerate(targets):
        # Rotate who goes first: a reader running right after another pays for the memory
        # that one just freed (measured: about 0.5 ms of a 10 ms MJPEG seek, whoever it is).
        for name, fn in readers[i % 3:] + readers[:i % 3]:
            ms, ok = timed_check(fn, n)
            times[name].append(ms)
            exact[name] += ok
    for name in times:
        out[f"seek_{name}"] = summary(times[name])
        out[f"seek_{name}_exact"] = f"{exact[name]}/{len(targets)}"
    out["seek_p95_ratio_app_vs_pyav"] = round(out["seek_app"]["p95_ms"]
                                              / out["seek_pyav"]["p95_ms"], 3)

    # Stepping and the working range go through the frame server, as in the window.
    clip.cache.clear()
    waiter = _Waiter()
    server = FrameServer(clip, waiter.on_frame, waiter.on_error)
    try:
        back: list[float] = []
        fwd: list[float] = []
        ok_steps = 0
        for _ in range(1 if quick else 3):
            start = rnd.randrange(steps + 1, count - steps - 1)
            waiter.get(server, start)
            for i in range(1, steps + 1):
                time.sleep(KEY_REPEAT)
                ms, ok = waiter.get(server, start - i)
                back.append(ms)
                ok_steps += ok
            waiter.get(server, start)
            for i in range(1, steps + 1):
                time.sleep(KEY_REPEAT)
                ms, ok = waiter.get(server, start + i)
                fwd.append(ms)
                ok_steps += ok
        out["step_back"] = summary(back)
        out["step_forward"] = summary(fwd)
        out["steps_exact"] = f"{ok_steps}/{len(back) + len(fwd)}"

        # Working range: rest 10 s on a frame, then any frame within +-5 s.
        span = round(5 * facts.fps)
        center = rnd.randrange(span, count - span)
        waiter.get(server, center)
        t0 = time.perf_counter()
        filled = server.wait_prefetched(timeout=10)
        rest = time.perf_counter() - t0
        if rest < 10:
            time.sleep(10 - rest)
        out["working_range_filled_s"] = round(rest, 2) if filled else None
        out["working_range_cached"] = sum(1 for k in range(center - span, center + span + 1)
                                          if k in clip.cache)
        out["working_range_frames"] = 2 * span + 1
        near: list[float] = []
        ok_near = 0
        for _ in range(40 if quick else 150):
            n = center + rnd.randint(-span, span)
            ms, ok = waiter.get(server, n)
            near.append(ms)
            ok_near += ok
            server.request(center)  # the official returns to the frame under review
            waiter.get(server, center)
        out["working_range"] = summary(near)
        out["working_range_exact"] = f"{ok_near}/{len(near)}"
    finally:
        server.close()
        clip.close()
    if not stamped:  # a count of exact answers would read as 0 out of N: there is none
        out.update({k: None for k in out if k.endswith("_exact")})
    return out


def app_session(path: str, seconds: float) -> int:
    sys.setswitchinterval(SWITCH_INTERVAL)
    """The app alone, as a reviewer uses it: open, jump about, step both ways, rest until
    the working range is cached. Returns the peak resident memory in MB (run in a child
    process, so the anchors' memory is not counted)."""
    rnd = random.Random(7)
    clip = open_clip(path)
    clip.wait_indexed()
    waiter = _Waiter()
    server = FrameServer(clip, waiter.on_frame, waiter.on_error)
    try:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            n = rnd.randrange(len(clip.index))
            waiter.get(server, n)
            for i in range(1, 60):
                waiter.get(server, max(0, n - i))
            server.wait_prefetched(timeout=12)
    finally:
        server.close()
        clip.close()
    return _peak_rss_mb()


def _peak_rss_mb() -> int:
    """This process's own peak (VmHWM; getrusage's maxrss survives exec on Linux, so in a
    child it would report the parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def app_peak_memory(path: Path, seconds: float) -> int:
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return int(pool.apply(app_session, (str(path), seconds)))


NO_STAMPS = ("carries no frame stamps: times measured, exactness not checked (clips from "
             "scripts/make_bench_clips.py carry them)")


def run_bench(args: argparse.Namespace) -> int:
    sys.setswitchinterval(SWITCH_INTERVAL)  # as the window does: see ui.app
    results = []
    for c in args.clips:
        try:
            results.append(bench_clip(Path(c), 15 if args.quick else args.seeks,
                                      30 if args.quick else args.steps, args.quick))
            results[-1]["app_peak_rss_mb"] = app_peak_memory(Path(c), 15 if args.quick else 60)
        except VideoError as e:
            print(f"bench: {e}", file=sys.stderr)
            return 2
        if not results[-1]["stamped"]:
            print(f"bench: {Path(c).name} {NO_STAMPS}", file=sys.stderr)
    peak_mb = _peak_rss_mb()
    report = {"machine": f"{platform.machine()}, {platform.system()}, Python "
                         f"{platform.python_version()}, PyAV {av.__version__}, OpenCV "
                         f"{cv2.__version__}", "peak_rss_mb": round(peak_mb), "clips": results}
    print_table(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), "utf-8")
    return 0


def print_table(report: dict[str, Any]) -> None:
    head = ("clip", "seek app p50/p95", "PyAV p50/p95", "OpenCV p50/p95", "ratio", "exact a/p/o",
            "back p95", "fwd p95", "range p95", "cached", "app MB")
    rows = []
    for r in report["clips"]:
        def two(key: str, r: dict[str, Any] = r) -> str:
            return f"{r[key]['median_ms']:.0f}/{r[key]['p95_ms']:.0f}"

        rows.append((r["clip"], two("seek_app"), two("seek_pyav"), two("seek_opencv"),
                     f"{r['seek_p95_ratio_app_vs_pyav']:.2f}",
                     (f"{r['seek_app_exact']} {r['seek_pyav_exact']} {r['seek_opencv_exact']}"
                      if r["stamped"] else "not checked"),
                     f"{r['step_back']['p95_ms']:.1f}", f"{r['step_forward']['p95_ms']:.1f}",
                     f"{r['working_range']['p95_ms']:.1f}",
                     f"{r['working_range_cached']}/{r['working_range_frames']}",
                     str(r["app_peak_rss_mb"])))
    widths = [max(len(str(x[i])) for x in (head, *rows)) for i in range(len(head))]
    for row in (head, *rows):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
    print(f"bench process peak (app and anchors): {report['peak_rss_mb']} MB; app MB: the app "
          f"alone in a child process   ({report['machine']})")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bench_video.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("clips", nargs="+", metavar="CLIP", help="clips to measure")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--seeks", type=int, default=200,
                   help="random seeks per clip (a p95 of fewer moves a lot between runs)")
    p.add_argument("--steps", type=int, default=100, help="steps each way per run")
    p.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    return p


if __name__ == "__main__":
    sys.exit(run_bench(build_parser().parse_args()))
