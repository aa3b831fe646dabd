"""Arrays for the planes of kept pictures, used again once the picture that held them is gone.

The cache keeps each picture near the playhead in an array of its own (``Picture.detached``).
A fresh 3 MB array costs about 1.5 ms at 1080p before a byte is copied: each block of that size
is its own mapping (``video.allocator``), and the system fills it page by page. Copying into an
array that a dropped picture held costs 0.2 ms. On a cold jump of four angles that was 170 ms
of CPU of 630.

An array goes back only when the one picture that holds it is gone (a finalizer on the
picture), never while anything could still read it: a kept picture's planes never leave it
(its ``rgb`` and ``painted`` are new arrays). At most ``KEEP_BYTES`` wait to be used again,
beyond that they are freed, and all are freed when the last clip closes.

Pictures made for a moment (painted at a viewer's size, or unpacked from the cache to be
painted) take ``scratch`` arrays instead: 2 to 4 MB each, hundreds a second while a station
plays, and each fresh one cost its size in page faults (3.5 ms of processor time for a 720p
picture painted small, on a virtual machine). A scratch array is taken again once nothing
refers to it: no view, image or memoryview, which its reference count tells exactly (any
view of it holds it, whatever was made from what).
"""

from __future__ import annotations

import sys
import threading
import weakref

import numpy as np

KEEP_BYTES = 96 << 20  # about 30 pictures at 1080p, 70 at 720p
SCRATCH_BYTES = 96 << 20  # scratch arrays followed (in use or free): a 2 x 2 station playing
# 720p holds about twenty painted pictures at a time (on screen, in mailboxes, being made)


def _references(held: list[np.ndarray], i: int) -> int:
    return sys.getrefcount(held[i])


def _unused_count() -> int:
    """The reference count of a scratch array nothing else refers to, as ``_references``
    sees it (measured, not assumed: it depends on the interpreter)."""
    return _references([np.empty(0, np.uint8)], 0)


UNUSED = _unused_count()


class PlaneStore:
    """Spare plane arrays by shape, for the pictures of every clip in the process."""

    def __init__(self, keep_bytes: int = KEEP_BYTES, scratch_bytes: int = SCRATCH_BYTES) -> None:
        self.keep_bytes = keep_bytes
        self.scratch_bytes = scratch_bytes
        self._spare: dict[tuple[int, ...], list[np.ndarray]] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self._users = 0  # open clips: with none, no spare array is worth keeping
        self.reused = 0  # arrays handed out again (for tests and benchmarks)
        self._scratch: dict[tuple[int, ...], list[np.ndarray]] = {}
        self._scratch_bytes = 0
        self.scratch_reused = 0

    @property
    def spare_bytes(self) -> int:
        return self._bytes

    @property
    def followed_scratch_bytes(self) -> int:
        """Scratch arrays followed, in use or free (at most ``scratch_bytes``)."""
        return self._scratch_bytes

    def take(self, shape: tuple[int, ...]) -> np.ndarray:
        """An array of ``shape`` (``uint8``, contents undefined): a spare one if there is."""
        with self._lock:
            spare = self._spare.get(shape)
            if spare:
                array = spare.pop()
                self._bytes -= array.nbytes
                self.reused += 1
                return array
        return np.empty(shape, np.uint8)

    def scratch(self, shape: tuple[int, ...]) -> np.ndarray:
        """An array of ``shape`` (``uint8``, contents undefined) for a picture made for a
        moment: one taken before that nothing refers to any more, if there is."""
        with self._lock:
            held = self._scratch.setdefault(shape, [])
            for i in range(len(held)):
                if _references(held, i) == UNUSED:
                    self.scratch_reused += 1
                    return held[i]
            array = np.empty(shape, np.uint8)
            if self._scratch_bytes + array.nbytes > self.scratch_bytes:
                self._forget_unused()  # (of sizes no longer painted, say)
            if self._users and self._scratch_bytes + array.nbytes <= self.scratch_bytes:
                held.append(array)  # (beyond the bound: an array like any other)
                self._scratch_bytes += array.nbytes
            return array

    def _forget_unused(self) -> None:
        """Stop following the scratch arrays nothing refers to: they are freed (the lock is
        held)."""
        for held in self._scratch.values():
            for i in reversed(range(len(held))):
                if _references(held, i) == UNUSED:
                    self._scratch_bytes -= held.pop(i).nbytes

    def lend(self, holder: object, array: np.ndarray) -> None:
        """``array`` belongs to ``holder`` alone; it comes back when ``holder`` is gone."""
        done = weakref.finalize(holder, self._give_back, array)
        done.atexit = False  # at exit there is nothing to use it for

    def _give_back(self, array: np.ndarray) -> None:
        with self._lock:
            if not self._users or self._bytes + array.nbytes > self.keep_bytes:
                return  # freed with the last reference
            self._spare.setdefault(array.shape, []).append(array)
            self._bytes += array.nbytes

    def clear(self) -> None:
        with self._lock:
            self._spare.clear()
            self._bytes = 0
            self._scratch.clear()
            self._scratch_bytes = 0

    def open(self) -> None:
        """A clip opened: it may give arrays back and take them."""
        with self._lock:
            self._users += 1

    def close(self) -> None:
        """A clip closed; the last one frees the spare arrays (up to ``KEEP_BYTES``)."""
        with self._lock:
            self._users = max(0, self._users - 1)
            if not self._users:
                self._spare.clear()
                self._bytes = 0
                self._scratch.clear()
                self._scratch_bytes = 0


STORE = PlaneStore()
