"""Test-wide settings: Qt renders offscreen so the suite runs on machines without a screen;
every cache, setting and data folder the app would use lives in a temporary folder, never the
user's real ones (``~/.cache/reviewtool``; tests/test_isolation.py proves it); and pytest-qt
loads only where Qt can (elsewhere the window tests are skipped, with why)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTEST_QT_API", "pyside6")

from tests.qtgate import (  # after the platform is set: qt_problem reads it
    SkippedWindowDir,
    SkippedWindowFile,
    loads_qt,
    qt_problem,
)

# Set before anything imports the app or Qt, so in-process code and every child process
# (``python -m reviewtool ...``) see them; removed at the end of the session.
USER_FOLDERS = Path(tempfile.mkdtemp(prefix="reviewtool-tests-"))
for _name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(USER_FOLDERS / _name.removeprefix("XDG_").removesuffix("_HOME")
                            .lower())
# signing keys (store/keys.py) too, on every platform, never the user's real ones
os.environ.setdefault("REVIEWTOOL_CONFIG_DIR", str(USER_FOLDERS / "reviewtool-config"))

QT_PROBLEM = qt_problem()  # may import Qt: after the folders above are set
WINDOW_TESTS_SKIPPED = f"Qt cannot load ({QT_PROBLEM})"

# pytest-qt imports Qt when it starts; pyproject switches its automatic loading off.
pytest_plugins = [] if QT_PROBLEM else ["pytestqt.plugin"]


def pytest_unconfigure() -> None:
    shutil.rmtree(USER_FOLDERS, ignore_errors=True)


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if QT_PROBLEM and loads_qt(path / "conftest.py"):
        return SkippedWindowDir.from_parent(parent, path=path, reason=WINDOW_TESTS_SKIPPED)
    return None


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector
                                ) -> pytest.Collector | None:
    if QT_PROBLEM and loads_qt(module_path):
        return SkippedWindowFile.from_parent(parent, path=module_path,
                                             reason=WINDOW_TESTS_SKIPPED)
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if WINDOW_TESTS_SKIPPED in str(r.longrepr)]
    if QT_PROBLEM and skipped:
        terminalreporter.write_line(
            f"{len(skipped)} window tests skipped: {WINDOW_TESTS_SKIPPED}", yellow=True)


@pytest.fixture(scope="session")
def short_demo_render(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's clips, short and small (tests.kit.demo.SHORT), rendered once a session."""
    from tests.kit.demo import render_short

    return render_short(tmp_path_factory.mktemp("demo-render"))


@pytest.fixture
def demo_cache(short_demo_render: Path, tmp_path: Path) -> Path:
    """A cache folder of this test's own that already holds the short demo clips."""
    from tests.kit.demo import copy_demo

    return copy_demo(short_demo_render, tmp_path / "democache")
