"""Tampering with a review file: what each check detects, through the CLI as a user runs it.

The attack table in docs/review-guide.md is these tests: each names the attack, and whether
``verify`` alone, or ``verify --expect-head RECEIPT``, detects it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtool.review.decision import Ruling
from reviewtool.review.session import ReviewError, ReviewSession
from reviewtool.store import keys
from reviewtool.store.chain import Author
from tests.review import forge
from tests.review.helpers import VAR, demo_session

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewtool", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def review(tmp_path: Path) -> tuple[Path, Path]:
    """A review with 8 entries and the VAR's receipt of its head, kept outside the file."""
    path = tmp_path / "m.review"
    s = demo_session(path)
    for frame in range(5):
        s.tag_incident("holding", 100 + frame)
    s.record_on_field("i1", Ruling(), "90+1")
    receipt = tmp_path / "var.receipt"
    receipt.write_text(s.receipt().text + "\n")
    s.close()
    return path, receipt


def intact(path: Path) -> subprocess.CompletedProcess[str]:
    return cli("verify", str(path))


def with_receipt(path: Path, receipt: Path) -> subprocess.CompletedProcess[str]:
    return cli("verify", str(path), "--expect-head", str(receipt))


def test_untouched_review_verifies_with_its_receipt(review: tuple[Path, Path]) -> None:
    path, receipt = review
    ok = with_receipt(path, receipt)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("intact: 7 entries, 7 signed")
    assert "holds the receipt of Test VAR" in ok.stdout


def test_tail_truncation_with_log_head_removed_is_caught_by_the_receipt(
        review: tuple[Path, Path]) -> None:
    path, receipt = review
    forge.sql(path, "DELETE FROM log WHERE seq >= 6")
    forge.sql(path, "DELETE FROM meta WHERE key='log_head'")
    # a shorter log is a valid log: nothing inside the file can tell (documented)
    assert intact(path).returncode == 0
    bad = with_receipt(path, receipt)
    assert bad.returncode == 1
    assert "NOT INTACT" in bad.stdout and "removed from its end" in bad.stdout


def test_middle_entry_deleted_and_rest_rehashed_is_caught_by_the_signatures(
        review: tuple[Path, Path]) -> None:
    path, receipt = review
    forge.rewrite(path, lambda rs: rs[:3] + rs[4:])
    bad = intact(path)
    assert bad.returncode == 1 and "signature does not match" in bad.stdout
    assert with_receipt(path, receipt).returncode == 1


def test_rewritten_entry_resigned_with_the_forgers_key_is_caught_by_the_receipt(
        review: tuple[Path, Path]) -> None:
    path, receipt = review
    forger = keys.load_or_create("Forger")

    def change(rs: list[forge.Row]) -> list[forge.Row]:
        doc = json.loads(rs[6]["payload"])
        doc["decision"]["reason"] = "changed afterwards"
        rs[6]["payload"] = json.dumps(doc)
        return rs

    forge.rewrite(path, change, resign=forger)
    plain = intact(path)  # every signature is valid: but not by the VAR's key
    assert plain.returncode == 0
    assert "NOT the key of this name on this computer" in plain.stdout
    bad = with_receipt(path, receipt)
    assert bad.returncode == 1 and "rewritten" in bad.stdout


def test_a_forged_receipt_is_refused(review: tuple[Path, Path], tmp_path: Path) -> None:
    path, receipt = review
    text = receipt.read_text().split()
    text[1] = "3"  # claim a shorter head
    forged = tmp_path / "forged.receipt"
    forged.write_text(" ".join(text))
    bad = with_receipt(path, forged)
    assert bad.returncode == 1 and "receipt was altered" in bad.stdout


@pytest.mark.parametrize("payload,word", [
    ('{"incident":{"id":"i9"},"incident":{"id":"i1"}}', "canonical"),
    ('{"x":NaN}', "canonical"),
    ("not json at all", "not JSON"),
    ("[" * 100_000, "not JSON"),
])
def test_non_canonical_payloads_are_refused_in_one_line(review: tuple[Path, Path],
                                                        payload: str, word: str) -> None:
    path, _ = review
    forge.sql(path, "UPDATE log SET payload=? WHERE seq=3", payload)
    bad = intact(path)
    assert bad.returncode == 1 and "entry 3" in bad.stdout and word in bad.stdout
    assert bad.stderr == "" and len(bad.stdout.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["state"], ["export"]])
def test_reading_commands_refuse_a_broken_log(review: tuple[Path, Path],
                                              command: list[str]) -> None:
    path, _ = review
    forge.sql(path, "UPDATE log SET author='Someone else' WHERE seq=2")
    bad = cli(*command, str(path))
    assert bad.returncode == 1
    assert "NOT INTACT" in bad.stderr and "entry 2" in bad.stderr
    assert "Traceback" not in bad.stderr and bad.stdout == ""


def test_training_refuses_a_broken_log(review: tuple[Path, Path], tmp_path: Path) -> None:
    path, _ = review
    forge.sql(path, "UPDATE log SET recorded_at='2020-01-01T00:00:00.000Z' WHERE seq=4")
    bad = cli("training", "new", str(path), "i1", "-o", str(tmp_path / "t.training"))
    assert bad.returncode == 2 and "NOT INTACT" in bad.stderr


def test_the_window_path_opens_a_broken_log_read_only_and_says_why(
        review: tuple[Path, Path]) -> None:
    path, _ = review
    forge.sql(path, "UPDATE log SET author='Someone else' WHERE seq=2")
    s = ReviewSession.open(path, VAR)
    try:
        assert s.read_only and not s.report.intact
        assert "NOT INTACT" in s.warnings[0]
        with pytest.raises(ReviewError, match="nothing was recorded"):
            s.tag_incident("holding", 1)
    finally:
        s.close()


def test_edited_projections_are_rebuilt_from_the_log(review: tuple[Path, Path]) -> None:
    path, _ = review
    forge.sql(path, "UPDATE incidents SET category='handball' WHERE id='i1'")
    forge.sql(path, "DELETE FROM decisions")
    reader = ReviewSession.open(path, read_only=True)
    assert any("differ from the decision log" in w for w in reader.warnings)
    reader.close()
    s = ReviewSession.open(path, VAR)
    assert any("rebuilt" in w for w in s.warnings)
    s.close()
    import sqlite3
    db = sqlite3.connect(path)
    assert db.execute("SELECT category FROM incidents WHERE id='i1'").fetchone() == ("holding",)
    assert db.execute("SELECT count(*) FROM decisions").fetchone() == (1,)
    db.close()


def test_two_keys_for_one_name_are_named(review: tuple[Path, Path], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = review
    monkeypatch.setenv(keys.CONFIG_ENV, str(tmp_path / "another-computer"))
    s = ReviewSession.open(path, Author("Test VAR", "VAR"))
    s.tag_incident("holding", 7)
    s.close()
    out = cli("verify", str(path))
    assert out.returncode == 0 and "Test VAR signed with 2 different keys" in out.stdout
