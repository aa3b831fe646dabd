"""Before Qt starts: can this machine show the window?

Qt reports a missing system library one at a time (an ImportError per library), and when its
platform plugin cannot load it aborts the process asking for ``libxcb-cursor0`` whatever is
really missing. This module asks the dynamic linker instead (``ldd`` on PySide6's modules and
on the platform plugin), so the user gets one message naming every missing library and the
one install line. It never imports Qt: it must run where Qt cannot load.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# The PySide6 module the window imports last: ldd follows it through QtGui and QtCore to
# every library they need (libEGL, fontconfig, glib, D-Bus...) before any plugin is tried.
QT_MODULES = ("QtWidgets",)

# Tested on a fresh minimal Debian 12 (debootstrap --variant=minbase): with these, and nothing
# else, the demo window opens under X11. See README "System packages".
APT_PACKAGES = (
    "libgl1", "libegl1", "libfontconfig1", "libglib2.0-0", "libdbus-1-3",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0",
    "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0",
    "libxcb-xkb1",
)
DNF_PACKAGES = (
    "mesa-libGL", "mesa-libEGL", "fontconfig", "glib2", "dbus-libs", "libxkbcommon-x11",
    "xcb-util-cursor", "xcb-util-wm", "xcb-util-image", "xcb-util-keysyms",
    "xcb-util-renderutil",
)
APT_LINE = "sudo apt install " + " ".join(APT_PACKAGES)
DNF_LINE = "sudo dnf install " + " ".join(DNF_PACKAGES)

# Debian package of each library Qt's modules and the xcb plugin link to, to name it.
_DEBIAN_PACKAGE = {
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0", "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3", "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1", "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libz.so.1": "zlib1g", "libzstd.so.1": "libzstd1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0", "libwayland-egl.so.1": "libwayland-egl1",
}

# Platform plugins that draw nowhere and so need no display.
_NO_DISPLAY_PLUGINS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs",
                       "vkkhrdisplay"}

HEADLESS_HINT = ("the headless commands need no window: reviewtool replay, state, verify, "
                 "export, probe, frame, training grade (see reviewtool --help)")

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)

Ldd = Callable[[Iterable[Path]], str]


def run_ldd(files: Iterable[Path]) -> str:
    """ldd's report on the files, as the dynamic linker would resolve them now."""
    try:
        out = subprocess.run(["ldd", *map(str, files)], capture_output=True, text=True,
                             env={**os.environ, "LC_ALL": "C"}, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):  # cannot check: let Qt report it
        return ""
    return out.stdout


def missing_libraries(files: Iterable[Path], ldd: Ldd = run_ldd) -> list[str]:
    """Sonames the files need (directly or through each other) that the linker cannot
    find, each once, in the order ldd meets them."""
    files = list(files)
    if not files:
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd(files))))


def pyside_dir() -> Path | None:
    """PySide6's folder, found without importing it (importing is what may fail)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def platform_plugin(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first: QT_QPA_PLATFORM's first choice, else Wayland
    in a Wayland session, else X11 (xcb)."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def qt_files(root: Path, plugin: str) -> list[Path]:
    """The PySide6 modules the window imports and the platform plugin's library."""
    files = [found[0] for m in QT_MODULES if (found := sorted(root.glob(f"{m}.*.so")))]
    lib = root / "Qt" / "plugins" / "platforms" / f"libq{plugin}.so"
    return files + ([lib] if lib.exists() else [])


