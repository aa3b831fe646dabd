"""The checks every training file shares: readable JSON, the right format, a known version."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from reviewtool.training.question import TrainingError


def _a(what: str) -> str:
    return f"{'an' if what[0] in 'aeiou' else 'a'} {what}"


def check_document(doc: Any, name: str, fmt: str, version: int, what: str) -> dict[str, Any]:
    """``doc`` if it is a ``fmt`` document of ``version``; else a TrainingError naming the file
    and the problem (``what`` names the kind in messages, e.g. "answers file")."""
    if not isinstance(doc, dict) or doc.get("format") != fmt:
        raise TrainingError(f"{name}: not {_a(what)}")
    if doc.get("version") != version:
        raise TrainingError(f"{name}: {what} version {doc.get('version')!r}; this reviewtool "
                            f"reads version {version}")
    return doc


def read_document(path: str | os.PathLike[str], fmt: str, version: int,
                  what: str) -> dict[str, Any]:
    name = Path(path).name
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise TrainingError(f"{name}: no such file") from e
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise TrainingError(f"{name}: not {_a(what)} (cannot be read: {e})") from e
    return check_document(doc, name, fmt, version, what)
