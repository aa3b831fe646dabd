"""``reviewtool --demo``: the clip is rendered once, with progress; a demo review opens at the
state before the incident, with the clip synced to the match clock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reviewtool.demo import scene
from reviewtool.demo.render import demo_clip_path
from reviewtool.match import events as ev
from reviewtool.store.lock import ReviewLock
from ui.demo import DEMO_USER, KEEP_REVIEWS, open_demo
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


def test_ctrl_z_after_the_demo_does_not_undo_its_set_up(qtbot, review_window: ReviewWindow,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    w = review_window
    monkeypatch.setattr(scene, "SECONDS", 0.6)
    with qtbot.waitSignal(w.player.frame_shown, timeout=30_000):
        open_demo(w, tmp_path / "democache")
    qtbot.waitUntil(lambda: w.review.author == DEMO_USER, timeout=10_000)
    session = w.review.session
    assert session is not None
    undo = w.actions_by_id["edit.undo"]
    qtbot.waitUntil(lambda: not undo.isEnabled(), timeout=5_000)
    assert not session.can_undo() and undo.text() == "&Undo"
    entries = len(session.record.entries)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(session.record.entries) == entries  # nothing retracted
    # what the official records next is theirs to undo
    w.review.do(lambda s: s.record_events([ev.Card(team="home", player=10, card="yellow",
                                                   minute="90+4")]))
    assert undo.isEnabled() and session.can_undo()


def test_only_the_newest_demo_reviews_are_kept(qtbot, review_window: ReviewWindow,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    w = review_window
    monkeypatch.setattr(scene, "SECONDS", 0.6)
    cache = tmp_path / "democache"
    folder = cache / "demo" / "reviews"
    folder.mkdir(parents=True)
    old = []
    for k in range(8):  # eight earlier demos, the oldest first
        p = folder / f"atalanta-dortmund-2026010{k}-120000.review"
        p.write_bytes(b"x")
        p.with_name(p.name + "-wal").write_bytes(b"x")
        os.utime(p, (1_000_000 + k, 1_000_000 + k))
        old.append(p)
    held = ReviewLock(old[0])  # the oldest is open in another window: left alone
    held.acquire()
    try:
        with qtbot.waitSignal(w.player.frame_shown, timeout=30_000):
            open_demo(w, cache)
        qtbot.waitUntil(lambda: w.review.author == DEMO_USER, timeout=10_000)
    finally:
        held.release()
    kept = sorted(folder.glob("*.review"))
    assert w.review.session is not None and w.review.session.file.path in kept
    assert set(kept) == {*old[-(KEEP_REVIEWS - 1):], old[0], w.review.session.file.path}
    assert not old[1].with_name(old[1].name + "-wal").exists()
