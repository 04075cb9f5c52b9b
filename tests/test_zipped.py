"""`qualsite.zipped`: the downloads' ZIP writer writes what zipfile writes, byte for byte, and deflates each content once.

The memo must never show: a call with one changed member returns exactly what a
fresh packer returns (nothing of the old member survives), and the packer keeps
only what its latest call packed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualsite import zipped
from qualsite.zipped import Packer

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
            archive.writestr(info, data, compresslevel=9)
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
    assert Packer().pack(MEMBERS, STAMP) == zipfile_writes(MEMBERS)
    assert Packer().pack([], STAMP) == zipfile_writes([])
    odd_time = (2001, 12, 31, 23, 59, 58)
    assert Packer().pack(MEMBERS, odd_time) == zipfile_writes(MEMBERS, odd_time)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
                               max_size=12),
                       st.binary(max_size=3000), max_size=6))
def test_any_members_give_zipfile_s_bytes(members):
    listed = sorted(members.items())
    assert Packer().pack(listed, STAMP) == zipfile_writes(listed)


def test_zipfile_reads_every_member_back_and_finds_no_bad_crc():
    with zipfile.ZipFile(io.BytesIO(Packer().pack(MEMBERS, STAMP))) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == MEMBERS
        info = archive.getinfo("data/findings/4.1-återkoppling.md")
        assert info.flag_bits & 0x800 and info.date_time == STAMP and info.external_attr >> 16 == 0o100644


@pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip is not installed")
def test_unzip_tests_the_archive_clean(tmp_path: Path):
    archive = tmp_path / "data.zip"
    archive.write_bytes(Packer().pack(MEMBERS, STAMP))
    tested = subprocess.run(["unzip", "-t", str(archive)], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "No errors detected" in tested.stdout


def test_a_second_call_with_one_changed_member_equals_a_fresh_call():
    packer = Packer()
    packer.pack(MEMBERS, STAMP)
    changed = [(n, d + b"\nEn rad till.\n" if n.startswith("data/findings/") else d) for n, d in MEMBERS]
    assert packer.pack(changed, STAMP) == Packer().pack(changed, STAMP) == zipfile_writes(changed)
    with zipfile.ZipFile(io.BytesIO(packer.pack(changed, STAMP))) as archive:
        assert archive.read("data/findings/4.1-återkoppling.md").endswith(b"En rad till.\n")


def test_each_content_is_deflated_once_and_only_the_latest_call_is_kept(monkeypatch):
    deflated: list[bytes] = []
    real = zipped._deflate
    monkeypatch.setattr(zipped, "_deflate", lambda data: deflated.append(data) or real(data))
    packer = Packer()
    packer.pack(MEMBERS, STAMP)
    assert len(deflated) == len(MEMBERS) - 1  # study.yaml and copy.yaml share their content
    deflated.clear()
    changed = [(n, b"new" if n == "data/empty.md" else d) for n, d in MEMBERS]
    packer.pack(changed, STAMP)
    assert deflated == [b"new"]
    assert len(packer) == len(MEMBERS) - 1  # the old empty.md is forgotten
    packer.pack(changed[:2], STAMP)
    assert len(packer) == 2
    packer.clear()
    assert len(packer) == 0


def test_a_name_or_a_stamp_never_comes_from_the_memo():
    packer = Packer()
    packer.pack(MEMBERS, STAMP)
    renamed = [(n.replace("data/", "data/v2/"), d) for n, d in MEMBERS]
    later = (2024, 1, 2, 0, 0, 0)
    assert packer.pack(renamed, later) == zipfile_writes(renamed, later)
