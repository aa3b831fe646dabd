"""The review session without a window: the demo decisions, refusals, undo/redo, reopening."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtool.laws.offences import Circumstances, Manner
from reviewtool.match import events as ev
from reviewtool.match.state import Person
from reviewtool.resources import demo_log
from reviewtool.review.decision import Ruling
from reviewtool.review.incident import PitchPlace
from reviewtool.review.matchtime import match_time
from reviewtool.review.record import Sync
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.store.matchlog import read, to_json
from reviewtool.video.fingerprint import find_by_fingerprint, fingerprint
from tests.review.helpers import VAR, demo_session

BENSEBAINI = Person("away", 5)


def _overturn(s: ReviewSession) -> str:
    inc = s.tag_incident("dangerous_play", 430, in_frame=400, out_frame=460,
                         offender=BENSEBAINI, victim=Person("home", 90),
                         place=PitchPlace(99.0, 36.5))
    s.record_on_field(inc.id, Ruling(restart="corner_kick", restart_team="home"), "90+4")
    s.record_check(inc.id, "review_recommended", "penalty", "90+5")
    p = s.propose("dangerous_play", Circumstances(manner=Manner.RECKLESS, contact=True,
                                                  inside_own_penalty_area=True), BENSEBAINI)
    assert (p.offence.code, p.sanction.value, p.second_caution) == ("kicking", "sending_off",
                                                                    True)
    assert p.restart is not None
    final = Ruling(offence=p.offence.code, manner="reckless", sanction=p.sanction.value,
                   second_caution=True, offender=BENSEBAINI, restart=p.restart.value,
                   restart_team="home")
    s.record_review(inc.id, "on_field", "overturned", final, "90+7")
    return inc.id


def test_demo_sequence_reaches_the_final_state(tmp_path: Path) -> None:
    s = demo_session(tmp_path / "d.review")
    start = s.state.to_json()
    assert start["score"] == {"home": 3, "away": 1} and start["aggregate"] == {"home": 3,
                                                                               "away": 3}
    _overturn(s)
    assert s.state.is_sent_off(BENSEBAINI)
    assert s.state.last_restart == ("penalty_kick", "home")
    s.record_events([ev.Card(team="away", player=4, card="red", minute="90+7")])
    s.record_events([ev.Card(team="home", player=42, card="red", minute="90+7")])
    s.record_events([ev.Goal(team="home", player=10, penalty=True, minute="90+8")])
    s.record_events([ev.FullTime()])
    final = s.state.to_json()
    expected = read(demo_log())
    from reviewtool.match.engine import replay
    seed = replay(expected.match, expected.events).to_json()
    for key in ("status", "score", "aggregate", "winner", "decided_by", "on_field",
                "substitutions"):
        assert final[key] == seed[key], key
    assert [p["name"] for p in final["sent_off"]] == [p["name"] for p in seed["sent_off"]]
    assert s.verify().intact
    s.close()


def test_refusals_name_the_reason(tmp_path: Path) -> None:
    s = demo_session(tmp_path / "d.review")
    inc = s.tag_incident("dangerous_play", 10)
    with pytest.raises(ReviewError, match="before the VAR check"):
        s.record_check(inc.id, "complete", None, "90+4")
    s.record_on_field(inc.id, Ruling(restart="corner_kick", restart_team="home"), "90+4")
    with pytest.raises(ReviewError, match="A corner kick decision is not reviewable"):
        s.record_check(inc.id, "review_recommended", "corner", "90+4")
    s.record_check(inc.id, "complete", None, "90+4")
    with pytest.raises(ReviewError, match="without recommending a review"):
        s.record_review(inc.id, "on_field", "confirmed", None, "90+5")
    s.record_events([ev.Card(team="home", player=42, card="red", minute="90+7")])
    with pytest.raises(ReviewError, match="already been sent off"):
        s.record_events([ev.Card(team="home", player=42, card="yellow", minute="90+7")])
    with pytest.raises(ReviewError, match="no player #99"):
        s.tag_incident("holding", 5, offender=Person("away", 99))
    entries = len(s.record.entries)
    with pytest.raises(ReviewError):
        s.record_events([ev.Substitution(team="home", off=19, on=42, minute="90+9")])
    assert len(s.record.entries) == entries  # nothing written when refused
    s.close()


def test_substitution_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    s = demo_session(tmp_path / "d.review")  # Atalanta have made 4 of 5
    s.record_events([ev.Substitution(team="home", off=8, on=3, minute="88")])
    with pytest.raises(ReviewError, match="substitut"):
        s.record_events([ev.Substitution(team="home", off=10, on=5, minute="89")])
    s.close()


def test_undo_redo_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "d.review"
    s = demo_session(path)
    _overturn(s)
    s.record_events([ev.Goal(team="home", player=10, penalty=True, minute="90+8")])
    assert s.state.score.home == 4
    s.undo()
    assert s.state.score.home == 3 and s.can_redo()
    s.redo()
    assert s.state.score.home == 4
    s.undo()
    s.undo()  # the review
    assert s.state.last_restart == ("corner_kick", "home")
    assert not s.state.is_sent_off(BENSEBAINI)
    kinds = [e.kind for e in s.record.entries]
    assert kinds.count("retract") == 4  # undo, redo, undo, undo: nothing deleted
    state, log = s.state.to_json(), [e.hash for e in s.record.entries]
    s.close()
    again = ReviewSession.open(path, VAR)
    assert again.state.to_json() == state and [e.hash for e in again.record.entries] == log
    again.undo()  # the undo stack is rebuilt from the log: the check goes next
    assert again.record.decision_step("i1", "var_check") is None
    again.close()


def test_incident_edit_is_logged(tmp_path: Path) -> None:
    s = demo_session(tmp_path / "d.review")
    inc = s.tag_incident("holding", 100, notes="first look")
    s.edit_incident(inc.edited(category="pushing", notes="second look"))
    assert s.record.incidents[inc.id].category == "pushing"
    assert [e.kind for e in s.record.entries[-2:]] == ["incident", "incident"]
    s.undo()
    assert s.record.incidents[inc.id].notes == "first look"
    s.close()


def test_import_export_round_trip(tmp_path: Path) -> None:
    review, out = tmp_path / "m.review", tmp_path / "out.json"
    run = [sys.executable, "-m", "reviewtool"]
    subprocess.run([*run, "import", str(demo_log()), str(review)], check=True)
    subprocess.run([*run, "export", str(review), "-o", str(out)], check=True)
    exported = json.loads(out.read_text())
    signed = exported.pop("review_log")  # the log's head and who signed it, to check later
    assert exported == json.loads(demo_log().read_text())
    assert signed["head"]["entry"] == 1 and len(signed["signers"][0]["key"]) == 64
    state = subprocess.run([*run, "state", str(review)], check=True, capture_output=True,
                           text=True)
    assert json.loads(state.stdout)["score"] == {"home": 4, "away": 1}
    ok = subprocess.run([*run, "verify", str(review)], capture_output=True, text=True)
    assert ok.returncode == 0 and "intact: 1 entries" in ok.stdout
    import sqlite3
    db = sqlite3.connect(review)
    db.execute("UPDATE log SET author='Someone else' WHERE seq=1")
    db.commit()
    db.close()
    bad = subprocess.run([*run, "verify", str(review)], capture_output=True, text=True)
    assert bad.returncode == 1 and "entry 1" in bad.stdout
    again = subprocess.run([*run, "import", str(demo_log()), str(review)],
                           capture_output=True, text=True)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_export_records_the_decisions_as_the_seed_log_does(tmp_path: Path) -> None:
    """The decisions recorded through the session export as the same match events (type, what,
    who, outcome) as the seed log's record of the real review; ids and wording may differ."""
    s = demo_session(tmp_path / "d.review")
    _overturn(s)
    doc = to_json(s.export())
    seed = to_json(read(demo_log()))
    keys = ("type", "kind", "team", "player", "card", "outcome", "original")
    ours = [{k: e.get(k) for k in keys} for e in doc["events"][16:20]]
    theirs = [{k: e.get(k) for k in keys} for e in seed["events"][16:20]]
    assert ours == theirs
    assert doc["events"][18]["about"] == doc["events"][16]["id"]
    assert doc["events"][20]["kind"] == "penalty_kick"
    s.close()


