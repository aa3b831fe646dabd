"""Angles in the decision log: syncs recorded, composed, undone, refused, and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtool.review.angle_payload import AnglePayload
from reviewtool.review.payloads import ANGLE, KINDS, UNDOABLE
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.video.timemap import SyncMark, TimeMap
from tests.review.helpers import demo_session

TRUTH = TimeMap(offset=1.37, rate=1.0002)  # angle 2 starts 1.37 s later, its clock runs fast


def _session(tmp_path: Path, durations: tuple[float, ...] = (60.0, 60.0, 60.0)
             ) -> ReviewSession:
    s = demo_session(tmp_path / "m.review")
    for i, d in enumerate(durations, start=1):
        s.add_clip(f"/clips/cam{i}.mp4", f"{i:x}" * 32, {"fps": 50.0, "duration": d})
    return s


def _marks(truth: TimeMap, *clip_seconds: float) -> list[SyncMark]:
    return [SyncMark(truth.to_reference(t), t) for t in clip_seconds]


def test_the_kind_is_registered_and_undoable() -> None:
    assert KINDS[ANGLE] is AnglePayload and ANGLE in UNDOABLE


def test_unsynced_angles_say_so_and_the_first_clip_is_the_reference(tmp_path: Path) -> None:
    s = _session(tmp_path)
    a1, a2, _a3 = s.angles()
    assert a1.is_reference and a1.time_map == TimeMap() and a1.synced
    assert not a2.synced and a2.time_map is None
    assert "not synced to the reference angle 1" in a2.why
    s.close()


def test_two_marks_give_offset_and_drift_and_the_entry_says_which(tmp_path: Path) -> None:
    s = _session(tmp_path)
    change = s.sync_by_marks(2, _marks(TRUTH, 2.0, 50.0))
    assert change.entry is not None and change.entry.kind == ANGLE
    a2 = s.angle(2)
    assert a2.method == "marks" and a2.time_map is not None
    assert a2.time_map.offset == pytest.approx(1.37, abs=1e-6)
    assert a2.time_map.rate == pytest.approx(1.0002, abs=1e-9)
    assert len(a2.residuals_ms) == 2 and max(map(abs, a2.residuals_ms)) < 0.01
    assert change.entry.payload["marks"][0] == [round(TRUTH.to_reference(2.0), 6), 2.0]
    assert change.entry.author.name == "Test VAR"
    assert s.undo_text().startswith("Sync angle 2 to angle 1 (2 marks): offset +1.370 s, "
                                    "rate 1.000200")
    s.close()


def test_undo_and_redo_of_a_sync(tmp_path: Path) -> None:
    s = _session(tmp_path)
    s.sync_by_marks(2, _marks(TRUTH, 2.0, 50.0))
    s.undo()
    assert not s.angle(2).synced
    assert s.redo_text().startswith("Sync angle 2 to angle 1 (2 marks)")
    s.redo()
    assert s.angle(2).time_map is not None
    assert s.angle(2).time_map.offset == pytest.approx(1.37, abs=1e-6)
    assert s.record.entries[-1].kind == "retract"  # the log keeps all three entries
    s.close()


def test_the_review_file_round_trip(tmp_path: Path) -> None:
    s = _session(tmp_path)
    s.sync_by_marks(2, _marks(TRUTH, 2.0, 50.0))
    s.sync_by_sound(3, TimeMap(-0.52), 0.93)
    before = s.angles()
    s.close()
    again = ReviewSession.open(tmp_path / "m.review", read_only=True)
    assert again.angles() == before
    assert again.angle(3).method == "sound" and again.angle(3).confidence == 0.93
    assert again.verify().intact
    again.close()


def test_maps_compose_and_survive_a_new_reference(tmp_path: Path) -> None:
    s = _session(tmp_path)
    s.sync_by_marks(2, _marks(TRUTH, 2.0, 50.0))
    to_two = TimeMap(0.25, 1.0)
    s.sync_by_hand(3, to_two, reference=2)  # angle 3 synced against angle 2
    a3 = s.angle(3)
    assert a3.time_map is not None
    assert a3.time_map.to_reference(10.0) == pytest.approx(TRUTH.to_reference(10.25))
    s.choose_reference(2)
    assert s.reference_angle() == 2 and s.angle(2).is_reference
    a1 = s.angle(1)
    assert a1.time_map is not None and a1.method == "composed"
    assert a1.time_map.to_reference(TRUTH.to_reference(7.0)) == pytest.approx(7.0)
    assert s.angle(3).time_map == to_two
    s.undo()
    assert s.reference_angle() == 1
    s.close()


def test_contradicting_marks_are_named_and_absurd_rates_refused(tmp_path: Path) -> None:
    s = _session(tmp_path)
    marks = _marks(TRUTH, 2.0, 20.0, 40.0)
    marks.append(SyncMark(TRUTH.to_reference(50.0) + 0.2, 50.0))  # 200 ms off: a wrong frame
    s.sync_by_marks(2, marks)
    warnings = s.angle(2).warnings()
    assert len(warnings) >= 1 and any("sync mark 4" in w for w in warnings)
    with pytest.raises(ReviewError, match="contradict"):
        s.sync_by_marks(3, [SyncMark(0.0, 0.0), SyncMark(20.0, 10.0)])
    with pytest.raises(ReviewError, match="not a camera clock's drift"):
        s.sync_by_hand(3, TimeMap(0.0, 1.5))
    s.close()


def test_clips_that_never_overlap_are_refused(tmp_path: Path) -> None:
    s = _session(tmp_path, (60.0, 10.0, 60.0))
    with pytest.raises(ReviewError, match="never show the same moment"):
        s.sync_by_hand(2, TimeMap(3600.0))  # an hour later: another match, or a wrong mark
    with pytest.raises(ReviewError, match="never show the same moment"):
        s.sync_by_hand(2, TimeMap(-30.0))
    n = len(s.record.entries)
    assert len(s.record.entries) == n and not s.angle(2).synced  # nothing was recorded
    s.close()


def test_bad_requests_name_the_problem(tmp_path: Path) -> None:
    s = _session(tmp_path)
    with pytest.raises(ReviewError, match="no clip 9"):
        s.sync_by_hand(9, TimeMap(1.0))
    with pytest.raises(ReviewError, match="is the reference angle"):
        s.sync_by_hand(1, TimeMap(1.0))
    with pytest.raises(ReviewError, match="no time map of its own"):
        s.unsync_angle(2)
    with pytest.raises(ReviewError, match="already"):
        s.choose_reference(1)
    with pytest.raises(ReviewError, match="no angle 7"):
        s.angle(7)
    with pytest.raises(ReviewError, match="at least one mark"):
        s.sync_by_marks(2, [])
    s.close()


def test_unsync_takes_the_map_away_and_undo_brings_it_back(tmp_path: Path) -> None:
    s = _session(tmp_path)
    s.sync_by_hand(2, TimeMap(1.0))
    s.unsync_angle(2)
    assert not s.angle(2).synced
    assert s.undo_text() == "Unsync angle 2"
    s.undo()
    assert s.angle(2).time_map == TimeMap(1.0)
    s.close()


def test_a_stored_angle_entry_reads_back_and_bad_ones_are_named() -> None:
    p = AnglePayload(2, 1, 1.37, 1.0002, "marks", ((3.37, 2.0),), (0.5,), None)
    assert AnglePayload.from_json(p.to_json()) == p
    with pytest.raises(ValueError, match="positive rate"):
        AnglePayload.from_json({**p.to_json(), "rate": 0})
    with pytest.raises(ValueError, match="method"):
        AnglePayload.from_json({**p.to_json(), "method": "guess"})
    with pytest.raises(ValueError, match="finite"):
        AnglePayload.from_json({**p.to_json(), "offset": float("nan")})


def test_a_clock_with_a_fraction_keeps_it() -> None:
    from reviewtool.review.matchtime import parse_clock

    t = parse_clock("90+4:12.340")
    assert t is not None and t.period == 2 and t.seconds == pytest.approx(49 * 60 + 12.34)
    assert t.clock == "90+4:12"
