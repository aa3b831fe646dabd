"""Test-wide settings: Qt renders offscreen so the suite runs on machines without a screen,
and pytest-qt loads only where Qt can (elsewhere the window tests are skipped, with why)."""

from __future__ import annotations

import os
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

QT_PROBLEM = qt_problem()
WINDOW_TESTS_SKIPPED = f"Qt cannot load ({QT_PROBLEM})"

# pytest-qt imports Qt when it starts; pyproject switches its automatic loading off.
pytest_plugins = [] if QT_PROBLEM else ["pytestqt.plugin"]


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
