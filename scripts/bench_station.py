"""The multi-angle station in the real review window: four angles stepping and playing together.

Usage: python scripts/bench_station.py [--seconds 6] [--size 1280x720] [--play-seconds 4]
                                        [--steps 20] [--scrub-seconds 4] [--json F]

Makes four stamped 50 fps H.264 clips (GOP 48) of the same moments (time maps: offsets 0,
+0.24, -0.2 and +0.1 s, the last drifting at 1.0002), a review that syncs them, and opens it
2 x 2 in the real window (offscreen unless a display is set). Every picture is checked
against the stamp in its pixels. Measures:
- a frame step (Right, then Left) until all four exact pictures are delivered: median, p95;
- 1x playback: the main angle's frames shown within one frame period of their time, and for
  the other angles, whether each showed its frame at or before the main angle's instant
  before the main angle's next frame came (never more than one frame behind); the processor
  time of the whole process and the pages the system filled for it, per main frame, and the
  share of the machine's time its host gave to others meanwhile (steal);
- the main angle's timeline dragged to and fro (the four angles follow), then released: the
  time until all four exact pictures are painted;
- the longest the GUI thread was blocked (a 5 ms heartbeat) while stepping, scrubbing and
  playing.
Prints a table and writes JSON. Not a timed test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import _checkout  # noqa: F401  (the checkout's tests.kit)
from bench_gui import Heartbeat, spin, wait_for  # beside this script
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from reviewtool.resources import demo_log
from reviewtool.review.session import ReviewSession
from reviewtool.review.station_view import frame_at_or_before
from reviewtool.store.chain import Author
from reviewtool.store.matchlog import read
from reviewtool.video.clip import open_clip
from reviewtool.video.timemap import TimeMap
from tests.kit.stamp import read_stamp
from tests.kit.synth import make_clip
from ui.app import make_app
from ui.main_window import ReviewWindow
from ui.player.timeline import MARGIN
from ui.settings import Settings
from ui.station.station import times_of

VAR = Author("Bench VAR", "VAR")
SCRUB_MOVE_MS = 16  # a mouse reports moves about this often while a button drags
MAPS = (TimeMap(), TimeMap(0.24), TimeMap(-0.2), TimeMap(0.1, 1.0002))


def p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


def make_review(work: Path, seconds: float, size: tuple[int, int]) -> Path:
    review = work / "bench.review"
    session = ReviewSession.create(review, read(demo_log()), VAR)
    w, h = size
    for k, _tm in enumerate(MAPS):  # sizes differ a little: four different files
        path = make_clip(work / f"angle{k + 1}.mp4", "h264_mp4", frames=round(seconds * 50),
                         size=(w - 16 * k, h - 8 * k), fps=50)
        with open_clip(path, store_index=False) as clip:
            facts = {k: v for k, v in clip.facts().as_json().items()
                     if k not in ("path", "fingerprint")}
            added = session.add_clip(str(path), clip.fingerprint, facts)
        if k:
            session.sync_by_hand(added.id, MAPS[k])
    session.close()
    return review


def expected(w: ReviewWindow) -> list[int | None]:
    """Each shown angle's frame at or before the main angle's instant now."""
    station = w.station
    out = []
    for pane in station.panes:
        clip = pane.controller.clip
        tm = pane.angle.time_map if pane.angle else None
        if clip is None or tm is None or station.model.instant is None:
            out.append(None)
            continue
        out.append(frame_at_or_before(tm, times_of(clip), station.model.instant))
    return out


def exact(w: ReviewWindow, main: int) -> bool:
    if w.player.shown != main or w.view.pixels is None or read_stamp(w.view.pixels) != main:
        return False
    for pane, want in zip(w.station.panes, expected(w), strict=True):
        pixels = pane.player.view.pixels
        if want is None or pixels is None or read_stamp(pixels) != want:
            return False
    return True


def expected_at(w: ReviewWindow, main_frame: int) -> list[int | None]:
    """Each place's frame when the main angle shows ``main_frame`` (at or before its instant)."""
    station, clip = w.station, w.player.clip
    assert clip is not None and station.model.main is not None
    tm = station.model.angle(station.model.main).time_map
    assert tm is not None
    instant = tm.to_reference(clip.index.seconds(main_frame))
    out: list[int | None] = [main_frame]
    for pane in station.panes[1:]:
        other = pane.controller.clip
        otm = pane.angle.time_map if pane.angle else None
        out.append(None if other is None or otm is None
                   else frame_at_or_before(otm, times_of(other), instant))
    return out


