"""The layering rule and the code rules, checked on every run."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_CORE = ("PySide6", "ui", "shiboken6", "superqt", "qtawesome", "pyqtgraph")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_core_never_imports_qt_or_ui() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & set(FORBIDDEN_IN_CORE))
        for p in (ROOT / "reviewtool").rglob("*.py")
        if _imports(p) & set(FORBIDDEN_IN_CORE)
    }
    assert offenders == {}


def test_core_imports_without_qt_loaded() -> None:
    code = ("import sys, pkgutil, importlib, reviewtool\n"
            "for m in pkgutil.walk_packages(reviewtool.__path__, 'reviewtool.'):\n"
            "    if m.name == 'reviewtool.__main__' or m.name.startswith(\n"
            "            'reviewtool.store.migrations.'): continue  # run by Alembic only\n"
            "    importlib.import_module(m.name)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'ui')]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_no_module_over_500_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in [*ROOT.glob("reviewtool/**/*.py"),
                                                   *ROOT.glob("ui/**/*.py")]
            if (n := len(p.read_text("utf-8").splitlines())) > 500}
    assert long == {}


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency: pip install -e '.[test]'"
    result = subprocess.run([ruff, "check", "reviewtool", "ui", "tests", "scripts"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_is_the_pinned_one() -> None:
    """The pin in pyproject.toml is the ruff that runs: a drifted install fails here, loudly,
    instead of as new lint findings."""
    import re
    import tomllib

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pins = [d for d in extra["project"]["optional-dependencies"]["test"] if d.startswith("ruff")]
    assert len(pins) == 1 and re.fullmatch(r"ruff==[\d.]+", pins[0]), pins
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff
    version = subprocess.run([ruff, "--version"], capture_output=True, text=True).stdout.split()
    assert version[1] == pins[0].removeprefix("ruff=="), version


def test_the_shipped_code_carries_no_test_tooling() -> None:
    """Stamped clips, their encoder and the benchmarks are the developer kit's (tests/kit,
    scripts/): the app neither contains nor imports them."""
    shipped = [*ROOT.glob("reviewtool/**/*.py"), *ROOT.glob("ui/**/*.py")]
    uses = {str(p.relative_to(ROOT)) for p in shipped
            if _imports(p) & {"tests", "imageio_ffmpeg", "sklearn", "statsmodels"}}
    assert uses == set()
    assert not [p for p in ("synth.py", "stamp.py", "bench.py")
                if (ROOT / "reviewtool" / "video" / p).exists()]


# Which core packages each core package may import (itself always): review -> match -> laws,
# with video and store standing apart (store reads match-log JSON, so it knows match events).
LAYERS: dict[str, set[str]] = {
    "laws": set(),
    "match": {"laws"},
    "video": set(),
    "geometry": set(),
    "store": {"match", "laws"},
    "review": {"match", "laws", "store", "video", "geometry", "drawings"},
    "drawings": {"geometry"},
    "demo": {"match", "laws", "video", "review", "store", "geometry"},  # composes the demo
    "training": {"review", "match", "laws", "store", "video"},
}
TOP_MODULES = {"resources", "cli", "__main__"}  # reviewtool/*.py, outside the packages


def _core_imports(source: str, package: tuple[str, ...]) -> set[str]:
    """The core packages a module of ``reviewtool.<package>`` imports (absolute or
    relative), at any depth in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[:len(package) - node.level + 1])
                names = [".".join(["reviewtool", *base, *(node.module or "").split(".")])]
            elif node.module:
                names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "reviewtool" and len(parts) > 1 and parts[1]:
                found.add(parts[1])
    return found


def test_core_layers_point_one_way() -> None:
    """As import-linter's layers contract would: a lower layer never imports a higher one."""
    wrong: dict[str, list[str]] = {}
    for path in (ROOT / "reviewtool").rglob("*.py"):
        rel = path.relative_to(ROOT / "reviewtool")
        if len(rel.parts) == 1 or (rel.parts[0] == "store" and "migrations" in rel.parts):
            continue  # top modules compose the packages; migrations run under Alembic
        package = rel.parts[0]
        allowed = LAYERS.get(package)
        assert allowed is not None, f"reviewtool/{package} has no place in LAYERS: add it"
        bad = _core_imports(path.read_text("utf-8"), rel.parts[:-1]) - allowed - {package} \
            - TOP_MODULES
        if bad:
            wrong[str(rel)] = sorted(bad)
    assert wrong == {}


def test_layer_check_sees_a_wrong_import() -> None:
    """The check itself can fail: imports from laws up into review and match are seen."""
    source = ("from reviewtool.review import decision\nfrom ..match import model\n"
              "def late():\n    import reviewtool.store.chain\n")
    assert _core_imports(source, ("laws",)) == {"review", "match", "store"}
    assert _core_imports("from . import offences\n", ("laws",)) == {"laws"}


def _starts_threads(path: Path) -> bool:
    """Whether the module constructs a thread (threading.Thread, QThread) itself."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in ("Thread", "QThread"):
                return True
    return False


def test_the_window_runs_background_work_one_way() -> None:
    """Only ``ui/tasks.py`` (the task runner) starts threads in the front end."""
    starters = {str(p.relative_to(ROOT)) for p in ROOT.glob("ui/**/*.py") if _starts_threads(p)}
    assert starters == {"ui/tasks.py"}


def test_each_name_means_one_thing() -> None:
    """The glossary's words: one module called session (the review session), one Person,
    one bridge (core change notices to Qt; frames cross threads by ``ui.mailbox``)."""
    modules = [str(p.relative_to(ROOT)) for p in ROOT.glob("*/**/session.py")
               if p.parts[len(ROOT.parts)] in ("reviewtool", "ui")]
    assert modules == ["reviewtool/review/session.py"]
    people = sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("reviewtool/**/*.py"),
                                                        *ROOT.glob("ui/**/*.py")]
                    if any(isinstance(n, ast.ClassDef) and n.name.startswith("Person")
                           and n.name != "PersonPicker"
                           for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))))
    assert people == ["reviewtool/match/state.py"]
    bridges = sorted((str(p.relative_to(ROOT)), n.name) for p in ROOT.glob("ui/**/*.py")
                     for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                     if isinstance(n, ast.ClassDef) and "Bridge" in n.name)
    assert bridges == [("ui/bridge.py", "ChangeBridge")]  # the glossary's core-to-Qt bridge
