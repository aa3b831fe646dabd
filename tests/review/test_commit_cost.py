"""What one commit, undo or open does, counted: the same few statements at any log length,
each payload parsed once, nothing written over an entry the window has not read.

The wall-time targets are measured by scripts/bench_commit.py (docs/benchmarks.md); these tests
hold the work that makes them reachable, which does not depend on the machine's load.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewtool.review import ledger, lines
from reviewtool.review.decision import Ruling
from reviewtool.review.ledger import paused_collection
from reviewtool.review.session import ReviewError, ReviewSession
from tests.review import forge
from tests.review.helpers import VAR, demo_session


@pytest.fixture
def traced(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL statement the connections opened from now on run, in order."""
    statements: list[str] = []
    connect = sqlite3.connect

    def tracing(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        db.set_trace_callback(statements.append)
        return db

    monkeypatch.setattr(sqlite3, "connect", tracing)
    yield statements


def grow(s: ReviewSession, entries: int) -> None:
    while len(s.record.entries) < entries:
        s.tag_incident("holding", len(s.record.entries))


def reads_whole_log(statement: str) -> bool:
    text = " ".join(statement.split()).upper()
    return "FROM LOG" in text and "LIMIT 1" not in text and "WHERE SEQ >" not in text


def test_a_commit_runs_the_same_six_statements_at_any_log_length(
        tmp_path: Path, traced: list[str]) -> None:
    path = tmp_path / "c.review"
    demo_session(path).close()
    s = ReviewSession.open(path, VAR)
    shapes = []
    for size in (5, 150):
        grow(s, size)
        traced.clear()
        incident = s.tag_incident("tripping", 7)
        tag = list(traced)
        traced.clear()
        s.record_on_field(incident.id, Ruling(), None)
        decide = list(traced)
        traced.clear()
        s.undo()
        undo = list(traced)
        for done in (tag, decide, undo):
            assert not [st for st in done if reads_whole_log(st)], done
        assert [st.split()[0] for st in tag] == ["BEGIN", "SELECT", "INSERT", "UPDATE",
                                                 "INSERT", "COMMIT"], tag
        assert len(decide) == 6 and len(undo) <= 6, (decide, undo)
        shapes.append([len(tag), len(decide), len(undo)])
    assert shapes[0] == shapes[1]
    s.close()


def test_undo_and_redo_parse_no_payload_again(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    s = demo_session(tmp_path / "p.review")
    grow(s, 140)  # past two checkpoints: the refolds go back over dozens of entries
    parsed: list[int] = []
    payload_of = ledger.payload_of

    def counting(entry: Any) -> Any:
        parsed.append(entry.seq)
        return payload_of(entry)

    monkeypatch.setattr(ledger, "payload_of", counting)
    incident = s.tag_incident("tripping", 7)
    assert len(parsed) == 1  # the new entry, once: checked and then adopted as checked
    s.record_on_field(incident.id, Ruling(), None)
    parsed.clear()
    for _ in range(5):
        s.undo()
        s.redo()
    s.undo()
    s.undo()
    s.redo()
    assert parsed == []
    assert "i" + str(len(s.record.incident_seen)) in s.record.incidents
    s.close()


def test_an_entry_removed_behind_the_window_refuses_the_next_commit_untouched(
        tmp_path: Path) -> None:
    """The window's last entry is gone from the file: recording would chain a new entry to
    what the window never read (before: the entry was written, then the window failed)."""
    path = tmp_path / "r.review"
    s = demo_session(path)
    s.tag_incident("holding", 3)
    forge.sql(path, "DELETE FROM log WHERE seq = (SELECT MAX(seq) FROM log)")
    before = forge.rows(path)
    with pytest.raises(ReviewError, match="last entry"):
        s.tag_incident("holding", 4)
    assert forge.rows(path) == before
    s.close()


def test_the_collector_runs_again_after_an_open_whatever_happens(tmp_path: Path) -> None:
    path = tmp_path / "g.review"
    demo_session(path).close()
    assert gc.isenabled()
    ReviewSession.open(path, VAR).close()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_collection():
        assert not gc.isenabled()
        raise RuntimeError("stop")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_collection():
            pass
        assert not gc.isenabled()  # a caller's own pause is left as it was
    finally:
        gc.enable()


def test_a_decision_citing_no_measurement_does_not_walk_the_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines (calibrations, measurements) are folded from the whole log when asked; a
    decision asked for them on every commit, so its cost grew with the log."""
    s = demo_session(tmp_path / "d.review")
    folds: list[int] = []
    fold = lines._fold

    def counting(record: Any) -> Any:
        folds.append(len(record.entries))
        return fold(record)

    monkeypatch.setattr(lines, "_fold", counting)
    for frame in range(3):
        incident = s.tag_incident("holding", frame)
        s.record_on_field(incident.id, Ruling(), None)
    assert folds == []
    s.close()
