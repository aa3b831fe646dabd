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
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

KEEP_BYTES = 96 << 20  # about 30 pictures at 1080p, 70 at 720p


class PlaneStore:
    """Spare plane arrays by shape, for the pictures of every clip in the process."""

    def __init__(self, keep_bytes: int = KEEP_BYTES) -> None:
        self.keep_bytes = keep_bytes
        self._spare: dict[tuple[int, ...], list[np.ndarray]] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self._users = 0  # open clips: with none, no spare array is worth keeping
        self.reused = 0  # arrays handed out again (for tests and benchmarks)

    @property
    def spare_bytes(self) -> int:
        return self._bytes

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


STORE = PlaneStore()
