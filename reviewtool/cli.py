"""The ``reviewtool`` command line: the window's options and the headless commands.

One parser says everything ``reviewtool --help`` lists. ``ui.launcher`` (the ``reviewtool``
script) parses with it and opens the window when the arguments ask for it (``window_argv``);
the headless commands run here and never need Qt. ``python -m reviewtool`` runs only those.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reviewtool import __version__

# The window's options: what each opens, and the file suffix that means it when a file is
# given alone (``reviewtool MATCH.review``, as the desktop's "open with" passes it).
WINDOW_OPTIONS = {
    "open": ("CLIP", "open a clip in the player"),
    "review": ("MATCH.review", "open a review file at the review desk"),
    "training": ("S.training", "open a training session in the builder (instructor)"),
    "pack": ("P.rtpack", "answer the questions of a trainees' pack (trainee)"),
    "grade": ("S.training", "grade answers to a training session (instructor)"),
}
SUFFIX_OPTION = {".review": "review", ".training": "training", ".rtpack": "pack"}
USAGE = """reviewtool [--demo | --demo-unsynced | --open CLIP | --review MATCH.review |
                   --training S.training | --pack P.rtpack | --grade S.training | FILE]
       reviewtool COMMAND [ARGUMENTS...]     (reviewtool COMMAND --help says more)"""
EPILOG = """A FILE given alone opens as its suffix says: .review at the review desk, .training in
the builder, .rtpack in training mode, anything else as a clip in the player.
The headless commands need no display; `reviewtool gui` opens an empty window."""
SIGPIPE_EXIT = 141  # what a shell reports for a program stopped by a closed pipe


def _cmd_replay(args: argparse.Namespace) -> int:
    from reviewtool.match.engine import Rejection, replay
    from reviewtool.store.matchlog import MatchLogError, read

    try:
        log = read(args.log)
        for notice in log.notices:
            print(f"reviewtool replay: {notice}", file=sys.stderr)
        if args.after is not None and not 0 <= args.after <= len(log.events):
            raise MatchLogError(f"--after {args.after}: the log has {len(log.events)} events "
                                f"(give 0 to {len(log.events)})")
        state = replay(log.match, log.events, after=args.after)
    except (MatchLogError, Rejection) as e:
        print(f"reviewtool replay: {e}", file=sys.stderr)
        return 2
    json.dump(state.to_json(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def add_offside_command(sub: argparse._SubParsersAction) -> None:
    """``reviewtool offside MEASUREMENT.json``: calibrate, measure, print JSON (issue 12)."""

    def run(args: argparse.Namespace) -> int:
        from reviewtool.geometry.errors import GeometryError
        from reviewtool.geometry.headless import read, report
        from reviewtool.geometry.headless import run as measure

        try:
            cal, m = measure(read(args.measurement))
        except GeometryError as e:
            print(f"reviewtool offside: {e}", file=sys.stderr)
            return 2
        json.dump(report(cal, m, detail=args.lines), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0

    p = sub.add_parser("offside", formatter_class=_Formatter,
                       help="measure an offside from clicked landmarks and players (JSON)",
                       description="Calibrate from clicked landmarks, measure the distance "
                       "between the second-last defender's and the attacker's lines with its "
                       "uncertainty, and print JSON (docs/offside.md); exit 2 with one line on "
                       "bad input.")
    p.add_argument("measurement", metavar="MEASUREMENT.json",
                   help="pitch, attack, fps, landmarks and the players in two frames (pixels)")
    p.add_argument("--lines", action="store_true",
                   help="also print the lines and the band in image coordinates, and details")
    p.set_defaults(func=run)


def _cmd_gui(args: argparse.Namespace) -> int:
    """Reached only through ``python -m reviewtool``: the launcher opens the window itself."""
    print("reviewtool: the window opens from the `reviewtool` command; `python -m reviewtool` "
          "runs the headless commands only", file=sys.stderr)
    return 2


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the hand-wrapped usage and epilog; lists the commands in a wide column."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=34, width=100)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewtool", usage=USAGE, epilog=EPILOG, formatter_class=_Formatter,
        description="Frame-accurate referee and VAR review tool that knows the Laws of the "
                    "Game.")
    parser.add_argument("--version", action="version", version=f"reviewtool {__version__}")
    window = parser.add_argument_group("the window").add_mutually_exclusive_group()
    window.add_argument("--demo", action="store_true",
                        help="open the demo match, its four angles synced (renders its clips "
                        "into the cache once)")
    window.add_argument("--demo-unsynced", action="store_true",
                        help="the demo match with its angles not yet synced, to sync them")
    for name, (metavar, text) in WINDOW_OPTIONS.items():
        window.add_argument(f"--{name}", metavar=metavar, help=text, dest=f"window_{name}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="headless commands",
                                prog="reviewtool")

    p = sub.add_parser("replay", formatter_class=_Formatter,
                       help="validate a match log and print the match state (JSON)",
                       description="Validate a match log against the Laws and print the match "
                       "state as JSON; exit 2 with the reason if an event breaks the Laws.")
    p.add_argument("log", metavar="LOG.json", help="match log (JSON, format version 1)")
    p.add_argument("--after", type=int, metavar="N",
                   help="the state after the first N events (0 to the number of events)")
    p.set_defaults(func=_cmd_replay)

    from reviewtool.review import cli as review_cli
    from reviewtool.review.cli_angles import add_angle_commands
    from reviewtool.training import cli as training_cli
    from reviewtool.video import cli as video_cli

    review_cli.add_commands(sub)
    video_cli.add_commands(sub)
    training_cli.add_commands(sub)
    add_offside_command(sub)
    add_angle_commands(sub)
    p = sub.add_parser("gui", help="open the window with nothing loaded",
                       description="Open the window with nothing loaded (File > Open...).")
    p.set_defaults(func=_cmd_gui)
    return parser


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _files_as_options(argv: list[str], commands: set[str]) -> list[str]:
    """``reviewtool FILE`` as the option its suffix means (``--review=FILE``, ...)."""
    if not argv or argv[0].startswith("-") or argv[0] in commands:
        return argv
    first = argv[0]
    if not (Path(first).suffix or Path(first).exists()):
        return argv  # a mistyped command: argparse names the choices
    more = [a for a in argv[1:] if not a.startswith("-") and a not in commands]
    if more:  # several files from the desktop: one window opens one file
        print(f"reviewtool: opens one file at a time (given: {first}, {', '.join(more)})",
              file=sys.stderr)
        raise SystemExit(2)
    option = SUFFIX_OPTION.get(Path(first).suffix.lower(), "open")
    return [f"--{option}={first}", *argv[1:]]


def parse(argv: Sequence[str], parser: argparse.ArgumentParser | None = None
          ) -> argparse.Namespace:
    """Parse ``argv``; bad usage and missing files exit 2 with one line, as argparse does."""
    parser = parser or build_parser()
    args = parser.parse_args(_files_as_options(list(argv), _command_names(parser)))
    if args.command is not None and (args.demo or args.demo_unsynced or _window_files(args)):
        parser.error(f"the window's options do not go with the command {args.command}")
    for name, value in _window_files(args):
        if not Path(value).exists():
            parser.exit(2, f"reviewtool: --{name} {value}: file not found\n")
        if Path(value).is_dir():
            parser.exit(2, f"reviewtool: --{name} {value}: is a folder, not a file\n")
    return args


def _window_files(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(option, file) of the window's options given; their dests do not clash with the
    commands' arguments (``state REVIEW``)."""
    return [(n, getattr(args, f"window_{n}")) for n in WINDOW_OPTIONS
            if getattr(args, f"window_{n}", None)]


