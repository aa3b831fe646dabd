"""The multi-angle station through real widgets: layouts keep the shared playhead, one
transport steps every angle to its own frame at or before the instant (read from the stamps
in the pictures), the main angle changes, each angle keeps its own zoom, incidents show on
every timeline, a bad angle says so in its place, and four angles leave nothing running."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from reviewtool.review.incident import CATEGORIES
from reviewtool.video.clip import open_clip
from reviewtool.video.station import STATION_BUDGET
from reviewtool.video.timemap import TimeMap
from tests.kit.stamp import read_stamp
from tests.kit.synth import make_clip
from tests.review.helpers import VAR, demo_session
from ui.main_window import ReviewWindow
from ui.station.pane import AnglePane

TIMEOUT = 10_000
CATEGORY = next(iter(CATEGORIES))
SIZES = ((320, 180), (352, 198), (288, 162), (384, 216))  # sizes differ: contents too
# name, frames, fps, time map to the reference angle (the first)
ANGLES = (("wide", 100, 50.0, TimeMap()),
          ("reverse", 100, 50.0, TimeMap(0.4, 1.0)),  # starts 0.4 s after the reference
          ("goal", 50, 25.0, TimeMap(-0.3, 1.0)),  # 25 fps, started 0.3 s before
          ("stand", 100, 50.0, TimeMap(0.1, 1.0002)))  # drifting clock


@pytest.fixture(scope="module")
def angle_clips(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("angles")
    return [make_clip(d / f"{name}.mp4", "h264_mp4", frames=frames, size=size, fps=fps)
            for (name, frames, fps, _tm), size in zip(ANGLES, SIZES, strict=True)]


def open_angles(qtbot, w: ReviewWindow, review: Path, clips: list[Path],
                maps: list[TimeMap]) -> list[int]:
    """A review of ``clips`` (the first is the reference; the next ones synced by ``maps``,
    any after them unsynced) opened in ``w``; returns the clip ids."""
    session = demo_session(review)
    for clip_path in clips:
        with open_clip(clip_path, store_index=False) as clip:
            facts = {k: v for k, v in clip.facts().as_json().items()
                     if k not in ("path", "fingerprint")}
            session.add_clip(str(clip_path), clip.fingerprint, facts)
    session.close()
    w.settings.set_value(f"authors/{review.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.player.frame_shown, timeout=TIMEOUT):
        assert w.open_review(review, ignore_lock=True)
    ids = [c.id for c in w.review.session.clips()]
    for key, tm in zip(ids[1:], maps, strict=False):
        w.review.do(lambda s, k=key, m=tm: s.sync_by_hand(k, m))
    return ids


@pytest.fixture()
def station_window(review_window: ReviewWindow, tmp_path: Path, angle_clips: list[Path],
                   qtbot) -> ReviewWindow:
    """A review of four stamped angles, synced, shown 2 x 2 with the first angle main."""
    w = review_window
    open_angles(qtbot, w, tmp_path / "angles.review", angle_clips, [a[3] for a in ANGLES[1:]])
    w.actions_by_id["station.layout_grid"].trigger()
    qtbot.waitUntil(lambda: all(p.controller.clip is not None for p in w.station.panes),
                    timeout=TIMEOUT)
    w.player.seek(30)  # every angle has a picture at 0.6 s
    qtbot.waitUntil(lambda: all_at(w, 30) and len(stamps(w)) == 4, timeout=TIMEOUT)
    return w


def expected(angle: int, instant: float) -> int | None:
    _name, frames, fps, tm = ANGLES[angle]
    t = tm.from_reference(instant)
    if t < -1e-9:
        return None
    return min(frames - 1, math.floor(t * fps + 1e-6))


def stamps(w: ReviewWindow) -> dict[str, int | None]:
    """The frame stamped in each shown angle's picture, by angle name."""
    out = {}
    for pane in w.station.panes:
        if pane.isVisible() and pane.angle is not None:
            pixels = pane.player.view.pixels
            out[pane.angle.name] = None if pixels is None else read_stamp(pixels)
    return out


