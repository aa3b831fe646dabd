"""``reviewtool sync``, ``reviewtool angles`` and ``reviewtool frame MATCH.review --angle``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from reviewtool import cli
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.video.clip import open_clip
from reviewtool.video.timemap import SyncMark, TimeMap
from tests.kit.angles import expected_frame, make_angle, scene_sound
from tests.kit.stamp import read_stamp
from tests.review.helpers import VAR, demo_session

ROOT = Path(__file__).resolve().parents[2]
LATE = TimeMap(1.37, 1.0002)  # angle 2 starts 1.37 s after angle 1 and runs fast
SOUND = scene_sound(8.0)


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[float]]]:
    d = tmp_path_factory.mktemp("angle-cli")
    return {
        "a": make_angle(d / "a.mp4", "h264_mp4", TimeMap(), frames=250, fps=50.0, sound=SOUND,
                        seed=1),
        "b": make_angle(d / "b.mkv", "h264_mkv", LATE, frames=90, fps=25.0, sound=SOUND, seed=2),
        "mute": make_angle(d / "mute.mp4", "h264_mp4", TimeMap(0.5), frames=60, fps=25.0),
    }


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory, clips) -> Path:
    folder = tmp_path_factory.mktemp("angle-review")
    s: ReviewSession = demo_session(folder / "m.review")
    for name in ("a", "b", "mute"):
        with open_clip(clips[name][0], cache_dir=folder / "cache") as clip:
            facts = clip.facts()
        s.add_clip(str(clips[name][0]), facts.fingerprint, facts.as_json())
    s.sync_by_marks(2, [SyncMark(LATE.to_reference(t), t) for t in (0.3, 3.0)])
    s.mark_sync(1, 0, 2, 48 * 60 + 52.0)  # angle 1's first frame reads 90+3:52
    s.close()
    return folder / "m.review"


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_sync_by_marks_prints_the_map_and_residuals(clips, capsys) -> None:
    a, b = clips["a"][0], clips["b"][0]
    marks = [f"{LATE.to_reference(t):.6f}:{t}" for t in (0.5, 3.0)]
    code, out, _err = _main(capsys, "sync", a, b, "--marks", *marks, "--exact")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"offset", "rate", "confidence", "method", "residuals_ms"}
    assert doc["method"] == "marks" and doc["confidence"] is None
    assert doc["offset"] == pytest.approx(1.37, abs=1e-5)
    assert doc["rate"] == pytest.approx(1.0002, abs=1e-5)
    assert len(doc["residuals_ms"]) == 2
    # marks placed on frames 2.5 s apart cannot tell a drift: the offset only
    code, out, _err = _main(capsys, "sync", a, b, "--marks", *marks)
    doc = json.loads(out)
    assert doc["rate"] == 1.0 and doc["offset"] == pytest.approx(1.37, abs=0.001)


def test_a_contradicting_mark_is_named_and_an_absurd_rate_refused(clips, capsys) -> None:
    a, b = clips["a"][0], clips["b"][0]
    marks = [f"{LATE.to_reference(t):.6f}:{t}" for t in (0.5, 1.5, 2.5)]
    wrong = f"{LATE.to_reference(1.5) + 0.08:.6f}:1.5"  # two frames out
    code, _out, err = _main(capsys, "sync", a, b, "--marks", *marks, wrong)
    assert code == 0 and f"WARNING: mark 4 ({wrong})" in err and "more than one frame" in err
    assert "mark 1" not in err
    code, out, err = _main(capsys, "sync", a, b, "--marks", "1:1", "3:2", "--exact")
    assert code == 2 and out == "" and "contradict" in err and err.count("\n") == 1


def test_sync_by_sound_lands_within_a_frame(clips, capsys) -> None:
    code, out, _err = _main(capsys, "sync", clips["a"][0], clips["b"][0], "--no-drift")
    assert code == 0
    doc = json.loads(out)
    assert doc["method"] == "sound" and abs(doc["offset"] - 1.37) < 0.02
    assert doc["rate"] == 1.0 and 0 < doc["confidence"] <= 1


@pytest.mark.parametrize(("which", "args", "message"), [
    ("mute", [], "mute.mp4 has no audio track"),
    ("b", ["--marks", "300:1"], "never show the same moment"),
    ("b", ["--marks", "1.2"], "give A_SECONDS:B_SECONDS"),
    ("nowhere.mp4", [], "file not found"),
])
def test_sync_refusals_are_one_line_and_exit_2(clips, tmp_path, which, args, message) -> None:
    b = clips[which][0] if which in clips else tmp_path / which
    done = subprocess.run([sys.executable, "-m", "reviewtool", "sync", str(clips["a"][0]),
                           str(b), *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert message in done.stderr and done.stderr.count("\n") == 1


def test_angles_prints_each_angle_and_its_map(review, capsys) -> None:
    code, out, _err = _main(capsys, "angles", review)
    assert code == 0
    doc = json.loads(out)
    assert doc["reference"] == 1
    one, two, mute = doc["angles"]
    assert one["reference"] and one["offset"] == 0.0 and one["rate"] == 1.0
    assert two["method"] == "marks" and two["offset"] == pytest.approx(1.37, abs=1e-6)
    assert two["rate"] == pytest.approx(1.0002, abs=1e-9) and len(two["marks"]) == 2
    assert not mute["synced"] and "not synced" in mute["why"]
    assert doc["match_time"] == [{"angle": 1, "frame": 0, "period": 2, "elapsed": 2932.0}]


def test_frame_writes_the_angle_at_a_match_instant(review, clips, tmp_path, capsys) -> None:
    out = tmp_path / "f.png"
    code, text, _err = _main(capsys, "frame", review, "--angle", 2, "--at", "90+3:55.013",
                             "--out", out)
    assert code == 0, _err
    want = expected_frame(clips["b"][1], LATE.from_reference(3.013))
    assert f"angle 2 frame {want} " in text
    assert read_stamp(cv2.cvtColor(cv2.imread(str(out)), cv2.COLOR_BGR2RGB)) == want
    code, _text, _err = _main(capsys, "frame", review, "--angle", 1, "--at", "90+3:55.013",
                              "--out", out)
    assert code == 0 and read_stamp(cv2.cvtColor(cv2.imread(str(out)),
                                                 cv2.COLOR_BGR2RGB)) == 150


@pytest.mark.parametrize(("args", "message"), [
    (["--angle", "3", "--at", "90+3:55"], "angle 3 is not synced"),
    (["--angle", "2", "--at", "90+3:52.5"], "angle 2 starts"),
    (["--angle", "2", "--at", "three"], "not a match clock"),
    (["--angle", "2", "--at", "30:00"], "no angle carries a match-time mark of period 1"),
    (["--angle", "7", "--at", "90+3:55"], "no angle 7"),
    (["--at", "90+3:55"], "needs MATCH.review, --angle K and --at CLOCK"),
])
def test_frame_refusals_name_the_problem(review, tmp_path, capsys, args, message) -> None:
    code, _out, err = _main(capsys, "frame", review, *args, "--out", tmp_path / "f.png")
    assert code == 2 and message in err and err.count("\n") == 1
    assert not (tmp_path / "f.png").exists()


def test_a_sound_sync_is_proposed_then_recorded(review, clips, tmp_path) -> None:
    import shutil

    copy = tmp_path / "m.review"
    shutil.copy(review, copy)
    s = ReviewSession.open(copy, VAR)
    try:
        proposal = s.propose_by_sound(2)
        assert abs(proposal.time_map.offset - 1.37) < 0.02  # within a frame of the truth
        assert s.angle(2).method == "marks"  # nothing recorded yet
        s.sync_by_sound(2, proposal.time_map, proposal.confidence)
        assert s.angle(2).method == "sound"
        assert s.angle(2).confidence == round(proposal.confidence, 4)
        with pytest.raises(ReviewError, match=r"angle 3: mute\.mp4 has no audio track"):
            s.propose_by_sound(3)
    finally:
        s.close()


def test_frame_still_reads_the_clock_of_an_angle_removed_from_the_station(
        review, clips, tmp_path, capsys) -> None:
    """Angle 1 carries the kick-off mark; removed from the station, its mark still gives
    the match clock to angle 2 (nothing recorded is lost), and angle 1 stays addressable."""
    import shutil

    copy = tmp_path / "m.review"
    shutil.copy(review, copy)
    s = ReviewSession.open(copy, VAR)
    s.remove_angle(1)
    s.close()
    out = tmp_path / "f.png"
    code, text, err = _main(capsys, "frame", copy, "--angle", 2, "--at", "90+3:55.013",
                            "--out", out)
    assert code == 0, err
    want = expected_frame(clips["b"][1], LATE.from_reference(3.013))
    assert f"angle 2 frame {want} " in text
    code, _text, err = _main(capsys, "frame", copy, "--angle", 1, "--at", "90+3:55.013",
                             "--out", out)
    assert code == 0, err
