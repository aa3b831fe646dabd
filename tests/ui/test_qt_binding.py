"""Guard against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 released Python's True once per emission of a bool signal; after a few
thousand frames of playback the interpreter aborted ("bool_dealloc"). pyproject.toml excludes
it; this test fails on any binding with that fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)
    item = Signal(object)


def test_signals_keep_reference_counts(qapp) -> None:
    e = _Emitter()
    e.flag.connect(lambda _b: None)
    e.item.connect(lambda _x: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        e.flag.emit(True)
        e.item.emit((True, 1))
    # a broken binding loses one reference per emission (-400 here); allow a cached one or two
    assert abs(sys.getrefcount(True) - before) <= 2
