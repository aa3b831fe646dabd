"""What a VAR met walking the station on the demo (synced angles in 2 x 2, and clips of another
attack with no time map), through real widgets: undoing the removal of a follower and of the
main angle; playing on after the main angle's removal; an unsynced clip never fills a place
freed by a removal."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reviewtool.video.timemap import TimeMap
from tests.kit.synth import make_clip
from tests.ui.test_station import (  # noqa: F401  (fixtures)
    ANGLES,
    TIMEOUT,
    angle_clips,
    open_angles,
    stamps,
)
from ui.main_window import ReviewWindow

# the station's four angles, a fifth synced one ("cross"), and a clip of another attack
# ("other", no time map), as in the demo
WALK = (*ANGLES, ("cross", 100, 50.0, TimeMap(0.2, 1.0)))


@pytest.fixture(scope="module")
def walk_clips(tmp_path_factory: pytest.TempPathFactory, angle_clips: list[Path]  # noqa: F811
               ) -> list[Path]:
    d = tmp_path_factory.mktemp("walk")
    return [*angle_clips,
            make_clip(d / "cross.mp4", "h264_mp4", frames=100, size=(336, 190), fps=50.0,
                      seed=11),
            make_clip(d / "other.mp4", "h264_mp4", frames=60, size=(304, 172), fps=50.0,
                      seed=13)]


@pytest.fixture()
def walk_window(review_window: ReviewWindow, tmp_path: Path, walk_clips: list[Path],
                qtbot) -> ReviewWindow:
    """Six clips: five synced angles (wide the reference and main), "other" unsynced; 2 x 2
    shows the first four at wide's frame 40."""
    w = review_window
    ids = open_angles(qtbot, w, tmp_path / "walk.review", walk_clips,
                      [a[3] for a in WALK[1:]])
    w.review.do(lambda s: s.mark_sync(ids[0], 0, 2, 45 * 60.0))  # wide carries the clock
    w.actions_by_id["station.layout_grid"].trigger()
    w.player.seek(40)
    qtbot.waitUntil(lambda: right(w, ["wide", "reverse", "goal", "stand"], 0),
                    timeout=TIMEOUT)
    return w


def expected(angle: int, instant: float) -> int | None:
    _name, frames, fps, tm = WALK[angle]
    t = tm.from_reference(instant)
    return None if t < -1e-9 else min(frames - 1, math.floor(t * fps + 1e-6))


def right(w: ReviewWindow, names: list[str], main: int) -> bool:
    """The places show ``names`` in order, each its own angle's frame at the instant of the
    main angle's frame on screen (angle ``main`` of ``WALK``); "other" (unsynced, on its own
    transport) is left out."""
    shown = [p.angle.name for p in w.station.panes if p.isVisible() and p.angle is not None
             and p.angle.name != "other"]
    if shown != names:
        return False
    _n, _f, fps, tm = WALK[main]
    instant = tm.to_reference(w.player.shown / fps)
    index = {a[0]: i for i, a in enumerate(WALK)}
    got = stamps(w)
    return all(got[name] == expected(index[name], instant) for name in names)


def shows_other(w: ReviewWindow) -> bool:
    return any(p.isVisible() and p.angle is not None and p.angle.name == "other"
               for p in w.station.panes)