def test_match_time_from_a_sync_mark() -> None:
    syncs = [Sync(1, 100, 2, 0.0), Sync(1, 200_000, 3, 0.0)]
    t = match_time(100 + 50 * 60 * 48 + 50 * 12, syncs, lambda n: n / 50)
    assert t is not None and (t.clock, t.minute) == ("90+3:12", "90+4")
    assert match_time(99, syncs, lambda n: n / 50) is None
    t3 = match_time(200_050, syncs, lambda n: n / 50)
    assert t3 is not None and t3.clock == "90:01"


def test_sync_marks_are_logged_and_undone(tmp_path: Path) -> None:
    s = demo_session(tmp_path / "d.review")
    clip = s.add_clip("/nowhere/clip.mp4", "f" * 32, {"fps": 50})
    s.mark_sync(clip.id, 0, 2, 48 * 60 + 52)
    assert s.record.syncs_of(clip.id) == [Sync(clip.id, 0, 2, 2932.0)]
    s.undo()
    assert s.record.syncs_of(clip.id) == []
    with pytest.raises(ReviewError, match="already in the review"):
        s.add_clip("/elsewhere/same.mp4", "f" * 32, {})
    s.close()


def test_moved_clip_is_found_by_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "other.mp4").write_bytes(b"another clip" * 1000)
    moved = tmp_path / "b" / "deep" / "renamed.mkv"
    moved.write_bytes(b"the clip" * 100_000)
    wanted = fingerprint(moved)
    assert find_by_fingerprint(tmp_path, wanted) == moved
    assert find_by_fingerprint(tmp_path / "a", wanted) is None