def x_display_reachable(display: str, timeout: float = 2.0) -> bool:
    """Whether an X server answers at DISPLAY (``:0``, ``unix:1``, ``localhost:10.0``):
    Qt aborts the process when it cannot connect."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit() or host.startswith("/"):  # launchd paths and the like: let Qt try
        return True
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        addresses = [(socket.AF_UNIX, path), (socket.AF_UNIX, "\0" + path)]  # and abstract
    else:
        addresses = [(socket.AF_INET6 if ":" in host else socket.AF_INET,
                      (host.strip("[]"), 6000 + int(number)))]
    for family, address in addresses:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as s:
                s.settimeout(timeout)
                s.connect(address)
                return True
        except OSError:
            continue
    return False


def display_problem(env: Mapping[str, str], plugin: str,
                    reachable: Callable[[str], bool] = x_display_reachable) -> str | None:
    """One line when the plugin needs a display and there is none (as over SSH), or the
    X server named by DISPLAY does not answer."""
    if plugin in _NO_DISPLAY_PLUGINS:
        return None
    if plugin == "wayland" and env.get("WAYLAND_DISPLAY"):
        return None
    display = env.get("DISPLAY", "")
    if plugin != "wayland" and display:
        if reachable(display):
            return None
        return (f"reviewtool: no X server answers at DISPLAY={display} (is the desktop session "
                f"or Xvfb still running?); {HEADLESS_HINT}.")
    return ("reviewtool: no display here (DISPLAY and WAYLAND_DISPLAY are unset, as over "
            f"SSH): the window needs a desktop session (or ssh -X); {HEADLESS_HINT}.")


def _install_lines(os_release: str) -> list[str]:
    ids = set(re.findall(r"^ID(?:_LIKE)?=\"?([^\"\n]*)", os_release, re.MULTILINE))
    words = {w for i in ids for w in i.split()}
    if words & {"debian", "ubuntu"}:
        return [APT_LINE]
    if words & {"fedora", "rhel", "centos"}:
        return [DNF_LINE]
    return [APT_LINE, DNF_LINE]


def library_message(missing: list[str], plugin: str, os_release: str = "") -> str:
    """The one message naming every missing library and the line that installs them all."""
    named = ", ".join(f"{s} ({_DEBIAN_PACKAGE[s]})" if s in _DEBIAN_PACKAGE else s
                      for s in missing)
    lines = "\n".join(f"  {line}" for line in _install_lines(os_release))
    return (f"reviewtool: the window cannot start: Qt's {plugin} platform plugin needs "
            f"system libraries that are missing: {named}.\nInstall them all with:\n{lines}\n"
            f"Meanwhile {HEADLESS_HINT}.")


def _read_os_release() -> str:
    try:
        return Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


FONTS_CONF = Path("/etc/fonts/fonts.conf")
FONTS_MISSING = "/etc/fonts/fonts.conf (fontconfig-config, with its fonts)"


def fonts_missing(env: Mapping[str, str], fonts_conf: Path = FONTS_CONF) -> bool:
    """Without fontconfig's configuration Qt finds no font and draws every letter as a box
    (the desktop bundle carries libfontconfig but not the system's fonts)."""
    return not (env.get("FONTCONFIG_FILE") or env.get("FONTCONFIG_PATH")
                or fonts_conf.exists())


def check(env: Mapping[str, str] | None = None, system: str | None = None,
          root: Path | None = None, ldd: Ldd | None = None, os_release: str | None = None,
          reachable: Callable[[str], bool] = x_display_reachable,
          fonts_conf: Path = FONTS_CONF) -> str | None:
    """None if the window can start here, else the one message to print.

    Only Linux is checked: the macOS and Windows wheels carry every library Qt needs. Where
    the check itself cannot run (no ldd, PySide6 not installed) it stays silent and lets the
    import report the problem.
    """
    env = os.environ if env is None else env
    system = sys.platform if system is None else system
    if not system.startswith("linux"):
        return None
    plugin = platform_plugin(env)
    problem = display_problem(env, plugin, reachable)
    if problem:
        return problem
    root = pyside_dir() if root is None else root
    if root is None or (ldd is None and shutil.which("ldd") is None):
        return None
    missing = missing_libraries(qt_files(root, plugin), ldd or run_ldd)
    if fonts_missing(env, fonts_conf) and "libfontconfig.so.1" not in missing:
        missing.append(FONTS_MISSING)
    if not missing:
        return None
    return library_message(missing, plugin,
                           _read_os_release() if os_release is None else os_release)
