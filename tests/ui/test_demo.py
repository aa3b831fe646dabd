"""``reviewtool --demo``: the clip is rendered once, with progress; a demo review opens at the
state before the incident, with the clip synced to the match clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtool.demo import scene
from reviewtool.demo.render import demo_clip_path
from ui.demo import DEMO_USER, open_demo
from ui.main_window import ReviewWindow


def test_demo_renders_once_then_opens_the_review(qtbot, review_window: ReviewWindow,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    w = review_window
    monkeypatch.setattr(scene, "SECONDS", 0.6)  # a short render keeps the test fast
    cache = tmp_path / "democache"
    with qtbot.waitSignal(w.player.frame_shown, timeout=30_000):
        open_demo(w, cache)
    qtbot.waitUntil(lambda: w.review.author == DEMO_USER, timeout=10_000)
    clip = w.player.clip
    assert clip is not None and clip.path == demo_clip_path(cache)
    assert w.player.frame_count == 30 and clip.size == (1280, 720)
    session = w.review.session
    assert session is not None
    state = session.state.to_json()
    assert state["score"] == {"home": 3, "away": 1}
    assert state["aggregate"] == {"home": 3, "away": 3}
    assert state["on_field"] == {"home": 11, "away": 11}
    assert [c["name"] for c in state["cautions"]] == ["Ramy Bensebaini"]
    assert "ATA  3 – 1  BVB" in w.state_panel.score.text()
    assert w.windowTitle().startswith("Atalanta v Borussia Dortmund")
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000):
        w.player.seek(0)
    assert w.clock_label.text().strip() == "clock 90+3:52 · minute 90+4'"
    assert not w.demo_task.cancelled  # type: ignore[attr-defined]
    first = session.file.path
    # the second time it opens the rendered file straight away, in a new demo review
    with qtbot.waitSignal(w.player.opened, timeout=10_000):
        open_demo(w, cache)
    qtbot.waitUntil(lambda: w.review.session is not None
                    and w.review.session.file.path != first, timeout=10_000)
