"""Atomic file writes: a crash leaves either the old file or the new one, never half.

Only regular files are replaced. A FIFO, a device (``/dev/null``) or a terminal is written
through, as any program writing to it would; a symbolic link keeps pointing where it pointed
and its target is replaced; anything else that is not a regular file is refused. The new file
gets the permissions a plain ``open`` would give it (the user's umask, or the mode of the file
it replaces), so a colleague can read an export as before.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_through(target: Path, data: bytes) -> None:
    with target.open("wb") as f:
        f.write(data)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
            _write_through(target, data)
            return
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "a folder; choose a file name", str(path))
        raise OSError(errno.EINVAL, "not a regular file; refusing to replace it", str(path))
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
