"""The mailbox that brings objects from worker threads to the GUI thread: a batch posted
before the GUI thread drains comes in one wake-up (each is a call into Python there, which
waits for the interpreter's lock), and an item whose delivery fails does not hold up the rest."""

from __future__ import annotations

import sys
import threading

from reviewtool.video.errors import VideoError
from ui.mailbox import FrameMailbox, Mailbox


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


def test_a_shared_mailbox_gives_each_item_to_its_own_callback_in_one_wake_up(qtbot) -> None:
    box = Mailbox()
    got: list[tuple[str, int]] = []
    poster = threading.Thread(target=lambda: [
        box.post(i, (lambda n, who=who: got.append((who, n))))
        for i, who in enumerate(["main", "angle 2", "main", "angle 3"])])
    poster.start()
    poster.join()
    qtbot.waitUntil(lambda: len(got) == 4, timeout=5000)
    assert got == [("main", 0), ("angle 2", 1), ("main", 2), ("angle 3", 3)]
    assert box.wake_ups == 1


def test_a_frame_mailbox_that_joins_a_shared_one_loses_nothing_posted_before(qtbot) -> None:
    frames = FrameMailbox()
    shown: list[object] = []
    frames.frame_failed.connect(lambda n, message, server: shown.append((n, message)))
    frames.on_error(7, VideoError("a.mp4", "cannot be decoded"))  # waiting, not yet drained
    shared = Mailbox()
    frames.share(shared)
    assert shown == [(7, "a.mp4: cannot be decoded")]  # delivered when it joined
    frames.on_error(8, VideoError("a.mp4", "cannot be decoded"))
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
    assert shared.wake_ups == 1
