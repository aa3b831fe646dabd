"""The start-up check: one message naming every missing library (or the missing display)
before Qt loads, exit 2, no traceback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ui import syscheck

ROOT = Path(__file__).resolve().parents[2]
DISPLAY = {"DISPLAY": ":13"}
LDD_MISSING = ("/x/QtGui.abi3.so:\n\tlibGL.so.1 => not found\n\tlibc.so.6 => /lib/libc.so.6\n"
               "/x/libqxcb.so:\n\tlibGL.so.1 => not found\n\tlibxcb-cursor.so.0 => not found\n"
               "\tlibEGL.so.1 => not found\n")


def check_with_display(*args, **kw) -> str | None:
    """check() with an X server that answers at DISPLAY."""
    kw.setdefault("fonts_conf", Path(__file__))  # a file that exists: fonts are configured
    return syscheck.check(DISPLAY, "linux", *args, reachable=lambda display: True, **kw)


def fake_pyside(tmp_path: Path) -> Path:
    """A PySide6 folder with the files the check looks at (ldd is faked)."""
    root = tmp_path / "PySide6"
    (root / "Qt" / "plugins" / "platforms").mkdir(parents=True, exist_ok=True)
    for name in ("QtCore.abi3.so", "QtGui.abi3.so", "QtWidgets.abi3.so",
                 "Qt/plugins/platforms/libqxcb.so", "Qt/plugins/platforms/libqoffscreen.so"):
        (root / name).touch()
    return root


def test_missing_libraries_each_once_in_order() -> None:
    assert syscheck.missing_libraries([Path("a")], lambda files: LDD_MISSING) == [
        "libGL.so.1", "libxcb-cursor.so.0", "libEGL.so.1"]
    assert syscheck.missing_libraries([], lambda files: LDD_MISSING) == []


def test_one_message_names_every_missing_library_and_the_apt_line(tmp_path: Path) -> None:
    seen: list[list[Path]] = []

    def ldd(files):
        seen.append(list(files))
        return LDD_MISSING

    msg = check_with_display(fake_pyside(tmp_path), ldd, 'ID=debian\n')
    assert msg is not None
    for lib in ("libGL.so.1 (libgl1)", "libxcb-cursor.so.0 (libxcb-cursor0)",
                "libEGL.so.1 (libegl1)"):
        assert lib in msg
    assert syscheck.APT_LINE in msg and "dnf" not in msg
    assert "xcb platform plugin" in msg
    assert [p.name for p in seen[0]] == ["QtWidgets.abi3.so", "libqxcb.so"]


def test_fedora_gets_the_dnf_line_and_others_both(tmp_path: Path) -> None:
    root = fake_pyside(tmp_path)
    fedora = check_with_display(root, lambda f: LDD_MISSING, "ID=fedora\n")
    assert fedora and syscheck.DNF_LINE in fedora and "apt" not in fedora
    other = check_with_display(root, lambda f: LDD_MISSING, "ID=arch\n")
    assert other and syscheck.DNF_LINE in other and syscheck.APT_LINE in other


def test_nothing_missing_means_no_message(tmp_path: Path) -> None:
    ok = "\tlibc.so.6 => /lib/libc.so.6 (0x1)\n"
    assert check_with_display(fake_pyside(tmp_path), lambda f: ok, "") is None


def test_no_display_is_one_line_with_the_headless_commands(tmp_path: Path) -> None:
    def ldd(files):
        raise AssertionError("libraries need not be checked without a display")

    msg = syscheck.check({}, "linux", fake_pyside(tmp_path), ldd, "")
    assert msg is not None and "\n" not in msg
    assert "no display" in msg and "reviewtool replay" in msg
    wayland = {"XDG_SESSION_TYPE": "wayland", "QT_QPA_PLATFORM": "wayland"}
    assert "no display" in (syscheck.check(wayland, "linux", fake_pyside(tmp_path), ldd) or "")


def test_offscreen_needs_no_display_but_its_libraries(tmp_path: Path) -> None:
    seen: list[str] = []

    def ldd(files):
        seen.extend(p.name for p in files)
        return "\tlibGL.so.1 => not found\n"

    msg = syscheck.check({"QT_QPA_PLATFORM": "offscreen"}, "linux", fake_pyside(tmp_path), ldd,
                         "ID=debian")
    assert msg and "offscreen platform plugin" in msg and "libGL.so.1" in msg
    assert "libqoffscreen.so" in seen


def test_no_font_configuration_is_named_with_the_libraries(tmp_path: Path) -> None:
    """The bundle carries libfontconfig but not the fonts: every letter would be a box."""
    nothing = "\tlibc.so.6 => /lib/libc.so.6 (0x1)\n"
    msg = check_with_display(fake_pyside(tmp_path), lambda f: nothing, "ID=debian",
                             fonts_conf=tmp_path / "no-fonts.conf")
    assert msg and syscheck.FONTS_MISSING in msg and syscheck.APT_LINE in msg
    assert syscheck.fonts_missing({}, tmp_path / "no-fonts.conf")
    assert not syscheck.fonts_missing({"FONTCONFIG_FILE": "/x/fonts.conf"},
                                      tmp_path / "no-fonts.conf")


def test_a_display_nobody_answers_at_is_one_line(tmp_path: Path) -> None:
    """DISPLAY is set but the X server is gone: Qt would abort (exit 134) blaming
    libxcb-cursor0; the check names the display instead."""
    msg = syscheck.check({"DISPLAY": ":77"}, "linux", fake_pyside(tmp_path),
                         lambda f: LDD_MISSING, "", reachable=lambda display: False)
    assert msg is not None and "\n" not in msg
    assert "DISPLAY=:77" in msg and "libGL" not in msg


def test_x_display_reachable_connects_to_the_server_socket(tmp_path: Path) -> None:
    """A listening socket where the X server's would be answers; a closed port does not."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        if port >= 6000:
            assert syscheck.x_display_reachable(f"127.0.0.1:{port - 6000}")
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nobody listens there now
    if port >= 6000:
        assert not syscheck.x_display_reachable(f"127.0.0.1:{port - 6000}", timeout=1)
    assert not syscheck.x_display_reachable(":65000")  # no /tmp/.X11-unix/X65000


