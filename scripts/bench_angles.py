"""Four angles through the station's frame-serving API, as the window uses it (docs/benchmarks.md).

Usage: python scripts/bench_angles.py DIR [--single CLIP] [--json FILE] [--quick]

DIR holds the clips of ``scripts/make_bench_clips.py DIR --angles 4``: four 1080p50 and four
720p50 H.264 angles (GOP 50), every picture stamped with its frame index. The angles get
different time maps (offsets, and a 20 ppm drift on one), and every answer is checked against
the frame the time map says, read from its pixels. The steps, the working range, scrubbing and
the memory session paint each angle in a 2x2 place of a 1920x1080 window, as the window does
(``angle_bench_kit.PLACE_2X2``: pictures made at that size, far ones kept reduced to it); the
cold jumps and playback take RGB frames. Measured (all through ``AngleServer``, whose default
budget, ``STATION_BUDGET``, is the total for the four):
- steps forward and back after a rest: the time until all four exact pictures are delivered;
- cold jumps of all four, against the bare PyAV seek-and-decode loop for the same four frames,
  taking turns going first (the station without prefetching: both start from nothing);
- 1x playback of the four 720p angles, driven as the window's controller drives its player;
- the working range: after a rest, 20 jumps at 5 a second within +-5 s (four angles, and one
  angle alone through ``FrameServer`` on ``--single`` or the first angle);
- how long the caller's thread is held by each request, and the longest gap of a 5 ms
  heartbeat thread (a stand-in for the GUI thread's event loop) while scrubbing and playing;
- peak resident memory of the four 1080p angles alone, in a child process (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import _checkout  # noqa: F401  (the checkout's tests.kit)
import av
from angle_bench_kit import (
    FPS,
    SPAN,
    Gather,
    Heartbeat,
    common_span,
    open_angles,
    rest,
    station_for,
)
from bench_video import KEY_REPEAT, PyAVAnchor, _peak_rss_mb, pct, summary
from make_bench_clips import angle_path

from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.errors import VideoError
from reviewtool.video.playback import PlaybackClock
from reviewtool.video.server import SWITCH_INTERVAL, FrameResult, FrameServer
from tests.kit.stamp import read_stamp


def bench_steps(clips: list[Clip], rnd: random.Random, runs: int, steps: int) -> dict[str, Any]:
    gather = Gather()
    lo, hi = common_span(clips)
    back: list[float] = []
    fwd: list[float] = []
    cpu: dict[int, list[float]] = {1: [], -1: []}  # process CPU ms per step, all threads
    exact = 0
    with station_for(clips, gather, painted=True) as station:
        for _ in range(runs):
            c = station.frame_at(0, rnd.uniform(lo + 3, hi - 3))
            assert c is not None
            for direction, out in ((1, fwd), (-1, back)):
                gather.ask(lambda c=c: station.request_frame(c))
                rest(station, 3.0)
                cpu0 = time.process_time()
                for i in range(1, steps + 1):
                    time.sleep(KEY_REPEAT)
                    ms, ok = gather.ask(lambda n=c + direction * i: station.request_frame(n))
                    out.append(ms)
                    exact += ok
                cpu[direction].append((time.process_time() - cpu0) * 1000 / steps)
    return {"step_cpu_ms_forward": round(statistics.mean(cpu[1]), 1),
            "step_cpu_ms_back": round(statistics.mean(cpu[-1]), 1),
            "step_forward": summary(fwd), "step_back": summary(back),
            "steps_exact": f"{exact}/{len(fwd) + len(back)}",
            "request_call": summary(gather.held)}


def bench_cold(clips: list[Clip], rnd: random.Random, jumps: int) -> dict[str, Any]:
    gather = Gather()
    lo, hi = common_span(clips)
    anchors = [PyAVAnchor(c.path, c) for c in clips]
    app: list[float] = []
    bare: list[float] = []
    cpu: dict[str, list[float]] = {"app": [], "pyav": []}  # process CPU ms, all threads
    ok_app = ok_bare = 0
    with station_for(clips, gather, prefetch=False) as station:
        for i in range(jumps):
            t = rnd.uniform(lo, hi)
            targets = [station.frame_at(k, t) for k in range(len(clips))]

            def by_app(t: float = t) -> tuple[float, bool]:
                for clip in clips:
                    clip.cache.clear()
                return gather.ask(lambda: station.request(t))

            def by_pyav(targets: list[int | None] = targets) -> tuple[float, bool]:
                t0 = time.perf_counter()
                pictures = [a.frame(n) for a, n in zip(anchors, targets, strict=True)
                            if n is not None]
                ms = (time.perf_counter() - t0) * 1000
                return ms, all(p is not None and read_stamp(p) == n
                               for p, n in zip(pictures, targets, strict=True))

            for name in (("app", "pyav") if i % 2 == 0 else ("pyav", "app")):
                time.sleep(0.15)  # let the last reader's threads settle
                cpu0 = time.process_time()
                ms, ok = by_app() if name == "app" else by_pyav()
                cpu[name].append((time.process_time() - cpu0) * 1000)
                (app if name == "app" else bare).append(ms)
                if name == "app":
                    ok_app += ok
                else:
                    ok_bare += ok
    return {"cold_app": summary(app), "cold_pyav": summary(bare),
            "cold_p95_ratio": round(pct(app, 0.95) / pct(bare, 0.95), 3),
            "cold_median_ratio": round(pct(app, 0.5) / pct(bare, 0.5), 3),
            "cold_exact": f"{ok_app}/{jumps}, {ok_bare}/{jumps}",
            "cold_cpu_app": summary(cpu["app"]), "cold_cpu_pyav": summary(cpu["pyav"])}


def bench_range(clips: list[Clip], rnd: random.Random, runs: int) -> dict[str, Any]:
    """After a rest, runs of 20 jumps at 5 a second within +-5 s, all four angles."""
    gather = Gather()
    lo, hi = common_span(clips)
    times: list[float] = []
    main: list[float] = []
    exact = 0
    with station_for(clips, gather, painted=True) as station:
        centre = rnd.uniform(lo + SPAN, hi - SPAN)
        gather.ask(lambda: station.request(centre))
        rest(station, 10.0)
        cached = [s.frames for s in station.cache_stats()]
        for _ in range(runs):
            for _ in range(20):
                t = centre + rnd.uniform(-SPAN, SPAN)
                t0 = time.perf_counter()
                ms, ok = gather.ask(lambda t=t: station.request(t))
                times.append(ms)
                main.append(gather.each_ms.get(0, float("nan")))
                exact += ok
                time.sleep(max(0.0, 0.2 - (time.perf_counter() - t0)))
            gather.ask(lambda: station.request(centre))
            station.wait_prefetched(timeout=30)
        mb = station.cached_bytes / 2**20
    return {"range4": summary(times), "range4_main": summary(main),
            "range4_exact": f"{exact}/{len(times)}",
            "range4_cached_frames": cached, "range4_cache_mb": round(mb)}


def bench_range_single(path: Path, rnd: random.Random, runs: int) -> dict[str, Any]:
    """The same through one ``FrameServer`` (a single angle), on a 1080p50 GOP-50 clip."""
    clip = open_clip(path)
    clip.wait_indexed()
    done = threading.Condition()
    last: list[FrameResult] = []

    def on_frame(r: FrameResult) -> None:
        with done:
            last[:] = [r]
            done.notify_all()

    server = FrameServer(clip, on_frame, lambda n, e: None)

    def get(n: int) -> tuple[float, bool]:
        with done:
            t0 = time.perf_counter()
            rid = server.request(n)
            done.wait_for(lambda: bool(last) and last[0].request == rid, 30)
            return (time.perf_counter() - t0) * 1000, read_stamp(last[0].rgb) == n

    span = round(SPAN * clip.fps)
    times: list[float] = []
    exact = 0
    try:
        centre = rnd.randrange(span, clip.frame_count - span)
        get(centre)
        server.wait_prefetched(timeout=60)
        time.sleep(5)
        for _ in range(runs):
            for _ in range(20):
                t0 = time.perf_counter()
                ms, ok = get(centre + rnd.randint(-span, span))
                times.append(ms)
                exact += ok
                time.sleep(max(0.0, 0.2 - (time.perf_counter() - t0)))
            get(centre)
            server.wait_prefetched(timeout=30)
    finally:
        server.close()
        clip.close()
    return {"range1_clip": path.name, "range1": summary(times),
            "range1_exact": f"{exact}/{len(times)}"}


def bench_playback(clips: list[Clip], runs: int, seconds: float) -> dict[str, Any]:
    """1x on the main angle, driven as ui/player/controller.py drives its player: the next
    frame is asked for as soon as the last is in hand, and shown at its time."""
    gather = Gather()
    shown_late = shown = lag_over = 0
    lateness: list[float] = []
    worst_lag = 0
    held: list[float] = []
    beat = Heartbeat()
    with station_for(clips, gather) as station:
        lo, _ = common_span(clips)
        for run in range(runs):
            first = station.frame_at(0, lo + run * 0.5)
            assert first is not None
            gather.ask(lambda first=first: station.request_frame(first))
            rest(station, 2.0)
            index = clips[0].index
            clock = PlaybackClock(index.seconds, index.frame_at, clips[0].frame_count)
            clock.start(first, time.perf_counter())
            n, end = first, first + round(seconds * FPS)
            while n < end:
                n += 1
                with gather.cond:
                    t0 = time.perf_counter()
                    asked = station.request_frame(n)
                    held.append((time.perf_counter() - t0) * 1000)
                    gather.want, gather.got = asked.request, {}
                    due = clock.wall_time_of(n)
                    left = max(0.0, due - time.perf_counter()) + 1
                    gather.cond.wait_for(lambda: 0 in gather.got, timeout=left)
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                now = time.perf_counter()
                with gather.cond:
                    on_screen = dict(gather.latest)  # each angle shows its newest picture
                late = now - due
                lateness.append(late * 1000)
                shown += 1
                shown_late += late > 1 / FPS
                for k in range(1, len(clips)):
                    want = asked.frames[k]
                    if want is not None:
                        lag = want - on_screen.get(k, -10**6)
                        worst_lag = max(worst_lag, lag)
                        lag_over += lag > 1
    gaps = beat.stop()
    return {"play_main_on_time_pct": round(100 * (shown - shown_late) / max(shown, 1), 2),
            "play_frames": shown, "play_lateness": summary(lateness),
            "play_others_worst_lag_frames": worst_lag, "play_others_over_1_frame": lag_over,
            "play_request_call": summary(held), "play_heartbeat_gap_max_ms":
                round(max(gaps, default=0.0), 1), "play_heartbeat_gap": summary(gaps)}


def bench_scrub(clips: list[Clip], drags: int) -> dict[str, Any]:
    """Drags across the timeline at 60 Hz (previews of all four), the exact four on release."""
    gather = Gather()
    held: list[float] = []
    release: list[float] = []
    exact = 0
    beat = Heartbeat()
    with station_for(clips, gather, painted=True) as station:
        lo, hi = common_span(clips)
        for d in range(drags):
            start = lo + (d % 3) * 2
            t0 = time.perf_counter()
            t = start
            while time.perf_counter() - t0 < 3.0:
                t = start + (time.perf_counter() - t0) * 3.0  # 3 s of drag over 9 s of match
                c0 = time.perf_counter()
                station.request_preview(min(t, hi), lambda f: None)
                held.append((time.perf_counter() - c0) * 1000)
                time.sleep(1 / 60)
            end = min(t, hi)
            ms, ok = gather.ask(lambda end=end: station.request(end))
            release.append(ms)
            exact += ok
    gaps = beat.stop()
    return {"scrub_preview_call": summary(held), "scrub_release": summary(release),
            "scrub_exact": f"{exact}/{drags}", "scrub_heartbeat_gap_max_ms":
                round(max(gaps, default=0.0), 1), "scrub_heartbeat_gap": summary(gaps)}


def memory_session(folder: str, seconds: float) -> int:
    """Four 1080p angles as a reviewer uses them for ``seconds``: jumps, steps back, rests.
    Returns this process's peak resident memory in MB (run in a child process)."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    rnd = random.Random(7)
    clips = open_angles(Path(folder), "1080")
    gather = Gather()
    try:
        with station_for(clips, gather, painted=True) as station:
            lo, hi = common_span(clips)
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                c = station.frame_at(0, rnd.uniform(lo + 1, hi))
                assert c is not None
                for n in range(c, max(0, c - 40), -1):
                    gather.ask(lambda n=n: station.request_frame(n))
                station.wait_prefetched(timeout=20)
    finally:
        for clip in clips:
            clip.close()
    return _peak_rss_mb()


