"""Deterministic ZIP archives whose members are deflated once per content: `data.zip` and `study.qdpx`.

A `Packer` writes the same bytes as `zipfile.ZipFile` writing each member with
`writestr(ZipInfo(name, date_time=stamp), data, compresslevel=9)`, deflated, Unix
permissions `rw-r--r--` (tests/test_zipped.py holds it to that, byte for byte),
but it keeps each member's deflated bytes and CRC-32 from one call to the next:
an edit of one findings file re-deflates that file only, not the 1,000
transcripts beside it. What it keeps is what its latest call packed, so memory
stays bounded by the study as it is now; a call returns what a fresh packer
would (the memo is keyed by the content itself, never by a name or a time).
"""

from __future__ import annotations

import struct
import zlib
from typing import Iterable

from .memo import Memo

Stamp = tuple[int, int, int, int, int, int]
"""(year, month, day, hour, minute, second) of every member, as `zipfile.ZipInfo.date_time`."""

LEVEL = 9
"""zlib's compression level, the level the downloads were always written with."""

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


class Packer:
    """Packs members into a ZIP archive, remembering each content's deflated bytes from its previous call."""

    def __init__(self) -> None:
        self._memo: Memo[bytes, tuple[int, bytes]] = Memo()

    def clear(self) -> None:
        """Forget every deflated member: the next call packs everything afresh."""
        self._memo.clear()

    def __len__(self) -> int:
        """How many contents are remembered (those of the latest call)."""
        return len(self._memo)

    def pack(self, members: Iterable[tuple[str, bytes]], stamp: Stamp) -> bytes:
        """The archive of `members` (name, content), in the order given, every entry dated `stamp`."""
        with self._memo.round() as memo:
            return _archive([(name, data, memo.get(data, lambda data=data: _deflate(data))) for name, data in members],
                            stamp)


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