def all_at(w: ReviewWindow, main_frame: int, main: int = 0) -> bool:
    """Every shown angle shows its frame at or before the main angle's frame's instant."""
    _n, _f, fps, tm = ANGLES[main]
    instant = tm.to_reference(main_frame / fps)
    want = {ANGLES[i][0]: expected(i, instant) for i in range(len(ANGLES))}
    got = stamps(w)
    return bool(got) and all(got[name] == want[name] for name in got)


def test_a_shared_step_shows_each_angle_s_exact_frame(qtbot, station_window: ReviewWindow
                                                      ) -> None:
    w = station_window
    view = w.view
    w.player.seek(30)
    qtbot.waitUntil(lambda: all_at(w, 30), timeout=TIMEOUT)
    for n in range(31, 36):
        qtbot.keyClick(view, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda n=n: all_at(w, n), timeout=TIMEOUT)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    # the other angles were asked at once, decoding alongside the main angle, not after it
    assert [p.controller.target for p in w.station.panes[1:]] == [
        expected(i, 34 / 50) for i in (1, 2, 3)]
    qtbot.waitUntil(lambda: all_at(w, 34), timeout=TIMEOUT)
    qtbot.keyClick(view, Qt.Key.Key_I)  # in at 34, out at 40: on every angle's timeline
    w.player.seek(40)
    qtbot.keyClick(view, Qt.Key.Key_O)
    for place, angle in ((1, 1), (2, 2), (3, 3)):
        timeline = w.station.panes[place].player.timeline
        assert (timeline.in_point, timeline.out_point) == (expected(angle, 34 / 50),
                                                           expected(angle, 40 / 50))
    w.player.seek(34)
    qtbot.waitUntil(lambda: all_at(w, 34), timeout=TIMEOUT)
    reverse = w.station.panes[1]
    assert "frame 14" in reverse.caption.text() and "offset +0.400 s" in reverse.caption.text()
    assert "MAIN" in w.station.panes[0].caption.text()


def test_an_angle_before_its_start_says_so(qtbot, station_window: ReviewWindow) -> None:
    w = station_window
    w.player.seek(5)  # 0.1 s: the reverse angle starts at 0.4 s
    qtbot.waitUntil(lambda: "starts 0.30 s later" in w.station.panes[1].caption.text(),
                    timeout=TIMEOUT)
    assert w.station.panes[1].player.view.pixels is None
    w.actions_by_id["station.layout_one"].trigger()  # the reverse angle opens again, here
    w.actions_by_id["station.layout_two"].trigger()
    qtbot.waitUntil(lambda: w.station.panes[1].controller.clip is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "starts 0.30 s later" in w.station.panes[1].caption.text(),
                    timeout=TIMEOUT)
    assert w.station.panes[1].player.view.pixels is None
    w.player.seek(40)
    qtbot.waitUntil(lambda: all_at(w, 40), timeout=TIMEOUT)
    w.actions_by_id["station.layout_grid"].trigger()
    w.player.seek(99)  # 1.98 s: the goal-line camera (25 fps, -0.3 s) stopped at 1.7 s
    qtbot.waitUntil(lambda: all_at(w, 99) and len(stamps(w)) == 4, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "ended 0.28 s before" in w.station.panes[2].caption.text(),
                    timeout=TIMEOUT)
    assert "frame 49" in w.station.panes[2].caption.text()


def test_layouts_keep_the_shared_playhead(qtbot, station_window: ReviewWindow) -> None:
    w = station_window
    w.player.seek(42)
    qtbot.waitUntil(lambda: all_at(w, 42), timeout=TIMEOUT)
    for layout, shown in (("one", 1), ("two", 2), ("main_plus", 4), ("grid", 4)):
        w.actions_by_id[f"station.layout_{layout}"].trigger()
        assert w.actions_by_id[f"station.layout_{layout}"].isChecked()
        assert sum(p.isVisible() for p in w.station.panes) == shown
        qtbot.waitUntil(lambda s=shown: all_at(w, 42) and len(stamps(w)) == s,
                        timeout=TIMEOUT)
        assert w.player.shown == 42
    big, small = w.station.panes[0], w.station.panes[1]
    w.actions_by_id["station.layout_main_plus"].trigger()
    qtbot.waitUntil(lambda: big.width() > small.width() and big.height() > 2.5 * small.height(),
                    timeout=TIMEOUT)