def peak_memory(folder: Path, seconds: float) -> int:
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return int(pool.apply(memory_session, (str(folder), seconds)))


def run(args: argparse.Namespace) -> int:
    sys.setswitchinterval(SWITCH_INTERVAL)  # as the window does
    rnd = random.Random(20261130)
    q = args.quick
    try:
        big = open_angles(args.dir, "1080")
        small = open_angles(args.dir, "720")
    except VideoError as e:
        print(f"bench_angles: {e} (make the clips with make_bench_clips.py DIR --angles 4)",
              file=sys.stderr)
        return 2
    out: dict[str, Any] = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                           f"Python {platform.python_version()}, PyAV {av.__version__}",
                           "load_before": os.getloadavg()}
    out.update(bench_steps(big, rnd, 1 if q else 3, 30 if q else 100))
    out.update(bench_cold(big, rnd, 10 if q else 60))
    out.update(bench_range(big, rnd, 2 if q else 10))
    out.update(bench_range_single(args.single or angle_path(args.dir, "1080", 0), rnd,
                                  2 if q else 10))
    out.update(bench_scrub(big, 2 if q else 5))
    for clip in big:
        clip.close()
    out.update(bench_playback(small, 1 if q else 3, 5.0 if q else 15.0))
    for clip in small:
        clip.close()
    out["app_peak_rss_mb"] = peak_memory(args.dir, 15 if q else 60)
    out["load_after"] = os.getloadavg()
    print_table(out)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), "utf-8")
    return 0


