"""Training sessions end to end without the window: build from a review, export a pack (no
answers in it, frame-exact clips), submit answers, grade them; bad files get clear messages."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from reviewtool.cli import main as cli
from reviewtool.training.answers import read_sheet, submit
from reviewtool.training.grading import grade
from reviewtool.training.pack import export_pack, open_pack
from reviewtool.training.question import Answer, TrainingError
from reviewtool.training.quiz import Item, Quiz, Segment, items_from_review
from reviewtool.video.clip import open_clip
from tests.kit.stamp import read_stamp
from tests.training.helpers import ANGLE_OFFSET, reviewed_incident

EXPLANATION = "Raised boot, contact with the head: kicking, reckless, second caution."


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return reviewed_incident(tmp_path_factory.mktemp("training"))


@pytest.fixture(scope="module")
def built(review: Path) -> Quiz:
    session = items_from_review(review, ["i1"], Quiz.new("Stoppage time"),
                                pre_roll=1.0, post_roll=1.0)
    item = session.items[0]
    return session.with_item(replace(item, explanation=EXPLANATION))


def test_building_a_question_from_the_reviewed_incident(built: Quiz) -> None:
    item = built.items[0]
    assert item.reference == {"offence_or_not": "offence", "offence": "kicking",
                              "sanction": "sending_off", "restart": "penalty_kick",
                              "var": "on_field_review"}
    main, angle = item.segments
    assert (main.first, main.last) == (50 - 25, 70 + 25)  # 1 s either side at 25 fps
    assert (angle.first, angle.last) == (25 + ANGLE_OFFSET, 95 + ANGLE_OFFSET)
    assert "dangerous" not in item.title.lower()  # the title does not give the answer away
    assert item.source["incident"] == "i1"


def test_the_session_file_round_trips(built: Quiz, tmp_path: Path) -> None:
    built.save(tmp_path / "s.training")
    assert Quiz.load(tmp_path / "s.training") == built
    moved = built.with_item(replace(built.items[0], id="q2", title="again")).moved("q2", -1)
    assert [it.id for it in moved.items] == ["q2", "q1"]
    assert [it.id for it in moved.without("q2").items] == ["q1"]


@pytest.fixture(scope="module")
def pack(built: Quiz, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "stoppage.rtpack"
    counts = export_pack(built, out)
    assert counts == {"copy": 1, "encode": 1}  # MJPEG copied; frame 25 is inside a GOP
    return out


def test_the_pack_holds_no_reference_answer_or_explanation(built: Quiz,
                                                           pack: Path) -> None:
    raw = pack.read_bytes()
    with zipfile.ZipFile(pack) as z:
        contents = [raw] + [z.read(n) for n in z.namelist()]
    secrets = [EXPLANATION, "kicking", "sending_off", "penalty_kick", "on_field_review",
               "dangerous_play", "reference", "explanation", "demo.review",
               "Raised boot"]
    for blob in contents:
        for secret in secrets:
            assert secret.encode() not in blob, secret


def test_the_pack_clips_are_the_exact_frames(pack: Path, tmp_path: Path) -> None:
    opened = open_pack(pack, tmp_path)
    item = opened.items[0]
    assert item.parts == ("offence_or_not", "offence", "sanction", "restart", "var")
    for seg, first in zip(item.segments, (25, 25 + ANGLE_OFFSET), strict=True):
        with open_clip(opened.clip_path(seg), store_index=False) as clip:
            clip.wait_indexed()
            assert len(clip.index) == seg.frames == 71
            assert [read_stamp(clip.frame(i)) for i in range(71)] == list(range(first,
                                                                                 first + 71))


@pytest.mark.parametrize("first, last, method", [(7, 44, "encode"), (30, 89, "copy"),
                                                 (60, 149, "copy"), (30, 100, "encode")])
def test_cuts_are_copied_on_keyframes_and_re_encoded_elsewhere_exactly(
        review: Path, tmp_path: Path, first: int, last: int, method: str) -> None:
    main = review.parent / "main.mov"  # closed GOPs of 30 frames, 150 frames
    with open_clip(main) as c:
        fp = c.fingerprint
    session = Quiz.new("cut").with_item(
        Item("q1", "cut", (Segment(str(main), fp, first, last),),
             reference={"var": "no_intervention"}))
    counts = export_pack(session, tmp_path / "cut.rtpack")
    assert counts[method] == 1
    opened = open_pack(tmp_path / "cut.rtpack", tmp_path / "x")
    with open_clip(opened.clip_path(opened.items[0].segments[0]), store_index=False) as clip:
        clip.wait_indexed()
        stamps = [read_stamp(clip.frame(i)) for i in range(len(clip.index))]
    assert stamps == list(range(first, last + 1))


def _answers(**parts: str) -> dict[str, str]:
    return parts


REF1 = _answers(offence_or_not="offence", offence="kicking", sanction="sending_off",
                restart="penalty_kick", var="on_field_review")
REF2 = _answers(offence_or_not="no_offence", offence="no_offence", sanction="none",
                restart="corner_kick", var="no_intervention")
REF3 = _answers(offence_or_not="offence", offence="holding", sanction="caution",
                restart="direct_free_kick", var="no_intervention")


@pytest.fixture()
def three(built: Quiz) -> Quiz:
    seg = built.items[0].segments[:1]
    s = Quiz("s-1", "Three questions")
    for ident, ref in (("q1", REF1), ("q2", REF2), ("q3", REF3)):
        s = s.with_item(Item(ident, ident, seg, reference=ref))
    return s


def _sheet(tmp_path: Path, session: Quiz, trainee: str,
           answers: list[tuple[dict[str, str], int, float]]) -> Path:
    path = tmp_path / f"{trainee}.answers"
    submit(trainee, session.id, "p-1", [Answer(f"q{i}", v, c, t)
                                        for i, (v, c, t) in enumerate(answers, 1)], path)
    return path


def _class_of_three(tmp_path: Path, s: Quiz) -> list[Path]:
    b1 = {**REF1, "sanction": "caution"}
    b3 = {**REF3, "offence": "tripping"}
    c1 = _answers(offence_or_not="no_offence", offence="no_offence", sanction="none",
                  restart="corner_kick", var="no_intervention")
    c3 = {**REF3, "sanction": "sending_off", "restart": "penalty_kick"}
    return [_sheet(tmp_path, s, "Ana", [(REF1, 5, 30), (REF2, 5, 20), (REF3, 5, 10)]),
            _sheet(tmp_path, s, "Ben", [(b1, 4, 40), (REF2, 3, 20), (b3, 4, 15)]),
            _sheet(tmp_path, s, "Cleo", [(c1, 5, 12), (REF2, 2, 8), (c3, 4, 30)])]


def test_grading_matches_hand_computed_figures(three: Quiz, tmp_path: Path) -> None:
    g = grade(three, [read_sheet(p) for p in _class_of_three(tmp_path, three)])
    rows = {r["trainee"]: r for r in g.trainee_rows()}
    assert rows["Ana"]["score"] == pytest.approx(1.0)
    assert rows["Ben"]["score"] == pytest.approx((0.8 + 1 + 0.8) / 3)
    assert rows["Cleo"]["score"] == pytest.approx((0 + 1 + 0.6) / 3)
    assert rows["Ben"]["seconds"] == pytest.approx(75)
    assert rows["Cleo"]["accuracy"]["sanction"] == pytest.approx(1 / 3)
    assert rows["Ben"]["kappa"]["sanction"] == pytest.approx(4 / 7)  # weighted, by hand
    assert rows["Ana"]["kappa"]["sanction"] == pytest.approx(1.0)
    questions = {r["item"]: r for r in g.question_rows()}
    assert questions["q2"]["score"] == pytest.approx(1.0)
    assert questions["q1"]["accuracy"]["sanction"] == pytest.approx(1 / 3)
    assert questions["q3"]["accuracy"]["offence"] == pytest.approx(2 / 3)
    assert g.part_accuracy()["var"] == pytest.approx(8 / 9)
    assert g.sanction_confusion().tolist() == [[3, 0, 0], [0, 2, 1], [1, 1, 1]]
    assert g.fleiss("sanction") == pytest.approx(7 / 52)
    conf = {r["confidence"]: r for r in g.confidence_rows()}
    assert conf[5]["answers"] == 4 and conf[5]["score"] == pytest.approx(0.75)
    assert conf[2]["score"] == pytest.approx(1.0)
    assert g.distribution("q1", "sanction") == {"sending_off": 1, "caution": 1, "none": 1}
    csv = g.csv().splitlines()
    assert len(csv) == 1 + 9 and csv[0].startswith("trainee,question,title,offence_or_not")


def test_headless_grade_prints_the_figures(three: Quiz, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    sheets = _class_of_three(tmp_path, three)
    three.save(tmp_path / "three.training")
    assert cli(["training", "grade", str(tmp_path / "three.training"),
                *map(str, sheets), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["trainee"] for r in doc["trainees"]] == ["Ana", "Ben", "Cleo"]
    assert doc["fleiss_kappa"]["sanction"] == pytest.approx(7 / 52)
    assert cli(["training", "grade", str(tmp_path / "three.training"), *map(str, sheets),
                "--csv", str(tmp_path / "all.csv")]) == 0
    out = capsys.readouterr().out
    assert "Ben" in out and " 87%" in out and "+0.57" in out
    assert (tmp_path / "all.csv").read_text().count("\n") == 10


def test_an_answers_file_edited_after_submission_is_refused(three: Quiz,
                                                            tmp_path: Path) -> None:
    path = _class_of_three(tmp_path, three)[1]
    doc = json.loads(path.read_text())
    doc["answers"][0]["values"]["sanction"] = "sending_off"
    path.write_text(json.dumps(doc))
    with pytest.raises(TrainingError, match="changed after it was submitted"):
        read_sheet(path)


def test_answers_from_another_session_or_twice_are_refused(three: Quiz,
                                                           tmp_path: Path) -> None:
    sheets = [read_sheet(p) for p in _class_of_three(tmp_path, three)]
    other = Quiz("s-2", "Another evening", three.items)
    with pytest.raises(TrainingError, match="another training session"):
        grade(other, sheets)
    with pytest.raises(TrainingError, match="Ana already answered"):
        grade(three, [sheets[0], sheets[0]])


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04 not really", "not a training pack"),
    (b'{"format": "reviewtool-answers"}', "not a training pack"),
    (b"", "not a training pack"),
])
def test_a_corrupt_pack_gives_a_clear_message(tmp_path: Path, content: bytes,
                                              message: str) -> None:
    (tmp_path / "bad.rtpack").write_bytes(content)
    with pytest.raises(TrainingError, match=message):
        open_pack(tmp_path / "bad.rtpack", tmp_path / "x")


def test_a_damaged_pack_member_is_named(pack: Path, tmp_path: Path) -> None:
    data = bytearray(pack.read_bytes())
    at = data.find(b"\x1a\x45\xdf\xa3")  # the start of the first Matroska clip
    data[at + 200] ^= 0xFF
    (tmp_path / "hurt.rtpack").write_bytes(bytes(data))
    with pytest.raises(TrainingError, match="damaged"):
        open_pack(tmp_path / "hurt.rtpack", tmp_path / "x")


@pytest.mark.parametrize("content, message", [
    ("{", "not an answers file"),
    ('{"format": "reviewtool-pack"}', "not an answers file"),
    ('{"format": "reviewtool-answers", "version": 9}', "version 9"),
])
def test_a_corrupt_answers_file_gives_a_clear_message(tmp_path: Path, content: str,
                                                      message: str) -> None:
    (tmp_path / "x.answers").write_text(content)
    with pytest.raises(TrainingError, match=message):
        read_sheet(tmp_path / "x.answers")


def test_headless_new_and_pack(review: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.training"
    assert cli(["training", "new", str(review), "i1", "-o", str(out), "--pre", "1"]) == 0
    assert "q1: Clip 1" in capsys.readouterr().out
    assert cli(["training", "pack", str(out), "-o", str(tmp_path / "p.rtpack")]) == 0
    assert "1 questions" in capsys.readouterr().out
    assert cli(["training", "new", str(review), "i9", "-o", str(out)]) == 2
    assert "no incident i9" in capsys.readouterr().err
    assert cli(["training", "new", str(review), "i1", "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err  # was a traceback
    assert cli(["training", "pack", str(out), "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_angle_labels_are_neutral_unless_the_instructor_names_them(
        built: Quiz, pack: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(pack) as z:
        doc = json.loads(z.read("pack.json"))
    assert [s["angle"] for s in doc["items"][0]["segments"]] == ["Angle 1", "Angle 2"]
    assert b"main" not in pack.read_bytes()  # the clip's file name (main.mov) is not leaked
    item = built.items[0]
    stem_named = replace(item.segments[0], angle="main")  # how older sessions stored it
    named = replace(item.segments[1], angle="Behind the goal")
    session = built.with_item(replace(item, segments=(stem_named, named)))
    export_pack(session, tmp_path / "named.rtpack")
    opened = open_pack(tmp_path / "named.rtpack", tmp_path / "x")
    assert [s.angle for s in opened.items[0].segments] == ["Angle 1", "Behind the goal"]