def test_the_main_angle_changes_by_key_and_by_double_click(qtbot,
                                                           station_window: ReviewWindow
                                                           ) -> None:
    w = station_window
    w.player.seek(50)  # 1.0 s on the reference clock
    qtbot.waitUntil(lambda: all_at(w, 50), timeout=TIMEOUT)
    ids = [c.id for c in w.review.session.clips()]
    w.actions_by_id["station.main_3"].trigger()  # the goal-line angle, 25 fps
    qtbot.waitUntil(lambda: w.review.clip_id == ids[2], timeout=TIMEOUT)
    goal = expected(2, 1.0)  # its frame at or before the instant, which stays at 1.0 s
    qtbot.waitUntil(lambda: w.player.shown == goal and all_at(w, 50), timeout=TIMEOUT)
    assert w.station.panes[2].angle.key == ids[0]  # the old main took its place
    qtbot.keyClick(w.view, Qt.Key.Key_Right)  # one frame of the 25 fps main angle: 40 ms
    qtbot.waitUntil(lambda: all_at(w, goal + 1, main=2), timeout=TIMEOUT)
    pane = w.station.panes[1]
    qtbot.mouseDClick(pane.player.view, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.review.clip_id == ids[1], timeout=TIMEOUT)
    assert "MAIN" in w.station.panes[0].caption.text()


def test_each_angle_keeps_its_own_zoom_and_a_key_fits_all(qtbot,
                                                           station_window: ReviewWindow
                                                           ) -> None:
    w = station_window
    panes: list[AnglePane] = w.station.panes
    panes[1].player.view.set_zoom(3.0, QPointF(10, 10))
    assert panes[1].player.view.zoom == 3.0
    assert all(p.player.view.fit_mode for p in panes if p is not panes[1])
    ids = [c.id for c in w.review.session.clips()]
    w.actions_by_id["station.main_2"].trigger()  # the zoomed angle moves to the main place
    qtbot.waitUntil(lambda: w.review.clip_id == ids[1], timeout=TIMEOUT)
    qtbot.waitUntil(lambda: w.view.zoom == 3.0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: panes[1].player.view.pixels is not None
                    and panes[1].player.view.fit_mode, timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_F, Qt.KeyboardModifier.ShiftModifier)
    assert all(p.player.view.fit_mode for p in panes)


