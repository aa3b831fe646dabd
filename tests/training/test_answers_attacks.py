"""Impossible or hostile answers files, and CLI input that used to end in a traceback: each is
refused with one line naming the problem, even when its SHA-256 was recomputed to match."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from reviewtool.cli import main as cli
from reviewtool.training.answers import content_hash, read_sheet
from reviewtool.training.grading import grade
from reviewtool.training.question import TrainingError
from reviewtool.training.quiz import Item, Quiz, Segment

VALUES = {"sanction": "caution"}


def session() -> Quiz:
    seg = (Segment("clip.mp4", "f", 0, 9),)
    return Quiz("s-1", "Two questions", (
        Item("q1", "q1", seg, ("sanction",), {"sanction": "caution"}),
        Item("q2", "q2", seg, ("sanction",), {"sanction": "none"})))


def answer(ident: str, **changes: Any) -> dict[str, Any]:
    return {"item": ident, "values": dict(VALUES), "confidence": 3, "seconds": 12.5, **changes}


def forged(tmp_path: Path, given: list[Any], **changes: Any) -> Path:
    """An answers file whose SHA-256 matches its (impossible) content, as a forger writes it."""
    body = {"format": "reviewtool-answers", "version": 1, "trainee": "Mallory",
            "session": "s-1", "pack": "p-1", "submitted": "2026-01-01T00:00:00+00:00",
            "answers": given, **changes}
    path = tmp_path / "mallory.answers"
    path.write_text(json.dumps({**body, "sha256": content_hash(body)}))
    return path


def refused(path: Path) -> str:
    with pytest.raises(TrainingError) as e:
        grade(session(), [read_sheet(path)])
    text = str(e.value)
    assert "\n" not in text and len(text) < 300 and text.startswith(path.name), text
    return text


def test_a_sound_forged_file_is_read(tmp_path: Path) -> None:
    """The helper writes files that pass: the refusals below are the content's."""
    g = grade(session(), [read_sheet(forged(tmp_path, [answer("q1"), answer("q2")]))])
    assert g.trainee_rows()[0]["answered"] == 2


def test_two_answers_to_one_question_are_refused(tmp_path: Path) -> None:
    path = forged(tmp_path, [answer("q1"), answer("q2"), answer("q1", values={
        "sanction": "none"})])
    assert "q1 twice" in refused(path)  # it was graded as "answered 3 of 2"


def test_an_answer_to_a_question_the_session_lacks_is_refused(tmp_path: Path) -> None:
    assert "q7" in refused(forged(tmp_path, [answer("q1"), answer("q7")]))


@pytest.mark.parametrize("changes, where", [
    ({"confidence": True}, "confidence"),
    ({"confidence": 0}, "confidence"),
    ({"confidence": "5"}, "confidence"),
    ({"seconds": 1e308}, "seconds"),
    ({"seconds": -1}, "seconds"),
    ({"seconds": "12"}, "seconds"),
    ({"values": {"sanction": "yellow"}}, "sanction"),
    ({"values": {"colour": "red"}}, "values"),
    ({"values": []}, "values"),
    ({"item": 7}, "item"),
    ({"extra": 1}, "extra"),
])
def test_impossible_answers_are_refused_by_the_schema(tmp_path: Path, changes: dict[str, Any],
                                                      where: str) -> None:
    assert where in refused(forged(tmp_path, [answer("q1", **changes)]))


@pytest.mark.parametrize("changes, where", [
    ({"trainee": ""}, "trainee"),
    ({"trainee": ["a"]}, "trainee"),
    ({"answers": {"q1": {}}}, "answers"),
    ({"answers": [7]}, "answers/0"),
    ({"session": None}, "session"),
])
def test_an_impossible_file_is_refused_by_the_schema(tmp_path: Path, changes: dict[str, Any],
                                                     where: str) -> None:
    assert where in refused(forged(tmp_path, [answer("q1")], **changes))


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000, "nested too deeply"),
    ('{"format": "reviewtool-answers", "version": 1, "x": ' + "9" * 5000 + "}", "digits"),
    ('{"format": "reviewtool-answers", "version": 1, "seconds": NaN}', "NaN"),
    ('{"format": "reviewtool-answers", "format": "reviewtool-answers", "version": 1}',
     "twice"),
    ('{"format": "reviewtool-answers", "version": 1.0}', "version 1.0"),
])
def test_hostile_json_gets_one_line(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "x.answers"
    path.write_text(text)
    with pytest.raises(TrainingError) as e:
        read_sheet(path)
    assert words in str(e.value) and "\n" not in str(e.value)


def test_the_cli_says_one_line_for_folders_and_hostile_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session().save(tmp_path / "s.training")
    deep = tmp_path / "deep.answers"
    deep.write_text("[" * 100_000)
    runs = [["training", "new", str(tmp_path), "i1", "-o", str(tmp_path / "n.training")],
            ["training", "grade", str(tmp_path / "s.training"), str(deep)],
            ["training", "grade", str(tmp_path / "s.training"), str(tmp_path)],
            ["training", "grade", str(tmp_path), str(deep)],
            ["training", "pack", str(tmp_path / "s.training"), "-o", str(tmp_path)]]
    fifo = tmp_path / "fifo.answers"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    runs += [["training", "grade", str(tmp_path / "s.training"), str(fifo)],
             ["training", "new", str(fifo), "i1", "-o", str(tmp_path / "n.training")]]
    for args in runs:
        assert cli(args) == 2, args
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, (args, err)
