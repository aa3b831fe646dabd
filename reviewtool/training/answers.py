"""A trainee's answers file: who answered, which pack, every answer, a SHA-256 over the
content and the trainee's Ed25519 signature over the same content.

The hash finds accidents and edits made with a text editor; anyone can recompute it. The
signature needs the trainee's private key, so a changed file is refused even when its hash was
recomputed (see ``signing`` for what a signature does and does not prove). The answers say
nothing of the reference: the pack does not hold it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reviewtool.store.atomic import write_text
from reviewtool.store.chain import canonical
from reviewtool.training.document import check_schema, read_document
from reviewtool.training.question import Answer, TrainingError
from reviewtool.training.schemas import ANSWERS_SCHEMA
from reviewtool.training.signing import check_signature, signing_bytes, signing_key

FORMAT = "reviewtool-answers"
VERSION = 1
SUFFIX = ".answers"


@dataclass(frozen=True)
class AnswerSheet:
    trainee: str
    session: str  # the training session's id, from the pack
    pack: str
    answers: tuple[Answer, ...]
    submitted: str = ""
    source: str = ""  # the file it was read from
    public_key: str = ""  # hex of the key whose signature checked out; "" when unsigned

    def answer(self, item: str) -> Answer | None:
        return next((a for a in self.answers if a.item == item), None)

    def body(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "trainee": self.trainee,
                "session": self.session, "pack": self.pack, "submitted": self.submitted,
                "answers": [a.to_json() for a in self.answers]}


def _plain(text: str, limit: int = 60) -> str:
    """``text`` usable in a file name on every system: no separators, reserved or control
    characters, no leading dot (a hidden file)."""
    kept = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in text)
    return " ".join(kept.split())[:limit].strip(" .")


def answers_file_name(trainee: str, pack_title: str) -> str:
    """The default answers file name: the trainee and the pack, so that a class sends files
    that do not overwrite each other, e.g. "Ana Lima - Tuesday evening.answers"."""
    who = _plain(trainee) or "answers"
    pack = _plain(pack_title)
    return f"{who} - {pack}{SUFFIX}" if pack else f"{who}{SUFFIX}"


def content_hash(body: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def submit(trainee: str, session: str, pack: str, answers: Sequence[Answer],
           path: str | os.PathLike[str], *, sign: bool = True) -> AnswerSheet:
    """Write the answers file (atomically), stamped with the time, its content hash and,
    with ``sign``, the trainee's signature (their key is created on first use)."""
    if not trainee.strip():
        raise TrainingError("say who is answering (your name) before submitting")
    sheet = AnswerSheet(trainee.strip(), session, pack, tuple(answers),
                        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), str(path))
    body = sheet.body()
    key = signing_key(sheet.trainee) if sign else None
    if key is not None:
        body["key"] = key.public("hex")  # hashed with the answers, as in a log entry
        sheet = replace(sheet, public_key=body["key"])
    digest = content_hash(body)
    doc: dict[str, Any] = {**body, "sha256": digest}
    if key is not None:
        doc["signature"] = key.sign(signing_bytes(digest)).hex()
    write_text(path, json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    return sheet


def read_sheet(path: str | os.PathLike[str]) -> AnswerSheet:
    """Read and check an answers file: refused with a clear message when it is not one, is
    damaged or impossible (its schema; the same question answered twice), or was changed
    after it was submitted."""
    name = Path(path).name
    doc = read_document(path, FORMAT, VERSION, "answers file")
    check_schema(doc, ANSWERS_SCHEMA, name, "answers file")
    seen: set[str] = set()
    for a in doc["answers"]:
        if a["item"] in seen:
            raise TrainingError(f"{name}: answers question {a['item']} twice; refused")
        seen.add(a["item"])
    recorded = doc.pop("sha256", None)
    signature = doc.pop("signature", None)
    digest = content_hash(doc)
    if recorded != digest:
        raise TrainingError(f"{name}: the answers file was changed after it was submitted "
                            "(its content no longer matches its SHA-256); it is not imported")
    public_key = check_signature(doc.get("key"), digest, signature, name)
    try:
        answers = tuple(Answer.from_json(a) for a in doc["answers"])
    except TrainingError as e:
        raise TrainingError(f"{name}: {e}") from e
    return AnswerSheet(doc["trainee"], doc["session"], doc["pack"], answers,
                       doc.get("submitted") or "", str(path), public_key)
