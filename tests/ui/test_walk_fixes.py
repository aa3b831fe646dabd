"""What a tester met walking the window as a VAR (issues 14-16 follow-ups): a new review's
empty player, a read-only review that never asks who records, tampering named first."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from reviewtool.resources import demo_log
from reviewtool.store.chain import canonical
from reviewtool.store.matchlog import read
from tests.review import forge
from tests.review.helpers import VAR, demo_session
from tests.ui.test_desk_minutes import synced_review
from ui.dialogs.author import AuthorDialog
from ui.main_window import ReviewWindow


def _error_shown(w: ReviewWindow) -> str:
    box = getattr(w, "error_box", None)
    assert isinstance(box, QMessageBox) and box.isVisible()
    return box.text()


def test_a_new_review_shows_an_empty_player_and_t_says_add_a_clip(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path]) -> None:
    w = review_window
    synced_review(w, qtbot, tmp_path, ui_clips["mp4"])
    qtbot.waitUntil(lambda: bool(w.clock_label.text().strip()), timeout=10_000)
    assert w.create_review(tmp_path / "new.review", read(demo_log()))  # asks who records
    assert isinstance(w.commands.dialog, AuthorDialog)
    w.commands.dialog.reject()  # not answered yet: T still says what is missing first
    assert w.player.clip is None and w.view.pixels is None
    assert ui_clips["mp4"].name not in w.windowTitle()
    assert w.clock_label.text() == "" and w.chrome.frame_label.text() == "—"
    tag = w.actions_by_id["review.tag"]
    assert tag.isEnabled()
    tag.trigger()
    qtbot.waitUntil(lambda: isinstance(getattr(w, "error_box", None), QMessageBox))
    text = _error_shown(w)
    assert "Add a clip to the review first" in text and "\n" not in text
    assert not isinstance(w.commands.dialog, AuthorDialog) or not w.commands.dialog.isVisible()


def test_a_read_only_review_never_asks_who_records_and_disables_recording(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    w = review_window
    path = tmp_path / "t.review"
    s = demo_session(path)
    s.tag_incident("holding", 5)
    s.close()
    forge.sql(path, "UPDATE log SET author='Someone else' WHERE seq=2")
    with qtbot.waitSignal(w.review.opened, timeout=10_000):
        assert w.open_review(path)
    assert w.integrity_banner.isVisible() or not w.isVisible()
    assert not isinstance(w.commands.dialog, AuthorDialog)
    w.review.select("i1")
    for ident in ("review.tag", "review.decide", "review.event", "review.record",
                  "review.kickoff", "review.author", "edit.undo", "edit.redo",
                  "file.add_clip"):
        assert not w.actions_by_id[ident].isEnabled(), ident
    assert w.actions_by_id["review.verify"].isEnabled()
    refusals: list[str] = []
    w.review.refused.connect(refusals.append)
    w.commands.tag()  # even if called, it says why and asks nothing
    assert not isinstance(w.commands.dialog, AuthorDialog)
    assert refusals and "reading only" in refusals[0]


def test_tampering_that_breaks_the_laws_is_named_in_the_window(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    w = review_window
    path = tmp_path / "t.review"
    demo_session(path).close()
    row = forge.rows(path)[0]
    doc = json.loads(row["payload"])
    away = {p["number"] for p in doc["match"]["away"]["players"] if p["starter"]}
    goal = next(e for e in doc["events"] if e["type"] == "goal" and e["player"] not in away)
    goal["team"] = "away"
    forge.sql(path, "UPDATE log SET payload=? WHERE seq=1", canonical(doc))
    assert not w.open_review(path)
    text = _error_shown(w)
    assert text.index("NOT INTACT") < text.index("breaks the Laws")


def test_open_recent_lists_reviews_and_opens_one_as_a_review(
        qtbot, review_window: ReviewWindow, tmp_path: Path, ui_clips: dict[str, Path]) -> None:
    w = review_window
    synced_review(w, qtbot, tmp_path, ui_clips["mp4"])
    other = tmp_path / "other.review"
    demo_session(other).close()
    w.settings.set_value(f"authors/{other.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.review.opened, timeout=10_000):
        assert w.open_review(other)
    names = [a.text() for a in w.chrome.recent_menu.actions()]
    assert names[:3] == ["other.review (review)", "a.mp4", "minutes.review (review)"]
    with qtbot.waitSignal(w.review.opened, timeout=10_000):
        w.chrome.recent_menu.actions()[2].trigger()
    session = w.review.session
    assert session is not None and session.file.path.name == "minutes.review"


def test_review_verify_lists_the_signers_as_the_command_does(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    w = review_window
    path = tmp_path / "v.review"
    demo_session(path).close()
    w.settings.set_value(f"authors/{path.resolve()}", f"{VAR.name}\t{VAR.role}")
    with qtbot.waitSignal(w.review.opened, timeout=10_000):
        assert w.open_review(path)
    w.actions_by_id["review.verify"].trigger()
    box = w.commands.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text().startswith("intact: 1 entries, 1 signed")
    assert f"signed by {VAR.name}: key " in box.text()
    box.close()


def test_the_shortcuts_dialog_shows_every_column_whole(
        qtbot, review_window: ReviewWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    bigger = QFont(font)
    bigger.setPointSizeF(font.pointSizeF() * 1.5)  # a desktop's font, wider than offscreen's
    app.setFont(bigger)
    try:
        review_window.chrome.show_shortcuts()
    finally:
        app.setFont(font)
    dialogs = [w for w in QApplication.topLevelWidgets()
               if w.windowTitle() == "Keyboard Shortcuts" and w.isVisible()]
    assert dialogs
    table = dialogs[-1].table
    qtbot.waitExposed(dialogs[-1])
    keys = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert keys["Redo"] == "Ctrl+Shift+Z or Ctrl+Y"
    # the Keys column ends inside the view: nothing is cut off
    assert table.columnViewportPosition(2) + table.columnWidth(2) <= table.viewport().width()
    metrics = table.fontMetrics()
    for r in range(table.rowCount()):
        for c in range(3):
            assert metrics.horizontalAdvance(table.item(r, c).text()) < table.columnWidth(c)
    dialogs[-1].close()
