"""Headless commands: ``reviewtool replay|import|export|state|verify|probe|frame|bench|training``.

The ``reviewtool`` script enters through ``ui.launcher``, which opens the window for ``--demo``
or no command and hands everything else here, so this module never needs Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from reviewtool import __version__


def _cmd_replay(args: argparse.Namespace) -> int:
    from reviewtool.match.engine import Rejection, replay
    from reviewtool.store.matchlog import MatchLogError, read

    try:
        log = read(args.log)
        for notice in log.notices:
            print(f"reviewtool replay: {notice}", file=sys.stderr)
        if args.after is not None and args.after < 0:
            raise MatchLogError("--after must be 0 or more")
        state = replay(log.match, log.events, after=args.after)
    except (MatchLogError, Rejection) as e:
        print(f"reviewtool replay: {e}", file=sys.stderr)
        return 2
    json.dump(state.to_json(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewtool", description="Frame-accurate referee and VAR review tool.")
    parser.add_argument("--version", action="version", version=f"reviewtool {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the window on the demo match (needs the GUI)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("replay", help="validate a match log and print the final match state")
    p.add_argument("log", help="match log (JSON, format version 1)")
    p.add_argument("--after", type=int, metavar="N", help="stop after the first N events")
    p.set_defaults(func=_cmd_replay)

    from reviewtool.review import cli as review_cli
    from reviewtool.training import cli as training_cli
    from reviewtool.video import cli as video_cli

    review_cli.add_commands(sub)
    video_cli.add_commands(sub)
    training_cli.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
