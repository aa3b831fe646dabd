"""The trainee's pack: the clip segments and the questions of a training session, and nothing
else. A zip file (``*.rtpack``) holding ``pack.json`` and ``clips/``; reference answers,
explanations and the source reviews stay in the instructor's session file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import threading
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewtool.training.cut import Progress, cut_segment
from reviewtool.training.document import check_document
from reviewtool.training.question import TrainingError, check_parts
from reviewtool.training.session import TrainingSession

FORMAT = "reviewtool-pack"
VERSION = 1
SUFFIX = ".rtpack"
MANIFEST = "pack.json"


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


def export_pack(session: TrainingSession, out: str | os.PathLike[str], *,
                progress: Progress | None = None,
                cancelled: threading.Event | None = None) -> dict[str, int]:
    """Cut every segment and write the pack atomically; returns how many segments were
    copied and how many re-encoded."""
    if not session.items:
        raise TrainingError("the training session has no questions to export")
    target = Path(out)
    work = Path(tempfile.mkdtemp(prefix="pack-", dir=target.parent))
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
                segments.append({"file": f"clips/{cut.path.name}", "angle": seg.angle,
                                 "frames": cut.frames})
            items.append({"id": item.id, "title": item.title, "parts": list(item.parts),
                          "segments": segments})
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
    not a pack, is damaged, or is from a newer reviewtool."""
    p = Path(path)
    name = p.name
    try:
        with zipfile.ZipFile(p) as z:  # reading a member checks its CRC: no testzip pass
            try:
                doc = json.loads(z.read(MANIFEST).decode("utf-8"))
            except KeyError as e:
                raise TrainingError(f"{name}: not a training pack (no {MANIFEST})") from e
            pack = _manifest(p, doc, Path(folder))
            members = set(z.namelist())
            for item in pack.items:
                for seg in item.segments:
                    if seg.file not in members or not seg.file.startswith("clips/"):
                        raise TrainingError(f"{name}: the pack is damaged ({seg.file} of "
                                            f"question {item.id} is missing)")
            pack.folder.mkdir(parents=True, exist_ok=True)
            for item in pack.items:
                for seg in item.segments:
                    z.extract(seg.file, pack.folder)
    except FileNotFoundError as e:
        raise TrainingError(f"{name}: no such file") from e
    except (zipfile.BadZipFile, OSError, EOFError, UnicodeDecodeError,
            json.JSONDecodeError) as e:
        raise TrainingError(f"{name}: not a training pack, or a damaged one ({e})") from e
    return pack


def _manifest(path: Path, doc: Any, folder: Path) -> Pack:
    name = path.name
    doc = check_document(doc, name, FORMAT, VERSION, "training pack")
    try:
        items = tuple(
            PackItem(str(d["id"]), str(d.get("title") or d["id"]),
                     check_parts(d["parts"]),
                     tuple(PackSegment(str(s["file"]), str(s.get("angle") or ""),
                                       int(s["frames"])) for s in d["segments"]))
            for d in doc["items"])
        pack_id = str(doc["pack"])
        return Pack(path, str(doc["session"]), pack_id, str(doc.get("title") or ""), items,
                    folder / pack_id)
    except (KeyError, TypeError, ValueError) as e:
        raise TrainingError(f"{name}: the pack is damaged ({e!r})") from e
