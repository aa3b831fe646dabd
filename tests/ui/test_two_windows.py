"""Two windows on one review: what one records shows in the other at once, by a file-system
notice on the review's write-ahead log (no polling timer), without the other recording."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from reviewtool.match import events as ev
from reviewtool.review.recorder import Topic
from reviewtool.review.session import ReviewSession
from tests.review.helpers import VAR, demo_session
from ui.main_window import ReviewWindow
from ui.settings import Settings


@pytest.fixture()
def review(tmp_path: Path) -> Path:
    path = tmp_path / "two.review"
    demo_session(path).close()
    return path


@pytest.fixture()
def two_windows(qtbot, qapp: QApplication, settings: Settings, review: Path,
                monkeypatch: pytest.MonkeyPatch, tmp_path: Path
                ) -> Iterator[tuple[ReviewWindow, ReviewWindow]]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    windows = []
    for ignore_lock in (False, True):  # the second opens it "as well", as the window offers
        w = ReviewWindow(settings)
        qtbot.addWidget(w)
        w.show()
        w.review.open(review, VAR, ignore_lock=ignore_lock)
        windows.append(w)
    yield windows[0], windows[1]
    for w in windows:
        w.player.close()
        w.review.close()


def test_an_incident_tagged_in_one_window_shows_in_the_other(qtbot, two_windows) -> None:
    first, second = two_windows
    assert first.incidents.table.rowCount() == 0
    entries = first.log_panel.table.rowCount()
    with qtbot.waitSignal(first.review.changed, timeout=5_000,
                          check_params_cb=lambda c: c.concerns(Topic.INCIDENTS)):
        second.review.do(lambda s: s.tag_incident("holding", 3))
    assert first.incidents.table.rowCount() == 1
    assert first.log_panel.table.rowCount() == entries + 1
    assert first.review.session.record.incidents.keys() == {"i1"}


def test_a_goal_recorded_by_another_process_updates_the_score(qtbot, two_windows,
                                                              review: Path) -> None:
    first, _ = two_windows
    before = first.review.session.state.to_json()["score"]["home"]
    other = ReviewSession.open(review, VAR, lock=False)  # another process, as far as we know
    try:
        with qtbot.waitSignal(first.review.changed, timeout=5_000,
                              check_params_cb=lambda c: c.concerns(Topic.STATE)):
            other.record_events([ev.Goal(team="home", player=10, minute="60")])
    finally:
        other.close()
    assert first.review.session.state.to_json()["score"]["home"] == before + 1
    # the window can record at once on the latest state, and its undo is its own
    assert not first.review.session.can_undo()


def test_our_own_commit_is_folded_in_once(qtbot, two_windows) -> None:
    first, _ = two_windows
    heard: list[object] = []
    first.review.changed.connect(heard.append)
    notices = first.review.bridge.watcher._watcher
    with qtbot.waitSignal(notices.fileChanged, timeout=5_000):  # our commit's own notice
        first.review.do(lambda s: s.tag_incident("holding", 3))
    assert len(heard) == 1 and first.review.session.record.incidents.keys() == {"i1"}


def test_closing_the_review_stops_listening(qtbot, two_windows) -> None:
    first, _ = two_windows
    watcher = first.review.bridge.watcher
    assert watcher is not None and watcher.wal.name in " ".join(watcher._watcher.files())
    first.review.close()
    assert first.review.bridge.watcher is None
    assert not watcher._watcher.files() and not watcher._watcher.directories()


def test_a_broken_entry_written_elsewhere_is_named_not_folded_in(qtbot, two_windows,
                                                                 review: Path) -> None:
    """A forger (or a broken program) appends an entry that does not chain: the window says
    so when the file tells it, keeps what it had, and does not crash."""
    first, _ = two_windows
    entries = len(first.review.session.record.entries)
    db = sqlite3.connect(review)
    try:
        last = db.execute("SELECT seq, author, role FROM log ORDER BY seq DESC").fetchone()
        with qtbot.waitSignal(first.review.refused, timeout=5_000) as said:
            db.execute("INSERT INTO log (seq, kind, author, role, recorded_at, payload, "
                       "prev_hash, hash) VALUES (?, 'events', ?, ?, '2026-01-01T00:00:00Z', "
                       "'{\"events\":[],\"incident\":null,\"summary\":\"\"}', ?, ?)",
                       (last[0] + 1, last[1], last[2], "0" * 64, "f" * 64))
            db.commit()
    finally:
        db.close()
    assert "broken entry" in said.args[0]
    assert len(first.review.session.record.entries) == entries
    heard: list[str] = []
    first.review.refused.connect(heard.append)
    with qtbot.waitSignal(first.review.bridge.watcher._watcher.fileChanged, timeout=5_000):
        second = sqlite3.connect(review)  # the file changes again: said once is enough
        second.execute("PRAGMA user_version = 7")
        second.commit()
        second.close()
    assert heard == []