def _remove(qtbot, w: ReviewWindow, focus, name: str) -> None:
    """Angles > Remove Angle from Station (Ctrl+Shift+Del) on the picture ``focus``,
    answered with Remove."""
    focus.setFocus()
    qtbot.keyClick(focus, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    box = w.removal.confirm
    assert box is not None and box.isVisible() and name in box.text()
    next(b for b in box.buttons() if b.text() == "Remove").click()


def _clock(w: ReviewWindow) -> str:
    return w.clock_label.text().strip()


def test_undoing_the_removal_of_a_follower_and_the_main_angle_shows_every_angle_and_clock(
        qtbot, walk_window: ReviewWindow) -> None:
    """Found by a VAR walk-through: after removing a follower and then the main angle, Ctrl+Z
    showed another clip's picture in a restored angle's place (the place's player still had
    the clip it showed before, and was asked for the returning angle's frame on it), and the
    match clock left the status bar until the next key. Each Ctrl+Z now shows every angle's
    own picture at the shared instant, and the clock comes back without a key."""
    w = walk_window
    ids = [c.id for c in w.review.session.clips()]
    seen: dict[int, set[str]] = {}  # place's player -> the clips whose pictures it showed

    def watch(pane) -> None:
        c = pane.controller
        c.frame_shown.connect(lambda _r, c=c, p=pane: seen.setdefault(id(p), set()).add(
            f"{p.angle.name if p.angle else None}:{c.clip.path.stem if c.clip else None}"))

    for pane in w.station.panes[1:]:
        watch(pane)
    qtbot.waitUntil(lambda: _clock(w) != "", timeout=TIMEOUT)
    _remove(qtbot, w, w.station.panes[2].player.view, "angle 3 (goal)")
    qtbot.waitUntil(lambda: right(w, ["wide", "reverse", "stand", "cross"], 0),
                    timeout=TIMEOUT)
    _remove(qtbot, w, w.view, "angle 1 (wide)")
    qtbot.waitUntil(lambda: w.review.clip_id == ids[1]
                    and right(w, ["reverse", "stand", "cross"], 1), timeout=TIMEOUT)
    at = w.player.shown
    assert _clock(w) == ""  # the only mark left the station with its angle (the question said)
    seen.clear()
    assert "removed from the station" in w.removal.notice.text()
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: right(w, ["reverse", "wide", "stand", "cross"], 1)
                    and _clock(w) != "", timeout=TIMEOUT)
    assert w.player.shown == at and w.review.clip_id == ids[1]
    # undone: the removal's line ("... Ctrl+Z brings it back") goes
    assert w.removal.notice.text() == "" and w.clock_label.isVisible()
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: right(w, ["reverse", "wide", "goal", "stand"], 1)
                    and _clock(w) != "", timeout=TIMEOUT)
    assert w.clock_label.isVisible()
    for pane in w.station.panes[1:4]:  # every place's player has its own angle's clip
        assert pane.controller.clip.path.stem == pane.angle.name
    wrong = {s for shown in seen.values() for s in shown
             if s.split(":")[1] != "None" and s.split(":")[0] != s.split(":")[1]}
    assert not wrong, f"a place showed another clip's picture: {sorted(wrong)}"


def test_the_main_angle_removed_while_playing_plays_on_from_the_instant(
        qtbot, walk_window: ReviewWindow) -> None:
    """Found by a VAR walk-through: removing the main angle while playing made the next
    angle main and played it from its first frame (a jump of seconds back): playing on
    started before the new main angle's first picture was on screen."""
    w = walk_window
    ids = [c.id for c in w.review.session.clips()]
    qtbot.keyClick(w.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: w.player.shown > 55, timeout=TIMEOUT)
    _remove(qtbot, w, w.view, "angle 1 (wide)")
    before = w.station.model.instant  # on reverse's clock now: wide's frame minus 0.4 s
    assert before is not None and before > 0.7
    qtbot.waitUntil(lambda: w.review.clip_id == ids[1] and w.player.playing, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: w.player.shown > 0, timeout=TIMEOUT)
    assert w.player.shown / 50 >= before - 0.02  # from the instant on, not from its start
    qtbot.keyClick(w.view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: right(w, ["reverse", "goal", "stand", "cross"], 1),
                    timeout=TIMEOUT)



def test_the_question_warns_when_the_angle_carries_the_station_s_only_clock_mark(
        qtbot, walk_window: ReviewWindow) -> None:
    """Found by a VAR walk-through: on the demo the question did not warn before removing
    the broadcast angle, the only synced angle with a match-time mark, because a clip of
    another attack (no time map) has one of its own. It warns now; removing anyway keeps the
    mark in the review and Ctrl+Z brings the clock back."""
    w = walk_window
    ids = [c.id for c in w.review.session.clips()]
    w.review.do(lambda s: s.mark_sync(ids[5], 0, 2, 26 * 60.0))  # "other": 71:00, no map
    entries = w.review.session.ledger.last.seq
    w.view.setFocus()
    w.actions_by_id["station.remove_angle"].trigger()
    box = w.removal.confirm
    assert "angle 1 (wide)" in box.text()
    assert "only match-time mark" in box.informativeText()
    assert "shows no match clock" in box.informativeText()
    next(b for b in box.buttons() if b.text() == "Remove").click()
    qtbot.waitUntil(lambda: w.review.clip_id == ids[1] and _clock(w) == "", timeout=TIMEOUT)
    session = w.review.session
    assert session.ledger.last.seq == entries + 1  # one entry more, none lost
    assert [s.frame for s in session.record.syncs_of(ids[0])] == [0]  # the mark stays
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _clock(w) != "", timeout=TIMEOUT)
    w.view.setFocus()  # reverse, the main angle now, carries none: no warning
    w.actions_by_id["station.remove_angle"].trigger()
    assert "angle 2 (reverse)" in w.removal.confirm.text()
    assert "match clock" not in w.removal.confirm.informativeText()
    w.removal.confirm.reject()


