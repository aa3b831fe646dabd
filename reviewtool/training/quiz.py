"""The quiz of a training session: the instructor's list of questions, each a clip range cut
from a review with the reference answer and an explanation. Saved as one JSON file
(``*.training``); the trainees never get it (they get a pack, see ``pack``).

(Named ``Quiz`` so that "session" in code means one thing: the review session.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reviewtool.review.incident import CATEGORIES
from reviewtool.review.matchtime import match_time
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.store.atomic import write_text
from reviewtool.store.reviewfile import ClipRecord, ReviewFileError
from reviewtool.training.context import incident_context
from reviewtool.training.document import read_document
from reviewtool.training.question import (
    PARTS,
    TrainingError,
    check_parts,
    check_values,
    reference_from_steps,
)
from reviewtool.video.clip import open_clip
from reviewtool.video.errors import VideoError

FORMAT = "reviewtool-training"
VERSION = 1
SUFFIX = ".training"
_KEY = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class Segment:
    """Frames ``first``..``last`` (inclusive) of one clip: the incident's, or another angle."""

    path: str
    fingerprint: str
    first: int
    last: int
    angle: str = ""

    @property
    def frames(self) -> int:
        return self.last - self.first + 1

    def label(self, number: int) -> str:
        """What trainees see for this angle: the instructor's name for it, else "Angle n".
        A clip's file name often tells the answer ("...-penalty-red.mp4"), so it is never
        used (older sessions stored it as the label: that counts as unnamed)."""
        named = self.angle.strip()
        if named and named != Path(self.path).stem:
            return named
        return f"Angle {number}"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "fingerprint": self.fingerprint, "first": self.first,
                "last": self.last, "angle": self.angle}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Segment:
        s = cls(str(d["path"]), str(d["fingerprint"]), int(d["first"]), int(d["last"]),
                str(d.get("angle") or ""))
        if not 0 <= s.first <= s.last:
            raise TrainingError(f"segment of {Path(s.path).name}: frames {s.first}-{s.last} "
                                "are not a range")
        return s


@dataclass(frozen=True)
class Item:
    """One question: what to show, what to ask, the reference answer and its explanation."""

    id: str
    title: str
    segments: tuple[Segment, ...]
    parts: tuple[str, ...] = PARTS
    reference: Mapping[str, str] = field(default_factory=dict)
    explanation: str = ""
    source: Mapping[str, Any] = field(default_factory=dict)  # review file and incident
    context: Mapping[str, Any] = field(default_factory=dict)  # the match state before it

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title,
                "segments": [s.to_json() for s in self.segments], "parts": list(self.parts),
                "reference": dict(self.reference), "explanation": self.explanation,
                "source": dict(self.source), "context": dict(self.context)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Item:
        ident = str(d["id"])
        item = cls(ident, str(d.get("title") or ident),
                   tuple(Segment.from_json(s) for s in d["segments"]),
                   check_parts(d.get("parts") or ()),
                   check_values(d.get("reference") or {}, f"reference of {ident}"),
                   str(d.get("explanation") or ""), dict(d.get("source") or {}),
                   dict(d.get("context") or {}))
        if not item.segments:
            raise TrainingError(f"question {ident} has no clip to show")
        return item

    def missing_reference(self) -> list[str]:
        return [p for p in self.parts if p not in self.reference]


