"""The bundle's entry point: what a desktop starts (``reviewtool-gui``): the window, on the
file given if any; the headless commands when one is named."""

import sys

from ui.launcher import gui_main

if __name__ == "__main__":
    sys.exit(gui_main())
