"""Shared set-up for review tests: the demo review before the stoppage-time incident."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reviewtool.resources import demo_log
from reviewtool.review.session import ReviewSession
from reviewtool.store.chain import Author
from reviewtool.store.matchlog import read

VAR = Author("Test VAR", "VAR")
BEFORE_INCIDENT = 16


def demo_session(path: Path, events: int = BEFORE_INCIDENT) -> ReviewSession:
    log = read(demo_log())
    return ReviewSession.create(path, replace(log, events=log.events[:events]), VAR)
