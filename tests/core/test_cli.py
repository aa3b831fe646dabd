"""The command line as a new user meets it: a complete ``--help``, files opened as the desktop
passes them, quiet pipes, and one-line refusals of times, frames and files that do not fit."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtool import cli
from reviewtool.resources import demo_log
from reviewtool.video import clip as clip_module
from tests.kit.synth import make_clip

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewtool", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def clip20(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-second clip (50 frames at 25 fps)."""
    return make_clip(tmp_path_factory.mktemp("cli") / "c.mp4", "h264_mp4", frames=50)


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-review") / "m.review"
    assert cli.main(["import", str(demo_log()), str(path)]) == 0
    return path


def _parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = {parser.prog: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.update(_parsers(sub))
    return found


def test_help_lists_every_window_option_and_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for option in ("--demo", "--demo-unsynced", "--open CLIP", "--review MATCH.review",
                   "--training S.training", "--pack P.rtpack", "--grade S.training"):
        assert option in text
    for command in ("replay", "import", "export", "state", "verify", "probe", "frame",
                    "training", "gui"):
        line = next(ln for ln in text.splitlines() if ln.strip().startswith(command + " "))
        assert len(line.split()) > 2, f"{command} has no description"


def test_every_command_and_argument_says_what_it_is() -> None:
    missing = [f"{prog}: {a.dest}" for prog, p in _parsers(cli.build_parser()).items()
               for a in p._actions
               if not isinstance(a, argparse._SubParsersAction) and not a.help]
    assert missing == []
    undescribed = [prog for prog, p in _parsers(cli.build_parser()).items()
                   if prog != "reviewtool" and not p.description]
    assert undescribed == []


@pytest.mark.parametrize("given, expected", [
    (["--open=CLIP.mp4"], ["--open=CLIP.mp4"]),
    (["--open=CLIP.mp4"], ["--open=CLIP.mp4"]),
    (["CLIP.mp4"], ["--open=CLIP.mp4"]),
    (["MATCH.review"], ["--review=MATCH.review"]),
    (["S.TRAINING"], ["--training=S.TRAINING"]),
    (["P.rtpack"], ["--pack=P.rtpack"]),
    (["--grade=S.training"], ["--grade=S.training"]),
    (["--demo"], ["--demo"]),
    (["--demo-unsynced"], ["--demo-unsynced"]),
    (["gui"], []),
    (["--open=-x.mp4"], ["--open=-x.mp4"]),  # a file whose name starts with a dash
])
def test_files_and_options_open_the_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           given: list[str], expected: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("CLIP.mp4", "MATCH.review", "S.TRAINING", "P.rtpack", "S.training", "-x.mp4"):
        (tmp_path / name).write_bytes(b"x")
    assert cli.window_argv(cli.parse(given)) == expected


def test_headless_commands_do_not_open_the_window(review: Path) -> None:
    assert cli.window_argv(cli.parse(["state", str(review)])) is None
    assert cli.window_argv(cli.parse([])) is None


@pytest.mark.parametrize("given, message", [
    (["missing.mp4"], "reviewtool: --open missing.mp4: file not found"),
    (["--review=gone.review"], "reviewtool: --review gone.review: file not found"),
    (["--open", "."], "reviewtool: --open .: is a folder, not a file"),
])
def test_a_missing_file_is_refused_before_any_window(capsys: pytest.CaptureFixture[str],
                                                     given: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as done:
        cli.parse(given)
    assert done.value.code == 2
    assert capsys.readouterr().err.strip() == message


def test_window_options_do_not_go_with_a_command(review: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.parse(["--demo", "state", str(review)])
    assert "do not go with the command state" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["state", "export", "replay"])
def test_a_closed_pipe_stops_quietly(review: Path, command: str) -> None:
    """As ``reviewtool state X | head -1``: the reader has gone before the output is written."""
    read, write = os.pipe()
    os.close(read)
    target = str(demo_log()) if command == "replay" else str(review)
    try:
        done = run(command, target, stdout=write)
    finally:
        os.close(write)
    assert done.stderr == ""
    assert done.returncode == cli.SIGPIPE_EXIT


@pytest.mark.parametrize("after, ok", [(99, False), (26, False), (-1, False), (25, True),
                                       (0, True)])
def test_replay_after_must_be_within_the_log(after: int, ok: bool) -> None:
    done = run("replay", str(demo_log()), "--after", str(after))
    if ok:
        assert done.returncode == 0 and json.loads(done.stdout)
    else:
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.strip() == (f"reviewtool replay: --after {after}: the log has 25 "
                                       "events (give 0 to 25)")


@pytest.mark.parametrize("time, message", [
    ("25", "--time 25: past the end of the clip, which runs from 0 to 2.000 s"),
    ("2.5", "--time 2.5: past the end of the clip, which runs from 0 to 2.000 s"),
    ("-1", "--time -1: give a time in seconds from 0"),
    ("nan", "--time nan: give a time in seconds from 0"),
    ("inf", "--time inf: give a time in seconds from 0"),
])
def test_a_time_outside_the_clip_is_refused(clip20: Path, tmp_path: Path, time: str,
                                            message: str) -> None:
    out = tmp_path / "f.png"
    done = run("frame", str(clip20), "--time", time, "--out", str(out))
    assert done.returncode == 2 and not out.exists()
    assert done.stderr.splitlines() == [f"reviewtool frame: {message}"]


def test_the_last_instant_of_the_clip_is_its_last_frame(clip20: Path, tmp_path: Path) -> None:
    done = run("frame", str(clip20), "--time", "1.99", "--out", str(tmp_path / "f.png"))
    assert done.returncode == 0 and done.stdout.startswith("frame 49 at")


@pytest.mark.parametrize("out, message", [
    ("out.xyz", "cannot write .xyz pictures (use .png, .jpg, .tif, .bmp or .webp)"),
    ("out", "give the file an extension that says the format"),
    ("no/such/folder/f.png", "the folder"),
    (".", "is a folder; give a file name such as"),
])
def test_a_picture_that_cannot_be_written_is_refused(clip20: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch, out: str,
                                                     message: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["frame", str(clip20), "--index", "3", "--out", out]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"reviewtool frame: --out {out}: ")
    assert message in err[0]


def test_a_pipe_is_not_called_an_empty_file(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "stream.ts"
    os.mkfifo(fifo)
    assert cli.main(["probe", str(fifo)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("reviewtool probe: stream.ts: is not a regular file (a pipe, socket or "
                   "device); save the video to a file first")


def test_an_unreadable_file_is_named(clip20: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(clip_module, "open", denied, raising=False)
    assert cli.main(["probe", str(clip20)]) == 2
    assert capsys.readouterr().err.strip() == \
        "reviewtool probe: c.mp4: cannot be read (Permission denied)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_on_disk_is_named(clip20: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked.mp4"
    locked.write_bytes(clip20.read_bytes())
    locked.chmod(0)
    done = run("probe", str(locked))
    assert done.returncode == 2
    assert done.stderr.strip() == "reviewtool probe: locked.mp4: cannot be read " \
        "(Permission denied)"


def test_training_needs_tagged_incidents_and_says_so(review: Path, tmp_path: Path) -> None:
    done = run("training", "new", str(review), "i1", "-o", str(tmp_path / "s.training"))
    assert done.returncode == 2
    assert done.stderr.strip() == ("reviewtool training new: the review has no incident i1 (it "
                                   "has no incidents yet: tag them at the review desk first, "
                                   "T on the frame)")


def test_one_file_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.mp4", "b.mp4"):
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(SystemExit) as done:
        cli.parse(["a.mp4", "b.mp4"])
    assert done.value.code == 2
    assert capsys.readouterr().err.strip() == \
        "reviewtool: opens one file at a time (given: a.mp4, b.mp4)"


@pytest.mark.parametrize("command", [["new", "{dir}", "i1", "-o", "{dir}/s.training"],
                                     ["pack", "{dir}", "-o", "{dir}/p.rtpack"],
                                     ["grade", "{dir}", "{dir}/a.answers"]])
def test_training_commands_name_a_folder_given_as_a_file(tmp_path: Path, command: list[str],
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    args = [a.format(dir=tmp_path) for a in command]
    assert cli.main(["training", *args]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"reviewtool training {command[0]}: ")