def test_playing_moves_all_angles_and_an_angle_removed_while_playing_stops_cleanly(
        qtbot, station_window: ReviewWindow) -> None:
    w = station_window
    w.player.seek(20)
    qtbot.waitUntil(lambda: all_at(w, 20), timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    assert w.player.playing
    qtbot.waitUntil(lambda: w.player.shown > 35, timeout=TIMEOUT)
    stand = w.station.panes[3]
    assert stand.player.view.pixels is not None
    ids = [c.id for c in w.review.session.clips()]
    w.review.do(lambda s: s.unsync_angle(ids[3]))  # its sync is taken back while playing
    assert "not synced" in stand.caption.text()
    frozen = stand.controller.target
    qtbot.waitUntil(lambda: w.player.shown > 60 or not w.player.playing, timeout=TIMEOUT)
    assert stand.controller.target == frozen  # not driven any more
    qtbot.keyClick(w.view, Qt.Key.Key_K)
    assert not w.player.playing
    # (a frame already asked for when K was pressed may still land: read the main angle
    # at each check)
    qtbot.waitUntil(lambda: stamps(w)["wide"] == w.player.shown
                    and stamps(w)["reverse"] == expected(1, w.player.shown / 50),
                    timeout=TIMEOUT)


def test_an_angle_that_cannot_open_says_so_in_its_place(
        qtbot, review_window: ReviewWindow, tmp_path: Path, angle_clips: list[Path]) -> None:
    """The goal-line clip's file is damaged after it joined the review: its place says why,
    the other angles keep stepping together."""
    w = review_window
    clips = [tmp_path / p.name for p in angle_clips]
    for src, dst in zip(angle_clips, clips, strict=True):
        dst.write_bytes(src.read_bytes())
    open_angles(qtbot, w, tmp_path / "bad.review", clips, [a[3] for a in ANGLES[1:]])
    clips[2].write_bytes(b"not a video at all")
    w.actions_by_id["station.layout_grid"].trigger()
    pane = w.station.panes[2]
    qtbot.waitUntil(lambda: "Cannot show goal" in pane.player.view.message, timeout=TIMEOUT)
    assert "goal.mp4" in pane.caption.text()
    w._update_clip_box()  # the review's angles read again: the error stays
    assert "goal.mp4" in pane.caption.text()
    w.player.seek(40)
    qtbot.waitUntil(lambda: stamps(w)["reverse"] == expected(1, 0.8)
                    and stamps(w)["stand"] == expected(3, 0.8), timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: stamps(w)["reverse"] == expected(1, 41 / 50), timeout=TIMEOUT)


def test_an_incident_on_one_angle_shows_on_every_timeline_and_moves_all(
        qtbot, station_window: ReviewWindow) -> None:
    w = station_window
    session = w.review.session
    ids = [c.id for c in session.clips()]
    incident = session.tag_incident(CATEGORY, 70, in_frame=60, out_frame=80, clip_id=ids[1])
    w._update_markers()
    instant = ANGLES[1][3].to_reference(70 / 50)
    for place, pane in enumerate(w.station.panes):
        marks = pane.player.timeline.markers
        angle = [a[0] for a in ANGLES].index(pane.angle.name)
        assert marks and marks[0][1] == expected(angle, instant), place
    w._select_incident(incident.id)
    main = expected(0, instant)
    qtbot.waitUntil(lambda: w.player.shown == main and all_at(w, main), timeout=TIMEOUT)
    assert w.review.clip_id == ids[0]  # the main angle stayed


def test_the_sync_dialog_by_keys_records_marks_with_residuals_and_undoes(
        qtbot, station_window: ReviewWindow) -> None:
    from ui.station.sync_dialog import SyncDialog

    w = station_window
    session = w.review.session
    ids = [c.id for c in session.clips()]
    w.review.do(lambda s: s.unsync_angle(ids[1]))
    qtbot.waitUntil(lambda: "not synced" in w.station.panes[1].caption.text(), timeout=TIMEOUT)
    w.player.seek(0)  # the dialog opens at the playhead: here, both pictures' first frames
    qtbot.waitUntil(lambda: w.player.shown == 0, timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = w.commands.dialog
    assert isinstance(dialog, SyncDialog) and dialog.key == ids[1]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT)
    left, right = (p.controller for p in dialog.players)
    qtbot.waitUntil(lambda: left.clip is not None and right.clip is not None, timeout=TIMEOUT)

    def step_to(side: Qt.Key, tens: int, want: int, c) -> None:
        qtbot.keyClick(dialog, side)
        for _ in range(tens):
            qtbot.keyClick(dialog, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: c.shown == want and read_stamp(
            dialog.players[0 if c is left else 1].view.pixels) == want, timeout=TIMEOUT)

    step_to(Qt.Key.Key_1, 4, 40, left)  # 0.8 s on the reference = 0.4 s on the reverse angle
    step_to(Qt.Key.Key_2, 2, 20, right)
    qtbot.keyClick(dialog, Qt.Key.Key_M)
    step_to(Qt.Key.Key_1, 3, 70, left)
    step_to(Qt.Key.Key_2, 3, 50, right)
    qtbot.keyClick(dialog, Qt.Key.Key_M)
    assert dialog.mark_list.count() == 2
    assert "residual +0.0 ms" in dialog.mark_list.item(1).text()
    assert "+0.400 s" in dialog.result.text()
    step_to(Qt.Key.Key_2, 1, 60, right)  # a wrong third mark: 0.2 s off the other two
    qtbot.keyClick(dialog, Qt.Key.Key_M)
    assert "Mark 3 is" in dialog.result.text() and "more than one frame" in dialog.result.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Delete)
    assert dialog.mark_list.count() == 2 and "Mark 3" not in dialog.result.text()
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT):
        qtbot.keyClick(dialog.players[1].view, Qt.Key.Key_Return)
    angle = session.angle(ids[1])
    assert angle.method == "marks" and angle.time_map.offset == pytest.approx(0.4, abs=1e-6)
    qtbot.waitUntil(lambda: "offset +0.400 s" in w.station.panes[1].caption.text(),
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=TIMEOUT)  # keys back
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "not synced" in w.station.panes[1].caption.text(), timeout=TIMEOUT)


