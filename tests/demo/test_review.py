"""The demo review, built without a window: the match before the incident, the four angles
with their time maps (the truth, by two marks each) or unsynced, the match clocks, and the
offside moments as incidents at the frame after the pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtool.demo.review import build_demo_review, new_review_path, truth_marks
from reviewtool.review.session import ReviewSession
from tests.kit.demo import short_clips


def test_the_synced_demo_review(demo_cache: Path) -> None:
    clips = short_clips()
    path = build_demo_review(new_review_path(demo_cache), clips, demo_cache)
    session = ReviewSession.open(path)
    try:
        assert [c.path for c in session.clips()] == [str(c.path(demo_cache)) for c in clips]
        angles = session.angles()
        assert angles[0].is_reference and angles[0].method == "reference"
        for angle, clip in zip(angles[1:4], clips[1:4], strict=True):
            assert angle.method == "marks" and angle.time_map is not None
            assert angle.time_map.offset == pytest.approx(clip.offset, abs=1e-6)
            assert angle.time_map.rate == pytest.approx(clip.rate, abs=1e-6)
            assert max(map(abs, angle.residuals_ms)) < 0.01
        assert [a.synced for a in angles[4:]] == [False, False]  # other moments of the match
        assert session.state.to_json()["score"] == {"home": 3, "away": 1}
        offside = list(session.record.incidents.values())
        assert [i.category for i in offside] == ["offside", "offside"]
        for incident, clip in zip(offside, clips[4:], strict=True):
            assert clip.moment is not None
            truth = clip.moment.truth()
            assert incident.clip_id == angles[clips.index(clip)].number
            assert clip.scene_time(incident.key_frame - 1) < truth.kick_t \
                < clip.scene_time(incident.key_frame)
            assert incident.offender is not None
            assert incident.offender.player == clip.moment.attacker.number
        assert [i.clock for i in offside] == ["71:14", "83:02"]
    finally:
        session.close()


def test_the_unsynced_demo_review(demo_cache: Path) -> None:
    path = build_demo_review(new_review_path(demo_cache), short_clips(), demo_cache,
                             synced=False)
    session = ReviewSession.open(path)
    try:
        assert [a.synced for a in session.angles()] == [True] + [False] * 5
    finally:
        session.close()


def test_truth_marks_sit_on_the_clips_frames_and_the_scene() -> None:
    ref, rev = short_clips()[:2]
    for mark in truth_marks(rev, ref):
        frame = mark.clip * rev.fps
        assert frame == pytest.approx(round(frame))
        assert ref.offset + mark.reference == pytest.approx(rev.scene_time(round(frame)))
        assert 0 <= mark.reference <= ref.frames / ref.fps
