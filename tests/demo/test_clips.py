"""The demo's clips: each frame shows the scene instant its camera's clock says, at the frame
rate, size and length the clip list promises; rendering is deterministic and cancellable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from reviewtool.demo import scene
from reviewtool.demo.cameras import BROADCAST, HIGH_BEHIND, REVERSE
from reviewtool.demo.clips import demo_clips, render_all, render_clip
from reviewtool.video.clip import open_clip
from tests.kit.demo import short_clips


def test_the_clip_list_is_the_scene_seen_through_each_clock() -> None:
    clips = {c.key: c for c in demo_clips()}
    assert next(c.key for c in demo_clips() if c.is_angle) == "broadcast"  # the reference
    rev = clips["reverse"]
    assert (rev.fps, rev.offset, rev.rate) == (50, 1.37, 1.0002)
    assert rev.scene_time(500) == pytest.approx(1.37 + 1.0002 * 10.0)
    assert clips["behind-goal"].fps == 25 and clips["broadcast"].size == (1280, 720)
    for c in clips.values():
        if c.is_angle:  # every angle runs to the end of the scene, not beyond
            assert 0 < scene.SECONDS - c.scene_time(c.frames - 1) <= 2 / c.fps
    assert len({c.offset for c in clips.values() if c.is_angle}) == 4  # all start apart


def test_pictures_are_deterministic() -> None:
    c = dataclasses.replace(demo_clips(scale=0.25)[1])
    assert np.array_equal(c.picture(7), c.picture(7))
    assert c.audio().tobytes() == c.audio().tobytes()


def test_short_clips_have_the_promised_facts(short_demo_render: Path, tmp_path: Path) -> None:
    for c in short_clips():
        with open_clip(c.path(short_demo_render), cache_dir=tmp_path) as clip:
            facts = clip.facts()
            assert (facts.width, facts.height) == c.size
            assert facts.frame_count == c.frames and facts.fps == pytest.approx(c.fps)
            assert facts.codec == "h264"
            assert [clip.timestamp(n) for n in (0, 1, c.frames - 1)] == pytest.approx(
                [0, 1 / c.fps, (c.frames - 1) / c.fps], abs=1e-6)


@pytest.mark.parametrize("rig", [BROADCAST, REVERSE, HIGH_BEHIND], ids=lambda r: r.key)
def test_each_decoded_frame_is_the_scene_at_its_clocks_instant(rig, tmp_path: Path) -> None:
    """During the cross the camera pans: a decoded frame matches the picture drawn for its own
    instant better than those drawn for the instants of its neighbours."""
    full = next(c for c in demo_clips() if c.rig is rig)
    part = dataclasses.replace(full, offset=full.offset + 6.0 * full.rate, frames=10,
                               size=(320, 180))
    out = render_clip(part, tmp_path / f"{rig.key}.mp4")
    with open_clip(out, cache_dir=tmp_path / "index") as clip:
        for n in range(2, 8):
            got = clip.frame(n).astype(np.int16)
            diffs = [np.abs(got - part.picture(k).astype(np.int16)).mean()
                     for k in range(n - 2, n + 3)]
            assert int(np.argmin(diffs)) == 2, (n, diffs)
            assert diffs[2] < 6


def test_cancelling_leaves_nothing_half_written(tmp_path: Path) -> None:
    """A clip finished before the cancel is whole and kept (the next demo reuses it); the one
    being rendered leaves nothing."""
    clips = demo_clips(seconds=0.4, scale=0.1)
    with pytest.raises(InterruptedError):
        render_all(tmp_path, clips, progress=lambda done, total: done < 30)
    first = clips[0]
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [first.path(tmp_path)]
    with open_clip(first.path(tmp_path), cache_dir=tmp_path / "index") as clip:
        assert clip.facts().frame_count == first.frames


def test_the_incident_in_the_scene() -> None:
    bx, by, bz = scene.ball(scene.CONTACT_T)
    kx, ky = scene.FIGURES[1].position(scene.CONTACT_T)
    assert abs(bx - kx) < 0.5 and abs(by - ky) < 0.5 and bz > 2.2  # at Krstovic's head
    assert scene.raised_boot(scene.BENSEBAINI, scene.CONTACT_T) == 1.0
    x, y, _ = scene.ball(scene.CONTACT_T + 1.0)
    assert x > 105 and not 30.34 <= y <= 37.66  # over the goal line, wide: a corner
    assert scene.WHISTLES[0][0] > 9.3  # the whistle follows the ball going out


def test_two_processes_render_the_same_clips(tmp_path: Path) -> None:
    """The demo renders its clips in two processes on two cores; progress counts all frames."""
    clips = demo_clips(seconds=0.2, scale=0.05)
    seen: list[tuple[int, int]] = []
    render_all(tmp_path, clips, lambda done, total: seen.append((done, total)) or True,
               workers=2)
    total = sum(c.frames for c in clips)
    assert all(t == total for _, t in seen) and seen[-1] == (total, total)
    for c in clips:
        with open_clip(c.path(tmp_path), cache_dir=tmp_path / "index") as clip:
            assert clip.facts().frame_count == c.frames
