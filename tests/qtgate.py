"""Can Qt load for the window tests? If not, the core tests still run and the window tests are
reported as skipped with the reason, instead of pytest-qt stopping the whole run at start-up.

pytest-qt is switched off in pyproject (``-p no:pytest-qt``) and loaded by tests/conftest.py
only when Qt loads; window tests are found without importing them (they import Qt at the top).
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from ui.syscheck import missing_libraries, pyside_dir, qt_files

# Imports that make a test module (or a folder, through its conftest.py) a window test.
QT_IMPORTS = ("PySide6", "shiboken6", "pytestqt", "superqt", "pyqtgraph", "qtawesome",
              "tests.ui")
QT_FREE_UI = ("ui.syscheck", "ui.launcher")  # ui modules that never load Qt
QT_FIXTURES = {"qtbot", "qapp"}


def qt_problem() -> str | None:
    """None when Qt loads with the test platform plugin, else why not, naming every
    missing library."""
    root = pyside_dir()
    if root is None:
        return "PySide6 is not installed"
    plugin = os.environ.get("QT_QPA_PLATFORM", "offscreen").split(";")[0] or "offscreen"
    try:
        missing = missing_libraries(qt_files(root, plugin))
    except OSError:  # no ldd here: the import below still tells
        missing = []
    if missing:
        return "missing " + ", ".join(missing)
    try:
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as e:
        return str(e)
    return None


def _needs_qt(name: str) -> bool:
    if name in QT_FREE_UI:
        return False
    return name == "ui" or name.startswith("ui.") or any(
        name == q or name.startswith(q + ".") for q in QT_IMPORTS)


def _type_checking_only(node: ast.stmt) -> bool:
    """``if TYPE_CHECKING:``, whose body never runs."""
    test = getattr(node, "test", None) if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements run on import: the module's, and those under its if/try/with blocks, not
    those inside functions (a test importing Qt inside itself decides its own skip)."""
    out: list[ast.stmt] = []
    for node in body:
        out.append(node)
        if isinstance(node, ast.If | ast.Try | ast.With):
            for block in ("body", "orelse", "finalbody", "handlers"):
                if block == "body" and _type_checking_only(node):
                    continue
                for child in getattr(node, block, []):
                    out += _module_level(child.body if isinstance(child, ast.ExceptHandler)
                                         else [child])
    return out


def loads_qt(path: Path) -> bool:
    """Whether the module imports Qt or the window code on import, or a test or fixture of
    it asks for pytest-qt's fixtures."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return False
    for node in _module_level(tree.body):
        if isinstance(node, ast.Import) and any(_needs_qt(a.name) for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = ([f"ui.{a.name}" for a in node.names] if node.module == "ui"
                     else [node.module])
            if any(_needs_qt(n) for n in names):
                return True
    return any(isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
               and QT_FIXTURES & {a.arg for a in node.args.args} for node in ast.walk(tree))


def read_test_names(path: Path) -> list[tuple[str, int]]:
    """Test functions and methods of a module with their 0-based lines, read without
    importing it."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return []
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test"):
            names.append((node.name, node.lineno - 1))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            names += [(f"{node.name}::{m.name}", m.lineno - 1) for m in node.body
                      if isinstance(m, ast.FunctionDef) and m.name.startswith("test")]
    return names


class SkippedWindowTest(pytest.Item):
    """Stands for a window test that cannot run here; reported as skipped, with the reason."""

    def __init__(self, *, reason: str, line: int, **kw: object) -> None:
        super().__init__(**kw)
        self.line = line
        self.add_marker(pytest.mark.skip(reason=reason))

    def runtest(self) -> None:  # never reached: the skip marker stops it at set-up
        raise AssertionError("a skipped window test ran")

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line, self.name


class SkippedWindowFile(pytest.File):
    def __init__(self, *, reason: str, **kw: object) -> None:
        super().__init__(**kw)
        self.reason = reason

    def collect(self):  # type: ignore[override]
        for name, line in read_test_names(self.path):
            yield SkippedWindowTest.from_parent(self, name=name, line=line, reason=self.reason)


class SkippedWindowDir(pytest.File):
    """A folder whose conftest.py imports Qt: its files are read, never imported. Not a
    pytest.Directory, which would import that conftest.py before collecting."""

    def __init__(self, *, reason: str, **kw: object) -> None:
        super().__init__(**kw)
        self.reason = reason

    def collect(self):  # type: ignore[override]
        for p in sorted(self.path.rglob("test_*.py")):
            yield SkippedWindowFile.from_parent(self, path=p, reason=self.reason)
