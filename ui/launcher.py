"""The ``reviewtool`` command: the window for ``--demo``, ``--open`` and the like or a file given
alone, the headless commands otherwise (see ``reviewtool.cli``, which parses both)."""

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
    from ui.app import main as gui_main

    return gui_main(window)


if __name__ == "__main__":
    sys.exit(main())
