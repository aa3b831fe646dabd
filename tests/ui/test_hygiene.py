"""The hygiene checks of conftest.py can fail: a left thread, a left timer are seen."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import leftovers


def test_a_thread_left_running_is_named(qtbot) -> None:
    before = set(threading.enumerate())
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, name="forgotten worker", daemon=True)
    worker.start()
    try:
        threads, _ = leftovers(before, grace=0.2)
        assert threads == ["forgotten worker"]
    finally:
        stop.set()
        worker.join()
    assert leftovers(before, grace=0.2)[0] == []


def test_a_running_timer_of_a_live_window_is_named(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    timer = QTimer(widget)
    timer.setObjectName("poll")
    timer.start(1000)
    assert "QWidget.poll (1000 ms)" in leftovers(set(threading.enumerate()), grace=0)[1]
    timer.stop()
