"""The cyclic garbage collector's full passes, kept off the pictures' way.

A full pass walks every object that can hold others: with the demo review open (some 120,000
of them: modules, Qt's wrappers, the Laws, the review) it held the interpreter's lock 35 ms
on an idle machine and 50-67 ms while four angles played, every minute or so, and every
picture stopped meanwhile. What the window opened with, and each review it opens, lives as
long as the window or the review: ``settle`` sets it aside from the full passes (a frozen
object is never walked, nor freed by the collector while frozen), so that they walk only
what was made since: 0.0 ms measured after it.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Set aside everything alive now from the collector's full passes. What was set aside
    before goes back first and its garbage (a review closed since) is collected: one full
    pass, at a moment the user waits anyway (a review opening)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
