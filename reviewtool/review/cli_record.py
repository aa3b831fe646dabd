"""Headless recording and proof: ``record``, ``receipt``, and ``verify --expect-head``.

``record`` appends match events to a review exactly as the window records them (one signed
log entry each, checked against the latest state inside the write transaction), so scripts,
live data feeds and tests can record without a window, and two ``record`` runs at once behave
as two windows do.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from reviewtool.store import keys
from reviewtool.store.chain import Author, ChainReport
from reviewtool.store.lock import ReviewLocked
from reviewtool.store.matchlog import FORMAT, MatchLogError, match_json, parse
from reviewtool.store.receipt import Receipt, ReceiptError
from reviewtool.store.receipt import parse as parse_receipt
from reviewtool.store.reviewfile import ReviewFile, ReviewFileError
from reviewtool.store.safejson import JSONProblem, strict_loads

MAX_EVENTS_BYTES = 16 * 1024 * 1024  # a match has hundreds of events, not millions


def _fail(command: str, error: object, code: int = 2) -> int:
    print(f"reviewtool {command}: {error}", file=sys.stderr)
    return code


def _strict_json(path: Path) -> Any:
    """The document at ``path``: duplicate keys, NaN and absurd sizes refused in one line."""
    try:
        if path.stat().st_size > MAX_EVENTS_BYTES:
            raise MatchLogError(f"{path}: larger than {MAX_EVENTS_BYTES // 2**20} MB")
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise MatchLogError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise MatchLogError(f"{path}: cannot be read ({e})") from None
    try:
        return strict_loads(text)
    except JSONProblem as e:
        raise MatchLogError(f"{path}: {e}") from None


def _record(args: argparse.Namespace) -> int:
    from reviewtool.review.session import ReviewError, ReviewSession

    try:
        doc = _strict_json(Path(args.events))
        if not isinstance(doc, list):
            raise MatchLogError(f"{args.events}: expected a JSON list of match events")
        session = ReviewSession.open(args.review, Author(args.name, args.role), lock=False)
    except (MatchLogError, ReviewError, ReviewFileError, ReviewLocked, OSError) as e:
        return _fail("record", e)
    try:
        try:  # the events checked against the match-log format, with the review's match
            events = parse({"format": FORMAT, "version": 1, "match": match_json(session.match),
                            "events": doc}).events
        except MatchLogError as e:
            return _fail("record", f"{args.events}: {e}; nothing was recorded")
        for n, event in enumerate(events, start=1):
            try:
                session.record_events([event])
            except ReviewError as e:
                return _fail("record", f"event {n} ({event.type}) refused: {e}. {n - 1} "
                             f"recorded before it, nothing after it")
        receipt = session.receipt() if events else None
    except ReviewError as e:
        return _fail("record", e)
    finally:
        session.close()
    print(f"recorded {len(events)} match events into {args.review}")
    if receipt is not None:
        print(f"receipt: {receipt}")
    return 0


def _receipt(args: argparse.Namespace) -> int:
    from reviewtool.review.session import ReviewError, ReviewSession

    try:
        session = ReviewSession.open(args.review, read_only=True)
        try:
            session.author = Author(args.name, "")
            receipt = session.receipt()
        finally:
            session.close()
        if args.output:
            from reviewtool.store.atomic import write_text

            write_text(args.output, receipt.text + "\n")
    except (ReviewError, ReviewFileError, OSError) as e:
        return _fail("receipt", e)
    print(receipt)
    return 0


def expected_receipt(value: str) -> Receipt:
    """A receipt given as its text or as a file holding it."""
    path = Path(value)
    try:
        text = path.read_text("utf-8") if len(value) < 4096 and path.is_file() else value
    except (OSError, UnicodeDecodeError) as e:
        raise ReceiptError(f"{value}: cannot be read ({e})") from None
    return parse_receipt(text)


def describe(report: ChainReport) -> list[str]:
    """Who signed, with their key, and whether this computer knows that official's key."""
    lines = []
    for name, found in sorted(report.signers.items()):
        mine = _local_key(name)
        for key in sorted(found):
            note = ""
            if mine is not None:
                note = (" (the key of this name on this computer)" if key == mine else
                        " — NOT the key of this name on this computer")
            lines.append(f"  signed by {name}: key {key[:16]}…{note}")
    return lines


def _local_key(name: str) -> str | None:
    try:
        key = keys.load(name)
    except keys.KeyStoreError:
        return None
    return key.public() if key else None


def verify_command(args: argparse.Namespace) -> int:
    """Exit 0 when the chain is intact (or intact and unsigned), 1 when not, 2 unreadable."""
    try:
        expect = expected_receipt(args.expect_head) if args.expect_head else None
        review = ReviewFile.open(args.review, read_only=True, thorough=True)
        try:
            snapshot = review.snapshot()
            report = review.verify(snapshot)
        finally:
            review.close()
    except (ReviewFileError, ReceiptError, OSError) as e:
        return _fail("verify", e)
    if not report.intact:
        print(f"NOT INTACT: {report.problem}")
        return 1
    if expect is not None:
        problem = expect.check(snapshot[0])
        if problem:
            print(f"NOT INTACT: {problem} (receipt of {expect.name or 'an official'})")
            return 1
    word = "unsigned" if report.status == "unsigned" else "intact"
    detail = (" (recorded before entries were signed: hashes checked, authors cannot be)"
              if word == "unsigned" else f", {report.signed} signed")
    print(f"{word}: {report.entries} entries{detail}, head {report.head[:16]}…")
    for line in [*describe(report), *(f"  warning: {w}" for w in report.warnings)]:
        print(line)
    if expect is not None:
        print(f"  holds the receipt of {expect.name or 'an official'}: entry {expect.seq} "
              f"is {expect.head[:16]}…")
    return 0


def add_verify_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--expect-head", metavar="RECEIPT",
                   help="a receipt (its text, or a file holding it): the log must still "
                        "hold the head it names")
    p.set_defaults(func=verify_command)


def add_record_commands(sub: Any) -> None:
    p = sub.add_parser("record", help="append match events to a review, checked by the "
                                      "Laws, one signed log entry each",
                       description="Append match events (a JSON list in the match-log event "
                       "format) to a review, one signed log entry each, checked by the engine "
                       "as the window's recording is. A refused event stops with the reason "
                       "(exit 2); nothing after it is recorded. Prints a receipt.")
    p.add_argument("review", metavar="MATCH.review", help="the review file (e.g. match.review)")
    p.add_argument("events", metavar="EVENTS.json",
                   help="a JSON list of match events (the match-log event format)")
    p.add_argument("--as", dest="name", default=getpass.getuser(),
                   help="who records (default: you)")
    p.add_argument("--role", default="VAR", help="their role (default: VAR)")
    p.set_defaults(func=_record)

    p = sub.add_parser("receipt", help="print the signed head of a review's decision log",
                       description="Print a receipt: the head of the review's decision log "
                       "signed with your key, one line to keep outside the file; `verify "
                       "--expect-head RECEIPT` later proves the log still holds it.")
    p.add_argument("review", metavar="MATCH.review", help="the review file (e.g. match.review)")
    p.add_argument("--as", dest="name", default=getpass.getuser(),
                   help="whose key signs it (default: you)")
    p.add_argument("-o", "--output", metavar="FILE", help="also write it to FILE")
    p.set_defaults(func=_receipt)
