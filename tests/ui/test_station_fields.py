"""Interlaced angles in the station: every angle shown follows the window's deinterlacing
(View > Deinterlace), also one opened later, and field stepping shows a follower's field at or
before the main angle's field, also after a layout change opened it again.

Two 25i clips whose fields are stamped with their own numbers (frame n: field 2n first, 2n+1
second); the second starts one field (20 ms) after the first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reviewtool.video.timemap import TimeMap
from tests.kit.stamp import read_stamp
from tests.kit.synth import make_field_clip
from tests.ui.test_station import TIMEOUT, open_angles
from ui.main_window import ReviewWindow
from ui.station.pane import AnglePane


@pytest.fixture(scope="module")
def field_clips(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("fields")
    return [make_field_clip(d / "a.ts", "mpeg2_ts", "tff", frames=12),
            make_field_clip(d / "b.ts", "mpeg2_ts", "tff", frames=12, size=(704, 396))]


@pytest.fixture()
def two_fields(qtbot, review_window: ReviewWindow, tmp_path: Path,
               field_clips: list[Path]) -> ReviewWindow:
    w = review_window
    open_angles(qtbot, w, tmp_path / "fields.review", field_clips, [TimeMap(0.02, 1.0)])
    w.actions_by_id["station.layout_two"].trigger()
    other = w.station.panes[1]
    qtbot.waitUntil(lambda: other.controller.clip is not None, timeout=TIMEOUT)
    w.player.seek(1)  # 40 ms: the other angle's first frame (20 ms) is at or before it
    qtbot.waitUntil(lambda: w.player.shown == 1 and field_on(other) == 0, timeout=TIMEOUT)
    return w


def field_on(pane: AnglePane) -> int | None:
    pixels = pane.player.view.pixels
    return None if pixels is None else read_stamp(pixels)


def views_of(pane: AnglePane) -> list[str]:
    """How each of ``pane``'s pictures from now on was drawn (``FrameResult.view``)."""
    views: list[str] = []
    pane.controller.frame_shown.connect(lambda r: views.append(r.view))
    return views


def test_every_angle_follows_the_window_s_deinterlacing(qtbot, two_fields: ReviewWindow
                                                        ) -> None:
    w = two_fields
    other = w.station.panes[1]
    action = w.actions_by_id["view.deinterlace"]
    assert action.isEnabled() and action.isChecked()
    assert other.controller.deinterlace == "linear"
    views = views_of(other)
    action.trigger()  # off: both fields woven, on every angle
    assert w.player.deinterlace == "off"
    qtbot.waitUntil(lambda: views[-1:] == ["off"], timeout=TIMEOUT)
    views.clear()  # (a picture asked for before the toggle may have come first)
    # an angle opened later (a layout change closes and opens it again) draws the same way
    w.actions_by_id["station.layout_one"].trigger()
    w.actions_by_id["station.layout_two"].trigger()
    qtbot.waitUntil(lambda: other.controller.clip is not None and len(views) >= 1
                    and other.player.view.pixels is not None, timeout=TIMEOUT)
    assert set(views) == {"off"}, views
    qtbot.keyClick(w.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: w.player.shown == 2 and len(views) >= 2, timeout=TIMEOUT)
    assert set(views) == {"off"}, views
    action.trigger()  # on again: every angle shows its first field interpolated
    qtbot.waitUntil(lambda: views[-1:] == ["linear"] and field_on(other) == 2
                    and field_on(w.station.panes[0]) == 4, timeout=TIMEOUT)


def test_field_stepping_reaches_an_angle_opened_by_a_layout_change(
        qtbot, two_fields: ReviewWindow) -> None:
    w = two_fields
    other = w.station.panes[1]
    w.actions_by_id["view.fields"].trigger()
    assert w.player.by_field
    qtbot.waitUntil(lambda: field_on(w.station.panes[0]) == 2 and field_on(other) == 1,
                    timeout=TIMEOUT)
    for field in range(3, 7):
        qtbot.keyClick(w.view, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda f=field: field_on(w.station.panes[0]) == f
                        and field_on(other) == f - 1, timeout=TIMEOUT)
    # main field 6 (frame 3's first) is at 0.12 s; the other angle's field at or before it
    # is its field 5, the second field of its frame 2 (deinterlaced, frame 2 shows field 4)
    w.actions_by_id["station.layout_one"].trigger()
    w.actions_by_id["station.layout_two"].trigger()
    qtbot.waitUntil(lambda: other.controller.clip is not None and field_on(other) == 5,
                    timeout=TIMEOUT)
    assert other.controller.by_field and other.controller.field == 1
    qtbot.keyClick(w.view, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: field_on(w.station.panes[0]) == 5 and field_on(other) == 4,
                    timeout=TIMEOUT)


def test_a_progressive_main_angle_steps_an_interlaced_follower_by_field(
        qtbot, review_window: ReviewWindow, tmp_path: Path, field_clips: list[Path]) -> None:
    """A 50p main angle and a 25i follower at the same start: with View > Step by Field
    (enabled because an angle shown is interlaced), each frame of the main angle shows the
    follower's field at or before it, field k at main frame k."""
    from tests.kit.synth import make_clip

    w = review_window
    main = make_clip(tmp_path / "p50.mp4", "h264_mp4", frames=30, size=(320, 180), fps=50)
    open_angles(qtbot, w, tmp_path / "mixed.review", [main, field_clips[0]], [TimeMap()])
    w.actions_by_id["station.layout_two"].trigger()
    other = w.station.panes[1]
    qtbot.waitUntil(lambda: other.controller.clip is not None
                    and field_on(other) == 0, timeout=TIMEOUT)
    action = w.actions_by_id["view.fields"]
    assert action.isEnabled()
    action.trigger()
    assert not w.player.by_field  # the main angle has no fields: it steps by frame
    for frame in range(1, 6):
        qtbot.keyClick(w.view, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda f=frame: field_on(w.station.panes[0]) == f
                        and field_on(other) == f, timeout=TIMEOUT)
    action.trigger()  # off: the follower's frame at or before, drawn as set (its first field)
    qtbot.waitUntil(lambda: field_on(other) == 4, timeout=TIMEOUT)
