"""The suite never writes into the user's real folders: the app's cache (frame indexes, the
demo) and settings resolve inside the session's temporary folder, in this process and in the
command-line children the tests start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtool.video.clip import default_cache_dir, open_clip
from tests.conftest import QT_PROBLEM, USER_FOLDERS, WINDOW_TESTS_SKIPPED
from tests.kit.synth import make_clip


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def test_the_default_cache_is_temporary() -> None:
    assert _inside(default_cache_dir(), USER_FOLDERS)
    assert not _inside(default_cache_dir(), Path.home() / ".cache")


def test_a_clip_opened_with_defaults_stores_its_index_in_the_temporary_cache(
        tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "c.mp4", "h264_mp4", frames=30)
    with open_clip(clip) as c:  # no cache_dir: where the app would put it for a user
        c.wait_indexed()
        fingerprint = c.fingerprint
    stored = list((default_cache_dir() / "index").glob(f"{fingerprint}-*"))
    assert stored and all(_inside(p, USER_FOLDERS) for p in stored)


def test_children_inherit_the_temporary_folders() -> None:
    code = "from reviewtool.video.clip import default_cache_dir; print(default_cache_dir())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=os.environ.copy()).stdout.strip()
    assert _inside(Path(out), USER_FOLDERS)


def test_qt_settings_are_temporary() -> None:
    if QT_PROBLEM:  # importorskip would raise: a missing libGL is an ImportError, not "no module"
        pytest.skip(WINDOW_TESTS_SKIPPED)
    from PySide6.QtCore import QSettings, QStandardPaths

    settings = QSettings("reviewtool", "reviewtool")
    assert _inside(Path(settings.fileName()), USER_FOLDERS)
    cache = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    assert _inside(Path(cache), USER_FOLDERS)
