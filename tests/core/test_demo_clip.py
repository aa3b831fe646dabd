"""The demo clip renderer: a real, frame-exact clip of the incident."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reviewtool.demo import scene
from reviewtool.demo.render import render_demo_clip, render_frame
from reviewtool.video.clip import open_clip


def test_rendered_clip_is_720p50_and_exact(tmp_path: Path) -> None:
    out = render_demo_clip(tmp_path / "demo.mp4", seconds=1.2)
    with open_clip(out, cache_dir=tmp_path / "cache") as clip:
        facts = clip.facts()
        assert (facts.width, facts.height, facts.frame_count) == (1280, 720, 60)
        assert facts.fps == pytest.approx(50.0) and facts.codec == "h264"
        # a decoded frame matches the picture drawn for that moment (up to compression)
        drawn = render_frame(37 / scene.FPS).astype(np.int16)
        assert np.abs(clip.frame(37).astype(np.int16) - drawn).mean() < 6
        assert np.abs(clip.frame(5).astype(np.int16) - drawn).mean() > \
            np.abs(clip.frame(37).astype(np.int16) - drawn).mean()


def test_cancelling_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "demo.mp4"
    with pytest.raises(InterruptedError):
        render_demo_clip(out, progress=lambda done, total: done < 10, seconds=1)
    assert list(tmp_path.iterdir()) == []


def test_the_incident_in_the_scene() -> None:
    bx, by, bz = scene.ball(scene.CONTACT_T)
    kx, ky = scene.FIGURES[1].position(scene.CONTACT_T)
    assert abs(bx - kx) < 0.5 and abs(by - ky) < 0.5 and bz > 2.2  # at Krstovic's head
    assert scene.raised_boot(scene.BENSEBAINI, scene.CONTACT_T) == 1.0
    x, y, _ = scene.ball(scene.CONTACT_T + 1.0)
    assert x > 105 and not 30.34 <= y <= 37.66  # over the goal line, wide: a corner
