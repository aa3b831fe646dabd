"""``reviewtool offside MEASUREMENT.json``: the JSON contract and bad input (exit 2, one line)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reviewtool.cli import main
from tests.geometry.helpers import clicks, point


def measurement(**change: object) -> dict:
    doc = {"pitch": {"length": 105, "width": 68}, "attack": "right", "fps": 50,
           "landmarks": clicks(),
           "frames": [{"defender": list(point((90.0, 30.0))),
                       "attacker": list(point((91.0, 44.0)))},
                      {"defender": list(point((90.1, 30.0))),
                       "attacker": list(point((91.05, 44.0)))}]}
    doc.update(change)
    return doc


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: object,
        *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "m.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    code = main(["offside", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(tmp_path, capsys, measurement())
    assert code == 0 and err == ""
    result = json.loads(out)
    assert set(result) == {"distance_m", "interval_m", "verdict", "reprojection_px",
                           "calibration_error_m"}
    assert result["distance_m"] == pytest.approx(1.0, abs=1e-3)
    lo, hi = result["interval_m"]
    assert 0 < lo < 1.0 < hi
    assert result["verdict"] == "offside"
    assert len(result["reprojection_px"]) == 8 and max(result["reprojection_px"]) < 0.01
    assert 0 < result["calibration_error_m"] < 0.1


def test_attack_left_flips_the_sign(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(tmp_path, capsys, measurement(attack="left"))
    result = json.loads(out)
    assert code == 0 and result["distance_m"] == pytest.approx(-1.0, abs=1e-3)
    assert result["verdict"] == "onside"


def test_lines_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(tmp_path, capsys, measurement(), "--lines")
    result = json.loads(out)
    assert code == 0 and set(result["lines"]) == {"defender", "attacker", "band"}
    assert result["verdict_text"] == "offside" and len(result["landmarks"]) == 8


def test_typed_speeds_and_interlaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = measurement(speeds_kmh={"defender": 25, "attacker": 30}, interlaced=True)
    doc["frames"] = doc["frames"][:1]
    code, out, _ = run(tmp_path, capsys, doc, "--lines")
    assert code == 0
    assert json.loads(out)["kick_change_m"] == pytest.approx(55 / 3.6 / 50 / 2, abs=1e-3)


@pytest.mark.parametrize(("doc", "words"), [
    ("{not json", "not JSON"),
    ([1, 2], "expected a JSON object"),
    ({"pitch": {"length": 105, "width": 68}}, '"landmarks" must be an object'),
    (measurement(landmarks=dict(list(clicks().items())[:3])), "at least 4 landmarks"),
    (measurement(landmarks={**clicks(), "penalty_spot": [1, 2]}), "unknown landmark"),
    (measurement(attack="north"), "attack must be"),
    (measurement(fps="fifty"), '"fps" must be a number'),
    (measurement(frames=[]), '"frames" must list'),
    (measurement(frames=[{"defender": [1, 2]}]), "frames\\[0\\] attacker"),
    (measurement(pitch={"length": 200, "width": 68}), "pitch length"),
    (measurement(colour="red"), "unknown key 'colour'"),
    (measurement(interlaced="yes"), '"interlaced" must be true or false'),
    (measurement(speeds_kmh={"defender": 20, "attacker": 20}), "not both"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          doc: object, words: str) -> None:
    code, out, err = run(tmp_path, capsys, doc)
    assert code == 2 and out == ""
    assert err.startswith("reviewtool offside: ") and err.count("\n") == 1
    assert pytest.importorskip("re").search(words, err), err


def test_missing_file_folder_and_pipe(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["offside", str(tmp_path / "none.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["offside", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    fifo = tmp_path / "m.json"
    os.mkfifo(fifo)
    assert main(["offside", str(fifo)]) == 2  # refused, not read: reading would block
    assert "not a regular file" in capsys.readouterr().err


def test_help_lists_offside(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    line = next(ln for ln in capsys.readouterr().out.splitlines()
                if ln.strip().startswith("offside "))
    assert "measure an offside" in line


def test_neighbour_gap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = measurement(neighbour_gap=5)
    code, out, _ = run(tmp_path, capsys, doc, "--lines")
    assert code == 0 and json.loads(out)["kick_change_m"] == pytest.approx(0.01, abs=1e-3)
    code, _, err = run(tmp_path, capsys, measurement(neighbour_gap=1.5))
    assert code == 2 and "1 to 10 frames away" in err
