"""Importing this puts the checkout's root on ``sys.path``, so a script run as
``python scripts/NAME.py`` reaches the developer kit in ``tests/kit`` (stamped clips), which the
installed app does not ship."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))
