"""Test-wide settings: Qt renders offscreen so the suite runs on machines without a screen, and
every cache, setting and data folder the app would use lives in a temporary folder, never the
user's real ones (``~/.cache/reviewtool``); tests/test_isolation.py proves it."""

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Set before anything imports the app or Qt, so in-process code and every child process
# (``python -m reviewtool ...``) see them; removed at the end of the session.
USER_FOLDERS = Path(tempfile.mkdtemp(prefix="reviewtool-tests-"))
for _name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(USER_FOLDERS / _name.removeprefix("XDG_").removesuffix("_HOME")
                            .lower())
# signing keys (store/keys.py) too, on every platform, never the user's real ones
os.environ.setdefault("REVIEWTOOL_CONFIG_DIR", str(USER_FOLDERS / "reviewtool-config"))


def pytest_unconfigure() -> None:
    shutil.rmtree(USER_FOLDERS, ignore_errors=True)