def test_k_stops_a_fast_speed_back_to_1x_and_space_plays_at_the_speed_shown(
        qtbot, walk_window: ReviewWindow) -> None:
    """Found by a VAR walk-through: after L L (1.5x) and K the Speed box still said 1.5x
    and Space played at 1.5x. K now stops at 1x, as editing suites do: the box says 1x and
    Space plays at 1x; a slow motion chosen with Shift+J is kept."""
    w = walk_window
    box = w.chrome.speed_box
    with qtbot.waitSignal(w.player.playing_changed, timeout=TIMEOUT):
        qtbot.keyClick(w.view, Qt.Key.Key_L)
    qtbot.keyClick(w.view, Qt.Key.Key_L)
    assert w.player.speed == 1.5 and box.currentText() == "1.5x"
    with qtbot.waitSignal(w.player.playing_changed, timeout=TIMEOUT):
        qtbot.keyClick(w.view, Qt.Key.Key_K)
    assert not w.player.playing
    assert w.player.speed == 1.0 and box.currentText() == "1x"
    with qtbot.waitSignal(w.player.playing_changed, timeout=TIMEOUT):
        qtbot.keyClick(w.view, Qt.Key.Key_Space)
    assert w.player.playing and w.player.speed == 1.0
    qtbot.keyClick(w.view, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)  # 0.5x
    with qtbot.waitSignal(w.player.playing_changed, timeout=TIMEOUT):
        qtbot.keyClick(w.view, Qt.Key.Key_K)
    assert w.player.speed == 0.5 and box.currentText() == "1/2x"


def test_a_follower_that_just_ended_says_ended_without_a_zero_amount(
        qtbot, walk_window: ReviewWindow) -> None:
    """Found by a VAR walk-through: at the instant a follower's clip ends its caption read
    "ended 0.00 s before". It says "ended"; later, the amount as the caption rounds it."""
    w = walk_window
    goal = w.station.panes[2]  # 25 fps from -0.3 s: its last frame (49) ends at 1.7 s
    assert goal.angle.name == "goal"
    w.player.seek(85)  # 1.70 s
    qtbot.waitUntil(lambda: w.player.shown == 85
                    and right(w, ["wide", "reverse", "goal", "stand"], 0)
                    and "frame 49" in goal.caption.text(), timeout=TIMEOUT)
    assert "ended ·" in goal.caption.text() and "0.00" not in goal.caption.text()
    w.player.seek(86)  # 1.72 s
    qtbot.waitUntil(lambda: "ended 0.02 s before" in goal.caption.text(), timeout=TIMEOUT)


def test_a_freed_place_is_never_filled_by_an_unsynced_clip(
        qtbot, walk_window: ReviewWindow) -> None:
    """Found by a VAR walk-through: removing angles pulled a clip of another attack (no time
    map) into the freed place. Only synced angles fill a freed place; with none left it
    stays empty, and an unsynced clip still opens alone from the Clip box."""
    w = walk_window
    _remove(qtbot, w, w.station.panes[2].player.view, "angle 3 (goal)")
    qtbot.waitUntil(lambda: right(w, ["wide", "reverse", "stand", "cross"], 0),
                    timeout=TIMEOUT)
    _remove(qtbot, w, w.station.panes[1].player.view, "angle 2 (reverse)")
    qtbot.waitUntil(lambda: right(w, ["wide", "stand", "cross"], 0), timeout=TIMEOUT)
    assert "other" not in [a.name for a in w.station.model.shown()] and not shows_other(w)
    assert sum(p.isVisible() for p in w.station.panes) == 3  # the fourth place stays empty
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: right(w, ["wide", "reverse", "stand", "cross"], 0),
                    timeout=TIMEOUT)
    ids = [c.id for c in w.review.session.clips()]
    w.open_review_clip(ids[5])  # the Clip box: the unsynced clip alone, as the main angle
    qtbot.waitUntil(lambda: w.review.clip_id == ids[5]
                    and w.station.panes[0].angle.name == "other", timeout=TIMEOUT)
