"""Several angles served at one shared instant (reviewtool.video.station), read by their stamps."""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewtool.video.cache import DEFAULT_BUDGET
from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.errors import VideoError
from reviewtool.video.group import RUN_SECONDS, ServingGroup
from reviewtool.video.priority import BACKGROUND_NICE, CODEC_NICE, FOLLOWER_NICE, thread_nice
from reviewtool.video.station import AngleFrame, AngleServer, ServedAngle
from reviewtool.video.timemap import TimeMap
from tests.kit.stamp import read_stamp
from tests.kit.synth import KINDS, make_clip

# (kind, fps, frames, time map): angle 2 starts 1.37 s later and its clock runs 200 ppm fast.
ANGLES = (("h264_mkv", 25.0, 150, TimeMap(0.0, 1.0)),
          ("h264_mp4", 50.0, 260, TimeMap(1.37, 1.0002)),
          ("h264_mov", 25.0, 120, TimeMap(-0.52, 1.0)))


@pytest.fixture(scope="module")
def angle_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("angles")
    return [make_clip(folder / f"angle{k}{KINDS[kind].suffix}", kind, frames=frames,
                      size=(320, 180), fps=fps, seed=20 + k)
            for k, (kind, fps, frames, _) in enumerate(ANGLES)]


@pytest.fixture()
def opened(angle_files: list[Path], cache_dir: Path) -> Iterator[list[Clip]]:
    clips = [open_clip(p, cache_dir=cache_dir) for p in angle_files]
    try:
        for clip in clips:
            assert clip.wait_indexed(timeout=20)
        yield clips
    finally:
        for clip in clips:
            clip.close()


def expected_frame(k: int, instant: float) -> int | None:
    """The frame at or before ``instant`` worked out from how the clip was made."""
    _, fps, frames, time_map = ANGLES[k]
    t = (instant - time_map.offset) / time_map.rate
    n = math.floor(t * fps + 1e-6)
    return n if 0 <= n < frames else None


class Collect:
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.frames: list[AngleFrame] = []
        self.errors: list[tuple[int, int, VideoError]] = []

    def on_frame(self, f: AngleFrame) -> None:
        with self.cond:
            self.frames.append(f)
            self.cond.notify_all()

    def on_error(self, k: int, n: int, e: VideoError) -> None:
        with self.cond:
            self.errors.append((k, n, e))
            self.cond.notify_all()

    def answers(self, request: int, count: int) -> dict[int, AngleFrame]:
        """The pictures of station request ``request``, waiting until ``count`` have come."""
        def mine() -> dict[int, AngleFrame]:
            return {f.angle: f for f in self.frames if f.request == request}

        with self.cond:
            assert self.cond.wait_for(lambda: len(mine()) >= count or self.errors, timeout=20)
            assert not self.errors
            return mine()


def station_of(clips: list[Clip], got: Collect, **options: object) -> AngleServer:
    angles = [ServedAngle(c, ANGLES[k][3], f"angle {k + 1}") for k, c in enumerate(clips)]
    return AngleServer(angles, got.on_frame, got.on_error, **options)  # type: ignore[arg-type]


def test_every_angle_shows_its_frame_at_or_before_the_instant(opened: list[Clip]) -> None:
    got = Collect()
    with station_of(opened, got, prefetch=False) as station:
        # Twenty shared instants, some before angle 2 starts and after angle 3 ends.
        instants = [0.0, 0.5, 1.369, 1.37, 1.3901, 2.0, 2.02, 2.5, 3.0, 3.33, 3.9, 4.19, 4.2,
                    4.4, 4.79, 5.0, 5.5, 5.9, 0.04, 1.41]
        for instant in instants:
            asked = station.request(instant)
            want = tuple(expected_frame(k, instant) for k in range(len(ANGLES)))
            assert asked.frames == want, instant
            answers = got.answers(asked.request, sum(n is not None for n in want))
            assert set(answers) == {k for k, n in enumerate(want) if n is not None}
            for k, answer in answers.items():
                assert answer.instant == instant
                assert answer.result.index == want[k]
                assert read_stamp(answer.result.rgb) == want[k], (instant, k)


