"""Drawings in the decision log: recorded, folded per angle and frame, undone and redone by
retraction, and read back the same from the review file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reviewtool.review import record as rec
from reviewtool.review.drawing_payload import DrawingPayload
from reviewtool.review.payloads import DRAWING, KINDS, UNDOABLE, payload_of
from reviewtool.review.recorder import Topic
from reviewtool.review.session import ReviewError, ReviewSession
from tests.drawings.helpers import drawing, front_positive
from tests.review.helpers import VAR, demo_session


def with_clip(path: Path) -> tuple[ReviewSession, int]:
    s = demo_session(path)
    clip = s.add_clip("/nowhere/angle.mp4", "a" * 32, {"fps": 50})
    return s, clip.id


def test_the_drawing_kind_is_the_reserved_one_and_undoable() -> None:
    assert DrawingPayload.kind == DRAWING and KINDS[DRAWING] is DrawingPayload
    assert DRAWING in UNDOABLE


def test_drawings_show_on_their_angle_in_their_frame_range(tmp_path: Path) -> None:
    s, clip = with_clip(tmp_path / "r.review")
    try:
        a = s.add_drawing(drawing("arrow", clip=clip, first=10, last=20))
        b = s.add_drawing(drawing("text", ((5.0, 5.0),), clip=clip, first=15, last=30,
                                  text="Contact"))
        assert (a.id, b.id) == ("d1", "d2")
        assert s.drawings(clip, 9) == []
        assert s.drawings(clip, 12) == [a]
        assert s.drawings(clip, 18) == [a, b]
        assert s.drawings(clip, 30) == [b]
        assert s.drawings(clip + 1, 18) == []
    finally:
        s.close()


def test_create_edit_delete_round_trip_through_the_review_file(tmp_path: Path) -> None:
    path = tmp_path / "r.review"
    s, clip = with_clip(path)
    try:
        a = s.add_drawing(drawing("circle", ((100.0, 100.0), (140.0, 100.0)), clip=clip))
        moved = s.edit_drawing(a.moved(25.0, -5.0))
        b = s.add_drawing(drawing("line", clip=clip, colour="#ff0000"))
        s.delete_drawing(b.id)
        kinds = [payload_of(e).op for e in s.record.entries if e.kind == DRAWING]
        assert kinds == ["create", "edit", "create", "delete"]
        texts = [rec.describe(e, s.record) for e in s.record.entries if e.kind == DRAWING]
        assert texts[0].startswith("Drawing added: circle") and "deleted: line" in texts[-1]
    finally:
        s.close()
    again = ReviewSession.open(path, VAR)
    try:
        assert again.verify().intact
        assert again.drawings(clip, 15) == [moved]
        assert again.all_drawings().next_id() == "d3"  # d2 stays taken, though deleted
    finally:
        again.close()


def test_undo_and_redo_of_create_edit_and_delete(tmp_path: Path) -> None:
    s, clip = with_clip(tmp_path / "r.review")
    heard: list[frozenset[Topic]] = []
    s.subscribe(lambda change: heard.append(change.topics))
    try:
        a = s.add_drawing(drawing("ellipse", ((10.0, 10.0), (60.0, 40.0)), clip=clip))
        edited = s.edit_drawing(replace(a, last=99))
        s.delete_drawing(a.id)
        assert s.drawings(clip, 15) == []
        assert s.undo_text().startswith("Drawing deleted: ellipse")
        s.undo()  # the deletion
        assert s.drawings(clip, 15) == [edited]
        s.undo()  # the edit
        assert s.drawings(clip, 15) == [a] and s.drawings(clip, 50) == []
        s.undo()  # the creation
        assert s.drawings(clip, 15) == []
        assert all(Topic.DRAWINGS in t for t in heard)
        s.redo()
        s.redo()
        assert s.drawings(clip, 50) == [edited]
        assert s.verify().intact
    finally:
        s.close()


def test_refusals_name_the_problem_and_record_nothing(tmp_path: Path) -> None:
    s, clip = with_clip(tmp_path / "r.review")
    try:
        n = len(s.record.entries)
        with pytest.raises(ReviewError, match="no clip 99"):
            s.add_drawing(drawing(clip=99))
        with pytest.raises(ReviewError, match="no drawing d7"):
            s.delete_drawing("d7")
        a = s.add_drawing(drawing(clip=clip))
        with pytest.raises(ReviewError, match="nothing was changed"):
            s.edit_drawing(a)
        with pytest.raises(ReviewError, match="stays on its angle"):
            s.edit_drawing(replace(a, clip=clip + 1))
        assert len(s.record.entries) == n + 1
    finally:
        s.close()


def test_a_perspective_drawing_on_an_uncalibrated_angle_is_refused(tmp_path: Path) -> None:
    s, clip = with_clip(tmp_path / "r.review")
    ground = drawing("circle", ((60.0, 30.0), (69.15, 30.0)), clip=clip, space="ground")
    try:
        n = len(s.record.entries)
        with pytest.raises(ReviewError, match=f"angle {clip} is not calibrated at frame 10"):
            s.add_drawing(ground)
        with pytest.raises(ReviewError, match="not calibrated at frame 12"):
            s.add_drawing(ground, ground=lambda c, f: None, frame=12)
        assert len(s.record.entries) == n  # nothing drawn that looks precise
        h = front_positive()
        made = s.add_drawing(ground, ground=lambda c, f: h)
        assert made.space == "ground" and s.drawings(clip, 10) == [made]
    finally:
        s.close()


def test_a_forged_drawing_entry_cannot_be_read(tmp_path: Path) -> None:
    from reviewtool.review.drawing_log import fold
    from reviewtool.store.chain import LogEntry

    s, clip = with_clip(tmp_path / "r.review")
    try:
        e = s.record.entries[-1]
        bad = LogEntry(e.seq + 1, DRAWING, e.author, e.recorded_at,
                       {"op": "paint", "drawing": drawing(clip=clip).to_json()}, "", "")
        with pytest.raises(ValueError, match="'paint' is not a drawing operation"):
            fold([bad], {})
    finally:
        s.close()


def test_the_reviews_calibration_places_ground_drawings_at_its_frame(tmp_path: Path) -> None:
    import numpy as np

    from reviewtool.drawings.shapes import outline
    from reviewtool.geometry.calibration import calibrate
    from tests.geometry.helpers import CAMERA, PITCH, clicks, px

    s, clip = with_clip(tmp_path / "r.review")
    try:
        s.record_calibration(clip, calibrate(PITCH, clicks(), frame=40))
        h = s.ground_at(clip, 40)
        assert h is not None and s.ground_at(clip, 41) is None  # the camera may have moved
        circle = drawing("circle", ((94.0, 34.0), (96.0, 34.0)), clip=clip, first=30, last=50,
                         space="ground")
        with pytest.raises(ReviewError, match="not calibrated at frame 30"):
            s.add_drawing(circle)  # asked at its first frame, where there is no calibration
        made = s.add_drawing(circle, frame=40)
        drawn = outline(made, 40, s.ground_at)
        t = np.linspace(0, 2 * np.pi, len(drawn.lines[0]), endpoint=False)
        truth = px(np.column_stack([94 + 2 * np.cos(t), 34 + 2 * np.sin(t)]), CAMERA)
        assert np.max(np.abs(drawn.lines[0] - truth)) < 0.05  # exact clicks: exact drawing
    finally:
        s.close()
