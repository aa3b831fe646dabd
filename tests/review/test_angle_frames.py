"""Angles at shared instants, read from the stamps: five cameras at 50p, 25p (starting 1.37 s
later and running at 1.0002), 59.94p, VFR and 50i, synced by two marks each; at twenty shared
instants every angle shows exactly the frame whose timestamp is at or before the instant."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from reviewtool.review.angle_clock import AngleClock
from reviewtool.review.matchtime import parse_clock
from reviewtool.review.session import ReviewSession
from reviewtool.video.clip import Clip, open_clip
from reviewtool.video.timemap import SyncMark, TimeMap
from tests.kit.angles import expected_frame, make_angle
from tests.kit.stamp import read_stamp
from tests.review.helpers import demo_session

# name -> (kind, fps, frames, truth: the camera's clip time on the reference angle's)
CAMERAS = {
    "ref": ("h264_mp4", 50.0, 300, TimeMap()),
    "late": ("mjpeg_avi", 25.0, 100, TimeMap(1.37, 1.0002)),
    "ntsc": ("h264_mkv", 60000 / 1001, 200, TimeMap(1.6, 0.99997)),
    "vfr": ("vfr_mkv", 25.0, 100, TimeMap(0.8)),
    "50i": ("interlaced_mpeg2_ts", 25.0, 85, TimeMap(1.9)),
}
KICK_OFF = 48 * 60 + 52.0  # the reference's first frame reads 90+3:52 (second half)


@pytest.fixture(scope="module")
def cameras(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[float]]]:
    folder = tmp_path_factory.mktemp("angles")
    suffix = {"h264_mp4": ".mp4", "mjpeg_avi": ".avi", "h264_mkv": ".mkv", "vfr_mkv": ".mkv",
              "interlaced_mpeg2_ts": ".ts"}
    return {name: make_angle(folder / f"{name}{suffix[kind]}", kind, truth, frames=frames,
                             fps=fps, seed=i)
            for i, (name, (kind, fps, frames, truth)) in enumerate(CAMERAS.items())}


@pytest.fixture()
def desk(tmp_path: Path, cameras: dict[str, tuple[Path, list[float]]]
         ) -> Iterator[tuple[ReviewSession, dict[str, int], dict[int, Clip]]]:
    s = demo_session(tmp_path / "m.review")
    ids: dict[str, int] = {}
    opened: dict[int, Clip] = {}
    try:
        for name, (path, _times) in cameras.items():
            clip = open_clip(path, cache_dir=tmp_path / "cache")
            facts = clip.facts()
            ids[name] = s.add_clip(str(path), facts.fingerprint, facts.as_json()).id
            opened[ids[name]] = clip
        for name, (_kind, _fps, _n, truth) in CAMERAS.items():
            if name != "ref":
                # a flash early and a whistle late, marked in both angles
                marks = [SyncMark(truth.to_reference(t), t) for t in (0.5, 2.5)]
                s.sync_by_marks(ids[name], marks)
        s.mark_sync(ids["ref"], 0, 2, KICK_OFF)
        yield s, ids, opened
    finally:
        for clip in opened.values():
            clip.close()
        s.close()


def _instants(cameras: dict[str, tuple[Path, list[float]]], n: int = 20) -> list[float]:
    """Twenty instants where every angle shows a frame, none within half a millisecond of a
    frame change (where 'at or before' would hang on rounding, not on the sync)."""
    rng = np.random.default_rng(11)
    out: list[float] = []
    while len(out) < n:
        t = float(rng.uniform(2.0, 4.4))
        edges = [min(abs(np.asarray(times) - CAMERAS[name][3].from_reference(t)))
                 for name, (_p, times) in cameras.items()]
        if min(edges) > 0.0005:
            out.append(t)
    return out


def test_every_angle_shows_the_expected_frame_at_twenty_instants(desk, cameras) -> None:
    s, ids, opened = desk
    clock = AngleClock(s.angles(), opened, s.record.syncs_of)
    for t in _instants(cameras):
        for name, (_path, times) in cameras.items():
            want = expected_frame(times, CAMERAS[name][3].from_reference(t))
            got = clock.frame_at_or_before(ids[name], t)
            assert got == want, f"{name} at {t:.4f} s"
            assert got is not None and read_stamp(opened[ids[name]].frame(got)) == want


def test_stepping_the_main_angle_moves_the_others_to_its_instant(desk, cameras) -> None:
    s, ids, opened = desk
    clock = AngleClock(s.angles(), opened, s.record.syncs_of)
    late_times = cameras["late"][1]
    for frame in (20, 21, 22, 60):  # the main angle is the 25p one, stepped a frame at a time
        at = clock.follow(ids["late"], frame)
        t = CAMERAS["late"][3].to_reference(late_times[frame])
        assert at[ids["late"]].frame == frame
        for name, (_path, times) in cameras.items():
            want = expected_frame(times, CAMERAS[name][3].from_reference(t))
            assert at[ids[name]].frame == want, name


def test_the_match_clock_reads_the_same_on_every_angle(desk, cameras) -> None:
    s, ids, opened = desk
    clock = AngleClock(s.angles(), opened, s.record.syncs_of)
    t = CAMERAS["late"][3].to_reference(cameras["late"][1][40])
    when = clock.match_time_of(ids["late"], 40)
    assert when is not None and when.period == 2
    assert when.seconds == pytest.approx(KICK_OFF + t, abs=1e-6)
    instant = clock.instant_of(parse_clock("90+3:55.013"))  # type: ignore[arg-type]
    assert instant == pytest.approx(3.013, abs=1e-6)
    assert clock.frame_at_or_before(ids["ref"], instant) == 150  # 3.00 s at 50p


def test_instants_outside_an_angle_say_why(desk, cameras) -> None:
    s, ids, opened = desk
    clock = AngleClock(s.angles(), opened, s.record.syncs_of)
    before = clock.place(ids["late"], 1.0)
    assert before.frame is None and "starts" in before.why
    after = clock.place(ids["50i"], 5.9)
    assert after.frame is None and "ended" in after.why
    with pytest.raises(KeyError, match="no angle 9"):
        clock.place(9, 2.0)


def test_an_unsynced_angle_cannot_drive_the_others(desk, cameras) -> None:
    s, ids, opened = desk
    s.unsync_angle(ids["vfr"])
    clock = AngleClock(s.angles(), opened, s.record.syncs_of)
    assert clock.frame_at_or_before(ids["vfr"], 3.0) is None
    assert "not synced" in clock.place(ids["vfr"], 3.0).why
    with pytest.raises(ValueError, match="not synced"):
        clock.follow(ids["vfr"], 10)
    s.undo()
    clock = AngleClock(s.angles(), opened, s.record.syncs_of)
    assert clock.frame_at_or_before(ids["vfr"], 3.0) is not None


def test_an_angle_that_is_not_open_leaves_the_others_working(desk, cameras) -> None:
    s, ids, opened = desk
    without = {n: c for n, c in opened.items() if n != ids["ntsc"]}
    clock = AngleClock(s.angles(), without, s.record.syncs_of)
    at = clock.follow(ids["ref"], 150)
    assert at[ids["ntsc"]].frame is None and "is not open" in at[ids["ntsc"]].why
    assert at[ids["late"]].frame == expected_frame(cameras["late"][1],
                                                   CAMERAS["late"][3].from_reference(3.0))