def test_a_step_moves_the_main_angle_by_one_frame(opened: list[Clip]) -> None:
    got = Collect()
    with station_of(opened, got, main=1, prefetch=False) as station:
        for n in range(40, 50):  # the main angle is the 50 fps one: others repeat frames
            asked = station.request_frame(n)
            assert asked.frames[1] == n
            answers = got.answers(asked.request, 3)
            assert read_stamp(answers[1].result.rgb) == n
            instant = station.instant_of(1, n)
            for k in (0, 2):
                assert read_stamp(answers[k].result.rgb) == expected_frame(k, instant)


def test_the_budget_is_shared_and_the_main_angle_is_filled_first(
        opened: list[Clip]) -> None:
    got = Collect()
    window = 2.0
    # First with room for everything: what each angle's working range costs.
    with station_of(opened, got, main=0, prefetch_seconds=window,
                    budget_bytes=1 << 30) as station:
        asked = station.request(2.5)
        got.answers(asked.request, 3)
        assert station.wait_prefetched(timeout=30)
        need = [s.nbytes for s in station.cache_stats()]
    for clip in opened:
        clip.cache.clear()
    # Then with room for the main angle's range and part of the others': every angle keeps
    # its nearest second (about half of a 2 s range), the main angle all of its range.
    budget = need[0] + 6 * (need[1] + need[2]) // 10
    with station_of(opened, got, main=0, prefetch_seconds=window,
                    budget_bytes=budget) as station:
        asked = station.request(2.5)
        got.answers(asked.request, 3)
        assert station.wait_prefetched(timeout=30)
        assert station.cached_bytes <= budget
        assert sum(clip.cache.nbytes for clip in opened) == station.cached_bytes
        centre = asked.frames[0]
        assert centre is not None
        span = round(window * 25)
        assert all(n in opened[0].cache for n in range(centre - span, centre + span + 1))
        others = station.cache_stats()[1:]
        assert sum(s.nbytes for s in others) < need[1] + need[2]
        for k, stats in enumerate(others, start=1):  # each keeps its own frame and neighbours
            n = asked.frames[k]
            assert n is not None and stats.frames > 0 and n in opened[k].cache


def test_set_main_moves_the_priority(opened: list[Clip]) -> None:
    got = Collect()
    with station_of(opened, got, prefetch=False) as station:
        station.set_main(2)
        assert station.main == 2
        assert [c.cache.lead for c in opened] == [5.0, 5.0, 0.0]
        with pytest.raises(ValueError, match="angle 3 is not one of the 3 angles"):
            station.set_main(3)


def test_close_leaves_no_threads_and_gives_the_caches_back(opened: list[Clip]) -> None:
    before = set(threading.enumerate())
    got = Collect()
    station = station_of(opened, got, budget_bytes=64 << 20)
    asked = station.request(3.0)
    got.answers(asked.request, 3)
    station.close()
    assert set(threading.enumerate()) <= before
    assert all(c.cache.budget == DEFAULT_BUDGET and c.cache.lead == 0.0 for c in opened)
    # The clips stay open and usable after the station let them go.
    assert read_stamp(opened[0].frame(10)) == 10


def test_one_clip_cannot_be_two_angles(opened: list[Clip]) -> None:
    got = Collect()
    with pytest.raises(ValueError, match="its own open clip"):
        AngleServer([ServedAngle(opened[0]), ServedAngle(opened[0])], got.on_frame, got.on_error)
    with pytest.raises(ValueError, match="at least one angle"):
        AngleServer([], got.on_frame, got.on_error)


def test_previews_come_from_each_angles_cache(opened: list[Clip]) -> None:
    got = Collect()
    previews: list[AngleFrame] = []
    arrived = threading.Event()

    def on_preview(f: AngleFrame) -> None:
        previews.append(f)
        if {p.angle for p in previews} == {0, 1, 2}:
            arrived.set()

    with station_of(opened, got, prefetch=False) as station:
        asked = station.request(3.0)
        got.answers(asked.request, 3)
        aimed = station.request_preview(3.0, on_preview)
        assert aimed == asked.frames
        assert arrived.wait(20)
        for f in previews:
            assert f.result.index == aimed[f.angle] and f.result.exact
            assert read_stamp(f.result.rgb) == aimed[f.angle]


