"""Fixtures for the window tests: isolated settings and the stamped clips, and the hygiene
every window test keeps: no thread or timer left running after it, no Qt warning printed.

Qt is imported inside the functions, so this file loads where Qt cannot (pytest imports it
when given this folder by name, before tests/qtgate.py can skip the window tests)."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.kit.synth import make_clip

if TYPE_CHECKING:
    from ui.main_window import ReviewWindow
    from ui.player.window import PlayerWindow
    from ui.settings import Settings

HERE = Path(__file__).resolve().parent
# Qt messages that say nothing about our code: what the offscreen platform cannot do (pass
# size hints, raise a window, grab the keyboard for a popup).
QT_NOISE = (r"^This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the "
            r"(keyboard|mouse))",)
THREAD_GRACE = 5.0  # seconds a closing window's workers get to finish


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Window tests fail on any Qt warning (pytest-qt's log capture), noise aside."""
    if not config.pluginmanager.hasplugin("pytestqt.plugin"):  # Qt cannot load: all skipped
        return
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*QT_NOISE))


def _ours(thread: threading.Thread) -> bool:
    return thread is not threading.main_thread() and thread.is_alive()


def leftovers(before: set[threading.Thread], grace: float = THREAD_GRACE
              ) -> tuple[list[str], list[str]]:
    """Threads started since ``before`` still running after ``grace`` seconds (with Qt
    events processed meanwhile, so closing workers can finish), and running timers of
    the widgets still alive."""
    from PySide6.QtCore import QEvent, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    deadline = time.monotonic() + grace
    while True:
        if app is not None:
            app.processEvents()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        threads = [t for t in threading.enumerate() if _ours(t) and t not in before]
        if not threads or time.monotonic() > deadline:
            break
        threads[0].join(0.05)
    timers = [] if app is None else [
        f"{type(t.parent()).__name__}.{t.objectName() or 'timer'} ({t.interval()} ms)"
        + ("" if t.parent() is w else f" in {type(w).__name__}")
        for w in QApplication.topLevelWidgets() for t in w.findChildren(QTimer)
        if t.isActive()]
    return [t.name for t in threads], timers


@pytest.fixture(autouse=True)
def no_leftovers(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a window test that leaves a thread or a timer running behind it. Runs last, after
    the window fixtures have closed their windows."""
    from PySide6.QtWidgets import QApplication

    before = {t for t in threading.enumerate() if _ours(t)}
    yield
    gc.unfreeze()  # what a window set aside from the collector (ui.collector) is seen again
    if request.node.funcargs.get("qtbot") is not None:
        for widget in QApplication.topLevelWidgets():  # what a window stops when closed
            with contextlib.suppress(RuntimeError):  # deleted meanwhile by another's close
                widget.close()
    threads, timers = leftovers(before)
    assert not threads, f"threads left running: {threads}"
    assert not timers, f"timers left running: {timers}"


@pytest.fixture(scope="session")
def ui_clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("ui-clips")
    return {"mp4": make_clip(d / "a.mp4", "h264_mp4", frames=100),
            "mkv": make_clip(d / "b.mkv", "h264_mkv", frames=100)}


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    from PySide6.QtCore import QSettings

    from ui.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture()
def window(qtbot, qapp, settings: Settings, monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path) -> Iterator[PlayerWindow]:
    from ui.player.window import PlayerWindow
    from ui.theme import apply_dark_theme

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
    from ui.main_window import ReviewWindow
    from ui.theme import apply_dark_theme

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    apply_dark_theme(qapp)
    w = ReviewWindow(settings)
    qtbot.addWidget(w)
    w.show()
    w.view.setFocus()
    yield w
    w.player.close()
    w.review.close()
