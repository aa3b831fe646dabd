"""Headless review-file commands: ``import``, ``export``, ``state`` and ``verify`` (with
``record`` and ``receipt`` from cli_record)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from reviewtool.review.cli_record import add_record_commands, add_verify_options
from reviewtool.store.chain import Author
from reviewtool.store.lock import ReviewLocked
from reviewtool.store.matchlog import MatchLogError, dumps, read, write
from reviewtool.store.reviewfile import ReviewFileError


def _fail(command: str, error: Exception) -> int:
    print(f"reviewtool {command}: {error}", file=sys.stderr)
    return 1 if "NOT INTACT" in str(error) else 2


def _import(args: argparse.Namespace) -> int:
    from reviewtool.review.session import ReviewError, ReviewSession

    try:
        log = read(args.log)
        session = ReviewSession.create(args.review, log, Author(args.author, args.role))
    except (MatchLogError, ReviewError, ReviewFileError, OSError) as e:
        return _fail("import", e)
    n = len(session.record.events)
    session.close()
    print(f"created {args.review}: {log.match.home.name} v {log.match.away.name}, "
          f"{n} match events")
    return 0


def _open(args: argparse.Namespace) -> Any:
    from reviewtool.review.session import ReviewSession

    # Reading commands do not take the lock (they may run while the review is open), never
    # write, and refuse a log that is not intact; other doubts are printed loudly.
    session = ReviewSession.open(args.review, read_only=True)
    for warning in session.warnings:
        print(f"reviewtool {args.command}: WARNING: {warning}", file=sys.stderr)
    return session


def _export(args: argparse.Namespace) -> int:
    from reviewtool.review.session import ReviewError

    try:
        session = _open(args)
        log = session.export()
        session.close()
        if args.output:
            write(log, args.output)
            return 0
        text = dumps(log)
    except (ReviewError, ReviewFileError, ReviewLocked, OSError) as e:
        return _fail("export", e)
    sys.stdout.write(text)  # outside the try: a closed pipe is not a file error
    return 0


def _state(args: argparse.Namespace) -> int:
    from reviewtool.review.session import ReviewError

    try:
        session = _open(args)
        state = session.state.to_json()
        session.close()
    except (ReviewError, ReviewFileError, OSError) as e:
        return _fail("state", e)
    json.dump(state, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def add_commands(sub: Any) -> None:
    review_help = "the review file (e.g. match.review)"
    p = sub.add_parser("import", help="create a review file from a match log",
                       description="Create a review file from a match log (refused if an "
                       "event breaks the Laws).")
    p.add_argument("log", metavar="LOG.json", help="match log (JSON, format version 1)")
    p.add_argument("review", metavar="MATCH.review",
                   help="the review file to create (e.g. match.review)")
    p.add_argument("--author", default=getpass.getuser(), help="who imports (default: you)")
    p.add_argument("--role", default="assessor", help="their role (default: assessor)")
    p.set_defaults(func=_import)

    p = sub.add_parser("export", help="write the match log of a review's events in effect",
                       description="Write the match log (format version 1) of the match "
                       "events in effect in a review.")
    p.add_argument("review", metavar="MATCH.review", help=review_help)
    p.add_argument("-o", "--output", metavar="LOG.json", help="file to write (default: stdout)")
    p.set_defaults(func=_export)

    p = sub.add_parser("state", help="print a review's match state (JSON, as replay)",
                       description="Print the match state that follows from a review's "
                       "decision log, as JSON (the same as replay prints).")
    p.add_argument("review", metavar="MATCH.review", help=review_help)
    p.set_defaults(func=_state)

    p = sub.add_parser("verify", help="check the hash chain of a review's decision log",
                       description="Check the hash chain and signatures of a review's decision "
                       "log: exit 0 when intact (or unsigned, for files from before "
                       "signatures), 1 naming the first bad entry or a receipt the log no "
                       "longer holds, 2 when unreadable.")
    p.add_argument("review", metavar="MATCH.review", help=review_help)
    add_verify_options(p)
    add_record_commands(sub)
