"""``reviewtool --demo`` / ``--demo-unsynced``: the clips are rendered once, with progress; a
demo review opens at the state before the incident, its angles synced (or not), the offside
moments among its incidents, and the set-up is not the user's to undo."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from reviewtool.match import events as ev
from reviewtool.store.lock import ReviewLock
from tests.kit.demo import SHORT, short_clips
from ui.demo import DEMO_USER, KEEP_REVIEWS, default_workers, open_demo
from ui.main_window import ReviewWindow


def _opened(qtbot, w: ReviewWindow, cache: Path, **options) -> None:
    with qtbot.waitSignal(w.player.frame_shown, timeout=60_000):
        open_demo(w, cache, workers=1, **SHORT, **options)
    qtbot.waitUntil(lambda: w.review.author == DEMO_USER, timeout=10_000)


def test_demo_renders_once_then_opens_the_review(qtbot, review_window: ReviewWindow,
                                                 tmp_path: Path) -> None:
    w = review_window
    cache = tmp_path / "democache"
    _opened(qtbot, w, cache)
    # the demo records as its own user, but never proposes that name for a real match
    assert "Demo official" not in str(w.settings.value("authors/last"))
    clips = short_clips()
    assert all(c.path(cache).exists() for c in clips)
    shown = w.player.clip
    assert shown is not None and shown.path == clips[0].path(cache)  # the reference angle
    assert w.player.frame_count == clips[0].frames and shown.size == clips[0].size
    session = w.review.session
    assert session is not None
    state = session.state.to_json()
    assert state["score"] == {"home": 3, "away": 1}
    assert state["aggregate"] == {"home": 3, "away": 3}
    assert [c["name"] for c in state["cautions"]] == ["Ramy Bensebaini"]
    assert "ATA  3 – 1  BVB" in w.state_panel.score.text()
    assert w.windowTitle().startswith("Atalanta v Borussia Dortmund")
    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000):
        w.player.seek(0)
    assert w.clock_label.text().strip() == "clock 90+3:52 · minute 90+4'"
    angles = session.angles()
    assert [a.synced for a in angles] == [True] * 4 + [False] * 2
    # 2 x 2: the four angles of the incident, each at its own frame of the shared instant
    assert w.station.model.layout == "grid"
    assert [a.key for a in w.station.model.shown()] == [a.number for a in angles[:4]]
    qtbot.waitUntil(lambda: all(p.controller.clip is not None for p in w.station.panes),
                    timeout=20_000)
    assert "starts 1.37 s later" in w.station.panes[1].caption.text()  # at frame 0
    all_started = 75  # 1.5 s: the reverse angle started at 1.37 s
    w.player.seek(all_started)
    qtbot.waitUntil(lambda: w.player.shown == all_started and all(
        not p.blank and p.player.view.pixels is not None for p in w.station.panes),
        timeout=20_000)
    assert [i.category for i in session.record.incidents.values()] == ["offside", "offside"]
    assert not w.demo_task.cancelled  # type: ignore[attr-defined]
    first = session.file.path
    mtimes = {c.key: c.path(cache).stat().st_mtime_ns for c in clips}
    # the second time it opens the rendered files straight away, in a new demo review
    with qtbot.waitSignal(w.player.opened, timeout=20_000):
        open_demo(w, cache, workers=1, **SHORT)
    qtbot.waitUntil(lambda: w.review.session is not None
                    and w.review.session.file.path != first, timeout=20_000)
    assert {c.key: c.path(cache).stat().st_mtime_ns for c in clips} == mtimes


def test_unsynced_demo_leaves_the_angles_to_sync(qtbot, review_window: ReviewWindow,
                                                 demo_cache: Path) -> None:
    w = review_window
    _opened(qtbot, w, demo_cache, synced=False)
    session = w.review.session
    assert session is not None
    assert [a.synced for a in session.angles()] == [True] + [False] * 5  # the reference only
    assert not session.can_undo()


def test_ctrl_z_after_the_demo_does_not_undo_its_set_up(qtbot, review_window: ReviewWindow,
                                                        demo_cache: Path) -> None:
    w = review_window
    _opened(qtbot, w, demo_cache)
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
                                               demo_cache: Path) -> None:
    w = review_window
    folder = demo_cache / "demo" / "reviews"
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
        _opened(qtbot, w, demo_cache)
    finally:
        held.release()
    kept = sorted(folder.glob("*.review"))
    assert w.review.session is not None and w.review.session.file.path in kept
    assert set(kept) == {*old[-(KEEP_REVIEWS - 1):], old[0], w.review.session.file.path}
    assert not old[1].with_name(old[1].name + "-wal").exists()


def test_a_frozen_bundle_renders_in_one_process(monkeypatch) -> None:
    monkeypatch.setattr("sys.frozen", True, raising=False)
    assert default_workers() == 1
    monkeypatch.setattr("sys.frozen", False)
    assert default_workers() == min(2, os.cpu_count() or 1)