def test_the_main_angles_picture_comes_first(opened: list[Clip]) -> None:
    """The transport steps the main angle: its picture is delivered before the other angles
    decode theirs, even when every angle must decode (nothing cached)."""
    got = Collect()
    with station_of(opened, got, main=2, prefetch=False) as station:
        for instant in (1.5, 3.9, 2.2, 0.3 + 1.37):
            for clip in opened:
                clip.cache.clear()
            asked = station.request(instant)
            count = sum(n is not None for n in asked.frames)
            got.answers(asked.request, count)
            order = [f.angle for f in got.frames if f.request == asked.request]
            assert order[0] == 2, (instant, order)


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="thread priorities are set on Linux only")
def test_the_other_angles_and_prefetching_decode_below_the_main_angle(
        opened: list[Clip]) -> None:
    """On two cores the main angle's frame must be decoded first: the other angles' request
    threads and every prefetcher run at a lower priority, and set_main moves it."""
    got = Collect()
    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    with station_of(opened, got, budget_bytes=64 << 20) as station:
        got.answers(station.request(3.0).request, 3)

        def nices() -> list[dict[str, int | None]]:
            return [{role: None if tid is None else thread_nice(tid)
                     for role, tid in server.native_threads().items()}
                    for server in station._servers]

        follower = min(19, base + FOLLOWER_NICE)
        background = min(19, base + BACKGROUND_NICE)
        assert nices() == [{"requests": base, "prefetch": background},
                           {"requests": follower, "prefetch": background},
                           {"requests": follower, "prefetch": background}]
        station.set_main(2)
        now = [n["requests"] for n in nices()]
        assert now[:2] == [follower, follower]
        if os.geteuid() == 0:  # raising a thread back needs the privilege (or RLIMIT_NICE)
            assert now[2] == base


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="thread priorities are set on Linux only")
def test_ffmpegs_threads_run_below_the_python_threads_that_opened_them(
        opened: list[Clip]) -> None:
    """FFmpeg's threads inherited their opener's priority: a Python thread holding the
    interpreter's lock lost its core to them and kept the window's GUI thread waiting for the
    lock. The other angles' and the prefetchers' run at nice 19 now; a headless main angle's
    stay at the process's priority, and set_main moves them."""
    got = Collect()
    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    low = max(base, CODEC_NICE)
    with station_of(opened, got, budget_bytes=64 << 20) as station:
        got.answers(station.request(3.0).request, 3)
        assert station.wait_prefetched(timeout=30)  # every prefetcher's decoder is open

        def placed(role: str) -> list[set[int | None]]:
            return [{thread_nice(t) for t in server.codec_threads()[role]}
                    for server in station._servers]

        assert all(server.codec_threads()["requests"] and server.codec_threads()["prefetch"]
                   for server in station._servers)
        assert placed("requests") == [{base}, {low}, {low}]
        assert placed("prefetch") == [{low}] * 3
        station.set_main(2)
        now = placed("requests")
        assert now[0] == {low}
        if os.geteuid() == 0:  # raising a thread back needs the privilege (or RLIMIT_NICE)
            assert now[2] == {base}


def test_a_request_or_a_preview_wakes_its_own_thread_alone(opened: list[Clip]) -> None:
    """Every thread woken takes the group's lock and the interpreter's again. Each request
    woke every request, preview and prefetch thread of the group (nine for four angles), and
    while scrubbing four angles the GUI thread waited for the lock up to 39 ms. A request to
    one angle now wakes that angle's request thread, a preview its preview thread."""
    got = Collect()
    with station_of(opened, got, budget_bytes=64 << 20) as station:
        got.answers(station.request(3.0).request, 3)
        main, follower, other = station._servers
        answered = threading.Semaphore(0)
        deliver = follower._on_frame
        follower._on_frame = lambda r: (deliver(r), answered.release())  # type: ignore
        deadline = time.monotonic() + 10  # every request thread back to waiting
        while any(len(s._requests._waiters) != 1 for s in station._servers):  # type: ignore
            assert time.monotonic() < deadline
            time.sleep(0.01)
        woken = {"main": 0, "other": 0}
        for name, server in (("main", main), ("other", other)):
            def counting(check=server._may_serve, name=name) -> bool:  # type: ignore
                woken[name] += 1
                return check()
            server._may_serve = counting  # type: ignore[method-assign]
        for n in range(20):
            follower.request(n)
            assert answered.acquire(timeout=10)
        previews = threading.Semaphore(0)
        for n in range(20):
            follower.request_preview(n, lambda _r: previews.release())
            time.sleep(0.005)  # (newest wins: these are not all answered)
        assert previews.acquire(timeout=10)  # the previews were served: not a vacuous half
        assert woken == {"main": 0, "other": 0}


