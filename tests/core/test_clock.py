"""Match minutes as reports print them, parsed and ordered."""

from __future__ import annotations

import pytest

from reviewtool.match.clock import Minute, clock_text


def test_parse_and_order() -> None:
    texts = ["90+8", "5", "45+2", "46", "45", "105+1", "90"]
    ordered = sorted(texts, key=Minute.parse)
    assert ordered == ["5", "45", "45+2", "46", "90", "90+8", "105+1"]
    assert str(Minute.parse("90+8")) == "90+8"


@pytest.mark.parametrize("bad", ["", "x", "90+", "+3", "30+2", "200", "45 +2"])
def test_bad_minutes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        Minute.parse(bad)


def test_running_clock() -> None:
    assert clock_text(1, 0) == "0:00"
    assert clock_text(2, 44 * 60 + 59) == "89:59"
    assert clock_text(2, 49 * 60 + 12) == "90+4:12"
    assert str(Minute.from_elapsed(2, 49 * 60 + 12)) == "90+5"
    assert str(Minute.from_elapsed(1, 30)) == "1"
