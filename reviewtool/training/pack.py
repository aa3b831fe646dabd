"""The trainee's pack: the clip segments and the questions of a training session, and nothing
else. A zip file (``*.rtpack``) holding ``pack.json`` and ``clips/``; reference answers,
explanations and the source reviews stay in the instructor's session file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import threading
import uuid
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewtool.training import safezip
from reviewtool.training.cut import Progress, cut_segment
from reviewtool.training.document import check_document, check_schema, loads
from reviewtool.training.question import TrainingError, check_parts
from reviewtool.training.quiz import Quiz
from reviewtool.training.schemas import PACK_SCHEMA

FORMAT = "reviewtool-pack"
VERSION = 1
SUFFIX = ".rtpack"
MANIFEST = "pack.json"
_PACK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_CLIP_NAME = re.compile(r"clips/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


@dataclass(frozen=True)
class PackSegment:
    file: str  # path inside the pack, e.g. clips/q1-1.mkv
    angle: str
    frames: int


@dataclass(frozen=True)
class PackItem:
    id: str
    title: str
    parts: tuple[str, ...]
    segments: tuple[PackSegment, ...]
    context: Mapping[str, Any] = field(default_factory=dict)  # the match state before it


@dataclass(frozen=True)
class Pack:
    """An opened pack; ``folder`` holds its extracted clips."""

    path: Path
    session: str
    id: str
    title: str
    items: tuple[PackItem, ...]
    folder: Path

    def clip_path(self, segment: PackSegment) -> Path:
        return self.folder / segment.file


def export_pack(session: Quiz, out: str | os.PathLike[str], *,
                progress: Progress | None = None,
                cancelled: threading.Event | None = None) -> dict[str, int]:
    """Cut every segment and write the pack atomically; returns how many segments were
    copied and how many re-encoded."""
    if not session.items:
        raise TrainingError("the training session has no questions to export")
    target = Path(out)
    if target.is_dir():
        raise TrainingError(f"{target.name}: is a folder; give a file name for the pack")
    try:
        work = Path(tempfile.mkdtemp(prefix="pack-", dir=target.parent))
    except OSError as e:
        raise TrainingError(f"{target}: cannot be written ({e.strerror or e})") from e
    counts = {"copy": 0, "encode": 0}
    try:
        total = sum(s.frames for it in session.items for s in it.segments)
        done = 0
        items = []
        for item in session.items:
            segments = []
            for k, seg in enumerate(item.segments, 1):
                if not Path(seg.path).exists():
                    raise TrainingError(f"question {item.id}: clip {seg.path} is missing")

                def step(n: int, _total: int, base: int = done) -> None:
                    if progress:
                        progress(base + n, total)

                cut = cut_segment(seg.path, seg.first, seg.last, work / f"{item.id}-{k}",
                                  progress=step, cancelled=cancelled)
                done += seg.frames
                counts[cut.method] += 1
                segments.append({"file": f"clips/{cut.path.name}", "angle": seg.label(k),
                                 "frames": cut.frames})
            entry = {"id": item.id, "title": item.title, "parts": list(item.parts),
                     "segments": segments}
            if item.context:
                entry["context"] = dict(item.context)
            items.append(entry)
        manifest = {"format": FORMAT, "version": VERSION, "session": session.id,
                    "pack": uuid.uuid4().hex, "title": session.title,
                    "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "items": items}
        tmp = work / "pack.zip"
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as z:
            z.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
            for item in items:
                for seg in item["segments"]:
                    z.write(work / Path(seg["file"]).name, seg["file"])
        os.replace(tmp, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return counts


def open_pack(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> Pack:
    """Check and extract the pack into ``folder``/<pack id>; a clear TrainingError if it is
    not a pack, is damaged or hostile (see ``safezip`` for the limits), or is from a newer
    reviewtool. A refused pack leaves nothing behind."""
    p = Path(path)
    name = p.name
    try:
        if p.is_dir():
            raise TrainingError(f"{name}: is a folder, not a training pack")
        if p.exists() and not p.is_file():  # a FIFO or a device: reading could block
            raise TrainingError(f"{name}: not a regular file, so not a training pack")
        with safezip.open_zip(p) as z:  # reading a member checks its CRC: no testzip pass
            try:
                raw = safezip.read_member(z, MANIFEST, safezip.MAX_MANIFEST_BYTES, name)
            except KeyError as e:
                raise TrainingError(f"{name}: not a training pack (no {MANIFEST})") from e
            pack = _manifest(p, loads(raw, name, "training pack"), Path(folder))
            members = set(z.namelist())
            wanted: dict[str, Path] = {}
            for item in pack.items:
                for seg in item.segments:
                    if seg.file not in members:
                        raise TrainingError(f"{name}: the pack is damaged ({seg.file} of "
                                            f"question {item.id} is missing)")
                    wanted[seg.file] = pack.clip_path(seg)
            safezip.extract(z, wanted, name)
    except FileNotFoundError as e:
        raise TrainingError(f"{name}: no such file") from e
    except zipfile.BadZipFile as e:
        raise TrainingError(f"{name}: not a training pack, or a damaged one ({e})") from e
    except (OSError, EOFError, RuntimeError, NotImplementedError, zlib.error) as e:
        raise TrainingError(f"{name}: the pack cannot be opened "
                            f"({str(e).splitlines()[0][:120] if str(e) else type(e).__name__})"
                            ) from e
    return pack


def _manifest(path: Path, doc: Any, folder: Path) -> Pack:
    """The pack the manifest describes, its names checked to stay inside ``folder``."""
    name = path.name
    doc = check_document(doc, name, FORMAT, VERSION, "training pack")
    pack_id = doc.get("pack")
    if not isinstance(pack_id, str) or not _PACK_ID.fullmatch(pack_id):
        raise TrainingError(f"{name}: the pack id {str(pack_id)[:40]!r} is not a plain name "
                            "(letters, digits, - and _); refused")
    check_schema(doc, PACK_SCHEMA, name, "training pack")
    for d in doc["items"]:
        for s in d["segments"]:
            if not _CLIP_NAME.fullmatch(s["file"]) or ".." in s["file"]:
                raise TrainingError(f"{name}: question {d['id']}: the clip name "
                                    f"{s['file'][:60]!r} is not a file in the pack's clips "
                                    "folder; refused")
    if len({d["id"] for d in doc["items"]}) != len(doc["items"]):
        raise TrainingError(f"{name}: the pack is damaged (two questions have the same id)")
    items = tuple(
        PackItem(d["id"], d.get("title") or d["id"], check_parts(d["parts"]),
                 tuple(PackSegment(s["file"], s.get("angle") or "", s["frames"])
                       for s in d["segments"]),
                 d.get("context") or {})
        for d in doc["items"])
    return Pack(path, doc["session"], pack_id, doc.get("title") or "", items,
                folder / pack_id)
