"""Run as a child process: record through the session API for some seconds, as a window would.

Prints ``OK <seq> <hash> <kind>`` for every entry it was told was recorded and ``NO <reason>``
for every refusal, so the parent can check that each recorded entry is there exactly once.
Usage: python -m tests.review.race_child REVIEW NAME SECONDS SEED
"""

from __future__ import annotations

import random
import sys
import time

from reviewtool.match import events as ev
from reviewtool.review.decision import Ruling
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.store.chain import Author


def main() -> None:
    path, name, seconds, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    rnd = random.Random(seed)
    # the second window ignores the lock warning, as an official may
    session = ReviewSession.open(path, Author(name, "VAR"), lock=False)
    players = {side: session.state.players_on_field(side)[:3] for side in ("home", "away")}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        roll = rnd.random()
        try:
            if roll < 0.4:
                session.tag_incident("holding", rnd.randrange(1000))
                entry = session.record.entries[-1]
            elif roll < 0.65:
                incidents = list(session.record.incidents)
                if not incidents:
                    continue
                session.record_on_field(rnd.choice(incidents), Ruling(), None)
                entry = session.record.entries[-1]
            elif roll < 0.85:
                side = rnd.choice(("home", "away"))
                entry = session.record_events([ev.Card(team=side, player=rnd.choice(
                    players[side]), card="yellow", minute="90+1")]).entry
            else:
                if not session.can_undo():
                    continue
                entry = session.undo().entry
        except ReviewError as e:
            print("NO", str(e).replace("\n", " "), flush=True)
            continue
        assert entry is not None and entry.author.name == name
        print("OK", entry.seq, entry.hash, entry.kind, flush=True)
    session.close()


if __name__ == "__main__":
    main()
