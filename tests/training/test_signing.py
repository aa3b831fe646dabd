"""Signed answers: a recomputed SHA-256 no longer forges an answers file, and grading says
which answers carry a valid signature from a known trainee."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewtool.cli import main as cli
from reviewtool.store import keys
from reviewtool.training import signing
from reviewtool.training.answers import content_hash, read_sheet, submit
from reviewtool.training.grading import grade
from reviewtool.training.question import Answer, TrainingError
from reviewtool.training.quiz import Item, Quiz, Segment

RIGHT = {"sanction": "sending_off"}


def session() -> Quiz:
    seg = (Segment("clip.mp4", "f", 0, 9),)
    return Quiz("s-1", "Signed", (Item("q1", "q1", seg, ("sanction",), RIGHT),))


def rewrite(path: Path, change, *, keep_signature: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Edit the file as a forger would, recomputing its SHA-256."""
    doc = json.loads(path.read_text())
    signature = doc.pop("signature", None)
    doc.pop("sha256")
    if not keep_signature:
        doc.pop("key")
    change(doc)
    doc["sha256"] = content_hash(doc)
    if keep_signature and signature is not None:
        doc["signature"] = signature
    path.write_text(json.dumps(doc))


def test_a_submitted_file_is_signed_with_the_trainees_key(tmp_path: Path) -> None:
    sheet = submit("Ana", "s-1", "p-1", [Answer("q1", {"sanction": "caution"}, 3, 5.0)],
                   tmp_path / "ana.answers")
    assert sheet.public_key == keys.load_or_create("Ana").public("hex")
    assert read_sheet(tmp_path / "ana.answers").public_key == sheet.public_key


def test_a_recomputed_hash_no_longer_forges_the_answers(tmp_path: Path) -> None:
    path = tmp_path / "ana.answers"
    submit("Ana", "s-1", "p-1", [Answer("q1", {"sanction": "caution"}, 3, 5.0)], path)

    def to_red(doc: dict) -> None:  # type: ignore[type-arg]
        doc["answers"][0]["values"]["sanction"] = "sending_off"

    rewrite(path, to_red)
    with pytest.raises(TrainingError, match="signature does not match"):
        read_sheet(path)


def test_grading_says_whose_signature_it_is(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    answer = [Answer("q1", {"sanction": "caution"}, 3, 5.0)]
    submit("Ana", "s-1", "p-1", answer, tmp_path / "ana.answers")
    submit("Ben", "s-1", "p-1", answer, tmp_path / "ben.answers")
    submit("Cleo", "s-1", "p-1", answer, tmp_path / "cleo.answers", sign=False)
    # Dev's file: written on another machine by someone who made a key under Dev's name
    real_dev = keys.load_or_create("Dev").public("hex")
    monkeypatch.setenv(keys.CONFIG_ENV, str(tmp_path / "forger"))
    submit("Dev", "s-1", "p-1", [Answer("q1", RIGHT, 5, 5.0)], tmp_path / "dev.answers")
    monkeypatch.undo()
    # Eve's own file, its signature stripped and its hash recomputed
    submit("Eve", "s-1", "p-1", answer, tmp_path / "eve.answers")
    rewrite(tmp_path / "eve.answers", lambda doc: None, keep_signature=False)

    s = session()
    for name in ("Ana", "Eve"):
        s = s.with_trainee(name, keys.load_or_create(name).public("hex"))
    s = s.with_trainee("Dev", real_dev)
    sheets = [read_sheet(tmp_path / f"{n}.answers") for n in ("ana", "ben", "cleo", "dev", "eve")]
    rows = {r["trainee"]: r["signature"] for r in grade(s, sheets).trainee_rows()}
    assert rows == {"Ana": signing.KNOWN, "Ben": signing.UNLISTED, "Cleo": signing.UNSIGNED,
                    "Dev": signing.OTHER_KEY, "Eve": signing.UNSIGNED}


def test_the_list_of_trainees_round_trips_and_is_checked(tmp_path: Path) -> None:
    s = session().with_trainee("Ana", "AB" * 32)
    s.save(tmp_path / "s.training")
    assert Quiz.load(tmp_path / "s.training").trainees == {"Ana": "ab" * 32}
    doc = json.loads((tmp_path / "s.training").read_text())
    doc["trainees"] = {"Ana": "not a key"}
    (tmp_path / "s.training").write_text(json.dumps(doc))
    with pytest.raises(TrainingError, match="public key"):
        Quiz.load(tmp_path / "s.training")


def test_headless_key_trust_and_grade(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    session().save(tmp_path / "s.training")
    submit("Ana", "s-1", "p-1", [Answer("q1", RIGHT, 4, 5.0)], tmp_path / "ana.answers")
    submit("Ben", "s-1", "p-1", [Answer("q1", RIGHT, 4, 5.0)], tmp_path / "ben.answers")
    assert cli(["training", "key", "Ben"]) == 0
    ben = capsys.readouterr().out.split()[1]
    assert ben == keys.load_or_create("Ben").public("hex")
    assert cli(["training", "trust", str(tmp_path / "s.training"), str(tmp_path / "ana.answers"),
                "--name", "Ben", "--key", ben]) == 0
    capsys.readouterr()
    assert cli(["training", "grade", str(tmp_path / "s.training"),
                str(tmp_path / "ana.answers"), str(tmp_path / "ben.answers")]) == 0
    out = capsys.readouterr().out
    assert out.count(signing.KNOWN) == 2
    assert cli(["training", "trust", str(tmp_path / "s.training"), "--name", "Ana",
                "--key", "cd" * 32]) == 2
    assert "listed with another key" in capsys.readouterr().err


def test_a_signature_without_its_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ana.answers"
    submit("Ana", "s-1", "p-1", [Answer("q1", RIGHT, 4, 5.0)], path)
    doc = json.loads(path.read_text())
    assert doc["key"] == keys.load_or_create("Ana").public("hex")  # hashed with the answers
    del doc["key"]
    doc.pop("sha256")
    signature = doc.pop("signature")
    doc["sha256"] = content_hash(doc)
    doc["signature"] = signature
    path.write_text(json.dumps(doc))
    with pytest.raises(TrainingError, match="signature or its key is missing"):
        read_sheet(path)
