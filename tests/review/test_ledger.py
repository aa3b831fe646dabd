"""The incremental ledger agrees with a full fold of the log after any mix of operations.

Checkpoints every 4 entries (instead of 64) so that undos and redos cross many of them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reviewtool.match import events as ev
from reviewtool.match.engine import replay
from reviewtool.review import ledger
from reviewtool.review import record as rec
from reviewtool.review.decision import Ruling
from reviewtool.review.projection import matches
from reviewtool.review.session import ReviewError, ReviewSession
from tests.review.helpers import VAR, demo_session


def same_as_full_fold(s: ReviewSession) -> None:
    full = rec.fold(s.record.entries)
    r = s.record
    assert r.in_effect == full.in_effect
    assert r.events == full.events and r.event_entry == full.event_entry
    assert r.incidents == full.incidents and r.incident_seen == full.incident_seen
    assert r.decisions == full.decisions and r.syncs == full.syncs
    assert s.state.to_json() == replay(full.match, full.events).to_json()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_fold_equals_full_fold(tmp_path: Path, seed: int,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "EVERY", 4)
    rnd = random.Random(seed)
    s = demo_session(tmp_path / "l.review")
    players = s.state.players_on_field("home")[:4]
    for _ in range(120):
        roll = rnd.random()
        try:
            if roll < 0.3:
                s.tag_incident("holding", rnd.randrange(500))
            elif roll < 0.45 and s.record.incidents:
                s.record_on_field(rnd.choice(list(s.record.incidents)), Ruling(), None)
            elif roll < 0.6:
                s.record_events([ev.Card(team="home", player=rnd.choice(players),
                                         card="yellow", minute="90+1")])
            elif roll < 0.8 and s.can_undo():
                s.undo()
            elif s.can_redo():
                s.redo()
        except ReviewError:
            pass
        same_as_full_fold(s)
    stored = s.file.projection_rows()
    assert stored is not None and matches(stored, s.record)
    s.close()
    again = ReviewSession.open(tmp_path / "l.review", VAR)
    same_as_full_fold(again)
    assert not again.warnings
    again.close()
