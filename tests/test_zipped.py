"""`qualsite.zipped`: the downloads' ZIP writer writes what zipfile writes, byte for byte, and deflates each content once.

The memo (the incremental build's, `qualsite.memo`) must never show: a build
with one changed member returns exactly what a build without a memo returns
(nothing of the old member survives), and only the changed member is deflated.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualsite import zipped
from qualsite.memo import Memo
from qualsite.zipped import pack

STAMP = (2023, 5, 25, 0, 0, 0)


def zipfile_writes(members: list[tuple[str, bytes]], stamp=STAMP) -> bytes:
    """The archive as the downloads were written before `qualsite.zipped`: with zipfile, member by member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


MEMBERS = [
    ("data/study.yaml", b"title: En studie\nlanguage: sv\n"),
    ("data/transcripts/R1.yaml", "rows:\n  - text: Vi började med ärendena på vårdcentralen.\n".encode() * 200),
    ("data/findings/4.1-återkoppling.md", "# Återkoppling\n\n> \"Det tog tid\" (R1:2)\n".encode()),
    ("data/empty.md", b""),
    ("data/copy.yaml", b"title: En studie\nlanguage: sv\n"),  # the same content as study.yaml, under another name
    ("format/README.md", bytes(range(256)) * 40),
]


def test_the_archive_is_byte_identical_to_zipfile_s():
    assert pack(MEMBERS, STAMP) == zipfile_writes(MEMBERS)
    assert pack([], STAMP) == zipfile_writes([])
    odd_time = (2001, 12, 31, 23, 59, 58)
    assert pack(MEMBERS, odd_time) == zipfile_writes(MEMBERS, odd_time)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
                               max_size=12),
                       st.binary(max_size=3000), max_size=6))
def test_any_members_give_zipfile_s_bytes(members):
    listed = sorted(members.items())
    assert pack(listed, STAMP) == zipfile_writes(listed)


def test_zipfile_reads_every_member_back_and_finds_no_bad_crc():
    with zipfile.ZipFile(io.BytesIO(pack(MEMBERS, STAMP))) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == MEMBERS
        info = archive.getinfo("data/findings/4.1-återkoppling.md")
        assert info.flag_bits & 0x800 and info.date_time == STAMP and info.external_attr >> 16 == 0o100644


@pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip is not installed")
def test_unzip_tests_the_archive_clean(tmp_path: Path):
    archive = tmp_path / "data.zip"
    archive.write_bytes(pack(MEMBERS, STAMP))
    tested = subprocess.run(["unzip", "-t", str(archive)], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "No errors detected" in tested.stdout


def built(memo: Memo, members: list[tuple[str, bytes]], stamp=STAMP) -> bytes:
    """The archive as one incremental build packs it."""
    memo.begin()
    archive = pack(members, stamp, memo, "data.zip")
    memo.end()
    return archive


def test_a_second_build_with_one_changed_member_equals_a_build_without_a_memo():
    memo = Memo()
    built(memo, MEMBERS)
    changed = [(n, d + b"\nEn rad till.\n" if n.startswith("data/findings/") else d) for n, d in MEMBERS]
    again = built(memo, changed)
    assert again == pack(changed, STAMP) == zipfile_writes(changed)
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert archive.read("data/findings/4.1-återkoppling.md").endswith(b"En rad till.\n")


def test_only_a_changed_member_is_deflated_again(monkeypatch):
    deflated: list[bytes] = []
    real = zipped._deflate
    monkeypatch.setattr(zipped, "_deflate", lambda data: deflated.append(data) or real(data))
    memo = Memo()
    built(memo, MEMBERS)
    assert len(deflated) == len(MEMBERS)
    deflated.clear()
    changed = [(n, b"new" if n == "data/empty.md" else d) for n, d in MEMBERS]
    built(memo, changed)
    assert deflated == [b"new"] and memo.reused == len(MEMBERS) - 1
    deflated.clear()
    renamed = [("data/renamed.md" if n == "data/empty.md" else n, d) for n, d in changed]
    assert built(memo, renamed) == zipfile_writes(renamed)
    assert deflated == [b"new"]  # a member is kept under its name: a renamed file is deflated again


def test_a_name_or_a_stamp_never_comes_from_the_memo():
    memo = Memo()
    built(memo, MEMBERS)
    later = (2024, 1, 2, 0, 0, 0)
    assert built(memo, MEMBERS, later) == zipfile_writes(MEMBERS, later)


def test_deflated_on_threads_the_archive_and_the_memo_s_count_are_pack_s():
    """`pack_later` (the downloads deflate beside their other work) writes `pack`'s bytes, cold and with a memo, and
    the memo reuses and computes as many pieces as with `pack`."""
    changed = [(n, b"new" if n == "data/empty.md" else d) for n, d in MEMBERS]
    counts = []
    for later in (False, True):
        memo = Memo()
        for members in (MEMBERS, changed):
            memo.begin()
            with ThreadPoolExecutor(2) as threads:
                archive = (zipped.pack_later(members, STAMP, memo, "data.zip", threads)() if later
                           else pack(members, STAMP, memo, "data.zip"))
            memo.end()
            assert archive == zipfile_writes(members)
            counts.append((memo.reused, memo.computed))
        with ThreadPoolExecutor(2) as threads:
            assert zipped.pack_later(MEMBERS, STAMP, None, "data.zip", threads)() == zipfile_writes(MEMBERS)
    assert counts[:2] == counts[2:] and counts[1] == (len(MEMBERS) - 1, 1)
