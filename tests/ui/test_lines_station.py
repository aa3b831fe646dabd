"""Issue 12 on the station (issue 11): lines belong to an angle, so in a multi-angle layout
every place shows its own angle's saved offside measurement (lines, band and verdict) at the
measurement's kick frame, for the selected incident, as the main view does; nowhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtool.geometry import PlayerClicks, measure
from reviewtool.video.clip import open_clip
from reviewtool.video.timemap import TimeMap
from tests.kit.pitch_clip import PITCH, Run, landmark_pixels, make_pitch_clip, pixel
from tests.kit.stamp import read_stamp
from tests.review.helpers import VAR, demo_session
from ui.main_window import ReviewWindow

TIMEOUT = 15_000
KICK = 3
# angle 1: the attacker 0.62 m beyond the defender at the kick; angle 2: 1.4 m behind him
RUNS = ((Run((89.0, 30.0), 5.0), Run((89.5, 40.0), 7.0)),
        (Run((89.0, 30.0), 5.0), Run((87.5, 40.0), 6.0)))


@pytest.fixture(scope="module")
def two_angles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("two_angles")
    return [make_pitch_clip(d / f"angle{i}.mp4", *runs) for i, runs in enumerate(RUNS)]


def measured_review(path: Path, clips: list[Path]) -> str:
    """A review of both angles, synced, each calibrated and measured at the kick frame for one
    offside incident; returns the incident."""
    s = demo_session(path)
    ids = []
    for clip_path in clips:
        with open_clip(clip_path) as clip:
            ids.append(s.add_clip(str(clip_path), clip.fingerprint,
                                  {"frame_count": len(clip.index)}).id)
    s.sync_by_hand(ids[1], TimeMap())
    incident = s.tag_incident("offside", KICK, clip_id=ids[0]).id
    for clip_id, (defender, attacker) in zip(ids, RUNS, strict=True):
        cal = s.calibrate(clip_id, KICK, PITCH, landmark_pixels())
        m = measure(cal.calibration, "right", 50.0,
                    PlayerClicks(pixel(defender.at(KICK)), pixel(attacker.at(KICK))),
                    PlayerClicks(pixel(defender.at(KICK + 1)), pixel(attacker.at(KICK + 1))))
        s.record_measurement(incident, cal.entry, KICK, m, KICK + 1)
    s.close()
    return incident


def test_every_angle_of_the_station_shows_its_own_saved_lines_at_its_kick_frame(
        qtbot, review_window: ReviewWindow, tmp_path: Path, two_angles: list[Path]) -> None:
    w = review_window
    review = tmp_path / "two.review"
    incident = measured_review(review, two_angles)
    w.settings.set_value(f"authors/{review.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.player.opened, timeout=TIMEOUT):
        assert w.open_review(review, ignore_lock=True)
    w.actions_by_id["station.layout_grid"].trigger()
    other = w.station.panes[1]
    qtbot.waitUntil(lambda: other.controller.clip is not None, timeout=TIMEOUT)
    pane_lines = next(p for p in w.lines.panes if p.pane is other)
    w.incidents.select(incident)
    w.player.seek(KICK)

    def shown(frame: int) -> bool:
        pictures = (w.view.pixels, other.player.view.pixels)
        return all(p is not None and read_stamp(p) == frame for p in pictures) \
            and pane_lines.frame == frame and w.lines.frame == frame

    qtbot.waitUntil(lambda: shown(KICK), timeout=TIMEOUT)
    main, second = w.lines.overlay.scene, pane_lines.overlay.scene
    assert main.caption.startswith("offside")
    assert second.caption.startswith("onside")  # its own angle's measurement, not the main's
    assert set(second.lines) == {"defender", "attacker"} and len(second.band) == 4
    saved = w.review.session.measurements(incident)
    assert second.lines["attacker"] == list(saved[1].measurement.lines["attacker"])
    assert other.player.view.overlays.count(pane_lines.overlay) == 1

    w.player.seek(KICK + 1)  # away from the kick frame: no lines on any angle
    qtbot.waitUntil(lambda: shown(KICK + 1), timeout=TIMEOUT)
    assert pane_lines.overlay.scene.lines == {} and not pane_lines.overlay.scene.caption
    w.player.seek(KICK)
    qtbot.waitUntil(lambda: shown(KICK) and bool(pane_lines.overlay.scene.lines),
                    timeout=TIMEOUT)
    w.commands.undo()  # the second angle's measurement: its lines go
    assert pane_lines.overlay.scene.lines == {}
    assert w.lines.overlay.scene.caption.startswith("offside")
    w.commands.redo()
    assert pane_lines.overlay.scene.caption.startswith("onside")
