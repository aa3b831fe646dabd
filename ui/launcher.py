"""The ``reviewtool`` command: the window for ``--demo`` or a clip, the core CLI otherwise."""

from __future__ import annotations

import sys
from collections.abc import Sequence

GUI_FLAGS = ("--demo", "--open", "--review", "--training", "--pack", "--grade")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in GUI_FLAGS for a in args) or args == ["gui"]:
        from ui.syscheck import check

        if problem := check():  # before Qt loads: one message, not a traceback or an abort
            print(problem, file=sys.stderr)
            return 2
        from ui.app import main as gui_main

        return gui_main([a for a in args if a != "gui"])
    from reviewtool.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
