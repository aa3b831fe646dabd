"""Fixtures for the window tests: isolated settings and the stamped clips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.kit.synth import make_clip
from ui.main_window import ReviewWindow
from ui.player.window import PlayerWindow
from ui.settings import Settings
from ui.theme import apply_dark_theme


@pytest.fixture(scope="session")
def ui_clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("ui-clips")
    return {"mp4": make_clip(d / "a.mp4", "h264_mp4", frames=100),
            "mkv": make_clip(d / "b.mkv", "h264_mkv", frames=100)}


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture()
def window(qtbot, qapp, settings: Settings, monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path) -> Iterator[PlayerWindow]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    apply_dark_theme(qapp)
    w = PlayerWindow(settings)
    qtbot.addWidget(w)
    w.show()
    w.view.setFocus()
    yield w
    w.player.close()


@pytest.fixture()
def review_window(qtbot, qapp, settings: Settings, monkeypatch: pytest.MonkeyPatch,
                  tmp_path: Path) -> Iterator[ReviewWindow]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    apply_dark_theme(qapp)
    w = ReviewWindow(settings)
    qtbot.addWidget(w)
    w.show()
    w.view.setFocus()
    yield w
    w.player.close()
    w.review.close()
