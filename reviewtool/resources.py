"""Where the shipped resources (schema, demo data, icons) live.

The ``resources/`` folder sits beside the ``reviewtool`` package in the checkout; the project is
installed in editable mode (see README), so the folder is found relative to this file.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    path = RESOURCES.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource missing: {path} (is reviewtool installed from a "
                                "checkout with 'pip install -e .'?)")
    return path


def demo_log() -> Path:
    return resource("demo", "atalanta-dortmund-2026-02-25.json")
