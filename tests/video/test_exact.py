"""Exactness on every kind of clip: the decoded pixels show the frame asked for."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest

from reviewtool.video.clip import KEEP_BEHIND, open_clip
from reviewtool.video.decoder import Render
from tests.kit.stamp import read_stamp
from tests.kit.synth import KINDS, vfr_timestamps
from tests.video.conftest import FRAMES


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("cache", [0, 512 << 20], ids=["nocache", "cache"])
def test_seeks_and_steps_are_exact(clips: dict[str, Path], kind: str, cache: int,
                                   cache_dir: Path) -> None:
    with open_clip(clips[kind], cache_bytes=cache, cache_dir=cache_dir) as clip:
        assert clip.frame_count == FRAMES
        rnd = random.Random(kind)
        seeks = [rnd.randrange(FRAMES) for _ in range(25)]
        start = rnd.randrange(30, 70)
        backward = list(range(start, start - 30, -1))
        forward = list(range(start, start + 30))
        for n in [*seeks, *backward, *forward, 0, FRAMES - 1, 0]:
            assert read_stamp(clip.frame(n)) == n, f"{kind}: asked {n}"


@pytest.mark.parametrize("kind", list(KINDS))
def test_facts(clips: dict[str, Path], kind: str, cache_dir: Path) -> None:
    k = KINDS[kind]
    with open_clip(clips[kind], cache_dir=cache_dir) as clip:
        facts = clip.facts()
        assert facts.frame_count == FRAMES and facts.width == 640 and facts.height == 360
        assert facts.is_vfr is k.vfr
        assert facts.is_interlaced is k.interlaced
        assert len(facts.fingerprint) == 32
        if not k.vfr:
            assert facts.fps == pytest.approx(25.0, rel=1e-3)
            assert facts.duration == pytest.approx(4.0, rel=1e-3)


@pytest.mark.parametrize("kind", list(KINDS))
def test_timestamp_and_index_of_round_trip(clips: dict[str, Path], kind: str,
                                           cache_dir: Path) -> None:
    with open_clip(clips[kind], cache_dir=cache_dir) as clip:
        for n in range(FRAMES):
            assert clip.index_of(clip.timestamp(n)) == n
            if n:  # a tick before a frame starts, the one before it is on screen
                tick = float(clip.index.time_base)
                assert clip.index_of(clip.timestamp(n) - tick) == n - 1
        # between two frames, the earlier one is on screen
        mid = (clip.timestamp(10) + clip.timestamp(11)) / 2
        assert clip.index_of(mid) == 10
        assert clip.index_of(-5) == 0 and clip.index_of(1e6) == FRAMES - 1


def test_vfr_timestamps_follow_the_file(clips: dict[str, Path], cache_dir: Path) -> None:
    expected = vfr_timestamps(FRAMES, 25.0)
    with open_clip(clips["vfr_mkv"], cache_dir=cache_dir) as clip:
        for n in range(FRAMES):
            assert clip.timestamp(n) == pytest.approx(expected[n], abs=0.0011)
        n = 80  # in the irregular part: the frame shown at its time is itself
        assert read_stamp(clip.frame(clip.index_of(expected[n] + 0.001))) == n


def test_stream_start_time_is_normalised(clips: dict[str, Path], cache_dir: Path) -> None:
    with open_clip(clips["h264_ts"], cache_dir=cache_dir) as clip:  # MPEG-TS starts at ~1.4 s
        assert clip.timestamp(0) == 0.0
        assert clip.timestamp(25) == pytest.approx(1.0)


def test_deinterlace_modes_keep_the_frame(clips: dict[str, Path], cache_dir: Path) -> None:
    with open_clip(clips["interlaced_h264_mkv"], cache_dir=cache_dir) as clip:
        for mode in ("off", "linear", "blend"):
            for n in (0, 37, 99):
                assert read_stamp(clip.frame(n, Render(mode))) == n


def test_stored_index_makes_reopening_instant(clips: dict[str, Path], cache_dir: Path) -> None:
    path = clips["h264_mkv"]
    with open_clip(path, cache_dir=cache_dir) as clip:
        clip.wait_indexed()
        fp = clip.fingerprint
    stored = list((cache_dir / "index").glob(f"{fp}-*.npz"))
    assert len(stored) == 1
    with open_clip(path, cache_dir=cache_dir) as clip:
        assert clip.indexed  # loaded, not rebuilt
        assert read_stamp(clip.frame(42)) == 42


def test_cache_makes_stepping_back_a_hit(clips: dict[str, Path], cache_dir: Path) -> None:
    with open_clip(clips["h264_mp4"], cache_dir=cache_dir) as clip:
        clip.frame(47)  # decodes 0..47 from the keyframe at 0; the nearest are kept
        hits = clip.cache.hits
        for n in range(46, 46 - KEEP_BEHIND, -1):
            assert read_stamp(clip.frame(n)) == n
        assert clip.cache.hits - hits == KEEP_BEHIND


def test_cache_respects_its_budget(clips: dict[str, Path], cache_dir: Path) -> None:
    frame_bytes = 640 * 360 * 3 // 2
    with open_clip(clips["h264_mp4"], cache_bytes=10 * frame_bytes,
                   cache_dir=cache_dir) as clip:
        clip.frame(47)
        assert len(clip.cache) <= 10 and clip.cache.nbytes <= 10 * frame_bytes
        assert 47 in clip.cache and 46 in clip.cache  # the nearest to the playhead stay


def test_index_is_published_while_it_grows(clips: dict[str, Path], monkeypatch) -> None:
    """Long files: early frames are usable before the whole index is built."""
    from reviewtool.video import index as frame_index

    monkeypatch.setattr(frame_index, "_PUBLISH_EVERY", 20)
    published: list[tuple[int, bool]] = []
    real = frame_index.FrameIndex.publish

    def spy(self, arrays, stable, complete):  # type: ignore[no-untyped-def]
        published.append((stable, complete))
        real(self, arrays, stable, complete)

    monkeypatch.setattr(frame_index.FrameIndex, "publish", spy)
    idx = frame_index.FrameIndex(Fraction(1, 1000))
    frame_index.build(idx, clips["mpeg2_mts"], 0, "x", None)  # a keyframe every 12 frames
    partial = [s for s, done in published if not done]
    assert partial and max(partial) > 0 and all(s < 100 for s in partial)
    assert published[-1] == (100, True) and len(idx) == 100
    # the stable part only grows
    assert partial == sorted(partial)
