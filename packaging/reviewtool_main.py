"""The bundle's entry point: the ``reviewtool`` command, opening the window when started
without arguments (a double click on the desktop)."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["gui"]))
