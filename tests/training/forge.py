"""Hand-built zip files for the pack attacks: members whose headers declare any size (zip64
when large), many members, overlapping members. zipfile itself refuses to write such lies."""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LIMIT32 = 0xFFFFFFFF


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes  # the bytes stored (already compressed when method is 8)
    method: int = 0  # 0 stored, 8 deflated
    size: int | None = None  # the uncompressed size the headers declare (default: the truth)
    crc: int | None = None
    offset: int | None = None  # point the central directory at another member's header


def deflated(raw: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(raw) + c.flush()


def stored(name: str, raw: bytes) -> Member:
    return Member(name, raw)


def forge_zip(path: Path, members: list[Member]) -> Path:
    """Write the members with the sizes they declare; zip64 extra fields where needed."""
    body = bytearray()
    central = bytearray()
    offsets: list[int] = []
    for m in members:
        name = m.name.encode()
        size = len(m.data) if m.size is None else m.size
        crc = m.crc if m.crc is not None else (zlib.crc32(m.data) if m.method == 0 else 0)
        big = size >= LIMIT32 or len(m.data) >= LIMIT32
        extra = struct.pack("<HHQQ", 1, 16, size, len(m.data)) if big else b""
        csize, usize = (LIMIT32, LIMIT32) if big else (len(m.data), size)
        offsets.append(len(body))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, m.method, 0, 0x21, crc,
                            csize, usize, len(name), len(extra)) + name + extra + m.data
    for m, at in zip(members, offsets, strict=True):
        name = m.name.encode()
        size = len(m.data) if m.size is None else m.size
        crc = m.crc if m.crc is not None else (zlib.crc32(m.data) if m.method == 0 else 0)
        big = size >= LIMIT32 or len(m.data) >= LIMIT32
        extra = struct.pack("<HHQQ", 1, 16, size, len(m.data)) if big else b""
        csize, usize = (LIMIT32, LIMIT32) if big else (len(m.data), size)
        offset = at if m.offset is None else m.offset
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, m.method, 0, 0x21,
                               crc, csize, usize, len(name), len(extra), 0, 0, 0, 0,
                               offset) + name + extra
    start = len(body)
    n = len(members)
    tail = b""
    if n >= 0xFFFF:
        z64 = len(body) + len(central)
        tail = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, len(central),
                           start) + struct.pack("<IIQI", 0x07064B50, 0, z64, 1)
    count = min(n, 0xFFFF)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0)
    path.write_bytes(bytes(body + central) + tail + eocd)
    return path


def manifest(**changes: Any) -> bytes:
    """A valid pack.json with one question showing clips/q1-1.mkv, with ``changes``."""
    doc: dict[str, Any] = {
        "format": "reviewtool-pack", "version": 1, "session": "s-1", "pack": "0123abcd",
        "title": "Attack", "created": "2026-01-01T00:00:00+00:00",
        "items": [{"id": "q1", "title": "Clip 1", "parts": ["sanction"],
                   "segments": [{"file": "clips/q1-1.mkv", "angle": "Angle 1",
                                 "frames": 10}]}]}
    doc.update(changes)
    return json.dumps(doc).encode()
