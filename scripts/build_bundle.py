"""Build the one-folder desktop bundle (dist/reviewtool/) with PyInstaller.

    python -m pip install -r packaging/requirements.txt   # once: PyInstaller, build-only
    python scripts/build_bundle.py [--clean]

Builds for the system it runs on (Linux, Windows or macOS; PyInstaller cannot cross-build),
then prints the bundle's size and its largest parts. See docs/packaging.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "reviewtool.spec"
DIST = ROOT / "dist"
BUILD = ROOT / "build" / "bundle"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def largest_parts(bundle: Path, n: int = 8) -> list[tuple[int, str]]:
    """Sizes of the folders (and files) directly inside the bundle's library folder."""
    inner = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    parts = [(folder_size(p) if p.is_dir() else p.stat().st_size, p.name)
             for p in inner.iterdir() if not p.is_symlink()]  # links point into the folders
    return sorted(parts, reverse=True)[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("PyInstaller") is None:
        print("build_bundle: PyInstaller is not installed; run: python -m pip install -r "
              "packaging/requirements.txt", file=sys.stderr)
        return 2
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(BUILD), str(SPEC)]
    if args.clean:
        cmd.insert(3, "--clean")
    if subprocess.run(cmd, cwd=ROOT, check=False).returncode:
        print("build_bundle: PyInstaller failed (see above)", file=sys.stderr)
        return 1
    bundle = DIST / ("reviewtool.app" if sys.platform == "darwin" else "reviewtool")
    print(f"bundle: {bundle.relative_to(ROOT)}  {folder_size(bundle) / 1e6:.0f} MB")
    for size, name in largest_parts(DIST / "reviewtool"):
        print(f"  {size / 1e6:7.1f} MB  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
