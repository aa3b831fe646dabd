"""Commit, undo and open costs of a review against the length of its decision log (issue 14).

Builds a review through the session API (incidents, on-field decisions, match events, sync
marks, undos and redos, as a long review would have), then measures at each size: the time of
one commit (tagging an incident, recording an on-field decision), of one undo and one redo, and
of opening the review (reading, checking the chain and replaying the log). Each commit is
durable (WAL, synchronous=FULL), so a commit's time includes the disk's fsync. Interleaved
with them, the same run times a bare SQLite commit of one row with the same settings (the
anchor): what the disk and the machine's load cost alone, whatever reviewtool does.

    python scripts/bench_commit.py --sizes 500 2000 5000 --samples 60 --json bench_commit.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewtool.match import events as ev
from reviewtool.resources import demo_log
from reviewtool.review.decision import Ruling
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.store.chain import Author
from reviewtool.store.matchlog import read

VAR = Author("Bench VAR", "VAR")


def grow(s: ReviewSession, target: int, rnd: random.Random, clip: int) -> None:
    """Record until the log has ``target`` entries, with the mix of a long review."""
    while len(s.record.entries) < target:
        roll = rnd.random()
        try:
            if roll < 0.45:
                s.tag_incident("holding", rnd.randrange(100_000), clip_id=clip)
            elif roll < 0.7:
                undecided = [i for i in list(s.record.incidents)[-20:]
                             if not s.record.decision_step(i, "on_field")]
                if undecided:
                    s.record_on_field(rnd.choice(undecided), Ruling(), None)
            elif roll < 0.8:
                s.record_events([ev.Restart(kind="free_kick", team="home", minute="90+1")])
            elif roll < 0.9:
                s.mark_sync(clip, rnd.randrange(100_000), rnd.choice((1, 2)), rnd.random())
            elif s.can_undo():
                s.undo()
                if rnd.random() < 0.5:
                    s.redo()
        except ReviewError:
            pass


CPU: dict[str, list[float]] = {}


def timed(fn: Callable[[], object], name: str = "") -> float:
    """Wall time in ms; the CPU time of this process is kept in CPU[name] (it leaves out the
    fsync wait and the other processes of a busy machine)."""
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    CPU.setdefault(name, []).append((time.process_time() - c0) * 1000)
    return (time.perf_counter() - t0) * 1000


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"median": round(statistics.median(ms), 2), "p95": round(p95, 2),
            "max": round(ms[-1], 2), "n": len(ms)}


ANCHOR = "bare SQLite commit (anchor)"


def bare_database(path: Path) -> sqlite3.Connection:
    """One table, WAL and synchronous=FULL as a review file has: the anchor's database."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, payload TEXT)")
    return db


def bare_commit(db: sqlite3.Connection, payload: str) -> None:
    """One durable transaction of one row: the least a recorded entry can cost."""
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO log (payload) VALUES (?)", (payload,))
    db.execute("COMMIT")


def measure(path: Path, s: ReviewSession, samples: int, rnd: random.Random) -> dict[str, dict]:
    commit, decide, undo, redo, anchor = [], [], [], [], []
    bare = bare_database(path.with_name("anchor.sqlite"))
    row = json.dumps({"incident": {"id": "i1", "category": "tripping", "notes": "x" * 200}})
    for _ in range(samples):
        anchor.append(timed(lambda: bare_commit(bare, row), ANCHOR))
        commit.append(timed(lambda: s.tag_incident("tripping", rnd.randrange(100_000)),
                            "commit (tag incident)"))
        last = list(s.record.incidents)[-1]
        decide.append(timed(lambda i=last: s.record_on_field(i, Ruling(), None),
                            "commit (on-field decision)"))
        undo.append(timed(s.undo, "undo"))
        redo.append(timed(s.redo, "redo"))
    s.close()
    bare.close()
    opened = []
    holder: list[ReviewSession] = []
    for _ in range(max(5, samples // 6)):
        opened.append(timed(lambda: holder.append(ReviewSession.open(path, VAR)),
                            "open (check + replay)"))
        holder.pop().close()
    walls = {"commit (tag incident)": commit, "commit (on-field decision)": decide,
             "undo": undo, "redo": redo, "open (check + replay)": opened, ANCHOR: anchor}
    out = {name: {**summary(ms), "cpu": summary(CPU.pop(name))} for name, ms in walls.items()}
    CPU.clear()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    ap.add_argument("--samples", type=int, default=60)
    ap.add_argument("--json", metavar="FILE", help="write the results as JSON")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-keys-") as keys:  # no key left behind
        if "REVIEWTOOL_CONFIG_DIR" not in os.environ:
            os.environ["REVIEWTOOL_CONFIG_DIR"] = keys
        return run(args)


def run(args: argparse.Namespace) -> int:
    rnd = random.Random(args.seed)
    results: dict[str, object] = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                                  f"{platform.system()}, Python {platform.python_version()}",
                                  "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.review"
        log = read(demo_log())
        s = ReviewSession.create(path, replace(log, events=log.events[:16]), VAR)
        clip = s.add_clip("/clips/main.mp4", "f" * 64, {"frames": 100_000}).id
        print(f"{'entries':>8} {'operation':<29} {'median':>9} {'p95':>9} {'max':>9} "
              f"{'cpu med':>9} {'cpu p95':>9}")
        for size in args.sizes:
            grow(s, size, rnd, clip)
            n = len(s.record.entries)
            rows = measure(path, s, args.samples, rnd)
            results["sizes"][str(n)] = rows  # type: ignore[index]
            for op, r in rows.items():
                c = r["cpu"]
                print(f"{n:>8} {op:<29} {r['median']:>7.2f}ms {r['p95']:>7.2f}ms "
                      f"{r['max']:>7.2f}ms {c['median']:>7.2f}ms {c['p95']:>7.2f}ms")
            s = ReviewSession.open(path, VAR)
        s.close()
    results["load average after"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