class Painted(QObject):
    """Which frame each place last painted, and when: the step's clock stops at the paint of
    the last of the four pictures. Only frame numbers are compared while the clock runs (reading
    four stamps on every poll of the event loop took the GUI thread's time from the window);
    the stamps are read once the step is complete. A picture is painted by its view, or by the
    view's screen (a native label: its paint is seen by a filter as it begins, a copy of the
    pixmap later)."""

    def __init__(self, w: ReviewWindow) -> None:
        super().__init__()
        self.index: list[int | None] = [None] * 4
        self.at = [0.0] * 4
        self._shown: list[int | None] = [None] * 4
        self._screens: dict[QObject, int] = {}
        for i, pane in enumerate(w.station.panes):
            pane.controller.frame_shown.connect(
                lambda r, i=i: self._shown.__setitem__(i, r.index))
            view = pane.player.view
            paint = view.paintEvent

            def painted(event: Any, i: int = i, paint: Any = paint, view: Any = view) -> None:
                paint(event)
                if not view.on_screen:
                    self._paint(i)

            view.paintEvent = painted  # type: ignore[method-assign]
            self._screens[view.screen_label] = i
        self.watch(True)

    def watch(self, on: bool) -> None:
        """Filter the screens' events, or stop: a Python filter is a call into Python for
        each of them, which the window does not make (off while playing)."""
        for screen in self._screens:
            screen.installEventFilter(self) if on else screen.removeEventFilter(self)

    def _paint(self, i: int) -> None:
        self.index[i], self.at[i] = self._shown[i], time.perf_counter()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._paint(self._screens[obj])
        return False

    def showing(self, want: list[int | None]) -> bool:
        return all(n is None or self.index[i] == n for i, n in enumerate(want))


def bench_steps(w: ReviewWindow, steps: int, painted: Painted) -> dict[str, Any]:
    beat = Heartbeat()
    out: dict[str, Any] = {}
    start = w.player.shown
    for name, key, sign in (("step_forward", Qt.Key.Key_Right, 1),
                            ("step_back", Qt.Key.Key_Left, -1)):
        times, wrong = [], 0
        beat.start()
        cpu0 = time.thread_time()
        for i in range(1, steps + 1):
            target = start + sign * i if sign > 0 else start + steps - i
            want = expected_at(w, target)
            t0 = time.perf_counter()
            QTest.keyClick(w.view, key)
            wait_for(lambda want=want: painted.showing(want))
            times.append((max(painted.at) - t0) * 1000)
            checking = time.thread_time()
            wrong += not exact(w, target)  # the stamps, off the clock and off the heartbeat
            cpu0 += time.thread_time() - checking
            beat.resume()
        beat.stop()
        cpu = time.thread_time() - cpu0
        out[name] = {"gui_thread_cpu_ms_per_step": round(cpu * 1000 / steps, 2),
                     "median_ms": round(statistics.median(times), 1),
                     "p95_ms": round(p95(times), 1), "max_ms": round(max(times), 1),
                     "steps_not_exact": wrong,
                     "max_gui_block_ms": round(max(beat.gaps) * 1000, 1)}
    return out


