"""Nothing lost: kills during import and recording, full disks, odd text, moved files,
exports to odd targets, reading that never writes."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from reviewtool.resources import demo_log
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.store import reviewfile as rf
from reviewtool.store.atomic import write_text
from reviewtool.store.matchlog import read
from tests.review.helpers import VAR, demo_session, downgrade_copy

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewtool", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def usable(path: Path) -> bool:
    try:
        s = ReviewSession.open(path, read_only=True)
    except (ReviewError, rf.ReviewFileError):
        return False
    ok = s.verify().intact
    s.close()
    return ok


def _import_and_record(path: Path) -> None:
    log = read(demo_log())
    s = ReviewSession.create(path, replace(log, events=log.events[:16]), VAR)
    for frame in range(40):
        s.tag_incident("holding", frame)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork-based kill test")
def test_kill_9_during_import_and_recording_never_leaves_an_unusable_review(
        tmp_path: Path) -> None:
    rnd = random.Random(15)
    read(demo_log())  # warm the imports the children inherit
    kills = 0
    for n in range(60):
        path = tmp_path / f"k{n % 6}.review"
        existed = path.exists()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 0
            try:
                if existed:
                    s = ReviewSession.open(path, VAR, lock=False)
                    for frame in range(40):
                        s.tag_incident("holding", frame)
                else:
                    _import_and_record(path)
            except BaseException:
                code = 1
            os._exit(code)
        time.sleep(rnd.uniform(0.0, 0.25))
        try:
            os.kill(pid, signal.SIGKILL)
            kills += 1
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        if path.exists():
            assert usable(path), f"kill {n} left {path.name} unusable"
    assert kills >= 50
    reviews = list(tmp_path.glob("*.review"))
    assert reviews and all(usable(p) for p in reviews)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".creating")]
    assert all(not name.endswith(".review") for name in leftovers)


def _in_child_with_file_limit(limit: int, work: object) -> str:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        try:
            work()  # type: ignore[operator]
            message = "OK"
        except (ReviewError, rf.ReviewFileError) as e:
            message = str(e)
        except BaseException as e:
            message = f"TRACEBACK {type(e).__name__}: {e}"
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    with os.fdopen(read_end) as f:
        return f.read()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_FSIZE in a forked child")
def test_full_disk_during_import_gives_one_line_and_no_file(tmp_path: Path) -> None:
    path = tmp_path / "full.review"
    message = _in_child_with_file_limit(40_000, lambda: _import_and_record(path))
    assert "disk" in message and "\n" not in message, message
    assert not path.exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_FSIZE in a forked child")
def test_full_disk_while_recording_refuses_in_one_line_and_keeps_the_file(
        tmp_path: Path) -> None:
    path = tmp_path / "full.review"
    demo_session(path).close()

    def record_much() -> None:
        s = ReviewSession.open(path, VAR)
        for frame in range(2000):
            s.tag_incident("holding", frame, notes="x" * 400)

    size = path.stat().st_size
    message = _in_child_with_file_limit(size + 200_000, record_much)
    assert "disk" in message and "Traceback" not in message, message
    assert usable(path)


@pytest.mark.parametrize("change,word", [
    (lambda doc: doc["match"]["home"].__setitem__("name", "Atalanta\udc80"), "Unicode"),
    (lambda doc: doc.__setitem__("x_note", 10 ** 400 * 1.0 if False else "1e400"), None),
])
def test_odd_text_and_numbers_refused_before_a_file_appears(tmp_path: Path, change: object,
                                                            word: str | None) -> None:
    doc = json.loads(demo_log().read_text())
    change(doc)  # type: ignore[operator]
    text = json.dumps(doc, ensure_ascii=True)
    if word is None:  # a bare 1e400 in an extra field: JSON reads it as infinity
        text = text.replace('"x_note": "1e400"', '"x_note": 1e400')
    log = tmp_path / "odd.json"
    log.write_text(text)
    out = cli("import", str(log), str(tmp_path / "odd.review"))
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "odd.review").exists()


def test_import_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    out = cli("import", str(demo_log()), str(tmp_path / "nowhere" / "m.review"))
    assert out.returncode == 2 and "folder does not exist" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_refused_clip_leaves_no_row_and_can_be_added_after(tmp_path: Path) -> None:
    s = demo_session(tmp_path / "c.review")
    with pytest.raises(ReviewError, match="number JSON cannot hold"):
        s.add_clip("/c/a.mp4", "a" * 64, {"fps": float("nan")})
    author, s.author = s.author, None
    with pytest.raises(ReviewError, match="say who is recording"):
        s.add_clip("/c/a.mp4", "a" * 64, {"fps": 25})
    assert s.clips() == []
    s.author = author
    clip = s.add_clip("/c/a.mp4", "a" * 64, {"fps": 25})
    assert [c.id for c in s.clips()] == [clip.id]
    assert s.record.entries[-1].payload["clip"] == clip.id
    s.close()


def test_renaming_an_open_review_refuses_to_record_at_once(tmp_path: Path) -> None:
    path = tmp_path / "a.review"
    s = demo_session(path)
    s.tag_incident("holding", 1)
    moved = tmp_path / "b.review"
    os.rename(path, moved)
    with pytest.raises(ReviewError, match="renamed, moved or replaced while open"):
        s.tag_incident("holding", 2)
    s.close()
    again = ReviewSession.open(moved, VAR)
    assert list(again.record.incidents) == ["i1"] and again.verify().intact
    again.tag_incident("holding", 2)
    again.close()


def test_exports_write_through_fifos_and_devices_and_follow_the_umask(
        tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_text(fifo, "through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)
    write_text(os.devnull, "nothing")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_text(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "shared.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "shared.json").stat().st_mode) == 0o644
    with pytest.raises(IsADirectoryError):
        write_text(tmp_path, "x")


def test_export_to_a_fifo_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "m.review"
    demo_session(path).close()
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    out = cli("export", str(path), "-o", str(fifo))
    reader.join(30)
    assert out.returncode == 0, out.stderr
    assert json.loads(got[0])["format"] == "reviewtool-matchlog"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def _beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()} - {path.name}


def test_reading_commands_never_write_or_migrate(tmp_path: Path) -> None:
    new = tmp_path / "new.review"
    s = demo_session(new)
    s.tag_incident("holding", 3)
    s.close()
    old = tmp_path / "old" / "old.review"
    old.parent.mkdir()
    downgrade_copy(new, old, "0002")
    before, mtime = old.read_bytes(), old.stat().st_mtime_ns
    for command in (["verify"], ["state"], ["export"]):
        out = cli(*command, str(old))
        assert out.returncode == 0, out.stderr
    assert "unsigned" in cli("verify", str(old)).stdout
    assert old.read_bytes() == before and old.stat().st_mtime_ns == mtime
    assert _beside(old) == set() and rf.inspect(old) == "0002"
    reader = ReviewSession.open(old, None, lock=False)  # training and unlocked windows
    assert list(reader.record.incidents) == ["i1"]
    reader.close()
    assert old.read_bytes() == before and _beside(old) == set()


def test_refused_files_get_nothing_beside_them(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.review"
    db = sqlite3.connect(foreign)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    for p in tmp_path.iterdir():
        if p != foreign:
            p.unlink()
    for command in ("verify", "state", "export"):
        out = cli(command, str(foreign))
        assert out.returncode == 2 and "another program" in out.stderr
    assert _beside(foreign) == set()


def test_a_healthy_review_on_read_only_media_opens_for_reading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the window opens it (with the lock): read-only, said so, nothing written beside.
    (Tests run as root, for whom permission bits do not stop writes: the check that a
    read-only mount answers is what is simulated.)"""
    path = tmp_path / "media" / "m.review"
    path.parent.mkdir()
    s = demo_session(path)
    s.tag_incident("holding", 4)
    s.close()
    before = path.read_bytes()
    monkeypatch.setattr(rf, "writable", lambda p: False)
    s = ReviewSession.open(path, VAR)
    try:
        assert s.read_only and s.report.intact
        assert "read-only" in s.warnings[0] and list(s.record.incidents) == ["i1"]
        with pytest.raises(ReviewError, match="nothing was recorded"):
            s.tag_incident("holding", 5)
    finally:
        s.close()
    assert path.read_bytes() == before and _beside(path) == set()
