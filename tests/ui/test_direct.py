"""``DirectSignal``: the per-frame signal whose listeners are plain calls, behaving as the Qt
signal it replaced where the player's listeners and pytest-qt rely on it."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QTimer

from ui.direct import DirectSignal


class Listener(QObject):
    def __init__(self, log: list[str], name: str) -> None:
        super().__init__()
        self.log, self.name = log, name

    def heard(self, value: int) -> None:
        self.log.append(f"{self.name}:{value}")


def test_listeners_are_called_in_order_with_the_arguments() -> None:
    signal, log = DirectSignal(), []
    signal.connect(lambda v: log.append(f"a:{v}"))
    signal.connect(lambda v: log.append(f"b:{v}"))
    signal.emit(7)
    assert log == ["a:7", "b:7"]


def test_a_listener_disconnected_during_an_emit_is_not_called_by_it() -> None:
    signal, log = DirectSignal(), []

    def second(v: int) -> None:
        log.append(f"second:{v}")

    def first(v: int) -> None:
        log.append(f"first:{v}")
        signal.disconnect(second)
        signal.disconnect(first)

    signal.connect(first)
    signal.connect(second)
    signal.emit(1)
    signal.emit(2)
    assert log == ["first:1"]


def test_disconnecting_what_is_not_connected_is_an_error_as_in_qt() -> None:
    with pytest.raises(RuntimeError):
        DirectSignal().disconnect(print)


def test_a_listener_that_raises_is_reported_and_the_others_still_run(monkeypatch) -> None:
    signal, log, reported = DirectSignal(), [], []
    monkeypatch.setattr(sys, "excepthook", lambda *info: reported.append(info[1]))

    def broken(_v: int) -> None:
        raise ValueError("broken listener")

    signal.connect(broken)
    signal.connect(lambda v: log.append(v))
    signal.emit(3)
    assert log == [3]
    assert [str(e) for e in reported] == ["broken listener"]


def test_a_listener_whose_qobject_was_deleted_is_dropped(qtbot) -> None:
    signal, log = DirectSignal(), []
    gone, kept = Listener(log, "gone"), Listener(log, "kept")
    signal.connect(gone.heard)
    signal.connect(kept.heard)
    with qtbot.waitSignal(gone.destroyed, timeout=5000):
        gone.deleteLater()
    signal.emit(4)
    assert log == ["kept:4"]
    signal.emit(5)
    assert log == ["kept:4", "kept:5"]


def test_pytest_qt_waits_on_it(qtbot) -> None:
    signal = DirectSignal()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: signal.emit(9))
    with qtbot.waitSignal(signal, timeout=5000) as blocker:
        timer.start(0)
    assert blocker.args == [9]