def window_argv(args: argparse.Namespace) -> list[str] | None:
    """The window's arguments (as ``ui.app.main`` takes them), or None for a headless
    command."""
    if args.command == "gui":
        return []
    if args.command is not None:
        return None
    if args.demo:
        return ["--demo"]
    if args.demo_unsynced:
        return ["--demo-unsynced"]
    files = _window_files(args)  # "--open=FILE": a file named "-x.mp4" stays a file
    return [f"--{files[0][0]}={files[0][1]}"] if files else None


def run(args: argparse.Namespace, parser: argparse.ArgumentParser | None = None) -> int:
    """Run the headless command ``args`` names (the help when there is none)."""
    if args.command is None and window_argv(args) is None:
        (parser or build_parser()).print_help()
        return 0
    if args.command is None:
        return _cmd_gui(args)
    return quiet_on_closed_pipe(lambda: int(args.func(args)))


def quiet_on_closed_pipe(command: Callable[[], int]) -> int:
    """Run ``command``; when the reader of standard output goes away (``| head``), stop
    quietly, as Unix tools do, instead of printing a BrokenPipeError traceback."""
    try:
        code = command()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would flush stdout again at exit and complain: point it at devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return SIGPIPE_EXIT
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parse(sys.argv[1:] if argv is None else argv, parser)
    return run(args, parser)


if __name__ == "__main__":
    sys.exit(main())