@pytest.mark.parametrize("system", ["darwin", "win32"])
def test_macos_and_windows_are_not_checked(system: str, tmp_path: Path) -> None:
    def ldd(files):
        raise AssertionError("the wheels carry Qt's libraries there")

    assert syscheck.check({}, system, fake_pyside(tmp_path), ldd) is None


@pytest.mark.parametrize(("env", "plugin"), [
    ({}, "xcb"), ({"DISPLAY": ":0"}, "xcb"),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "wayland"),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"),
    ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "vnc")])
def test_platform_plugin_is_the_one_qt_tries_first(env: dict, plugin: str) -> None:
    assert syscheck.platform_plugin(env) == plugin


@pytest.mark.skipif(not shutil.which("ldd"), reason="needs ldd")
def test_real_ldd_finds_nothing_missing_in_python_itself() -> None:
    assert syscheck.missing_libraries([Path(sys.executable).resolve()]) == []


def _launch(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """reviewtool --demo in a child, asserting Qt was never imported."""
    code = ("import sys\nfrom ui.launcher import main\nrc = main(['--demo'])\n"
            "assert 'PySide6' not in sys.modules, 'Qt was loaded'\nsys.exit(rc)\n")
    base = {k: v for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, env={**base, "XDG_CACHE_HOME": str(tmp_path), **env},
                          timeout=60)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is Linux's")
def test_launcher_without_display_exits_2_with_one_line(tmp_path: Path) -> None:
    out = _launch(tmp_path, {})
    assert out.returncode == 2, out.stderr
    assert out.stderr.count("\n") == 1 and "no display" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux's")
def test_launcher_names_fake_missing_libraries_before_qt(tmp_path: Path) -> None:
    """A fake ldd on PATH says libEGL and libxcb-cursor are missing: the launcher stops with
    the message, exit 2, and Qt is never imported (it would abort)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "ldd").write_text("#!/bin/sh\nprintf '\\tlibEGL.so.1 => not found\\n"
                              "\\tlibxcb-cursor.so.0 => not found\\n'\n")
    (fake / "ldd").chmod(0o755)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:  # an "X server"
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert port >= 6000
        out = _launch(tmp_path, {"DISPLAY": f"127.0.0.1:{port - 6000}",
                                 "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"})
    assert out.returncode == 2, out.stderr
    assert "libEGL.so.1 (libegl1)" in out.stderr and "libxcb-cursor.so.0" in out.stderr
    assert "sudo apt install" in out.stderr or "sudo dnf install" in out.stderr
    assert "Traceback" not in out.stderr