@dataclass(frozen=True)
class Quiz:
    """The questions an instructor set for a training session, with the trainees' keys."""

    id: str
    title: str
    items: tuple[Item, ...] = ()
    created: str = ""
    trainees: Mapping[str, str] = field(default_factory=dict)  # name -> public key (hex)

    def with_trainee(self, name: str, public_key: str) -> Quiz:
        """The session with ``name``'s public key on its list of known trainees."""
        return replace(self, trainees={**self.trainees, name: public_key.lower()})

    @classmethod
    def new(cls, title: str) -> Quiz:
        return cls(uuid.uuid4().hex, title, (),
                   dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))

    def item(self, ident: str) -> Item:
        for it in self.items:
            if it.id == ident:
                return it
        raise KeyError(ident)

    def next_id(self) -> str:
        taken = {it.id for it in self.items}
        n = len(self.items) + 1
        while f"q{n}" in taken:
            n += 1
        return f"q{n}"

    def with_item(self, item: Item) -> Quiz:
        """Add ``item``, or replace the item with its id."""
        items = list(self.items)
        for i, it in enumerate(items):
            if it.id == item.id:
                items[i] = item
                return replace(self, items=tuple(items))
        return replace(self, items=(*items, item))

    def without(self, ident: str) -> Quiz:
        return replace(self, items=tuple(it for it in self.items if it.id != ident))

    def moved(self, ident: str, delta: int) -> Quiz:
        items = list(self.items)
        i = next(i for i, it in enumerate(items) if it.id == ident)
        j = max(0, min(len(items) - 1, i + delta))
        items.insert(j, items.pop(i))
        return replace(self, items=tuple(items))

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "id": self.id, "title": self.title,
                "created": self.created, "items": [it.to_json() for it in self.items],
                "trainees": dict(self.trainees)}

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the session file atomically; a TrainingError names a target that cannot be
        written (a folder, a missing or read-only folder)."""
        target = Path(path)
        if target.is_dir():
            raise TrainingError(f"{target.name}: is a folder; give a file name for the "
                                "training session")
        try:
            write_text(target, json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n")
        except OSError as e:
            raise TrainingError(f"{target}: cannot be written ({e.strerror or e})") from e

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Quiz:
        name = Path(path).name
        doc = read_document(path, FORMAT, VERSION, "training session")
        try:
            items = tuple(Item.from_json(d) for d in doc["items"])
            trainees = doc.get("trainees") or {}
            if not all(isinstance(k, str) and isinstance(v, str) and _KEY.fullmatch(v)
                       for k, v in trainees.items()):
                raise ValueError("a trainee's public key is not 64 hex digits")
            session = cls(str(doc["id"]), str(doc.get("title") or ""), items,
                          str(doc.get("created") or ""), dict(trainees))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise TrainingError(f"{name}: the training session is damaged ({e!r})") from e
        if len({it.id for it in items}) != len(items):
            raise TrainingError(f"{name}: two questions have the same id")
        return session


def _clip_frames(clip: ClipRecord) -> tuple[Any, int]:
    """The opened clip (exact timestamps) and its frame count."""
    try:
        opened = open_clip(clip.path)
    except VideoError as e:
        raise TrainingError(f"clip {Path(clip.path).name} cannot be opened ({e}); open the "
                            "review and point to the clip's folder first") from e
    opened.wait_indexed()
    return opened, len(opened.index)


def item_from_incident(review: ReviewSession, incident_id: str, ident: str, *,
                       pre_roll: float = 3.0, post_roll: float = 2.0,
                       angles: bool = True) -> Item:
    """A question about one incident of a review: its clip from ``pre_roll`` seconds before
    the incident's in frame to ``post_roll`` after its out frame, the same moments of the
    review's other clips (angles synced to match time), and the recorded final decision as the
    reference answer."""
    incident = review.record.incidents.get(incident_id)
    if incident is None:
        known = ", ".join(sorted(review.record.incidents, key=lambda i: (len(i), i)))
        raise TrainingError(f"the review has no incident {incident_id} ("
                            + (f"its incidents: {known})" if known else
                               "it has no incidents yet: tag them at the review desk first, "
                               "T on the frame)"))
    clips = {c.id: c for c in review.clips()}
    if incident.clip_id not in clips:
        raise TrainingError(f"incident {incident_id} is not tagged in a clip of the review")
    main = clips[incident.clip_id]
    segments: list[Segment] = []
    with _clip_frames(main)[0] as video:
        n = len(video.index)
        fps = video.fps or 25.0
        first = max(0, incident.in_frame - round(pre_roll * fps))
        last = min(n - 1, incident.out_frame + round(post_roll * fps))
        segments.append(Segment(main.path, main.fingerprint, first, last))
        syncs = review.record.syncs_of(main.id)
        start = match_time(first, syncs, video.timestamp)
        end = match_time(last, syncs, video.timestamp)
        at = match_time(incident.key_frame, syncs, video.timestamp)
    if incident.minute is None and at is not None:  # tagged before the clip was synced
        incident = incident.edited(minute=at.minute)
    if angles and start is not None and end is not None:
        for other in clips.values():
            if other.id != main.id:
                seg = _angle_segment(review, other, start.period, start.seconds, end.seconds)
                if seg is not None:
                    segments.append(seg)
    steps = review.record.decisions.get(incident_id, [])
    minute = f" ({incident.minute}')" if incident.minute else ""
    return Item(ident, f"Clip {ident[1:]}{minute}", tuple(segments),
                reference=reference_from_steps(steps),
                source={"review": str(review.file.path), "incident": incident_id,
                        "category": incident.category,
                        "category_name": CATEGORIES[incident.category]},
                context=incident_context(review.record, incident))


def _angle_segment(review: ReviewSession, clip: ClipRecord, period: int, start: float,
                   end: float) -> Segment | None:
    """The frames of ``clip`` showing match time ``start``..``end`` of ``period``; None when
    the clip is not synced to that period or does not cover it."""
    marks = [s for s in review.record.syncs_of(clip.id) if s.period == period]
    if not marks or not Path(clip.path).exists():
        return None
    mark = marks[0]
    video, n = _clip_frames(clip)
    with video:
        base = video.timestamp(mark.frame) - mark.elapsed
        first = video.index_of(max(0.0, base + start))
        last = video.index_of(base + end)
    first, last = max(0, first), min(n - 1, last)
    if last <= first:
        return None
    return Segment(clip.path, clip.fingerprint, first, last)


def items_from_review(path: str | os.PathLike[str], incident_ids: Sequence[str],
                      session: Quiz, **options: Any) -> Quiz:
    """Add a question for each of ``incident_ids`` of the review at ``path`` (read only)."""
    name = Path(path).name
    if Path(path).is_dir():
        raise TrainingError(f"{name}: is a folder, not a review file")
    if not Path(path).exists():
        raise TrainingError(f"{name}: no such file")
    if not Path(path).is_file():
        raise TrainingError(f"{name}: not a regular file, so not a review file")
    try:
        review = ReviewSession.open(path, None, lock=False)
    except (ReviewFileError, ReviewError) as e:
        raise TrainingError(str(e)) from e
    except OSError as e:
        raise TrainingError(f"{name}: cannot be read ({e.strerror or e})") from e
    try:
        for incident_id in incident_ids:
            session = session.with_item(item_from_incident(review, incident_id,
                                                           session.next_id(), **options))
    finally:
        review.close()
    return session