def print_table(r: dict[str, Any]) -> None:
    def p(key: str) -> str:
        return f"{r[key]['median_ms']:.1f} / {r[key]['p95_ms']:.1f} ms"

    rows = [
        ("four 1080p: step forward, all four delivered (p50 / p95)", p("step_forward"),
         "p95 <= 50 ms"),
        ("four 1080p: step back (p50 / p95)", p("step_back"), "p95 <= 50 ms"),
        ("steps exact (all four angles)", r["steps_exact"], "all"),
        ("cold jump of four: app (p50 / p95)", p("cold_app"), ""),
        ("cold jump of four: bare PyAV loop (p50 / p95)", p("cold_pyav"), ""),
        ("cold jump ratio app / PyAV (p95, median)",
         f"{r['cold_p95_ratio']:.2f}, {r['cold_median_ratio']:.2f}", "<= 1.2"),
        ("cold jumps exact (app, PyAV)", r["cold_exact"], "all"),
        ("cold jump CPU, all threads: app / PyAV (p50)",
         f"{r['cold_cpu_app']['median_ms']:.0f} / {r['cold_cpu_pyav']['median_ms']:.0f} ms", ""),
        ("CPU per step, all threads (forward / back)",
         f"{r['step_cpu_ms_forward']} / {r['step_cpu_ms_back']} ms", ""),
        ("working range, four angles, 20 jumps at 5/s (p50 / p95)", p("range4"), "p95 <= 30 ms"),
        ("  the main angle's picture alone (p50 / p95)", p("range4_main"), "p95 <= 30 ms"),
        ("working range, one angle (p50 / p95)", p("range1"), "p95 <= 30 ms"),
        ("working range exact (four, one)", f"{r['range4_exact']}, {r['range1_exact']}", "all"),
        ("frames cached per angle after the rest", str(r["range4_cached_frames"]), ""),
        ("scrub: exact four after release (p50 / p95)", p("scrub_release"), ""),
        ("request call, steps (p50 / p95)", p("request_call"), "<= 30 ms"),
        ("preview call while scrubbing (p50 / p95)", p("scrub_preview_call"), "<= 30 ms"),
        ("heartbeat: longest gap scrubbing / playing",
         f"{r['scrub_heartbeat_gap_max_ms']} / {r['play_heartbeat_gap_max_ms']} ms", "<= 30 ms"),
        ("four 720p at 1x: main angle on time", f"{r['play_main_on_time_pct']} % of "
         f"{r['play_frames']}", ">= 99.5 %"),
        ("four 720p at 1x: others' worst lag (times > 1 frame)",
         f"{r['play_others_worst_lag_frames']} ({r['play_others_over_1_frame']})", "<= 1"),
        ("peak RSS, four 1080p angles (child process)", f"{r['app_peak_rss_mb']} MB",
         "<= 2048 MB"),
    ]
    w = max(len(a) for a, _, _ in rows)
    v = max(len(b) for _, b, _ in rows)
    for a, b, c in rows:
        print(f"{a.ljust(w)}  {b.ljust(v)}  {c}")
    print(f"({r['machine']}; load average before {r['load_before']}, after {r['load_after']})")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bench_angles.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", type=Path, help="folder of make_bench_clips.py --angles 4")
    p.add_argument("--single", type=Path, help="a 1080p50 GOP-50 clip for the one-angle run")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    p.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    return p


if __name__ == "__main__":
    sys.exit(run(build_parser().parse_args()))
