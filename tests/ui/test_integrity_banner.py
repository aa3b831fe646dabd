"""The window says loudly when a review's decision log is in doubt, and offers Verify and
read-only viewing (issue 15 section 2, issue 14 section 1)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.review import forge
from tests.review.helpers import demo_session
from ui.main_window import ReviewWindow


def _tampered(tmp_path: Path) -> Path:
    """A review whose second entry was edited after it was recorded."""
    path = tmp_path / "t.review"
    s = demo_session(path)
    s.tag_incident("holding", 5)
    s.close()
    forge.sql(path, "UPDATE log SET author='Someone else' WHERE seq=2")
    return path


def test_a_tampered_review_opens_read_only_with_a_banner(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    w = review_window
    path = _tampered(tmp_path)
    banner = w.integrity_banner
    assert not banner.isVisible()
    with qtbot.waitSignal(w.review.opened, timeout=10_000):
        w.open_review(path)
    qtbot.waitUntil(banner.isVisible)
    assert "NOT INTACT" in banner.message.text() and "entry 2" in banner.message.text()
    session = w.review.session
    assert session is not None and session.read_only
    refusals: list[str] = []
    w.review.refused.connect(refusals.append)
    w.review.do(lambda s: s.tag_incident("holding", 9))
    assert refusals and "nothing was recorded" in refusals[0]
    qtbot.mouseClick(banner.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(getattr(w, "error_box", None), QMessageBox)
                    and w.error_box.isVisible())
    assert "entry 2" in w.error_box.text()
    w.error_box.close()
    qtbot.mouseClick(banner.read_only_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()


def test_an_intact_review_shows_no_banner(qtbot, review_window: ReviewWindow,
                                          tmp_path: Path) -> None:
    path = tmp_path / "ok.review"
    demo_session(path).close()
    with qtbot.waitSignal(review_window.review.opened, timeout=10_000):
        review_window.open_review(path)
    assert not review_window.integrity_banner.isVisible()


def test_the_banner_buttons_stay_on_screen_at_1280_wide(
        qtbot, review_window: ReviewWindow, tmp_path: Path) -> None:
    """At 1280x720 the long NOT INTACT line pushed View read-only off the window's edge."""
    w = review_window
    w.resize(1280, 720)
    path = _tampered(tmp_path)
    with qtbot.waitSignal(w.review.opened, timeout=10_000):
        w.open_review(path)
    banner = w.integrity_banner
    qtbot.waitUntil(banner.isVisible)
    button = banner.read_only_button
    qtbot.waitUntil(button.isVisible)
    right = button.mapTo(w, button.rect().topRight()).x()
    assert right <= w.width(), (right, w.width())
    assert "NOT INTACT" in banner.message.text()
    assert "NOT INTACT" in banner.message.toolTip()  # the whole line, even where it is cut
