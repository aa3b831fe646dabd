"""The mailbox that brings objects from worker threads to the GUI thread: a batch posted
before the GUI thread drains comes in one wake-up (each is a call into Python there, which
waits for the interpreter's lock), and an item whose delivery fails does not hold up the rest."""

from __future__ import annotations

import sys
import threading

from ui.mailbox import Mailbox


def test_a_batch_posted_from_a_thread_comes_in_one_wake_up(qtbot) -> None:
    delivered: list[int] = []
    box = Mailbox(delivered.append)
    drains: list[int] = []
    drain = box._drain

    def counted() -> None:
        drains.append(len(box._items))
        drain()

    box._wake.disconnect(box._drain)
    box._wake.connect(counted)  # (queued across threads, as the mailbox's own)

    def post_five() -> None:
        for i in range(5):
            box.post(i)

    poster = threading.Thread(target=post_five)
    poster.start()
    poster.join()
    qtbot.waitUntil(lambda: delivered == [0, 1, 2, 3, 4], timeout=5000)
    assert drains == [5]  # one wake-up for the five (there was one for each)
    box.post(5)  # after a drain, the next item wakes the GUI thread again
    qtbot.waitUntil(lambda: delivered[-1:] == [5], timeout=5000)
    assert len(drains) == 2


def test_an_item_whose_delivery_fails_does_not_hold_up_the_rest(qtbot, monkeypatch) -> None:
    delivered: list[int] = []
    reported: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: reported.append(info[1]))

    def deliver(item: int) -> None:
        if item == 1:
            raise ValueError("cannot deliver 1")
        delivered.append(item)

    box = Mailbox(deliver)
    poster = threading.Thread(target=lambda: [box.post(i) for i in range(4)])
    poster.start()
    poster.join()
    qtbot.waitUntil(lambda: delivered == [0, 2, 3], timeout=5000)
    assert [str(e) for e in reported] == ["cannot deliver 1"]
