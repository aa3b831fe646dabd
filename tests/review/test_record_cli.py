"""``reviewtool record``: match events from a JSON list, one signed, checked entry each."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.store import keys
from tests.review.helpers import demo_session

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewtool", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)


def card(player: int, minute: str, colour: str = "yellow") -> dict[str, object]:
    return {"type": "card", "team": "home", "player": player, "card": colour,
            "minute": minute}


@pytest.fixture
def review(tmp_path: Path) -> Path:
    path = tmp_path / "m.review"
    demo_session(path).close()
    return path


def write(tmp_path: Path, events: object, name: str = "events.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(events))
    return p


def test_events_are_recorded_one_signed_entry_each_with_a_receipt(review: Path,
                                                                  tmp_path: Path) -> None:
    events = write(tmp_path, [card(4, "90+1"), {"type": "goal", "team": "home",
                                                 "player": 10, "minute": "90+2"}])
    out = cli("record", str(review), str(events), "--as", "Feed Bot", "--role", "data")
    assert out.returncode == 0, out.stderr
    assert "recorded 2 match events" in out.stdout
    receipt = out.stdout.splitlines()[-1].removeprefix("receipt: ")
    s = ReviewSession.open(review, read_only=True)
    new = s.record.entries[-2:]
    assert [e.kind for e in new] == ["events", "events"]
    assert {e.author.name for e in new} == {"Feed Bot"} and all(e.signature for e in new)
    assert s.state.score.home == 4
    s.close()
    ok = cli("verify", str(review), "--expect-head", receipt)
    assert ok.returncode == 0, ok.stdout


def test_a_refused_event_stops_with_the_engines_message_and_nothing_after(
        review: Path, tmp_path: Path) -> None:
    events = write(tmp_path, [card(4, "90+1"), card(4, "90+2"), card(4, "90+3"),
                              card(5, "90+4")])
    out = cli("record", str(review), str(events), "--as", "Feed Bot")
    assert out.returncode == 2
    assert "event 3 (card) refused" in out.stderr and "already been sent off" in out.stderr
    assert "2 recorded before it, nothing after it" in out.stderr
    s = ReviewSession.open(review, read_only=True)
    assert len(s.record.entries) == 3  # the creation and the two cautions
    s.close()


@pytest.mark.parametrize("content,word", [
    ('{"not": "a list"}', "expected a JSON list"),
    ('[{"type": "card", "type": "goal"}]', "duplicate key"),
    ('[{"type": "goal", "team": "home", "player": 10, "minute": NaN}]', "not a JSON number"),
    ("[" * 100_000, "nested too deeply"),
    ('[{"type": "teleport"}]', "nothing was recorded"),
])
def test_bad_event_files_are_refused_in_one_line(review: Path, tmp_path: Path, content: str,
                                                 word: str) -> None:
    events = tmp_path / "bad.json"
    events.write_text(content)
    out = cli("record", str(review), str(events))
    assert out.returncode == 2 and word in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_two_record_processes_at_once_land_once_each_and_checked(review: Path,
                                                                tmp_path: Path) -> None:
    """Both try to caution the same players: the second caution sends off, and a third card
    to a sent-off player must be refused whichever process comes second."""
    files = [write(tmp_path, [card(n, f"90+{i % 9 + 1}") for i in range(6) for n in (4, 5)],
                   f"feed{k}.json") for k in range(2)]
    procs = [subprocess.Popen([sys.executable, "-m", "reviewtool", "record", str(review),
                               str(f), "--as", f"Feed {k}"], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for k, f in enumerate(files)]
    results = [p.communicate(timeout=180) for p in procs]
    codes = [p.returncode for p in procs]
    assert sorted(codes) == [2, 2], results  # each stops at its first refused card
    s = ReviewSession.open(review, read_only=True)
    assert s.verify().intact
    cards = [e for e in s.record.events if e.type == "card" and e.team == "home"
             and str(e.minute).startswith("90+")]
    assert len(cards) == 4  # two cautions each for #4 and #5, no more, from either feed
    s.close()


def test_a_minute_earlier_than_the_last_recorded_is_refused(review: Path,
                                                            tmp_path: Path) -> None:
    events = write(tmp_path, [card(4, "90+1"), card(9, "3")])
    out = cli("record", str(review), str(events), "--as", "Feed Bot")
    assert out.returncode == 2
    assert "event 2 (card) refused" in out.stderr
    assert "minute 3 is earlier than minute 90+1" in out.stderr


def test_a_receipt_without_as_is_signed_by_who_recorded_last_or_refused(
        review: Path, tmp_path: Path) -> None:
    out = cli("receipt", str(review))
    assert out.returncode == 0, out.stderr
    assert "signed as Test VAR, who recorded last" in out.stderr
    assert "Test VAR" in out.stdout
    events = write(tmp_path, [card(4, "90+1")])
    ghost = f"Ghost {tmp_path.name}"  # a name this computer holds no key of afterwards
    assert cli("record", str(review), str(events), "--as", ghost).returncode == 0
    keys.key_path(ghost).unlink()
    out = cli("receipt", str(review))
    assert out.returncode == 2 and out.stdout == ""
    assert f"this computer holds no key of {ghost}" in out.stderr and "--as" in out.stderr
    assert not keys.key_path(ghost).exists()  # no brand-new key was made


def test_a_review_recorded_before_minutes_were_checked_still_opens(
        review: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewtool.match import events as ev
    from reviewtool.match import minutes
    from tests.review.helpers import VAR

    with monkeypatch.context() as m:  # as an older reviewtool recorded it: minutes unchecked
        m.setattr(minutes, "check", lambda state, event: None)
        s = ReviewSession.open(review, VAR)
        s.record_events([ev.Card(team="home", player=4, card="yellow", minute="90+2")])
        s.record_events([ev.Card(team="home", player=9, card="yellow", minute="90+1")])
        s.close()
    s = ReviewSession.open(review, VAR)  # what is on record stays readable
    try:
        assert [e.minute for e in s.record.events[-2:]] == ["90+2", "90+1"]
        with pytest.raises(ReviewError, match="minute 90 is earlier than minute 90\\+2"):
            s.record_events([ev.Card(team="home", player=8, card="yellow", minute="90")])
        s.undo()  # the refold of stored entries is as lenient as the open
        assert s.record.events[-1].minute == "90+2"
    finally:
        s.close()
