"""The demo's clips, short and small, rendered once per test session and copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

from reviewtool.demo.clips import DemoClip, demo_clips, demo_folder, render_all

# Long enough for every angle to overlap the reference (the reverse angle starts 1.37 s in),
# small enough to render in a few seconds.
SHORT = {"seconds": 1.6, "scale": 0.1}


def short_clips() -> tuple[DemoClip, ...]:
    return demo_clips(**SHORT)


def render_short(cache: Path) -> Path:
    render_all(cache, short_clips())
    return cache


def copy_demo(rendered: Path, cache: Path) -> Path:
    """A fresh cache holding the rendered clips (each test gets its own reviews folder)."""
    folder = demo_folder(cache)
    folder.mkdir(parents=True, exist_ok=True)
    for clip in short_clips():
        shutil.copy2(clip.path(rendered), clip.path(cache))
    return cache