def test_four_angles_share_one_memory_budget_and_closing_while_playing_leaves_nothing(
        qtbot, station_window: ReviewWindow) -> None:
    """The hygiene fixture (tests/ui/conftest.py) then finds no thread and no timer."""
    w = station_window
    assert w.settings.value("video/cache_mb") is None  # unset: the station's own default
    total = STATION_BUDGET
    budget = w.station.serving.budget
    assert budget.total == total
    caches = [p.controller.clip.cache for p in w.station.panes]
    assert all(c.budget == total for c in caches)  # one budget: the preference is the total
    assert sorted(map(id, budget._caches)) == sorted(map(id, caches))  # closed clips left it
    assert w.station.serving.group.main is w.player._server
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: w.player.shown > 40, timeout=TIMEOUT)
    assert w.player.playing
    w.close()
    assert not w.player.playing
    assert all(p.controller.clip is None for p in w.station.panes[1:])


def test_field_stepping_moves_an_interlaced_angle_field_by_field(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    """Two 25i angles, the second one field (20 ms) late: each field step of the main angle
    shows the other angle's field at or before it (fields stamped 2n and 2n+1)."""
    from tests.kit.synth import make_field_clip

    w = review_window
    clips = [make_field_clip(tmp_path / "a.ts", "mpeg2_ts", "tff", frames=12),
             make_field_clip(tmp_path / "b.ts", "mpeg2_ts", "tff", frames=12,
                             size=(704, 396))]
    open_angles(qtbot, w, tmp_path / "fields.review", clips, [TimeMap(0.02, 1.0)])
    w.actions_by_id["station.layout_two"].trigger()
    other = w.station.panes[1]
    qtbot.waitUntil(lambda: other.controller.clip is not None, timeout=TIMEOUT)
    w.actions_by_id["view.fields"].trigger()
    assert w.player.by_field

    def field_on(pane: AnglePane) -> int | None:
        pixels = pane.player.view.pixels
        return None if pixels is None else read_stamp(pixels)

    for field in range(1, 8):
        qtbot.keyClick(w.view, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda f=field: field_on(w.station.panes[0]) == f
                        and field_on(other) == f - 1, timeout=TIMEOUT)
    assert other.controller.by_field
    qtbot.keyClick(w.view, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: field_on(other) == 5, timeout=TIMEOUT)


def test_the_sync_dialog_proposes_a_sync_by_sound_accepted_with_one_key(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    """Two angles that heard the same clicks and whistle, the second started 0.24 s later:
    S proposes the offset (within a frame), Return records it as a sync by sound."""
    from tests.kit.angles import make_angle, scene_sound
    from ui.station.sync_dialog import SyncDialog

    w = review_window
    sound = scene_sound(6.0)
    truth = TimeMap(0.24, 1.0)
    ref, _ = make_angle(tmp_path / "ref.mp4", "h264_mp4", TimeMap(), frames=200, fps=50.0,
                        sound=sound)
    other, _ = make_angle(tmp_path / "other.mp4", "h264_mp4", truth, frames=200, fps=50.0,
                          size=(352, 198), sound=sound, seed=1)
    ids = open_angles(qtbot, w, tmp_path / "sound.review", [ref, other], [])
    qtbot.keyClick(w.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = w.commands.dialog
    assert isinstance(dialog, SyncDialog) and dialog.key == ids[1]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT)
    qtbot.keyClick(dialog, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: dialog.sound is not None or "No sync" in dialog.result.text(),
                    timeout=30_000)
    assert dialog.sound is not None, dialog.result.text()
    assert "confidence" in dialog.result.text()
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT):
        qtbot.keyClick(dialog.players[0].view, Qt.Key.Key_Return)
    angle = w.review.session.angle(ids[1])
    assert angle.method == "sound"
    assert abs(angle.time_map.offset - truth.offset) < 0.02  # within one frame at 50 fps


def test_the_match_clock_is_carried_from_another_angle_s_kick_off_mark(
        qtbot, station_window: ReviewWindow) -> None:
    """The main angle has no mark of its own; the reverse angle's frame 0 is 90+4:00
    (period 2, 49 minutes in), and it starts 0.4 s after the main angle's frame 0."""
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.review.do(lambda s: s.mark_sync(ids[1], 0, 2, 49 * 60.0))
    w.player.seek(45)  # 0.9 s: 0.5 s after the mark
    qtbot.waitUntil(lambda: all_at(w, 45), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "90+4:00" in w.clock_label.text(), timeout=TIMEOUT)
    w.player.seek(5)  # before the reverse angle's first frame: no clock yet
    qtbot.waitUntil(lambda: w.player.shown == 5, timeout=TIMEOUT)
    assert w.clock_label.text() == ""


def test_j_k_l_and_slow_motion_drive_every_angle(qtbot, station_window: ReviewWindow) -> None:
    w = station_window
    w.player.seek(80)
    qtbot.waitUntil(lambda: all_at(w, 80), timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_J)  # backwards
    assert w.player.playing and w.player.direction < 0
    qtbot.waitUntil(lambda: w.player.shown < 70, timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: all_at(w, w.player.shown), timeout=TIMEOUT)
    back = w.player.shown
    qtbot.keyClick(w.view, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)  # slow motion
    assert w.player.speed == 0.5
    qtbot.keyClick(w.view, Qt.Key.Key_L)  # forwards, at the slow speed
    assert w.player.playing and w.player.direction > 0
    qtbot.waitUntil(lambda: w.player.shown > back + 3, timeout=TIMEOUT)
    qtbot.keyClick(w.view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not w.player.playing and all_at(w, w.player.shown),
                    timeout=TIMEOUT)


def test_an_unsynced_main_angle_drives_no_other_angle_and_they_say_so(
        qtbot, station_window: ReviewWindow) -> None:
    w = station_window
    ids = [c.id for c in w.review.session.clips()]
    w.review.do(lambda s: s.unsync_angle(ids[1]))
    w.actions_by_id["station.main_2"].trigger()  # the unsynced reverse angle becomes main
    qtbot.waitUntil(lambda: w.review.clip_id == ids[1], timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "not synced" in w.station.panes[0].caption.text()
                    and "does not follow" in w.station.panes[1].caption.text(),
                    timeout=TIMEOUT)
    wide = w.station.panes[1].controller  # the old main angle took the reverse one's place
    qtbot.waitUntil(lambda: wide.clip is not None and wide.clip.path.name == "wide.mp4"
                    and stamps(w).get("wide") == 30, timeout=TIMEOUT)
    others = [p.controller.target for p in w.station.panes[1:]]
    qtbot.keyClick(w.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: w.player.shown == w.player.target, timeout=TIMEOUT)
    assert [p.controller.target for p in w.station.panes[1:]] == others


def test_a_layout_change_keeps_the_keys_on_the_pictures(qtbot, station_window: ReviewWindow
                                                        ) -> None:
    """Seen under Xvfb: after Ctrl+Alt+3 the arrow keys typed into the incident filter."""
    w = station_window
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=TIMEOUT)
    w.player.seek(10)
    qtbot.waitUntil(lambda: all_at(w, 10), timeout=TIMEOUT)
    for layout in ("main_plus", "grid", "one", "two"):
        w.station.panes[1 if layout != "two" else 0].player.view.setFocus()
        w.actions_by_id[f"station.layout_{layout}"].trigger()
        focused = QApplication.focusWidget()
        assert focused is not None and w.station.isAncestorOf(focused), (layout, focused)
