"""The checks every training file shares: strict JSON, the right format, a known version, and
the shape its schema describes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema

from reviewtool.store.safejson import JSONProblem, strict_loads
from reviewtool.training.question import TrainingError

MAX_FILE_BYTES = 64 << 20  # a training session or answers file; far above any real one


def _a(what: str) -> str:
    return f"{'an' if what[0] in 'aeiou' else 'a'} {what}"


def loads(text: str | bytes, name: str, what: str) -> Any:
    """Strict JSON (see ``safejson.strict_loads``): one line naming the file, not a traceback."""
    try:
        return strict_loads(text)
    except JSONProblem as e:
        raise TrainingError(f"{name}: not {_a(what)} ({e})") from e


def check_document(doc: Any, name: str, fmt: str, version: int, what: str) -> dict[str, Any]:
    """``doc`` if it is a ``fmt`` document of ``version``; else a TrainingError naming the file
    and the problem (``what`` names the kind in messages, e.g. "answers file")."""
    if not isinstance(doc, dict) or doc.get("format") != fmt:
        raise TrainingError(f"{name}: not {_a(what)}")
    if doc.get("version") != version or isinstance(doc.get("version"), bool | float):
        shown = repr(doc.get("version"))[:40]
        raise TrainingError(f"{name}: {what} version {shown}; this reviewtool reads version "
                            f"{version}")
    return doc


def check_schema(doc: Any, schema: Mapping[str, Any], name: str, what: str) -> None:
    """A TrainingError naming where ``doc`` departs from ``schema`` (the most relevant place)."""
    validator = jsonschema.Draft202012Validator(schema)
    try:
        error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    except RecursionError as e:
        raise TrainingError(f"{name}: the {what} is damaged (nested too deeply)") from e
    if error is None:
        return
    where = "/".join(str(p) for p in error.absolute_path) or "the top level"
    message = error.message if len(error.message) <= 120 else error.message[:117] + "..."
    raise TrainingError(f"{name}: the {what} is damaged ({where}: {message})")


def read_document(path: str | os.PathLike[str], fmt: str, version: int,
                  what: str) -> dict[str, Any]:
    p = Path(path)
    name = p.name
    try:
        if p.is_dir():
            raise TrainingError(f"{name}: is a folder, not {_a(what)}")
        if p.exists() and not p.is_file():  # a FIFO or a device: reading could block
            raise TrainingError(f"{name}: not a regular file, so not {_a(what)}")
        with open(p, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as e:
        raise TrainingError(f"{name}: no such file") from e
    except OSError as e:
        raise TrainingError(f"{name}: cannot be read ({e.strerror or e})") from e
    if len(data) > MAX_FILE_BYTES:
        raise TrainingError(f"{name}: larger than {MAX_FILE_BYTES >> 20} MiB; not {_a(what)}")
    return check_document(loads(data, name, what), name, fmt, version, what)
