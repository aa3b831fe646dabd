"""The ``reviewtool`` command: the window for ``--demo``, ``--open`` and the like or a file given
alone, the headless commands otherwise (see ``reviewtool.cli``, which parses both); and
``reviewtool-gui``, what a desktop starts (no console on Windows), the window in any case."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from reviewtool import cli

    parser = cli.build_parser()
    args = cli.parse(list(sys.argv[1:] if argv is None else argv), parser)
    window = cli.window_argv(args)
    if window is None:
        return cli.run(args, parser)
    return _open_window(window)


def gui_main(argv: Sequence[str] | None = None) -> int:
    """``reviewtool-gui [FILE]``, as the desktop's *Open with* starts it: the window on the file
    given, or empty; the same options as ``reviewtool``."""
    from reviewtool import cli

    parser = cli.build_parser()
    args = cli.parse(list(sys.argv[1:] if argv is None else argv), parser)
    window = cli.window_argv(args)
    if window is None and args.command is not None:
        return cli.run(args, parser)
    return _open_window(window or [])


def _open_window(argv: list[str]) -> int:
    from ui.syscheck import check

    if problem := check():  # before Qt loads: one message, not a traceback or an abort
        print(problem, file=sys.stderr)
        return 2
    from ui.app import main as app_main

    return app_main(argv)


if __name__ == "__main__":
    sys.exit(main())