def bench_scrub(w: ReviewWindow, seconds: float, painted: Painted) -> dict[str, Any]:
    """The main angle's timeline dragged across most of the clip and back (a move every
    ``SCRUB_MOVE_MS``, as a mouse reports them) for ``seconds``, then released: the longest the
    GUI thread was blocked while the four angles followed the pointer, and how long after the
    release all four exact pictures were painted."""
    timeline = w.station.panes[0].player.timeline
    y = timeline.height() // 2
    left, right = MARGIN + 1, timeline.width() - MARGIN - 1
    moves = max(2, int(seconds * 1000 / SCRUB_MOVE_MS))

    def x_at(i: int) -> int:
        f = 2 * i / moves
        return round(left + (right - left) * (0.1 + 0.8 * (f if f <= 1 else 2 - f)))

    beat = Heartbeat()
    QTest.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x_at(0), y))
    beat.start()
    cpu0 = time.thread_time()
    done = QEventLoop()
    mover = QTimer()
    mover.setTimerType(Qt.TimerType.PreciseTimer)
    moved = [0]

    def move() -> None:
        moved[0] += 1
        if moved[0] > moves:
            mover.stop()
            done.quit()
            return
        QTest.mouseMove(timeline, QPoint(x_at(moved[0]), y))

    mover.timeout.connect(move)
    mover.start(SCRUB_MOVE_MS)
    done.exec()
    cpu = time.thread_time() - cpu0
    beat.stop()
    target = timeline.frame_at_x(x_at(moves))
    want = expected_at(w, target)
    t0 = time.perf_counter()
    QTest.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x_at(moves), y))
    wait_for(lambda: painted.showing(want))
    settled = max(0.0, max(painted.at) - t0) * 1000
    return {"seconds": seconds, "moves": moves,
            "max_gui_block_ms": round(max(beat.gaps) * 1000, 1),
            "gui_thread_cpu_ms_per_move": round(cpu * 1000 / moves, 2),
            "release_to_all_four_painted_ms": round(settled, 1),
            "exact_after_release": exact(w, target)}


def follower_lag(main_events: list[tuple[float, int]], instant_of: Any,
                 follower_events: list[tuple[float, int]], want: Any) -> dict[str, Any]:
    """One follower while the main angle played: at each main frame, how many frames the
    follower's picture on screen was behind (or ahead of) its frame at or before the main
    angle's instant, just before the main angle's next frame came. ``follower_events`` start
    with the picture on screen when playing began (without it, a follower that had not
    answered by the second main frame counted as behind by its whole frame number + 1)."""
    behind: list[int] = []
    exact = later = blank = 0  # later: a later frame than the main angle's instant
    worst = (0, -1)
    times = [t for t, _ in follower_events]
    for (_t, n_main), (t_next, _n) in itertools.pairwise(main_events):
        target = want(instant_of(n_main))
        if target is None:
            continue  # the follower has no frame at this instant
        j = bisect.bisect_right(times, t_next) - 1
        shown = follower_events[j][1] if j >= 0 else -1
        if shown < 0:
            blank += 1  # no picture on screen yet
            continue
        exact += shown == target
        later += shown > target
        behind.append(max(0, target - shown))
        worst = max(worst, (target - shown, n_main))
    return {"exact": exact, "of": len(behind) + blank, "blank": blank,
            "max_frames_behind": max(behind, default=0), "worst_at_main_frame": worst[1],
            "later_than_main": later, "frames_shown": len(follower_events) - 1}


def cpu_ticks() -> list[int] | None:
    """The machine's processor time so far by kind (Linux ``/proc/stat``), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            return [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None


def steal_share(before: list[int] | None, after: list[int] | None) -> float | None:
    """The share of the machine's time its host gave to others (a virtual machine's
    "steal"): the run's numbers mean little when it is high."""
    if before is None or after is None or len(after) < 8:
        return None
    spent = [b - a for a, b in zip(before, after, strict=False)]
    return round(spent[7] / max(1, sum(spent[:8])), 4)


