"""Issue 12, sections 1, 2 and 7 through the real review window: calibrating an angle by
clicking landmarks on the picture and naming them on the pitch drawing, measuring offside at
the kick frame and the neighbouring one, saving it to the incident, citing it in a decision,
undoing it; and the bad input a window meets. The clip is a pitch seen by a known camera, so
every click lands on a known pixel and the true margin is known."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from reviewtool.video.clip import open_clip
from tests.kit.pitch_clip import LANDMARKS, Run, landmark_pixels, make_pitch_clip, pixel
from tests.kit.stamp import read_stamp
from tests.review.helpers import VAR, demo_session
from ui.main_window import ReviewWindow

TIMEOUT = 15_000
DEFENDER = Run((89.0, 30.0), 5.0)  # both run towards the right goal
ATTACKER = Run((89.5, 40.0), 7.0)
KICK = 3  # the ball is played at frame 3: the attacker 0.62 m nearer the goal line


@pytest.fixture(scope="module")
def pitch_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pitch_clip(tmp_path_factory.mktemp("pitch") / "offside.mp4", DEFENDER,
                           ATTACKER)


def open_review(w: ReviewWindow, qtbot, tmp_path: Path, clip_path: Path) -> str:
    path = tmp_path / "lines.review"
    s = demo_session(path)
    with open_clip(clip_path) as clip:
        added = s.add_clip(str(clip_path), clip.fingerprint, {"frame_count": len(clip.index)})
    inc = s.tag_incident("offside", KICK, clip_id=added.id)
    s.close()
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.player.opened, timeout=TIMEOUT):
        assert w.open_review(path)
    w.incidents.select(inc.id)
    at(qtbot, w, KICK)
    return inc.id


def at(qtbot, w: ReviewWindow, frame: int) -> None:
    qtbot.waitUntil(lambda: w.player.shown == frame and w.view.pixels is not None
                    and read_stamp(w.view.pixels) == frame and w.lines.frame == frame,
                    timeout=TIMEOUT)


def measured(qtbot, w: ReviewWindow) -> None:
    qtbot.waitUntil(lambda: not w.lines.measuring, timeout=TIMEOUT)


def click_picture(qtbot, w: ReviewWindow, image_px: tuple[float, float]) -> None:
    spot = w.view.widget_point(QPointF(*image_px))
    qtbot.mouseClick(w.view, Qt.MouseButton.LeftButton, pos=QPoint(round(spot.x()),
                                                                    round(spot.y())))


def name_landmark(qtbot, w: ReviewWindow, name: str) -> None:
    pitch = w.lines.calibration_panel.pitch
    qtbot.mouseClick(pitch, Qt.MouseButton.LeftButton, pos=pitch.point_of(name).toPoint())


def calibrate(qtbot, w: ReviewWindow, clicks: dict[str, tuple[float, float]]) -> None:
    qtbot.keyClick(w.view, Qt.Key.Key_C)
    assert w.lines.mode == "calibrate" and w.lines.dock.isVisible()
    for name, px in clicks.items():
        click_picture(qtbot, w, px)
        name_landmark(qtbot, w, name)
    qtbot.keyClick(w.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)


def test_calibrate_measure_save_cite_and_undo_through_the_window(
        qtbot, review_window: ReviewWindow, tmp_path: Path, pitch_clip: Path) -> None:
    w = review_window
    w.resize(1280, 720)
    incident = open_review(w, qtbot, tmp_path, pitch_clip)
    fit, save = w.actions_by_id["lines.fit"], w.actions_by_id["lines.save"]
    assert w.actions_by_id["lines.calibrate"].isEnabled()
    assert not fit.isEnabled() and not save.isEnabled()  # they apply inside a mode only
    session = w.review.session
    calibrate(qtbot, w, landmark_pixels())
    anchors = session.calibrations(1)
    assert [a.frame for a in anchors] == [KICK]
    assert sorted(anchors[0].calibration.landmarks) == sorted(LANDMARKS)
    table = w.lines.calibration_panel.table
    assert table.rowCount() == len(LANDMARKS)
    assert all(float(table.item(r, 1).text()) < 2.0 for r in range(table.rowCount()))
    assert "Calibration saved" in w.lines.calibration_panel.message.text()
    assert w.lines.overlay.scene.pitch  # the fitted pitch drawn over the picture

    middle = pixel(((DEFENDER.at(KICK)[0] + ATTACKER.at(KICK)[0]) / 2, 35.0))
    w.view.set_zoom(1.5, w.view.widget_point(QPointF(*middle)))  # zoomed in, as officials do
    qtbot.keyClick(w.view, Qt.Key.Key_M)  # offside at the kick frame
    assert w.lines.mode == "offside"
    click_picture(qtbot, w, pixel(DEFENDER.at(KICK)))
    click_picture(qtbot, w, pixel(ATTACKER.at(KICK)))
    assert "Step to the previous or next frame" in w.lines.offside_panel.prompt.text()
    qtbot.keyClick(w.view, Qt.Key.Key_Right)
    at(qtbot, w, KICK + 1)
    assert w.lines.overlay.scene.lines == {}  # no lines away from the kick frame
    click_picture(qtbot, w, pixel(DEFENDER.at(KICK + 1)))
    click_picture(qtbot, w, pixel(ATTACKER.at(KICK + 1)))
    measured(qtbot, w)  # off the GUI thread: tracking carries the calibration to frame 4
    m = w.lines.measured
    assert m is not None, w.lines.offside_panel.message.text()
    truth = ATTACKER.at(KICK)[0] - DEFENDER.at(KICK)[0]
    assert m.interval_m[0] <= truth <= m.interval_m[1] and abs(m.distance_m - truth) < 0.1
    assert m.verdict == "offside"
    assert "OFFSIDE" in w.lines.offside_panel.result.text()
    assert save.isEnabled() and not fit.isEnabled()
    qtbot.keyClick(w.view, Qt.Key.Key_Left)
    at(qtbot, w, KICK)
    scene = w.lines.overlay.scene
    assert set(scene.lines) == {"defender", "attacker"} and len(scene.band) == 4
    assert scene.caption.startswith("offside")

    qtbot.keyClick(w.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    saved = session.measurements(incident)
    assert len(saved) == 1 and saved[0].calibration == anchors[0].entry
    assert saved[0].neighbour_frame == KICK + 1
    assert "Saved to incident" in w.lines.offside_panel.message.text()
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    assert w.lines.mode is None and not w.lines.dock.isVisible()
    assert w.lines.overlay.scene.caption.startswith("offside")  # the saved one, at its frame

    w.show_decision()
    evidence = w.decision.evidence
    assert evidence.isVisibleTo(w.decision) and evidence.count() == 1
    assert "offside" in evidence.item(0).text()
    evidence.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(w.decision.buttons.currentWidget(), Qt.MouseButton.LeftButton)
    step = session.record.decision_step(incident, "on_field")
    assert step is not None and step.cites == (saved[0].entry,)
    assert "cites entry" in w.decision.history.text()

    w.commands.undo()  # the decision
    w.commands.undo()  # the measurement
    assert session.measurements(incident) == [] and w.decision.evidence.count() == 0
    assert w.lines.overlay.scene.lines == {}
    w.commands.redo()
    assert len(session.measurements(incident)) == 1


def test_bad_calibrations_are_refused_with_the_landmark_named_and_nothing_lost(
        qtbot, review_window: ReviewWindow, tmp_path: Path, pitch_clip: Path) -> None:
    w = review_window
    open_review(w, qtbot, tmp_path, pitch_clip)
    session = w.review.session
    before = len(session.record.entries)
    good = landmark_pixels()
    three = dict(list(good.items())[:3])
    calibrate(qtbot, w, three)
    panel = w.lines.calibration_panel
    assert "at least 4 landmarks, got 3" in panel.message.text()
    assert list(w.lines.calibration.clicks) == list(three)  # the clicks stay
    # a fourth on the wrong side: the goal area's far corner named as the near one
    click_picture(qtbot, w, good["goal_area_right_top"])
    name_landmark(qtbot, w, "goal_area_right_bottom")
    click_picture(qtbot, w, good["penalty_mark_right"])
    name_landmark(qtbot, w, "penalty_mark_right")
    w.lines.fit()
    assert "Refused" in panel.message.text() and "again" in panel.message.text()
    assert panel.pitch.highlight in w.lines.calibration.clicks
    assert w.lines.overlay.scene.pitch == []  # nothing drawn that looks precise
    assert len(session.record.entries) == before  # nothing logged
    assert session.calibrations(1) == []
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)  # leaving keeps the clicks for C here
    qtbot.keyClick(w.view, Qt.Key.Key_C)
    assert len(w.lines.calibration.clicks) == 5 and "are back" in panel.message.text()
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    qtbot.keyClick(w.view, Qt.Key.Key_Right)  # another frame: C starts afresh there
    at(qtbot, w, KICK + 1)
    in_line = ("penalty_area_right_top", "penalty_arc_right_top", "penalty_arc_right_bottom",
               "penalty_area_right_bottom")  # all on the penalty area's line
    calibrate(qtbot, w, landmark_pixels(in_line))
    assert "lie in one line" in panel.message.text() and "add landmarks off" in \
        panel.message.text()
    assert w.lines.overlay.scene.pitch == [] and session.calibrations(1) == []


def test_offside_on_an_angle_never_calibrated_says_so_and_draws_nothing(
        qtbot, review_window: ReviewWindow, tmp_path: Path, pitch_clip: Path) -> None:
    w = review_window
    open_review(w, qtbot, tmp_path, pitch_clip)
    qtbot.keyClick(w.view, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: w.error_box is not None and w.error_box.isVisible(),
                    timeout=TIMEOUT)
    assert "never calibrated" in w.error_box.text()
    assert w.lines.mode is None and w.lines.overlay.scene.lines == {}
    w.error_box.close()


def test_typed_speeds_replace_the_neighbouring_frame_and_clicks_in_the_wrong_frame_are_named(
        qtbot, review_window: ReviewWindow, tmp_path: Path, pitch_clip: Path) -> None:
    w = review_window
    incident = open_review(w, qtbot, tmp_path, pitch_clip)
    calibrate(qtbot, w, landmark_pixels())
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    qtbot.keyClick(w.view, Qt.Key.Key_M)
    panel = w.lines.offside_panel
    click_picture(qtbot, w, pixel(DEFENDER.at(KICK)))
    click_picture(qtbot, w, pixel(ATTACKER.at(KICK)))
    click_picture(qtbot, w, pixel(ATTACKER.at(KICK)))  # a third click, still at the kick frame
    assert "step to the previous or next frame" in panel.message.text()
    assert w.lines.offside.neighbour == {}  # not taken, nothing else lost
    panel.defender_speed.setValue(18)
    panel.attacker_speed.setValue(36)
    qtbot.mouseClick(panel.findChild(type(panel.save_button), "offside_use_speeds"),
                     Qt.MouseButton.LeftButton)
    measured(qtbot, w)
    m = w.lines.measured
    assert m is not None and m.inputs["speeds_mps"] == [5.0, 10.0]
    assert abs(m.kick_change_m - 15.0 / 50) < 1e-9  # both speeds in one frame interval
    panel.kick_side.setCurrentIndex(1)  # an option changed: measured again, same speeds
    measured(qtbot, w)
    assert w.lines.measured is not None and w.lines.measured.inputs["kick_side"] == \
        "towards_neighbour"
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = w.review.session.measurements(incident)
    assert len(saved) == 1 and saved[0].neighbour_frame is None


def test_a_calibration_anchored_at_another_frame_is_carried_by_tracking(
        qtbot, review_window: ReviewWindow, tmp_path: Path, pitch_clip: Path) -> None:
    w = review_window
    open_review(w, qtbot, tmp_path, pitch_clip)
    w.player.seek(1)
    at(qtbot, w, 1)
    calibrate(qtbot, w, landmark_pixels())  # the anchor: frame 1
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    w.player.seek(KICK)
    at(qtbot, w, KICK)
    qtbot.keyClick(w.view, Qt.Key.Key_M)
    for frame in (KICK, KICK - 1):
        if frame != KICK:
            qtbot.keyClick(w.view, Qt.Key.Key_Left)
            at(qtbot, w, frame)
        click_picture(qtbot, w, pixel(DEFENDER.at(frame)))
        click_picture(qtbot, w, pixel(ATTACKER.at(frame)))
    measured(qtbot, w)
    m = w.lines.measured
    assert m is not None, w.lines.offside_panel.message.text()
    assert m.inputs["neighbour_frame_calibrated"] is True
    result = w.lines.offside_panel.result.text()
    assert f"frame {KICK}: calibration carried from frame 1 by tracking, drift ±" in result
    truth = ATTACKER.at(KICK)[0] - DEFENDER.at(KICK)[0]
    assert m.interval_m[0] <= truth <= m.interval_m[1]


def test_an_anchor_never_shown_in_this_window_is_decoded_to_carry_it(
        qtbot, review_window: ReviewWindow, tmp_path: Path, pitch_clip: Path) -> None:
    """The review was calibrated at frame 1 earlier (another window, another day): measuring
    at frame 3 decodes frame 1 off the GUI thread and tracks from it."""
    from reviewtool.geometry import Pitch
    from reviewtool.review.session import ReviewSession

    w = review_window
    path = tmp_path / "lines.review"
    s = demo_session(path)
    with open_clip(pitch_clip) as clip:
        added = s.add_clip(str(pitch_clip), clip.fingerprint, {"frame_count": len(clip.index)})
    inc = s.tag_incident("offside", KICK, clip_id=added.id)
    s.calibrate(added.id, 1, Pitch(), {n: list(p) for n, p in landmark_pixels().items()})
    s.close()
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.player.opened, timeout=TIMEOUT):
        assert w.open_review(path)
    w.incidents.select(inc.id)
    at(qtbot, w, KICK)
    assert (added.id, 1) not in w.lines._pictures  # frame 1 was never on screen here
    qtbot.keyClick(w.view, Qt.Key.Key_M)
    click_picture(qtbot, w, pixel(DEFENDER.at(KICK)))
    click_picture(qtbot, w, pixel(ATTACKER.at(KICK)))
    qtbot.keyClick(w.view, Qt.Key.Key_Right)
    at(qtbot, w, KICK + 1)
    click_picture(qtbot, w, pixel(DEFENDER.at(KICK + 1)))
    click_picture(qtbot, w, pixel(ATTACKER.at(KICK + 1)))
    measured(qtbot, w)
    m = w.lines.measured
    assert m is not None, w.lines.offside_panel.message.text()
    truth = ATTACKER.at(KICK)[0] - DEFENDER.at(KICK)[0]
    assert m.interval_m[0] <= truth <= m.interval_m[1]
    assert "carried from frame 1 by tracking" in w.lines.offside_panel.result.text()
    assert isinstance(w.review.session, ReviewSession)


def test_far_from_the_anchor_the_picture_is_tracked_through_frames_in_between() -> None:
    import numpy as np

    from reviewtool.geometry import Pitch, calibrate
    from ui.lines.measuring import Carry

    cal = calibrate(Pitch(), {n: list(p) for n, p in landmark_pixels().items()}, frame=100)
    hops = lambda frame: Carry((1, frame), cal, frame, None, np.zeros(1)).hops()  # noqa: E731
    assert hops(103) == [] and hops(97) == []  # near: one hop
    assert hops(110) == [105]
    assert hops(50) == [94, 89, 83, 78, 72, 67, 61, 56]  # backwards too, from the anchor
    assert len(hops(1000)) == 8  # at most eight pictures in between


def test_in_a_mode_a_drag_still_pans_and_is_not_a_click(
        qtbot, review_window: ReviewWindow, tmp_path: Path, pitch_clip: Path) -> None:
    w = review_window
    open_review(w, qtbot, tmp_path, pitch_clip)
    qtbot.keyClick(w.view, Qt.Key.Key_C)
    start = w.view.widget_point(QPointF(600, 400)).toPoint()
    before = w.view.image_point(QPointF(start))
    qtbot.mousePress(w.view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(w.view, start + QPoint(60, 30))
    qtbot.mouseRelease(w.view, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 30))
    moved = w.view.image_point(QPointF(start))
    assert (before.x() - moved.x()) > 50 and w.lines.calibration.pending is None
    click_picture(qtbot, w, (600.0, 400.0))  # a click is a click
    assert w.lines.calibration.pending == pytest.approx((600.0, 400.0), abs=2.5)


def test_leaving_a_mode_gives_the_match_state_its_room_back(
        qtbot, review_window: ReviewWindow, tmp_path: Path, pitch_clip: Path) -> None:
    """Seen under Xvfb at 1280x720: after C and Esc the match state kept one row of players."""
    w = review_window
    w.resize(1280, 720)
    w.show()
    open_review(w, qtbot, tmp_path, pitch_clip)
    state = w.docks["state"]
    qtbot.waitUntil(lambda: state.height() > 150, timeout=TIMEOUT)
    before = state.height()
    qtbot.keyClick(w.view, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: w.lines.mode == "calibrate" and state.height() < before,
                    timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: w.lines.mode is None and abs(state.height() - before) <= 20,
                    timeout=TIMEOUT)
