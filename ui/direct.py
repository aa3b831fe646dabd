"""A signal for the per-frame path whose listeners are plain Python calls.

A PySide ``Signal`` emitted on the GUI thread lets go of the interpreter's lock and takes it
back for every Python slot (and once even with no slot). While the frame servers' threads run
Python, each take waits its turn: a probe measured 0.16 ms an emit with five slots and one
busy thread, 0.36 ms and up to 23 ms with three. Four angles at 50 fps emit a frame's signal
200 times a second, which is where the window's longest blocks while playing came from.

``DirectSignal`` has the part of a Qt signal's interface the player's listeners and
pytest-qt's ``waitSignal`` use (``connect``, ``disconnect``, ``emit``), called on the thread
that emits (the GUI thread: the mailbox brings frames there). Like Qt, it goes on to the next
listener when one raises (the error goes to ``sys.excepthook``), does not call a listener
disconnected during the emit, and drops a listener whose QObject has been deleted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject


class DirectSignal:
    """Listeners called directly, in the order they connected; see the module's docstring."""

    def __init__(self) -> None:
        self._slots: list[tuple[Callable[..., Any], QObject | None]] = []

    def connect(self, slot: Callable[..., Any]) -> None:
        """Call ``slot`` on every emit, until disconnected or its QObject is deleted."""
        owner = getattr(slot, "__self__", None)
        self._slots.append((slot, owner if isinstance(owner, QObject) else None))

    def disconnect(self, slot: Callable[..., Any]) -> None:
        """Stop calling ``slot``; RuntimeError if it is not connected (as Qt's)."""
        for i, (connected, _owner) in enumerate(self._slots):
            if connected == slot:
                del self._slots[i]
                return
        raise RuntimeError(f"{slot!r} is not connected")

    def emit(self, *args: Any) -> None:
        slots = self._slots
        for entry in tuple(slots):
            if entry not in slots:
                continue  # disconnected by an earlier listener of this emit
            slot, owner = entry
            if owner is not None and not shiboken6.isValid(owner):
                slots.remove(entry)
                continue
            try:
                slot(*args)
            except Exception:  # as a Qt slot's: reported, and the others still run
                sys.excepthook(*sys.exc_info())
