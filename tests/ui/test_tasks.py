"""The one background runner: cancellable, newest wins, results on the GUI thread only."""

from __future__ import annotations

import threading
from pathlib import Path

from ui.player.controller import PlayerController
from ui.player.window import PlayerWindow
from ui.tasks import CANCELLED, Cancelled, TaskRunner

TIMEOUT = 10_000


def test_newest_wins_and_the_older_result_is_discarded(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    done: list[tuple[object, str]] = []
    discarded: list[object] = []

    def slow(_progress, _cancelled) -> str:
        release.wait(5)
        return "old"

    first = runner.run("slow", slow, lambda r, e: done.append((r, e)), key="k",
                       discard=discarded.append)
    runner.run("fast", lambda _p, _c: "new", lambda r, e: done.append((r, e)), key="k")
    qtbot.waitUntil(lambda: done == [("new", "")], timeout=TIMEOUT)
    assert first.cancelled  # the newer task cancelled it
    release.set()
    qtbot.waitUntil(lambda: discarded == ["old"], timeout=TIMEOUT)
    assert done == [("new", "")] and runner.running == []
    runner.shutdown()


def test_cancel_errors_and_progress_arrive_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    seen: list[tuple[str, bool]] = []
    done: list[tuple[object, str]] = []
    gui = threading.current_thread()

    def counting(progress, cancelled) -> int:
        for i in range(3):
            progress(i + 1, 3)
        cancelled.wait(5)
        if cancelled.is_set():
            raise Cancelled
        return 3

    task = runner.run("count", counting, lambda r, e: done.append((r, e)),
                      progress=lambda n, total: seen.append(
                          (f"{n}/{total}", threading.current_thread() is gui)))
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=TIMEOUT)
    task.cancel()
    qtbot.waitUntil(lambda: done == [(None, CANCELLED)], timeout=TIMEOUT)
    assert seen == [("1/3", True), ("2/3", True), ("3/3", True)]

    def broken(_p, _c) -> None:
        raise ValueError("the pack is not a zip file")

    runner.run("broken", broken, lambda r, e: done.append((r, e)))
    qtbot.waitUntil(lambda: len(done) == 2, timeout=TIMEOUT)
    assert done[1] == (None, "the pack is not a zip file")
    runner.shutdown()


def test_shutdown_waits_for_the_threads_and_delivers_nothing(qtbot) -> None:
    runner = TaskRunner()
    done: list[object] = []

    def until_cancelled(_p, cancelled) -> str:
        cancelled.wait(5)
        return "late"

    task = runner.run("long", until_cancelled, lambda r, e: done.append(r))
    runner.shutdown()
    assert task.thread is not None and not task.thread.is_alive()
    assert done == []


def test_opening_a_second_clip_at_once_wins(qtbot, window: PlayerWindow,
                                            ui_clips: dict[str, Path]) -> None:
    opened: list[str] = []
    window.player.opened.connect(lambda _facts: opened.append(window.player.clip.path.name))
    window.open_path(ui_clips["mp4"])
    with qtbot.waitSignal(window.player.opened, timeout=TIMEOUT):
        window.open_path(ui_clips["mkv"])
    qtbot.waitUntil(lambda: window.player.tasks.running == [], timeout=TIMEOUT)
    assert opened == [ui_clips["mkv"].name]


def test_indexing_in_the_background_is_told_without_a_polling_timer(qtbot) -> None:
    """The indexer's own notices drive "indexing: N frames so far", then the end."""
    from fractions import Fraction

    import numpy as np
    from PySide6.QtCore import QTimer

    from reviewtool.video.index import FrameIndex, IndexArrays

    def arrays(n: int) -> IndexArrays:
        z = np.arange(n, dtype=np.int64)
        return IndexArrays(z, np.zeros(n, bool), z, np.full(n, -1, np.int64))

    class GrowingClip:  # what the controller reads of a clip being indexed
        index = FrameIndex(Fraction(1, 25))

        def known_facts(self) -> str:
            return "facts"

    clip = GrowingClip()
    player = PlayerController()
    player.clip = clip  # type: ignore[assignment]
    told: list[tuple[int, bool]] = []
    player.index_grew.connect(lambda n, done: told.append((n, done)))
    player._watch_index(clip)  # type: ignore[arg-type]
    clip.index.publish(arrays(500), 500, complete=False)
    qtbot.waitUntil(lambda: (500, False) in told, timeout=TIMEOUT)
    assert [t for t in player.findChildren(QTimer) if t.isActive()] == []
    clip.index.publish(arrays(900), 900, complete=True)
    qtbot.waitUntil(lambda: told[-1] == (900, True), timeout=TIMEOUT)
    assert player.facts == "facts"
    player.clip = None
    player.tasks.shutdown()


def test_closing_while_a_clip_opens_drops_it(qtbot, window: PlayerWindow,
                                             ui_clips: dict[str, Path]) -> None:
    """A window closed before its clip has opened never starts showing (or playing) it."""
    opened: list[object] = []
    window.player.opened.connect(opened.append)
    window.open_path(ui_clips["mp4"])
    window.player.close()
    qtbot.waitUntil(lambda: window.player.tasks.running == [], timeout=TIMEOUT)
    assert opened == [] and window.player.clip is None
