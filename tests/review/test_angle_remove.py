"""Removing an angle from the station: one undoable entry that loses nothing recorded."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewtool import cli
from reviewtool.review.angle_payload import AnglePayload
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.review.station_view import StationAngle, StationView, keep_players
from reviewtool.video.timemap import TimeMap
from tests.review.helpers import demo_session

TWO = TimeMap(1.37, 1.0002)  # angle 2 on angle 1
THREE_ON_TWO = TimeMap(0.25, 1.0)  # angle 3 synced against angle 2, not the reference


def _session(path: Path, clips: int = 3) -> ReviewSession:
    s = demo_session(path)
    for i in range(1, clips + 1):
        s.add_clip(f"/clips/cam{i}.mp4", f"{i:x}" * 32, {"fps": 50.0, "duration": 60.0})
    return s


def _numbers(s: ReviewSession) -> list[int]:
    return [a.number for a in s.angles()]


def test_removing_an_angle_is_an_undoable_entry_that_loses_nothing(tmp_path: Path) -> None:
    s = _session(tmp_path / "m.review")
    s.sync_by_hand(2, TWO)
    s.mark_sync(2, 0, 1, 12.0)
    incident = s.tag_incident("holding", 20, in_frame=10, out_frame=30, clip_id=2)
    entries = len(s.record.entries)
    change = s.remove_angle(2)
    assert change.entry is not None and change.entry.kind == "angle"
    assert change.entry.payload["method"] == "removed" and change.entry.author.name == "Test VAR"
    assert len(s.record.entries) == entries + 1  # a new entry; nothing rewritten
    assert _numbers(s) == [1, 3]
    gone = s.angle(2)  # still addressable, with its map and the reason it is not shown
    assert gone.removed == change.entry.seq and gone.time_map is not None
    assert "removed from the station" in gone.why
    assert [c.id for c in s.clips()] == [1, 2, 3]  # the clip stays in the review
    assert incident.id in s.record.incidents and s.record.syncs_of(2)
    assert s.undo_text() == "Remove angle 2 from the station"
    s.undo()
    assert _numbers(s) == [1, 2, 3]
    assert s.angle(2).removed is None and s.angle(2).time_map is not None
    s.redo()
    assert _numbers(s) == [1, 3]
    assert s.verify().intact
    s.close()


def test_an_add_back_or_a_new_sync_brings_it_back_with_its_map(tmp_path: Path) -> None:
    s = _session(tmp_path / "m.review")
    s.sync_by_hand(2, TWO)
    s.remove_angle(2)
    s.add_angle_back(2)
    assert _numbers(s) == [1, 2, 3] and s.angle(2).time_map == TWO
    assert s.undo_text() == "Add angle 2 back to the station"
    s.remove_angle(3)
    s.sync_by_hand(3, TimeMap(0.5))  # syncing a removed angle puts it back in the station
    assert _numbers(s) == [1, 2, 3] and s.angle(3).time_map == TimeMap(0.5)
    s.close()


def test_angles_synced_through_a_removed_one_keep_their_composed_map(tmp_path: Path) -> None:
    s = _session(tmp_path / "m.review")
    s.sync_by_hand(2, TWO)
    s.sync_by_hand(3, THREE_ON_TWO, reference=2)
    before = s.angle(3).time_map
    s.remove_angle(2)
    a3 = s.angle(3)
    assert a3.time_map == before and a3.synced and a3.method == "manual"
    assert a3.time_map is not None
    assert a3.time_map.to_reference(10.0) == pytest.approx(TWO.to_reference(10.25))
    s.close()


def test_removing_the_reference_makes_the_next_angle_the_reference(tmp_path: Path) -> None:
    s = _session(tmp_path / "m.review")
    s.sync_by_hand(2, TWO)
    s.sync_by_hand(3, TimeMap(-0.5))  # angle 3 on angle 1: read on angle 2 through angle 1
    s.remove_angle(1)
    assert s.reference_angle() == 2 and s.angle(2).is_reference
    a3 = s.angle(3)
    assert a3.time_map is not None and a3.reference == 2
    # the same instant on angle 1's clock, read through the removed angle's recorded maps
    t3 = 20.0
    assert TWO.to_reference(a3.time_map.to_reference(t3)) == pytest.approx(t3 - 0.5)
    s.undo()
    assert s.reference_angle() == 1 and s.angle(3).time_map == TimeMap(-0.5)
    s.close()


def test_bad_requests_get_one_line_that_names_the_problem(tmp_path: Path) -> None:
    s = _session(tmp_path / "m.review", clips=2)
    with pytest.raises(ReviewError, match="no clip 9"):
        s.remove_angle(9)
    with pytest.raises(ReviewError, match="nothing to add back"):
        s.add_angle_back(2)
    s.remove_angle(2)
    with pytest.raises(ReviewError, match="removed from the station already"):
        s.remove_angle(2)
    with pytest.raises(ReviewError, match="only angle"):
        s.remove_angle(1)
    with pytest.raises(ReviewError, match="add it back before"):
        s.choose_reference(2)
    for refused in (s.remove_angle, s.add_angle_back):
        with pytest.raises(ReviewError) as e:
            refused(9)
        assert "\n" not in str(e.value)
    with pytest.raises(ValueError, match="same clip twice"):
        AnglePayload.from_json({"clip": 2, "reference": 1, "method": "removed"})
    s.close()


def test_the_angles_command_lists_removed_angles_apart(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    s = _session(tmp_path / "m.review")
    s.sync_by_hand(2, TWO)
    s.remove_angle(1)
    s.close()
    assert cli.main(["angles", str(tmp_path / "m.review")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["reference"] == 2
    assert [a["angle"] for a in doc["angles"]] == [2, 3]
    assert not any(a["removed"] for a in doc["angles"])
    (one,) = doc["removed"]
    assert one["angle"] == 1 and one["removed"] and "removed from the station" in one["why"]
    assert one["offset"] is not None  # its map is kept


def test_a_removal_survives_reopening_the_review(tmp_path: Path) -> None:
    s = _session(tmp_path / "m.review")
    s.remove_angle(3)
    before = s.all_angles()
    s.close()
    again = ReviewSession.open(tmp_path / "m.review", read_only=True)
    assert again.all_angles() == before and [a.number for a in again.angles()] == [1, 2]
    again.close()


RUNS = itertools.count()
OPS = st.lists(st.tuples(st.sampled_from(["remove", "back", "undo", "redo"]),
                         st.integers(1, 4)), max_size=12)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_removals_never_change_how_the_remaining_angles_line_up(tmp_path: Path, ops) -> None:
    """Whatever is removed, added back, undone or redone: the station keeps at least one
    angle, its reference is one of them, and any two synced angles still relate by the same
    map (removal hides an angle; it never moves one)."""
    s = _session(tmp_path / f"p{next(RUNS)}.review", clips=4)
    s.sync_by_hand(2, TWO)
    s.sync_by_hand(3, THREE_ON_TWO, reference=2)
    s.sync_by_hand(4, TimeMap(-0.75, 0.9999))
    on_one = {a.number: a.time_map for a in s.angles()}
    ours = ("Remove angle", "Add angle")  # undo and redo stay among these entries
    for op, clip in ops:
        try:
            if op == "remove":
                s.remove_angle(clip)
            elif op == "back":
                s.add_angle_back(clip)
            elif op == "undo" and s.can_undo() and s.undo_text().startswith(ours):
                s.undo()
            elif op == "redo" and s.can_redo() and s.redo_text().startswith(ours):
                s.redo()
        except ReviewError:
            pass
        shown = s.angles()
        assert shown and s.reference_angle() in {a.number for a in shown}
        ref = next(a for a in shown if a.is_reference)
        for a in shown:
            m = a.time_map
            assert m is not None
            # the reference's clock, read on angle 1's clock, must agree with angle a's
            one = on_one[a.number].to_reference(10.0)  # type: ignore[union-attr]
            mine = on_one[ref.number].to_reference(m.to_reference(10.0))  # type: ignore[union-attr]
            assert mine == pytest.approx(one, abs=1e-6)
    s.close()


def test_the_station_model_puts_an_angle_back_in_its_place_and_players_stay() -> None:
    view = StationView("grid")
    angles = [StationAngle(k, str(k), TimeMap()) for k in (1, 2, 3, 4)]
    view.set_angles(angles)
    view.set_angles([a for a in angles if a.key != 3])
    assert [a.key for a in view.angles] == [1, 2, 4]
    view.set_angles(angles)  # the removal undone: angle 3 takes its place again
    assert [a.key for a in view.angles] == [1, 2, 3, 4]
    view.set_angles(angles[1:])  # the main one leaves: the next is main
    assert view.main == 2
    view.set_angles(angles)  # and comes back next to it, not under the transport
    assert [a.key for a in view.angles] == [2, 1, 3, 4]
    # players of places 1..3: each angle keeps the one it is open in
    assert keep_players([2, 4], [2, 3, 4]) == [0, 2, 1]
    assert keep_players([3, 4], [2, 3, 4]) == [1, 2, 0]
    assert keep_players([2, 3, 4], [2, 3, 4]) is None
    assert keep_players([2, 3, 4], [2, 4, None]) == [0, 2, 1]
