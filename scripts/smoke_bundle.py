"""Smoke-test the desktop bundle as CI would: start it under a fresh Xvfb, open the demo
review, take a screenshot, quit with Ctrl+Q, and time the start-up.

    python scripts/smoke_bundle.py [--command dist/reviewtool/reviewtool] [--runs 2]
        [--screenshot build/bundle-smoke.png] [--cache DIR]

Needs Xvfb, xdotool and ImageMagick's ``import``. The first run with an empty cache renders
the demo clip (tens of seconds); later runs time the start-up proper. ``--command
.venv/bin/reviewtool`` times the pip-installed app the same way. Exit 0 when every run
opened the demo review and quit cleanly.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_TITLE = r"\.review — "  # the main window's title once the demo review is open
TOOLS = ("Xvfb", "xdotool", "import")


@dataclass
class Run:
    window_s: float  # launch -> main window mapped
    demo_s: float  # launch -> demo review open (its clip rendered if not cached)
    exit_code: int


def start_xvfb(first: int = 20) -> tuple[subprocess.Popen[bytes], str]:
    """A private X server on the first display number from ``first`` that nobody holds
    (low numbers are the desktop's and other test runs')."""
    for n in range(first, first + 80):
        if Path(f"/tmp/.X11-unix/X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists():
            continue
        xvfb = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1600x1000x24",
                                 "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
        end = time.monotonic() + 10
        while time.monotonic() < end and xvfb.poll() is None:
            if Path(f"/tmp/.X11-unix/X{n}").exists():
                return xvfb, f":{n}"
            time.sleep(0.05)
        xvfb.kill()
        xvfb.wait()
    raise RuntimeError("Xvfb did not start")


def find_window(display: str, title: str) -> str | None:
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                         env={**os.environ, "DISPLAY": display}, capture_output=True,
                         text=True, check=False)
    ids = out.stdout.split()
    return ids[0] if ids else None


def wait_window(display: str, title: str, app: subprocess.Popen[bytes],
                timeout: float) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if (win := find_window(display, title)) is not None:
            return win
        if app.poll() is not None:
            raise RuntimeError(f"the app exited ({app.returncode}) before '{title}' showed")
        time.sleep(0.05)
    raise RuntimeError(f"no window '{title}' after {timeout:.0f} s")


def quit_app(display: str, win: str, app: subprocess.Popen[bytes]) -> int:
    """Ctrl+Q to the window (twice if the first is lost); the app's exit code."""
    xenv = {**os.environ, "DISPLAY": display}
    for _ in range(2):
        subprocess.run(["xdotool", "windowfocus", "--sync", win], env=xenv, check=False,
                       stderr=subprocess.DEVNULL)
        # The app quits on the key press, so xdotool may find the window gone when it sends
        # the key release and fail: the app's exit code is what counts.
        subprocess.run(["xdotool", "key", "--window", win, "ctrl+q"], env=xenv, check=False,
                       stderr=subprocess.DEVNULL)
        try:
            return app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            continue
    raise RuntimeError("the app did not quit on Ctrl+Q within 40 s")


def run_once(command: list[str], display: str, home: Path, screenshot: Path | None,
             timeout: float) -> Run:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "PYTHONPATH")}
    env.update(DISPLAY=display, XDG_CACHE_HOME=str(home / "cache"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    start = time.monotonic()
    app = subprocess.Popen([*command, "--demo"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    try:
        wait_window(display, r"reviewtool$", app, timeout)
        window_s = time.monotonic() - start
        win = wait_window(display, DEMO_TITLE, app, timeout)
        demo_s = time.monotonic() - start
        time.sleep(1.5)  # let the clip open and its first frame paint, as a user would see it
        if screenshot is not None:
            subprocess.run(["import", "-display", display, "-window", "root", str(screenshot)],
                           check=True)
        code = quit_app(display, win, app)
    except BaseException:
        app.kill()
        err = app.communicate()[1].decode(errors="replace").strip()
        if err:
            print(f"the app said:\n{err}", file=sys.stderr)
        raise
    return Run(window_s, demo_s, code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--command", default=str(ROOT / "dist" / "reviewtool" / "reviewtool"),
                        help="how to start the app (default: the bundle in dist/)")
    parser.add_argument("--runs", type=int, default=2, help="starts to time (default 2)")
    parser.add_argument("--screenshot", type=Path, default=ROOT / "build" / "bundle-smoke.png")
    parser.add_argument("--cache", type=Path, help="home for cache and settings (default: a "
                        "new temporary folder, so the first run renders the demo clip)")
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args(argv)
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        print(f"smoke_bundle: needs {', '.join(missing)} (apt install xvfb xdotool imagemagick)",
              file=sys.stderr)
        return 2
    command = shlex.split(args.command)
    if shutil.which(command[0]) is None and not Path(command[0]).is_file():
        print(f"smoke_bundle: no such program: {command[0]} (build it with "
              "scripts/build_bundle.py)", file=sys.stderr)
        return 2
    args.screenshot.parent.mkdir(parents=True, exist_ok=True)
    xvfb, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory(prefix="reviewtool-smoke-") as tmp:
            home = args.cache or Path(tmp)
            runs = []
            for i in range(args.runs):
                shot = args.screenshot if i == args.runs - 1 else None
                run = run_once(command, display, home, shot, args.timeout)
                runs.append(run)
                print(f"run {i + 1}: window {run.window_s:.2f} s, demo review open "
                      f"{run.demo_s:.2f} s, exit {run.exit_code}")
    except RuntimeError as e:
        print(f"smoke_bundle: {e}", file=sys.stderr)
        return 1
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    print(f"screenshot: {args.screenshot}")
    return 0 if all(r.exit_code == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
