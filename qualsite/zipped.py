"""Deterministic ZIP archives whose members are deflated once per content: `data.zip` and `study.qdpx`.

`pack` writes the same bytes as `zipfile.ZipFile` writing each member with
`writestr(ZipInfo(name, date_time=stamp), data, compresslevel=6)`, deflated, Unix
permissions `rw-r--r--` (tests/test_zipped.py holds it to that, byte for byte).
With the incremental build's memo (`qualsite.memo`) it keeps each member's
deflated bytes and CRC-32 for the next build, by the member's content: an edit of
one findings file deflates that file again, not the 1,000 transcripts beside it.
The memo holds one build's worth, so memory stays bounded by the study as it is
now, and the archive is byte for byte the one a build without a memo writes.
"""

from __future__ import annotations

import struct
import zlib
from concurrent.futures import Executor, Future
from typing import Callable, Iterable

from .memo import Memo, remembered

Stamp = tuple[int, int, int, int, int, int]
"""(year, month, day, hour, minute, second) of every member, as `zipfile.ZipInfo.date_time`."""

LEVEL = 6
"""zlib's compression level: its default, and zipfile's. Level 9 made archives 1% smaller and took a third more time:
at 1,000 interviews, 8.98 against 9.09 MB for `study.qdpx` in 1.22 against 0.87 s, 7.01 against 7.05 MB for `data.zip`
in 0.87 against 0.68 s (one core). Level 1 took 0.57 s for both, for archives 19% larger."""

VERSION = 20
"""The version of the ZIP format needed to extract a deflated member (2.0), as zipfile writes it."""
UNIX = 3
"""`create_system`: the permissions below are Unix's."""
PERMISSIONS = 0o100644 << 16
"""A regular file, `rw-r--r--`, in the high bytes of `external_attr`."""
DEFLATED = 8
UTF8_NAME = 0x800
"""Flag bit 11: the name is UTF-8 (set, as zipfile does, only when it is not ASCII)."""
LIMIT = (1 << 31) - 1
"""zipfile's ZIP64_LIMIT: past it (or past 65,535 members) an archive needs ZIP64 records, which no study needs."""

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


def pack(members: Iterable[tuple[str, bytes]], stamp: Stamp, memo: Memo | None = None, archive: str = "") -> bytes:
    """The archive of `members` (name, content), in the order given, every entry dated `stamp`. With a `memo` (the
    incremental build's, `qualsite.memo`), a member whose content is what it was at the last build is not deflated
    again; `archive` tells the archives apart in it."""
    deflated = [(name, data, remembered(memo, ("deflated", archive, name), (data,), lambda data=data: _deflate(data)))
                for name, data in members]
    return _archive(deflated, stamp)


def pack_later(members: Iterable[tuple[str, bytes]], stamp: Stamp, memo: Memo | None, archive: str,
               threads: Executor) -> Callable[[], bytes]:
    """`pack`, with the members deflated by `threads` while the caller goes on: call the result for the archive's
    bytes. zlib lets go of the interpreter while it deflates, so the downloads' other work runs beside it. The memo
    is only touched from the calling thread, and counts its work as `pack` does."""
    members = list(members)
    deflated: list[tuple[int, bytes] | Future[tuple[int, bytes]]] = []
    for name, data in members:
        found, value = (False, None) if memo is None else memo.lookup(("deflated", archive, name), (data,))
        deflated.append(value if found else threads.submit(_deflate, data))  # type: ignore[arg-type]

    def archive_bytes() -> bytes:
        for i, (name, data) in enumerate(members):
            if isinstance(deflated[i], Future):
                deflated[i] = remembered(memo, ("deflated", archive, name), (data,), deflated[i].result)
        return _archive([(name, data, deflated[i]) for i, (name, data) in enumerate(members)], stamp)

    return archive_bytes


def _archive(members: list[tuple[str, bytes, tuple[int, bytes]]], stamp: Stamp) -> bytes:
    """The archive's bytes: each member's local header and deflated data, then the central directory."""
    dosdate = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    dostime = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data, (crc, deflated) in members:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), UTF8_NAME
        if len(data) * 1.05 > LIMIT or offset > LIMIT:
            raise ValueError(f"{name}: an archive this large ({offset + len(data):,} bytes) would need ZIP64")
        sizes = (crc, len(deflated), len(data), len(encoded))
        chunks += [_LOCAL.pack(b"PK\x03\x04", VERSION, 0, flags, DEFLATED, dostime, dosdate, *sizes, 0),
                   encoded, deflated]
        central += [_CENTRAL.pack(b"PK\x01\x02", VERSION, UNIX, VERSION, 0, flags, DEFLATED, dostime, dosdate,
                                  *sizes, 0, 0, 0, 0, PERMISSIONS, offset), encoded]
        offset += _LOCAL.size + len(encoded) + len(deflated)
    count, directory = len(central) // 2, b"".join(central)
    if count > 0xFFFF or offset > LIMIT or len(directory) > LIMIT:
        raise ValueError(f"an archive of {count:,} members and {offset:,} bytes would need ZIP64")
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(chunks) + directory + end


def _deflate(data: bytes) -> tuple[int, bytes]:
    """The CRC-32 of `data` and its raw deflate stream, as zipfile computes them (one write, then a flush)."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()
