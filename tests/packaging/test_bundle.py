"""The desktop bundle: it builds, starts under Xvfb, opens the demo review and quits.

Building takes about a minute and 500 MB, so the full check is opt-in:
``REVIEWTOOL_BUNDLE_TEST=1 python -m pytest tests/packaging/test_bundle.py`` (needs
``pip install -r packaging/requirements.txt`` and Xvfb, xdotool, ImageMagick)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_bundle", ROOT / "scripts" / "build_bundle.py")
assert _spec is not None and _spec.loader is not None
build_bundle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_bundle)


def test_build_without_pyinstaller_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(build_bundle.importlib.util, "find_spec", lambda name: None)
    assert build_bundle.main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "packaging/requirements.txt" in err


@pytest.mark.skipif(os.environ.get("REVIEWTOOL_BUNDLE_TEST") != "1",
                    reason="slow: set REVIEWTOOL_BUNDLE_TEST=1 to build and start the bundle")
def test_bundle_builds_and_opens_the_demo_review(tmp_path: Path) -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (packaging/requirements.txt)")
    missing = [t for t in ("Xvfb", "xdotool", "import") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    build = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_bundle.py")],
                           cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-2000:]
    shot = tmp_path / "bundle.png"
    smoke = subprocess.run([sys.executable, str(ROOT / "scripts" / "smoke_bundle.py"),
                            "--runs", "1", "--screenshot", str(shot), "--cache",
                            str(tmp_path / "home")],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    import cv2

    image = cv2.imread(str(shot))
    assert image is not None and image.std() > 20, "the screenshot is blank"
