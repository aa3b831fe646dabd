"""Each question carries the match state just before its incident, never what was decided."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtool.match.state import Person
from reviewtool.review.matchtime import MatchTime
from reviewtool.training.context import context_lines, incident_context
from reviewtool.training.pack import export_pack, open_pack
from reviewtool.training.quiz import Quiz, items_from_review
from tests.review.helpers import demo_session
from tests.training.helpers import reviewed_incident

BEFORE = {"minute": "90+4", "teams": {"home": "Atalanta", "away": "Borussia Dortmund"},
          "score": {"home": 3, "away": 1}, "aggregate": {"home": 3, "away": 3},
          "on_field": {"home": 11, "away": 11},
          "cautioned": [{"team": "away", "number": 5, "name": "Ramy Bensebaini",
                         "minute": "13"}]}


def test_the_context_is_the_state_before_the_incident_and_its_decisions(
        tmp_path: Path) -> None:
    review = reviewed_incident(tmp_path)  # i1 ends in Bensebaini's second caution
    session = items_from_review(review, ["i1"], Quiz.new("x"), pre_roll=1,
                                post_roll=1)
    item = session.items[0]
    assert item.context == BEFORE  # still on a caution, eleven a side: not the answer
    assert context_lines(item.context) == [
        "Minute 90+4'", "Score: Atalanta 3–1 Borussia Dortmund (aggregate 3–3)",
        "On the field: Atalanta 11, Borussia Dortmund 11",
        "On a caution since 13': Ramy Bensebaini (Borussia Dortmund #5)"]
    session.save(tmp_path / "s.training")
    assert Quiz.load(tmp_path / "s.training").items[0].context == BEFORE
    export_pack(session, tmp_path / "p.rtpack")
    assert open_pack(tmp_path / "p.rtpack", tmp_path / "x").items[0].context == BEFORE


@pytest.mark.parametrize("minute, score, cautioned", [
    ("10", {"home": 1, "away": 0}, []),  # before Bensebaini's caution at 13'
    ("50", {"home": 2, "away": 0}, [5]),  # the 57' goal is later
    ("80", {"home": 3, "away": 1}, [5]),
])
def test_later_events_of_the_log_are_left_out(tmp_path: Path, minute: str,
                                              score: dict[str, int],
                                              cautioned: list[int]) -> None:
    s = demo_session(tmp_path / "full.review")
    period = 1 if int(minute) <= 45 else 2
    seconds = (int(minute) - 1 - (0 if period == 1 else 45)) * 60 + 30
    inc = s.tag_incident("dangerous_play", 10, time=MatchTime(period, seconds),
                         offender=Person("away", 5))
    context = incident_context(s.record, inc)
    s.close()
    assert context["minute"] == minute and context["score"] == score
    assert [c["number"] for c in context["cautioned"]] == cautioned
