"""Fuzzing the training files a trainee hands over or receives: any JSON in an answers file or
a pack's manifest gives a sheet, a pack or one line naming the problem, never a traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewtool.training.answers import content_hash, read_sheet
from reviewtool.training.grading import grade
from reviewtool.training.pack import open_pack
from reviewtool.training.question import TrainingError
from reviewtool.training.quiz import Item, Quiz, Segment
from tests.training.forge import forge_zip, manifest, stored

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
                    st.sampled_from(["q1", "q2", "sanction", "caution", "clips/q1-1.mkv",
                                     "../x", "offence", "home", "away"]))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12) | st.sampled_from(
        ["item", "values", "confidence", "seconds", "sanction", "segments", "file", "frames",
         "parts", "id", "context", "score", "cautioned", "team", "name"]), inner,
        max_size=4)), max_leaves=12)
FIELDS = st.sampled_from(["trainee", "session", "pack", "answers", "submitted", "key",
                          "signature", "extra", "version"])
SESSION = Quiz("s-1", "Fuzz", tuple(
    Item(q, q, (Segment("c.mp4", "f", 0, 9),), ("sanction",), {"sanction": "caution"})
    for q in ("q1", "q2")))


def one_line(e: TrainingError) -> None:
    text = str(e)
    assert text and "\n" not in text and len(text) < 400 and "Traceback" not in text, text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(FIELDS, JSON, max_size=3),
       answer=st.dictionaries(st.sampled_from(["item", "values", "confidence", "seconds", "x"]),
                              JSON, max_size=4))
def test_any_answers_file_gives_a_sheet_or_one_line(changes: dict[str, Any],
                                                    answer: dict[str, Any]) -> None:
    body: dict[str, Any] = {"format": "reviewtool-answers", "version": 1, "trainee": "Fuzz",
                            "session": "s-1", "pack": "p-1", "submitted": "",
                            "answers": [{"item": "q1", "values": {"sanction": "none"},
                                         **answer}]}
    body.update(changes)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "f.answers"
        path.write_text(json.dumps({**body, "sha256": content_hash(body)}))
        try:
            grade(SESSION, [read_sheet(path)])
        except TrainingError as e:
            one_line(e)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(st.sampled_from(["pack", "session", "title", "items", "x"]),
                               JSON, max_size=2),
       item=st.dictionaries(st.sampled_from(["id", "title", "parts", "segments", "context"]),
                            JSON, max_size=3))
def test_any_pack_manifest_gives_a_pack_or_one_line(changes: dict[str, Any],
                                                    item: dict[str, Any]) -> None:
    items = [{"id": "q1", "parts": ["sanction"],
              "segments": [{"file": "clips/q1-1.mkv", "frames": 10}], **item}]
    with tempfile.TemporaryDirectory() as d:
        z = forge_zip(Path(d) / "f.rtpack", [
            stored("pack.json", manifest(**{"items": items, **changes})),
            stored("clips/q1-1.mkv", b"clip")])
        try:
            pack = open_pack(z, Path(d) / "packs")
        except TrainingError as e:
            one_line(e)
            assert not any(p.is_file() for p in (Path(d) / "packs").rglob("*"))
        else:
            for it in pack.items:
                for seg in it.segments:
                    assert pack.clip_path(seg).resolve().is_relative_to(
                        (Path(d) / "packs").resolve())
