"""Give decoded-frame memory back to the system when it is freed (glibc only).

Frames (3 MB at 1080p) and packed frames (about 1 MB) come and go all the time. glibc raises
its mmap threshold dynamically after the first such frees, after which these blocks come from
per-thread heaps that fragment and are never returned: measured on the GOP-50 benchmark clip,
resident memory grew to 1.8 GB around a 1 GB frame cache. Fixing the threshold at 256 KiB keeps
every large block in its own mapping, returned on free: the same run peaked at 1.4 GB, and
cold seeks were no slower (the decoders' own buffer pools are reused, not freed).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 256 * 1024


@functools.cache
def tune_allocator() -> bool:
    """Apply once per process; True when glibc accepted it (a no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):
        return False
