"""``reviewtool --demo``: the demo clip is rendered once, with progress, then opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtool.demo import scene
from reviewtool.demo.render import demo_clip_path
from ui.demo import open_demo
from ui.player.window import PlayerWindow


def test_demo_renders_once_then_opens(qtbot, window: PlayerWindow, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scene, "SECONDS", 0.6)  # a short render keeps the test fast
    cache = tmp_path / "democache"
    with qtbot.waitSignal(window.player.frame_shown, timeout=30_000):
        open_demo(window, cache)
    clip = window.player.clip
    assert clip is not None and clip.path == demo_clip_path(cache)
    assert window.player.frame_count == 30 and clip.size == (1280, 720)
    assert window.windowTitle().startswith("atalanta-dortmund")
    renderer = window.demo_renderer  # type: ignore[attr-defined]
    assert not renderer.cancelled.is_set()
    # the second time it opens the rendered file straight away
    with qtbot.waitSignal(window.player.frame_shown, timeout=10_000):
        open_demo(window, cache)