def answer_times(following: Any) -> list[tuple[float, object, float]]:
    """Each follower answer's arrival (perf_counter), follower and wall time since it was
    asked, as the station's ``Following`` times them (what its lead is made from): a follower
    that falls behind shows here whether its answers came late."""
    answers: list[tuple[float, object, float]] = []
    timed = following._timed

    def timing(key: object, result: Any) -> None:
        sent = following._asks.get(key, {}).get(result.index)
        now = time.perf_counter()
        if sent is not None:
            answers.append((now, key, now - sent))
        timed(key, result)

    following._timed = timing
    return answers


def answer_ms(answers: list[tuple[float, object, float]], key: object,
              near: float | None) -> dict[str, Any]:
    """A follower's answer times: median, p95, longest, and the longest that came within
    0.2 s after ``near`` (its worst moment behind)."""
    took = sorted(t * 1000 for _at, k, t in answers if k is key)
    around = [t * 1000 for at, k, t in answers
              if k is key and near is not None and near <= at <= near + 0.2]
    return {"median": round(statistics.median(took), 1) if took else None,
            "p95": round(p95(took), 1) if took else None,
            "max": round(max(took), 1) if took else None,
            "max_after_worst": round(max(around), 1) if around else None}


class StealWatch(threading.Thread):
    """The host's steal (``/proc/stat``, in 10 ms ticks) sampled every 20 ms while playing:
    a moment when the followers fell behind can be told from one when the host took the
    processors away."""

    def __init__(self) -> None:
        super().__init__(name="steal-watch", daemon=True)
        self.samples: list[tuple[float, int]] = []
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.02):
            ticks = cpu_ticks()
            if ticks is not None and len(ticks) >= 8:
                self.samples.append((time.perf_counter(), ticks[7]))

    def stop(self) -> None:
        self._done.set()
        self.join()

    def ms_between(self, start: float, end: float) -> int | None:
        """Milliseconds of the processors' time stolen between two moments (+-20 ms)."""
        inside = [v for t, v in self.samples if start <= t <= end]
        return (inside[-1] - inside[0]) * 10 if len(inside) >= 2 else None

    def most_in(self, span: float) -> int:
        """The most stolen (ms) in any ``span`` seconds of the run."""
        best, j = 0, 0
        for t, v in self.samples:
            while self.samples[j][0] < t - span:
                j += 1
            best = max(best, (v - self.samples[j][1]) * 10)
        return best


