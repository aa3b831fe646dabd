"""The review window's file handling through the real widgets: the lock warning, a moved clip
found again by content, switching between a review's clips (angles), editing an incident."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from reviewtool.review import record as rec
from reviewtool.video.clip import open_clip
from tests.kit.stamp import read_stamp
from tests.review.helpers import VAR, demo_session
from ui.dialogs.author import AuthorDialog
from ui.dialogs.incident import IncidentDialog
from ui.main_window import ReviewWindow


def two_clip_review(tmp_path: Path, ui_clips: dict[str, Path]) -> Path:
    """A demo review with two angles; incident i1 is tagged at frame 60 of the second."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "two.review"
    session = demo_session(path)
    for name in ("mp4", "mkv"):
        copy = tmp_path / "clips" / ui_clips[name].name
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(ui_clips[name], copy)
        with open_clip(copy) as clip:
            session.add_clip(str(copy), clip.fingerprint, {"frame_count": len(clip.index)})
    second = session.clips()[1].id
    session.tag_incident("holding", 60, in_frame=50, out_frame=70, clip_id=second,
                         notes="first look")
    session.close()
    return path


def test_a_review_open_elsewhere_warns_and_opens_only_when_asked(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    w = review_window
    path = tmp_path / "locked.review"
    other = demo_session(path)  # holds the lock, as another window would
    try:
        assert w.open_review(path) is False
        box = w.commands.dialog
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert "already open" in box.text() and "Both windows" in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert w.review.session is None

        w.open_review(path)
        box = w.commands.dialog
        assert isinstance(box, QMessageBox)
        with qtbot.waitSignal(w.review.opened, timeout=5_000):
            box.button(QMessageBox.StandardButton.Open).click()
        assert w.review.session is not None
        assert w.review.session.state.score == other.state.score
    finally:
        other.close()


def test_a_moved_clip_is_found_by_content_and_its_new_place_is_logged(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    w = review_window
    path = two_clip_review(tmp_path, ui_clips)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    old = tmp_path / "clips" / ui_clips["mp4"].name
    new = moved / "renamed-angle.mp4"
    old.rename(new)
    asked: list[str] = []

    def pick_folder(parent, caption, folder):
        asked.append(caption)
        return str(moved)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", pick_folder)
    with qtbot.waitSignal(w.player.opened, timeout=10_000):
        assert w.open_review(path, ignore_lock=True)
    assert asked and ui_clips["mp4"].name in asked[0]
    assert w.player.clip is not None and w.player.clip.path == new
    session = w.review.session
    assert session is not None
    # nobody has said who is recording yet: the new place is logged once someone does
    assert session.clips()[0].path == str(old)
    dialog = w.commands.dialog
    assert isinstance(dialog, AuthorDialog)
    dialog.name.setText("Assessor A")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert session.clips()[0].path == str(new)
    last = session.record.entries[-1]
    assert last.kind == rec.CLIP and last.payload["relocated"] is True
    assert last.author.name == "Assessor A"
    assert session.verify().intact


def test_selecting_an_incident_of_another_angle_shows_its_key_frame_there(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path]) -> None:
    w = review_window
    path = two_clip_review(tmp_path, ui_clips)
    with qtbot.waitSignal(w.player.opened, timeout=10_000):
        w.open_review(path, ignore_lock=True)
    assert w.clip_box.count() == 2 and w.clip_box.isEnabled()
    assert w.clip_box.currentText() == ui_clips["mp4"].name

    with qtbot.waitSignal(w.player.frame_shown, timeout=10_000,
                          check_params_cb=lambda r: r.index == 60 and r.exact):
        w.incidents.table.selectRow(0)
    assert w.player.clip is not None and w.player.clip.path.name == ui_clips["mkv"].name
    assert read_stamp(w.view.pixels) == 60
    assert w.clip_box.currentText() == ui_clips["mkv"].name
    assert w.timeline.markers == [(50, 60, 70)]

    with qtbot.waitSignal(w.player.opened, timeout=10_000):
        w.clip_box.activated.emit(0)
    assert w.player.clip.path.name == ui_clips["mp4"].name
    assert w.timeline.markers == []  # the incident belongs to the other angle


def test_double_clicking_an_incident_edits_it_and_the_edit_is_logged(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path]) -> None:
    w = review_window
    path = two_clip_review(tmp_path, ui_clips)
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.player.opened, timeout=10_000):
        w.open_review(path, ignore_lock=True)
    item = w.incidents.table.item(0, 2)
    rect = w.incidents.table.visualItemRect(item)
    viewport = w.incidents.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = w.commands.dialog
    assert isinstance(dialog, IncidentDialog) and dialog.windowTitle() == "Edit incident"
    assert dialog.key.value() == 60 and dialog.notes.toPlainText() == "first look"
    dialog.notes.setPlainText("second look: holding starts outside the area")
    dialog.key.setValue(62)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    session = w.review.session
    assert session is not None
    incident = session.record.incidents["i1"]
    assert incident.notes.startswith("second look") and incident.key_frame == 62
    last = session.record.entries[-1]
    assert last.kind == rec.INCIDENT and last.author == VAR
    assert "second look" in w.incidents.table.item(0, 2).toolTip()
    # and undo takes the edit back
    w.actions_by_id["edit.undo"].trigger()
    assert session.record.incidents["i1"].notes == "first look"


def test_opening_another_review_shows_its_own_clip(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path]) -> None:
    w = review_window
    first = two_clip_review(tmp_path / "a", ui_clips)
    second = two_clip_review(tmp_path / "b", ui_clips)  # its clip 1 is another file
    with qtbot.waitSignal(w.player.opened, timeout=10_000):
        w.open_review(first, ignore_lock=True)
    assert w.player.clip is not None and w.player.clip.path.parent == tmp_path / "a" / "clips"
    with qtbot.waitSignal(w.player.opened, timeout=10_000):
        w.open_review(second, ignore_lock=True)
    assert w.player.clip.path.parent == tmp_path / "b" / "clips"
