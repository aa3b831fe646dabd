"""Opening a zip file that may be hostile: a trainee's pack comes from outside, by mail or a
shared folder, and a forged one must not fill the disk, exhaust memory or hang the window.

The limits below are checked in three places. Before ``zipfile`` parses anything, the end
record gives the member count and the size of the central directory (300,000 members took
107 s to open). Before anything is extracted, each member's declared size, its compression
ratio, the total and the free disk space are checked, and members may not overlap (the
overlapping-file bomb reuses one compressed kernel for many members). While extracting, a
member is copied in chunks and stopped at its declared size; a file is written under a
temporary name and renamed only when complete, and everything written so far is removed when
one member fails, so a refused pack leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from reviewtool.training.question import TrainingError

MAX_MEMBERS = 2_000  # a pack of 200 questions with 8 angles each, and its manifest
MAX_DIRECTORY_BYTES = 4 << 20  # the zip's central directory
MAX_MANIFEST_BYTES = 4 << 20  # pack.json
MAX_MEMBER_BYTES = 4 << 30  # one clip segment
MAX_TOTAL_BYTES = 16 << 30  # everything extracted from one pack
MAX_RATIO = 100  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1 << 20  # smaller members cannot do harm, whatever their ratio
SPARE_BYTES = 256 << 20  # left free on the disk after extracting
CHUNK = 1 << 20

_EOCD = b"PK\x05\x06"
_EOCD64 = b"PK\x06\x06"
_LOCATOR64 = b"PK\x06\x07"


def _mib(n: int) -> str:
    return f"{n / (1 << 30):.1f} GiB" if n >= 1 << 30 else f"{n / (1 << 20):.1f} MiB"


def end_record(fp: IO[bytes]) -> tuple[int, int] | None:
    """(members, central directory bytes) from the end record (zip64 too); None when there
    is no end record (zipfile then says the file is not a zip)."""
    fp.seek(0, os.SEEK_END)
    size = fp.tell()
    tail_len = min(size, 22 + 0xFFFF)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    _, _, _, _, total, directory, _, _ = struct.unpack("<IHHHHIIH", tail[at:at + 22])
    if total == 0xFFFF or directory == 0xFFFFFFFF:
        where = size - tail_len + at - 20
        if where >= 0:
            fp.seek(where)
            locator = fp.read(20)
            if locator[:4] == _LOCATOR64:
                (offset,) = struct.unpack("<Q", locator[8:16])
                fp.seek(offset)
                record = fp.read(56)
                if record[:4] == _EOCD64 and len(record) == 56:
                    total, directory = struct.unpack("<QQ", record[32:48])
    return total, directory


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip at ``path``, refused before parsing when its directory is past the limits."""
    name = path.name
    with open(path, "rb") as fp:
        end = end_record(fp)
    if end is not None:
        members, directory = end
        if members > MAX_MEMBERS:
            raise TrainingError(f"{name}: {members} members; a pack holds at most "
                                f"{MAX_MEMBERS} (refused unopened)")
        if directory > MAX_DIRECTORY_BYTES:
            raise TrainingError(f"{name}: its directory is {_mib(directory)}; the limit is "
                                f"{_mib(MAX_DIRECTORY_BYTES)} (refused unopened)")
    z = zipfile.ZipFile(path)
    try:
        if len(z.infolist()) > MAX_MEMBERS:  # the end record may understate
            raise TrainingError(f"{name}: {len(z.infolist())} members; a pack holds at most "
                                f"{MAX_MEMBERS}")
        _check_no_overlap(z, name)
    except BaseException:
        z.close()
        raise
    return z


def _check_no_overlap(z: zipfile.ZipFile, name: str) -> None:
    infos = sorted(z.infolist(), key=lambda i: i.header_offset)
    for a, b in itertools.pairwise(infos):
        end = a.header_offset + 30 + len(a.orig_filename.encode()) + a.compress_size
        if b.header_offset < end:
            raise TrainingError(f"{name}: members {a.filename} and {b.filename} overlap in "
                                "the file (a zip bomb); refused")


def check_member(info: zipfile.ZipInfo, name: str, limit: int | None = None) -> None:
    """Refuse a member whose declared size or compression ratio is past the limits."""
    limit = MAX_MEMBER_BYTES if limit is None else limit
    if info.flag_bits & 0x1:
        raise TrainingError(f"{name}: {info.filename} is encrypted; a pack never is")
    if info.file_size > limit:
        raise TrainingError(f"{name}: {info.filename} declares {_mib(info.file_size)}; the "
                            f"limit is {_mib(limit)}")
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
        raise TrainingError(f"{name}: {info.filename} is compressed "
                            f"{info.file_size // max(1, info.compress_size)}:1, past the "
                            f"limit of {MAX_RATIO}:1 (a zip bomb); refused")


def read_member(z: zipfile.ZipFile, member: str, limit: int, name: str) -> bytes:
    """The bytes of a small member, read no further than ``limit``."""
    info = z.getinfo(member)
    check_member(info, name, limit)
    with z.open(info) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise TrainingError(f"{name}: {member} is larger than the limit of {_mib(limit)}")
    return data


def free_bytes(folder: Path) -> int:
    """Free space on the disk that holds ``folder`` (or its nearest existing parent)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


def _copy_member(source: IO[bytes], target: Path, limit: int) -> None:
    written = 0
    with open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise TrainingError(f"{target.name} is larger than its header says")
            out.write(chunk)


def extract(z: zipfile.ZipFile, members: Mapping[str, Path], name: str) -> None:
    """Extract each member to its target path; all or nothing."""
    infos = [z.getinfo(m) for m in members]
    for info in infos:
        check_member(info, name)
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise TrainingError(f"{name}: the clips come to {_mib(total)}; the limit is "
                            f"{_mib(MAX_TOTAL_BYTES)}")
    folders = {t.parent for t in members.values()}
    needed = total + SPARE_BYTES
    free = min(free_bytes(f) for f in folders)
    if free < needed:
        raise TrainingError(f"{name}: the clips need {_mib(needed)} of free disk space "
                            f"and {_mib(free)} is free")
    written: list[Path] = []
    created: list[Path] = []  # removed again on failure when left empty
    for folder in folders:
        created += [f for f in (*reversed(folder.parents), folder)
                    if not f.exists() and f not in created]
    try:
        for info in infos:
            target = members[info.filename]
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(f".{target.name}.part")
            written.append(part)
            with z.open(info) as source:
                _copy_member(source, part, info.file_size)
            os.replace(part, target)
            written[-1] = target
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