def bench_play(w: ReviewWindow, seconds: float) -> dict[str, Any]:
    p = w.player
    panes = w.station.panes
    answers = answer_times(w.station.following)
    events: dict[int, list[tuple[float, int]]] = {i: [] for i in range(4)}
    for i, pane in enumerate(panes):
        pane.controller.frame_shown.connect(
            lambda r, i=i: events[i].append((time.perf_counter(), r.index)))
    main_clip = p.clip
    assert main_clip is not None
    beat = Heartbeat()
    beat.start()
    cpu0 = time.thread_time()
    for i, pane in enumerate(panes[1:], 1):  # the pictures on screen when playing begins
        pixels = pane.player.view.pixels
        stamp = None if pixels is None else read_stamp(pixels)
        events[i].append((time.perf_counter(), -1 if stamp is None else stamp))
    before, ticks = resource.getrusage(resource.RUSAGE_SELF), cpu_ticks()
    steal = StealWatch()
    steal.start()
    p.play()
    spin(seconds)
    p.pause()
    steal.stop()
    cpu = time.thread_time() - cpu0
    after, stolen = resource.getrusage(resource.RUSAGE_SELF), steal_share(ticks, cpu_ticks())
    beat.stop()
    period = main_clip.frame_duration
    late = p.lateness
    main_events = events[0]
    main_map = w.station.model.angle(w.station.model.main).time_map
    per: list[dict[str, Any]] = []
    for i in (1, 2, 3):
        pane = panes[i]
        clip, tm = pane.controller.clip, pane.angle.time_map if pane.angle else None
        if clip is None or tm is None or main_map is None:
            continue
        lag = follower_lag(
            main_events, lambda n: main_map.to_reference(main_clip.index.seconds(n)),
            events[i],
            lambda t, tm=tm, clip=clip: frame_at_or_before(tm, times_of(clip), t))
        worst = next((t for t, n in main_events if n == lag["worst_at_main_frame"]), None)
        per.append({"angle": pane.angle.key, **lag,
                    "answer_ms": answer_ms(answers, pane, worst),
                    "host_steal_ms_around_worst": None if worst is None
                    else steal.ms_between(worst - 0.2, worst + 0.1)})
    return {"seconds": seconds, "main_frames": len(main_events),
            "main_on_time_share": round(sum(1 for x in late if abs(x) <= period)
                                        / max(1, len(late)), 4),
            "main_late_p95_ms": round(p95(late) * 1000, 1) if late else None,
            "followers_exact_before_next_main_frame_share":
                round(sum(f["exact"] for f in per) / max(1, sum(f["of"] for f in per)), 4),
            "followers_max_frames_behind": max((f["max_frames_behind"] for f in per),
                                               default=0),
            "followers_later_than_main": sum(f["later_than_main"] for f in per),
            "followers_frames_shown": [f["frames_shown"] for f in per],
            "followers": per,
            "max_gui_block_ms": round(max(beat.gaps) * 1000, 1),
            # how often the 5 ms heartbeat came late: one run's longest block varies a lot
            "gui_gaps_over_ms": {str(ms): sum(1 for g in beat.gaps if g * 1000 > ms)
                                 for ms in (15, 20, 25, 30)},
            # the GUI thread's own CPU time (painting four pictures, the station's bookkeeping)
            "gui_thread_cpu_ms_per_main_frame": round(cpu * 1000 / max(1, len(main_events)),
                                                      2),
            # the whole process (every thread: decoding, painting, the window), and the pages
            # the system had to fill for it: two cores are the budget
            "process_cpu_ms_per_main_frame": round(
                (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
                / max(1, len(main_events)), 2),
            "page_faults_per_main_frame": round(
                (after.ru_minflt - before.ru_minflt) / max(1, len(main_events))),
            "host_steal_share": stolen,
            "host_steal_ms_most_in_200ms": steal.most_in(0.2),
            "host_steal_ms_around_longest_block": None if beat.longest_at is None
            else steal.ms_between(beat.longest_at - 0.2, beat.longest_at + 0.05)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=6.0, help="length of each clip")
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--play-seconds", type=float, default=4.0)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--scrub-seconds", type=float, default=4.0)
    ap.add_argument("--json", default="bench-station.json")
    args = ap.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    work = Path(tempfile.mkdtemp(prefix="rt-station-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    t0 = time.perf_counter()
    review = make_review(work, args.seconds, size)  # type: ignore[arg-type]
    made = time.perf_counter() - t0
    app = make_app(sys.argv[:1])
    settings = Settings(QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
    settings.set_value(f"authors/{review.resolve()}", f"{VAR.name}\t{VAR.role}")
    w = ReviewWindow(settings)
    w.resize(1920, 1080)
    w.show()
    result: dict[str, Any] = {"platform": app.platformName(), "size": args.size,
                              "machine": f"{platform.machine()} Python "
                                         f"{platform.python_version()}, "
                                         f"{os.cpu_count()} cores",
                              "load_average": [round(x, 2) for x in os.getloadavg()],
                              "clips_made_s": round(made, 1)}
    try:
        assert w.open_review(review)
        w.station.set_layout("grid")
        wait_for(lambda: all(p.controller.clip is not None for p in w.station.panes), 60)
        w.player.seek(50)
        wait_for(lambda: exact(w, 50), 60)
        spin(3.0)  # the playhead rests: the working ranges fill
        painted = Painted(w)
        result.update(bench_steps(w, args.steps, painted))
        spin(2.0)
        painted.watch(False)
        result["play_1x"] = bench_play(w, args.play_seconds)
        painted.watch(True)
        spin(3.0)  # (scrubbing last: playing begins where the playhead has rested)
        result["scrub"] = bench_scrub(w, args.scrub_seconds, painted)
    finally:
        w.close()
    print(json.dumps(result, indent=2))
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
