"""Issue 14: Help > About names the version, the licence and the third-party licences;
Preferences hold more than shortcuts, and a shortcut conflict reads without a raw "&"."""

from __future__ import annotations

import re
from importlib import metadata

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox

from ui.dialogs.about import AboutDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.main_window import ReviewWindow


def test_about_names_version_licence_and_third_party_licences(
        qtbot, review_window: ReviewWindow) -> None:
    review_window.actions_by_id["help.about"].trigger()
    dialog = review_window.chrome.about_dialog
    assert isinstance(dialog, AboutDialog) and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert "reviewtool 0." in text and "GPL-3.0-or-later" in text
    for name, licence in (("Qt", "LGPL-3.0"), ("FFmpeg", "GPL"), ("PyAV", "BSD-3-Clause"),
                          ("OpenCV", "Apache-2.0")):
        lines = text.splitlines()
        row = lines[lines.index(name):lines.index(name) + 4]  # name, version, licence, use
        assert licence in row[2], row
    # every runtime dependency is named (cryptography was missing)
    wanted = {"PySide6-Essentials": "PySide6", "av": "PyAV", "opencv-python-headless": "OpenCV",
              "numpy": "NumPy", "sqlalchemy": "SQLAlchemy", "alembic": "Alembic"}
    for requirement in metadata.requires("reviewtool") or []:
        if "extra ==" in requirement:
            continue
        dist = re.split(r"[<>=!~; \[]", requirement, maxsplit=1)[0]
        assert wanted.get(dist, dist) in text.splitlines(), dist
    dialog.close()


def _preferences(w: ReviewWindow) -> PreferencesDialog:
    w.actions_by_id["edit.preferences"].trigger()
    dialog = w.commands.dialog
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    return dialog


def _ok(dialog: PreferencesDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_preferences_hold_who_records_theme_cache_and_deinterlacing(
        qtbot, review_window: ReviewWindow) -> None:
    w = review_window
    dialog = _preferences(w)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "General", "Video", "Shortcuts"]
    dialog.author_name.setText("Marco Di Bello")
    dialog.author_role.setCurrentText("VAR")
    dialog.cache_mb.setValue(1024)
    dialog.deinterlace.setCurrentIndex(dialog.deinterlace.findData("off"))
    _ok(dialog)
    assert not dialog.isVisible()
    assert w.settings.value("authors/last") == "Marco Di Bello\tVAR"
    assert int(str(w.settings.value("video/cache_mb"))) == 1024
    assert w.settings.value("video/deinterlace") == "off"
    assert w.player.deinterlace == "off" and w.player._cache_bytes == 1024 << 20
    assert not w.actions_by_id["view.deinterlace"].isChecked()
    assert w.settings.value("ui/theme") == "dark"


def test_a_shortcut_conflict_names_both_commands_in_plain_words(
        qtbot, review_window: ReviewWindow) -> None:
    w = review_window
    dialog = _preferences(w)
    dialog.editors["file.add_clip"].setKeySequence(QKeySequence("Ctrl+O"))  # Open Clip's
    _ok(dialog)
    assert dialog.isVisible()  # refused
    message = dialog.error.text()
    assert "Ctrl+O" in message and "Open Clip" in message and "Add Clip to Review" in message
    assert "&" not in message
    dialog.reject()


def test_the_light_theme_applies_at_once_with_icons_in_its_text_colour(
        qtbot, review_window: ReviewWindow, qapp) -> None:
    from PySide6.QtGui import QPalette

    from ui.theme import apply_dark_theme

    w = review_window
    dialog = _preferences(w)
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    try:
        _ok(dialog)
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 128
        text = w.palette().color(QPalette.ColorRole.ButtonText)
        image = w.actions_by_id["play.toggle"].icon().pixmap(32, 32).toImage()
        opaque = [image.pixelColor(x, y) for x in range(32) for y in range(32)
                  if image.pixelColor(x, y).alpha() > 200]
        assert opaque and all(abs(c.lightness() - text.lightness()) <= 8 for c in opaque)
    finally:
        apply_dark_theme(qapp)


def test_preferences_left_alone_keep_the_frame_cache_unset(
        qtbot, review_window: ReviewWindow) -> None:
    """OK without touching the frame cache leaves it unset: a station of several angles then
    keeps its own larger default (the shown 768 MB is one clip's)."""
    w = review_window
    dialog = _preferences(w)
    dialog.author_name.setText("Marco Di Bello")
    _ok(dialog)
    assert w.settings.value("video/cache_mb") is None