class _Stub:
    """What ``ServingGroup.may_prefetch`` reads of a frame server."""

    def __init__(self, near: bool, filled: bool) -> None:
        self._pending = None
        self._busy = threading.Event()
        self._prefetching = True
        self._moved_at = time.monotonic() - 10  # the viewer rests
        self._direction = 1
        self.near, self.filled = near, filled

    def _near_missing(self) -> bool:
        return self.near

    def _filled(self) -> bool:
        return self.filled


def test_every_angles_near_frames_come_before_the_main_angles_far_ones() -> None:
    """A step and the start of playback show every angle: the other angles' nearest frames
    are prefetched as soon as the main angle's are in, before its far range (they used to
    wait until the main range was full, and were then decoded cold)."""
    group = ServingGroup()
    main, near, far = _Stub(True, False), _Stub(True, False), _Stub(False, False)
    group.servers[:] = [main, near, far]  # type: ignore[list-item]
    group.main = main  # type: ignore[assignment]
    assert group.may_prefetch(main)  # type: ignore[arg-type]
    assert not group.may_prefetch(near)  # type: ignore[arg-type]  # the main's near first
    main.near = False
    assert group.may_prefetch(near)  # type: ignore[arg-type]
    assert not group.may_prefetch(far)  # type: ignore[arg-type]  # far: after the main's range
    main.filled = True
    assert group.may_prefetch(far)  # type: ignore[arg-type]
    near._pending = (1, 1, None)  # type: ignore[assignment]  # a request is served first
    assert not group.may_prefetch(main)  # type: ignore[arg-type]


def test_during_a_run_of_steps_only_the_main_angles_near_frames_are_prefetched() -> None:
    """Stepping with a key held, or playing: the next frames come from the request threads'
    own decoders; prefetching the others (or the main angle's far range) decoded them twice
    and took the cores from the frames on screen (main angle on time in 2 x 2: 94 -> 100 %)."""
    group = ServingGroup()
    main, other = _Stub(True, False), _Stub(True, False)
    group.servers[:] = [main, other]  # type: ignore[list-item]
    group.main = main  # type: ignore[assignment]
    main.near, main.filled = False, True
    assert group.may_prefetch(other)  # type: ignore[arg-type]  # resting: everyone fills
    other._moved_at = time.monotonic()  # a step
    assert not group.may_prefetch(other)  # type: ignore[arg-type]
    assert not group.may_prefetch(main)  # type: ignore[arg-type]  # its near frames are in
    main.near = True
    assert group.may_prefetch(main)  # type: ignore[arg-type]
    main._direction = -1  # stepping back: the GOP behind every angle is decoded early
    assert group.may_prefetch(other)  # type: ignore[arg-type]
    other.near = False
    assert not group.may_prefetch(other)  # type: ignore[arg-type]
    other.near, main._direction = True, 1
    other._moved_at -= RUN_SECONDS
    assert group.may_prefetch(other)  # type: ignore[arg-type]  # the run ended


def test_a_server_knows_when_its_near_frames_are_in(opened: list[Clip]) -> None:
    got = Collect()
    with station_of(opened, got, rest_seconds=0.05) as station:
        asked = station.request(3.0)
        got.answers(asked.request, 3)
        assert station.wait_prefetched(60)
        assert not any(server._near_missing() for server in station._servers)
        clip, n = opened[1], asked.frames[1]
        assert n is not None
        with clip.cache._budget.lock:
            clip.cache._drop(n + 3)  # type: ignore[operator]
        assert station._servers[1]._near_missing()
