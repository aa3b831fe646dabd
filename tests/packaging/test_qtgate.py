"""The test-suite gate: window tests are found without importing them and, where Qt cannot
load, reported as skipped with the missing libraries while the core tests run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.qtgate import loads_qt, read_test_names

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("source", "window"), [
    ("from PySide6.QtCore import QSettings\n", True),
    ("import PySide6.QtWidgets as w\n", True),
    ("from ui.main_window import ReviewWindow\n", True),
    ("from ui import app\n", True),
    ("from tests.ui.conftest import settings\n", True),
    ("try:\n    import pytestqt\nexcept ImportError:\n    pass\n", True),
    ("def test_x(qtbot):\n    pass\n", True),
    ("from ui import syscheck\nimport ui.launcher\nfrom reviewtool import cli\n", False),
    ("def test_x():\n    from PySide6.QtCore import QSettings\n", False),  # its own skip
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ui.settings import S\n",
     False),
    ("this is not python(\n", False),
])
def test_window_tests_are_found_by_reading(tmp_path: Path, source: str, window: bool) -> None:
    path = tmp_path / "test_m.py"
    path.write_text(source)
    assert loads_qt(path) is window


def test_test_names_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "test_m.py"
    path.write_text("def helper():\n    pass\n\n\ndef test_a():\n    pass\n\n\n"
                    "class TestB:\n    def test_c(self):\n        pass\n")
    assert read_test_names(path) == [("test_a", 4), ("TestB::test_c", 9)]


def test_without_qt_core_tests_run_and_window_tests_are_skipped_with_why(
        tmp_path: Path) -> None:
    """A fake ldd says libEGL is missing: pytest-qt is not loaded, the window tests (whose
    modules would fail to import) are skipped with the library named, the others pass."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "ldd").write_text("#!/bin/sh\nprintf '\\tlibEGL.so.1 => not found\\n'\n")
    (fake / "ldd").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "tests/ui/test_qt_binding.py", "tests/e2e",
                          "tests/packaging/test_qtgate.py::test_test_names_with_their_lines"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert "window tests skipped: Qt cannot load (missing libEGL.so.1)" in out.stdout
    assert "1 passed" in out.stdout and "Traceback" not in out.stdout
