"""Bytes kept at each frame index, summed over any range in a few steps (a Fenwick tree).

A frame cache asks "how many bytes lie farther than this from the centre?" for every frame a
prefetcher considers (``FrameCache.would_keep``), over every cache sharing its budget. Summed
picture by picture, that was the prefetchers' largest share of the interpreter's lock while
four angles played; here each sum is about twenty steps whatever the cache holds.
"""

from __future__ import annotations


class ByteTally:
    """Bytes by frame index (0 and up): ``add`` and ``up_to`` take O(log n) steps."""

    def __init__(self, capacity: int = 1024) -> None:
        self._tree = [0] * (max(1, capacity) + 1)  # 1-based
        self.total = 0

    def add(self, index: int, nbytes: int) -> None:
        """Count ``nbytes`` more (or fewer, when negative) at frame ``index``."""
        if index < 0:
            raise IndexError(index)
        while index + 1 >= len(self._tree):
            self._grow()
        self.total += nbytes
        _bump(self._tree, index, nbytes)

    def up_to(self, index: int) -> int:
        """Bytes at frames 0 to ``index`` inclusive (0 when ``index`` is negative)."""
        tree = self._tree
        i = min(index + 1, len(tree) - 1)
        s = 0
        while i > 0:
            s += tree[i]
            i -= i & -i
        return s

    def outside(self, first: int, last: int) -> int:
        """Bytes at frames before ``first`` or after ``last`` (all of them when the range is
        empty)."""
        if last < first:
            return self.total
        return self.up_to(first - 1) + self.total - self.up_to(last)

    def clear(self) -> None:
        self._tree = [0] * len(self._tree)
        self.total = 0

    def _grow(self) -> None:
        """Twice the capacity, the sums rebuilt from the frames' own bytes."""
        size = len(self._tree) - 1
        own = [self.up_to(i) - self.up_to(i - 1) for i in range(size)]
        tree = [0] * (2 * size + 1)
        for i, nbytes in enumerate(own):
            if nbytes:
                _bump(tree, i, nbytes)
        self._tree = tree


def _bump(tree: list[int], index: int, nbytes: int) -> None:
    i = index + 1
    while i < len(tree):
        tree[i] += nbytes
        i += i & -i
