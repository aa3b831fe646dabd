"""Keep large freed buffers in the process (glibc), so decoding does not page-fault.

Decoded 1080p frames are 3 MB each. glibc serves blocks that large with a fresh mmap and
returns them to the system on free, so every frame the cache keeps makes the decoder's pool
allocate, and fault in, new pages: measured, that made a cold seek 10-15 % slower than a bare
PyAV loop. Raising the mmap threshold lets freed frame buffers be reused instead. A no-op
where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 64 << 20  # blocks below this come from the heap and are reused
TRIM_THRESHOLD = 256 << 20  # free memory above this at the top of the heap goes back


@functools.cache
def tune_allocator() -> bool:
    """Apply once per process; True when glibc accepted the settings."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
