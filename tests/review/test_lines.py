"""Calibrations and offside measurements in the decision log: typed payloads that read back
byte-identical, undo and redo through retractions, the queries the window asks, and a decision
that cites a measurement (while decisions without citations keep their JSON on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtool.geometry import PlayerClicks, measure
from reviewtool.review import record as rec
from reviewtool.review.decision import Ruling
from reviewtool.review.lines_payloads import CalibrationPayload, MeasurementPayload
from reviewtool.review.payloads import CALIBRATION, KINDS, MEASUREMENT, UNDOABLE, payload_of
from reviewtool.review.recorder import Topic
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.store.chain import canonical
from tests.geometry.helpers import PITCH, clicks, point
from tests.review.helpers import demo_session

DEFENDER, ATTACKER = (90.0, 30.0), (90.4, 40.0)  # the attacker 40 cm nearer the right goal
NEXT_DEFENDER, NEXT_ATTACKER = (90.1, 30.0), (90.6, 40.0)


@pytest.fixture
def session(tmp_path: Path) -> ReviewSession:
    s = demo_session(tmp_path / "lines.review")
    s.add_clip("/clips/angle.mp4", "a" * 64, {"frames": 500, "fps": 50.0})
    yield s
    s.close()


def _incident(s: ReviewSession) -> str:
    return s.tag_incident("offside", 120, clip_id=1).id


def _measure(s: ReviewSession, frame: int = 120) -> tuple[int, object]:
    cal = s.calibrate(1, frame, PITCH, clicks())
    m = measure(cal.calibration, "right", 50.0, PlayerClicks(point(DEFENDER), point(ATTACKER)),
                PlayerClicks(point(NEXT_DEFENDER), point(NEXT_ATTACKER)))
    return cal.entry, m


def test_the_kinds_are_the_reserved_names_and_undoable() -> None:
    assert KINDS[CALIBRATION] is CalibrationPayload and KINDS[MEASUREMENT] is MeasurementPayload
    assert CALIBRATION in UNDOABLE and MEASUREMENT in UNDOABLE


def test_a_calibration_is_logged_and_reads_back_byte_identical(session: ReviewSession) -> None:
    seen: list[frozenset[Topic]] = []
    session.subscribe(lambda change: seen.append(change.topics))
    entry = session.calibrate(1, 120, PITCH, clicks())
    stored = session.record.entry(entry.entry)
    assert stored.kind == CALIBRATION and stored.author == session.author
    typed = payload_of(stored)
    assert isinstance(typed, CalibrationPayload)
    assert canonical(typed.to_json()) == canonical(stored.payload)
    assert typed.calibration.landmarks == entry.calibration.landmarks
    assert max(entry.calibration.error_px.values()) < 0.01  # exact clicks fit exactly
    assert Topic.LINES in seen[-1]
    assert "Calibration: clip 1 frame 120, 8 landmarks" in rec.describe(stored, session.record)


def test_the_calibration_in_effect_is_the_nearest_anchor(session: ReviewSession) -> None:
    assert session.calibration_at(1, 50) is None  # never calibrated
    a = session.calibrate(1, 100, PITCH, clicks())
    b = session.calibrate(1, 300, PITCH, clicks())
    assert [c.frame for c in session.calibrations(1)] == [100, 300]
    assert session.calibration_at(1, 180).entry == a.entry
    assert session.calibration_at(1, 260).entry == b.entry
    again = session.calibrate(1, 100, PITCH, clicks())  # re-anchor at the same frame
    assert session.calibration_at(1, 100).entry == again.entry
    assert session.calibrations(2) == []


def test_a_bad_fit_is_refused_naming_the_landmark_and_nothing_is_logged(
        session: ReviewSession) -> None:
    before = len(session.record.entries)
    wrong = clicks()
    wrong["goal_area_right_top"][0] += 25
    with pytest.raises(ReviewError, match="click goal_area_right_top again"):
        session.calibrate(1, 120, PITCH, wrong)
    with pytest.raises(ReviewError, match="at least 4 landmarks, got 3"):
        session.calibrate(1, 120, PITCH, dict(list(clicks().items())[:3]))
    in_line = {n: clicks(("corner_right_top", "penalty_area_right_goal_line_top",
                          "goal_post_right_top", "goal_area_right_goal_line_top"))[n]
               for n in ("corner_right_top", "penalty_area_right_goal_line_top",
                         "goal_post_right_top", "goal_area_right_goal_line_top")}
    with pytest.raises(ReviewError, match="lie in one line"):
        session.calibrate(1, 120, PITCH, in_line)
    with pytest.raises(ReviewError, match="no clip 7"):
        session.calibrate(7, 120, PITCH, clicks())
    assert len(session.record.entries) == before


def test_a_measurement_is_attached_undone_and_redone(session: ReviewSession) -> None:
    incident = _incident(session)
    cal_entry, m = _measure(session)
    saved = session.record_measurement(incident, cal_entry, 120, m, neighbour_frame=121)
    assert saved.measurement.verdict == m.verdict
    assert abs(saved.measurement.distance_m - 0.4) < 1e-6
    stored = session.record.entry(saved.entry)
    assert canonical(payload_of(stored).to_json()) == canonical(stored.payload)
    assert [x.entry for x in session.measurements(incident)] == [saved.entry]
    assert "Undo: Offside measurement for i1" in "Undo: " + session.undo_text()
    session.undo()
    assert session.measurements(incident) == []
    session.undo()  # the calibration
    assert session.calibrations(1) == []
    session.redo()
    session.redo()
    assert [x.entry for x in session.measurements(incident)] == [saved.entry]
    assert session.calibration_at(1, 120).entry == cal_entry


def test_undo_survives_reopening(tmp_path: Path, session: ReviewSession) -> None:
    incident = _incident(session)
    cal_entry, m = _measure(session)
    session.record_measurement(incident, cal_entry, 120, m, neighbour_frame=121)
    path, author = session.file.path, session.author
    session.close()
    again = ReviewSession.open(path, author)
    try:
        assert len(again.measurements(incident)) == 1
        assert again.undo_text().startswith("Offside measurement for i1")
        again.undo()
        assert again.measurements(incident) == []
    finally:
        again.close()


def test_a_measurement_needs_an_incident_and_a_calibration_in_effect(
        session: ReviewSession) -> None:
    incident = _incident(session)
    cal_entry, m = _measure(session)
    with pytest.raises(ReviewError, match="no incident i9"):
        session.record_measurement("i9", cal_entry, 120, m)
    with pytest.raises(ReviewError, match="not a calibration in effect"):
        session.record_measurement(incident, 2, 120, m)
    session.undo()  # the calibration goes: a measurement cannot rest on it
    with pytest.raises(ReviewError, match="not a calibration in effect"):
        session.record_measurement(incident, cal_entry, 120, m)


def test_a_decision_cites_a_measurement(session: ReviewSession) -> None:
    incident = _incident(session)
    cal_entry, m = _measure(session)
    saved = session.record_measurement(incident, cal_entry, 120, m, neighbour_frame=121)
    with pytest.raises(ReviewError, match="cannot be cited"):
        session.record_on_field(incident, Ruling(), None, cites=[cal_entry])
    d = session.record_on_field(incident, Ruling(), None, "offside by 40 cm",
                                cites=[saved.entry])
    assert d.cites == (saved.entry,)
    stored = session.record.entries[-1]
    assert stored.payload["decision"]["cites"] == [saved.entry]
    assert session.record.decision_step(incident, "on_field").cites == (saved.entry,)


def test_a_decision_without_citations_keeps_its_json(session: ReviewSession) -> None:
    incident = _incident(session)
    session.record_on_field(incident, Ruling(), None)
    assert "cites" not in session.record.entries[-1].payload["decision"]
