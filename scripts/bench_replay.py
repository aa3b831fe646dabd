"""Benchmark: replay a match log of 2,000 events (target: under 50 ms).

Builds a long but legal log (many cautions, restarts, VAR checks, goals and disallowed goals,
substitutions), then times ``replay`` over repeated runs. Prints a table and writes JSON.
Usage: python scripts/bench_replay.py [--events 2000] [--runs 30] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from typing import Any

from reviewtool.match import events as ev
from reviewtool.match.engine import replay
from reviewtool.store import matchlog
from reviewtool.store.matchlog import MatchLog


def long_log(n: int) -> MatchLog:
    players = [{"number": k, "name": f"P{k}", "starter": k <= 11} for k in range(1, 19)]
    team = {"players": players, "staff": [{"name": "Coach", "role": "head coach"}]}
    doc = {"format": "reviewtool-matchlog", "version": 1, "events": [],
           "match": {"competition": "Bench", "date": "2026-02-25",
                     "home": {"name": "H", **team}, "away": {"name": "A", **team}}}
    base = matchlog.parse(doc)
    out: list[ev.MatchEvent] = [ev.PeriodStart(period=1)]
    i = 0
    while len(out) < n - 1:
        side = "home" if i % 2 else "away"
        k = i % 9
        if k == 0:
            out.append(ev.Goal(id=f"g{i}", team=side, player=9, minute="30"))
        elif k == 1:
            out.append(ev.VarCheck(about=f"g{i - 1}", outcome="review_recommended"))
        elif k == 2:
            out.append(ev.GoalDisallowed(goal=f"g{i - 2}", reason="offside"))
        elif k == 3:
            out.append(ev.Card(id=f"c{i}", team=side, player=4, card="yellow"))
        elif k == 4:
            out.append(ev.CardRescinded(card=f"c{i - 1}"))
        elif k == 5:
            out.append(ev.Card(id=f"s{i}", team=side, staff="Coach", card="yellow"))
        elif k == 6:
            out.append(ev.CardRescinded(card=f"s{i - 1}"))
        else:
            out.append(ev.Restart(kind="throw_in", team=side))
        i += 1
    out.append(ev.Goal(team="home", player=10))
    return MatchLog(base.match, tuple(out), {})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--json", default="bench-replay.json")
    args = ap.parse_args()
    log = long_log(args.events)
    replay(log.match, log.events)  # warm up, and prove the log is legal
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        replay(log.match, log.events)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    result: dict[str, Any] = {
        "events": len(log.events), "runs": args.runs,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2), "target_ms": 50,
        "machine": f"{platform.machine()} {platform.processor() or ''} "
                   f"Python {platform.python_version()}".strip(),
    }
    print(f"{'events':>8} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'target':>8}")
    print(f"{result['events']:>8} {result['median_ms']:>10} {result['p95_ms']:>8} "
          f"{result['max_ms']:>8} {'<50':>8}")
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
