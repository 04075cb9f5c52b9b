"""The QDPX container: a zip holding one `.qde` (the project XML) and `sources/`."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from .log import ImportFailed, Log

MAX_MEMBER_BYTES = 200 * 1024 * 1024
"""A member larger than this (uncompressed) is refused unread: no real transcript is that large."""
MAX_MEMBERS = 50_000
"""Members of one archive (a project of 1,000 interviews with their media has a few thousand)."""
MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024
"""All members together, uncompressed: more is a zip bomb, or media this import does not read anyway."""


@dataclass(frozen=True)
class Container:
    """The opened archive."""

    name: str
    """How messages name the archive (`project.qdpx`)."""
    qde_name: str
    """The member holding the project XML (`project.qde`)."""
    qde: bytes
    """Its bytes."""
    members: dict[str, str]
    """Every member, by its path in lower case (tools differ in case), to its real path."""
    archive: zipfile.ZipFile

    def read(self, path: str) -> bytes | None:
        """The bytes of a member, looked up without regard to case or a leading `./`; None if absent."""
        key = posixpath.normpath(path.replace("\\", "/")).lstrip("/").lower()
        real = self.members.get(key)
        if real is None:
            return None
        info = self.archive.getinfo(real)
        if info.file_size > MAX_MEMBER_BYTES:
            raise ImportFailed(f"{self.name}: {real} is {info.file_size:,} bytes uncompressed; a QDPX source is at"
                               f" most {MAX_MEMBER_BYTES:,} bytes; remove it from the project and export again")
        return self.archive.read(real)


def _leaves_the_archive(member: str) -> bool:
    """Whether a member's name is a path out of wherever the archive is read (zip slip): absolute, with a drive,
    or with a `..` part, written with either slash."""
    name = member.replace("\\", "/")
    return name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in name.split("/")


def open_qdpx(data: bytes, name: str, log: Log) -> Container:
    """Open the archive and find its project XML: `project.qde` by the standard, any single `.qde` in practice."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {posixpath.normpath(i.filename).lower(): i.filename for i in archive.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, OSError):
        raise ImportFailed(f"{name}: not a zip archive, so not a QDPX project; nor is it QDA-XML, as a codebook (.qdc)"
                           " is; export the project again from your QDA tool as a REFI-QDA project (.qdpx) or"
                           " codebook (.qdc), not as a report") from None
    infos = archive.infolist()
    leaving = sorted(i.filename for i in infos if _leaves_the_archive(i.filename))
    if leaving:
        shown = ", ".join(repr(n) for n in leaving[:3]) + (", …" if len(leaving) > 3 else "")
        raise ImportFailed(f"{name}: {len(leaving)} member{'s' if len(leaving) != 1 else ''} named as a path out of"
                           f" the archive ({shown}: '..' or an absolute path), which no QDA tool writes; the archive"
                           " is damaged or hostile, so nothing was imported; export the project again from your tool")
    if len(infos) > MAX_MEMBERS:
        raise ImportFailed(f"{name}: the archive holds {len(infos):,} members, more than the {MAX_MEMBERS:,} a QDPX"
                           " project may hold; export the project again without its media files")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_ARCHIVE_BYTES:
        raise ImportFailed(f"{name}: the archive unpacks to {unpacked / 1024 ** 3:.1f} GB, more than the"
                           f" {MAX_ARCHIVE_BYTES // 1024 ** 3} GB a QDPX project may; export the project again"
                           " without its audio and video")
    qdes = sorted(real for key, real in members.items() if key.endswith(".qde") and "/" not in key)
    if not qdes:
        qdes = sorted(real for key, real in members.items() if key.endswith(".qde"))
    if not qdes:
        listed = ", ".join(sorted(members.values())[:5]) or "nothing"
        raise ImportFailed(f"{name}: no .qde project file in the archive (it holds {listed}); a QDPX project holds"
                           " project.qde and sources/; export the project again as a REFI-QDA project")
    if len(qdes) > 1:
        raise ImportFailed(f"{name}: {len(qdes)} .qde project files ({', '.join(qdes)}); a QDPX project holds one;"
                           " export the project again, or unzip it and remove all but one")
    qde_name = qdes[0]
    if qde_name != "project.qde":
        log.warn(f"{name}: the project file is {qde_name}, not project.qde as the standard names it; read it anyway")
    container = Container(name, qde_name, b"", members, archive)
    qde = container.read(qde_name)
    assert qde is not None
    return Container(name, qde_name, qde, members, archive)
