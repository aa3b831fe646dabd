"""``python -m reviewtool``: the headless commands."""

import sys

from reviewtool.cli import main

sys.exit(main())
