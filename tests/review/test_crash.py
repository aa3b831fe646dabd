"""A process killed while it records loses no committed entry and leaves a file that verifies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from reviewtool.store.chain import Author
from reviewtool.store.reviewfile import ReviewFile

ROOT = Path(__file__).resolve().parents[2]


def test_kill_during_writes_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "crash.review"
    ReviewFile.create(path, {"m": 1}, lock=False).close()
    child = subprocess.Popen([sys.executable, "-m", "tests.review.writer_child", str(path)],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    committed = 0
    for line in child.stdout:  # reported only after the commit returned
        committed = int(line)
        if committed >= 150:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with ReviewFile.open(path) as r:  # opens again: the OS dropped the dead writer's lock
        entries = r.entries()
        report = r.verify()
        assert report.intact, report.problem
        assert len(entries) >= committed
        assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
        r.append("note", {"after": "crash"}, Author("Next", "VAR"))
        assert r.verify().intact
