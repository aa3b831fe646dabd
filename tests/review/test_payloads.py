"""Typed log payloads and change notices: the JSON on disk stays what earlier versions wrote.

``data/before-typed-payloads.review`` was written by reviewtool before payloads were typed
(every kind of entry: creation, clip, sync, incident and its edit, decision steps, events,
undo, redo, a clip found again). It must still verify and replay, every payload must read
into its dataclass and back to the very same canonical text, and doing the same operations
today must write the same payloads.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from reviewtool.match import events as ev
from reviewtool.review import record as rec
from reviewtool.review.payloads import (
    ANGLE,
    CALIBRATION,
    DRAWING,
    KINDS,
    MEASUREMENT,
    DecisionPayload,
    EventsPayload,
    IncidentPayload,
    RetractPayload,
    payload_of,
)
from reviewtool.review.recorder import ALL_TOPICS, Change, Topic
from reviewtool.review.session import ReviewSession
from reviewtool.store.chain import canonical
from tests.review.helpers import demo_session
from tests.review.test_session import BENSEBAINI, _overturn

LATER_KINDS = {ANGLE, CALIBRATION, MEASUREMENT, DRAWING}
OLD = Path(__file__).parent / "data" / "before-typed-payloads.review"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    copy = tmp_path / "old.review"
    shutil.copy(OLD, copy)
    return copy


def test_a_file_written_before_typed_payloads_verifies_and_replays(old_file: Path) -> None:
    s = ReviewSession.open(old_file, read_only=True)
    try:
        assert s.report.intact and s.verify().intact
        # every kind but those added after the file was written (angles, lines, drawings)
        assert {e.kind for e in s.record.entries} == set(KINDS) - LATER_KINDS
        assert s.state.to_json()["score"] == {"home": 3, "away": 1}
        assert s.state.is_sent_off(BENSEBAINI)
        assert s.record.incidents["i1"].notes == "studs on the shin"
        assert [d.step for d in s.record.decisions["i1"]] == ["on_field", "var_check",
                                                               "review"]
        assert rec.fold(s.record.entries).events == s.record.events
    finally:
        s.close()


def test_every_stored_payload_reads_typed_and_writes_back_byte_identical(
        old_file: Path) -> None:
    s = ReviewSession.open(old_file, read_only=True)
    try:
        for e in s.record.entries:
            typed = payload_of(e)
            assert type(typed).kind == e.kind
            assert canonical(typed.to_json()) == e.payload_text, f"entry {e.seq} ({e.kind})"
    finally:
        s.close()


def _same_operations(path: Path) -> ReviewSession:
    """What make_before_typed_payloads.py did, with today's code."""
    s = demo_session(path)
    clip = s.add_clip("/clips/atalanta-dortmund.mp4", "f" * 64, {"frames": 900, "fps": 25.0})
    s.mark_sync(clip.id, 100, 2, 2700.5)
    inc_id = _overturn(s)
    s.edit_incident(replace(s.record.incidents[inc_id], notes="studs on the shin"))
    s.record_events([ev.Card(team="away", player=4, card="red", minute="90+7")],
                    incident=inc_id)
    s.record_events([ev.Card(team="home", player=42, card="red", minute="90+7")])
    s.undo()
    s.redo()
    s.record_events([ev.Goal(team="home", player=10, penalty=True, minute="90+8")])
    s.undo()
    s.relocate_clip(clip, "/elsewhere/atalanta-dortmund.mp4")
    return s


def test_todays_code_writes_the_same_payload_text_as_before(old_file: Path,
                                                            tmp_path: Path) -> None:
    old = ReviewSession.open(old_file, read_only=True)
    new = _same_operations(tmp_path / "new.review")
    try:
        new_entries = ReviewSession.open(tmp_path / "new.review", read_only=True)
        try:
            assert [(e.kind, e.payload_text) for e in new_entries.record.entries] == \
                   [(e.kind, e.payload_text) for e in old.record.entries]
        finally:
            new_entries.close()
    finally:
        old.close()
        new.close()


def test_readers_get_typed_fields(old_file: Path) -> None:
    s = ReviewSession.open(old_file, read_only=True)
    try:
        by_seq = {e.seq: payload_of(e) for e in s.record.entries}
    finally:
        s.close()
    incident, edit = by_seq[4], by_seq[8]
    assert isinstance(incident, IncidentPayload) and not incident.edit
    assert isinstance(edit, IncidentPayload) and edit.edit and edit.incident.id == "i1"
    decision = by_seq[7]
    assert isinstance(decision, DecisionPayload) and decision.decision.step == "review"
    assert decision.events and all(isinstance(e, ev.MatchEvent) for e in decision.events)
    assert decision.decision.event_ids == tuple(e.id for e in decision.events if e.id)
    events = by_seq[9]
    assert isinstance(events, EventsPayload) and events.incident == "i1"
    assert isinstance(by_seq[12], RetractPayload) and by_seq[12].entry == 11


def test_an_unknown_entry_kind_is_named(old_file: Path) -> None:
    s = ReviewSession.open(old_file, read_only=True)
    try:
        odd = replace(s.record.entries[1], kind="hologram")
    finally:
        s.close()
    with pytest.raises(ValueError, match="unknown kind 'hologram'"):
        payload_of(odd)


def test_undo_texts_and_log_lines_say_what_they_undo(old_file: Path, tmp_path: Path) -> None:
    s = ReviewSession.open(old_file, read_only=True)
    try:
        lines = {e.seq: rec.describe(e, s.record) for e in s.record.entries}
    finally:
        s.close()
    assert lines[11] == "Undo: Red card 90+7': Giorgio Scalvini (home #42)"
    assert lines[12] == "Redo: Red card 90+7': Giorgio Scalvini (home #42)"
    assert lines[14].startswith("Undo: Goal (penalty) 90+8': Lazar Samardzic")
    assert "entry" not in lines[11] + lines[12] + lines[14]


def test_change_notices_are_typed(tmp_path: Path) -> None:
    s = demo_session(tmp_path / "d.review")
    heard: list[Change] = []
    s.subscribe(heard.append)
    s.tag_incident("holding", 3)
    s.record_events([ev.Goal(team="home", player=10, minute="88")])
    s.undo()
    s.close()
    assert heard[0].topics == {Topic.LOG, Topic.INCIDENTS}
    assert heard[1].topics == {Topic.LOG, Topic.STATE}
    assert heard[2].concerns(Topic.STATE) and not heard[2].concerns(Topic.CLIPS)
    assert all(isinstance(t, Topic) for c in heard for t in c.topics)
    with pytest.raises(TypeError, match="Topic members"):
        Change(frozenset({"state"}))  # type: ignore[arg-type]
    assert Change(ALL_TOPICS).concerns(Topic.CLIPS)
