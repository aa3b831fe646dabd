"""The ``reviewtool`` script: what opens the window and what stays headless."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from reviewtool.resources import demo_log
from ui import launcher


@pytest.fixture()
def window_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Stands in for ``ui.app``: records what the window would have been asked to open."""
    calls: list[list[str]] = []
    fake = types.ModuleType("ui.app")
    fake.main = lambda argv: calls.append(list(argv)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    return calls


@pytest.mark.parametrize("given, expected", [
    (["--open=CLIP.mp4"], ["--open=CLIP.mp4"]),
    (["CLIP.mp4"], ["--open=CLIP.mp4"]),
    (["MATCH.review"], ["--review=MATCH.review"]),
    (["S.training"], ["--training=S.training"]),
    (["P.rtpack"], ["--pack=P.rtpack"]),
    (["--grade", "S.training"], ["--grade=S.training"]),
    (["--demo"], ["--demo"]),
    (["--demo-unsynced"], ["--demo-unsynced"]),
    (["gui"], []),
])
def test_the_window_opens_what_was_given(window_calls: list[list[str]], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, given: list[str],
                                         expected: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("CLIP.mp4", "MATCH.review", "S.training", "P.rtpack"):
        (tmp_path / name).write_bytes(b"x")
    assert launcher.main(given) == 0
    assert window_calls == [expected]


def test_headless_commands_never_start_the_window(window_calls: list[list[str]],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert launcher.main(["replay", str(demo_log()), "--after", "3"]) == 0
    assert launcher.main([]) == 0  # the help
    assert window_calls == []
    assert "--review MATCH.review" in capsys.readouterr().out


@pytest.mark.parametrize("given, expected", [
    ([], []),
    (["MATCH.review"], ["--review=MATCH.review"]),
    (["--open=CLIP.mp4"], ["--open=CLIP.mp4"]),
])
def test_the_desktop_entry_opens_the_window_on_the_file(window_calls: list[list[str]],
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       given: list[str],
                                                       expected: list[str]) -> None:
    """``reviewtool-gui`` (no console on Windows) is what *Open with* runs: with no file it
    opens an empty window rather than printing help nobody sees."""
    monkeypatch.chdir(tmp_path)
    for name in ("CLIP.mp4", "MATCH.review"):
        (tmp_path / name).write_bytes(b"x")
    assert launcher.gui_main(given) == 0
    assert window_calls == [expected]


def test_headless_commands_never_load_qt(tmp_path: Path) -> None:
    """Over SSH, without Qt's libraries: the commands run with PySide6 unimportable."""
    import subprocess

    code = ("import sys\nsys.modules['PySide6'] = None\nfrom ui.launcher import main\n"
            f"sys.exit(main(['replay', {str(demo_log())!r}, '--after', '2']))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"status"' in done.stdout
