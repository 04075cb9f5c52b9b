"""Reading one input file as text: size limit, UTF-8, BOM and line endings.

Everything later sees clean text: no byte-order mark, `\\n` line endings. A file
that cannot be read becomes a problem, never an exception.
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..problems import Problem
from .report import Report

MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this are refused unread: no interview transcript is that big (the thesis's largest is 23 KB;
a ten-hour interview is about 1 MB). Parsing 49 MB of YAML took 75 s before any limit on its rows could apply."""

FORMAT_DOC = "format/README.md"
"""Where the researcher finds the input format, named in messages."""


_folders: dict[str, str] | None = None
"""While `resolving_folders_once` is in force: the real path of each folder asked about."""


@contextmanager
def resolving_folders_once() -> Iterator[None]:
    """Within, each folder's real path (every link on the way followed) is worked out once. A build reads 1,000
    transcripts from one folder, and resolving it again for each (`relative`, `outside`) was 13% of a findings
    edit's rebuild under `--serve` (profiled). The folders are taken to stay as they are while one build reads them."""
    global _folders, _names
    before, _folders = _folders, {}
    names_before, _names = _names, {}
    try:
        yield
    finally:
        _folders, _names = before, names_before


_names: dict[tuple[str, str], str] | None = None
"""While `resolving_folders_once` is in force: `relative` of each path and root asked about."""


def _real_folder(folder: str) -> str:
    if _folders is None:
        return os.path.realpath(folder)
    real = _folders.get(folder)
    if real is None:
        real = _folders[folder] = os.path.realpath(folder)
    return real


def relative(path: Path, root: Path) -> str:
    """`path` relative to the project root, with forward slashes (`data/transcripts/R5.yaml`). The path's own last
    part is never resolved: a link is named as it stands in the folder, and a link loop cannot stop the build."""
    if _names is None:
        return _relative(path, root)
    key = (os.fspath(path), os.fspath(root))  # the layout and the loader both name each of 1,260 files
    name = _names.get(key)
    if name is None:
        name = _names[key] = _relative(path, root)
    return name


def _relative(path: Path, root: Path) -> str:
    if not path.name:
        absolute = os.path.realpath(path)
    else:  # os.path, not pathlib: this runs for every file of every build, and pathlib's objects cost twice as much
        absolute = os.path.join(_real_folder(os.path.dirname(os.path.abspath(path))), path.name)
    return os.path.relpath(absolute, _real_folder(os.path.abspath(root))).replace(os.sep, "/")


def outside(path: Path, folder: Path) -> bool:
    """Whether `path`, once every symbolic link on the way is followed, is not inside `folder`. Never opens it."""
    try:
        if _folders is not None and path.name and not os.path.islink(path):  # only its folders can lead elsewhere
            real = os.path.join(_real_folder(os.path.dirname(os.path.abspath(path))), path.name)
            return not Path(real).is_relative_to(_real_folder(os.path.abspath(folder)))
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop: `not_a_file` names it
        return False


OUTSIDE_MESSAGE = "links outside the data folder; replace the link with the file itself"
"""The one message for a link that leads out of the data folder. It never names where the link leads: that is
someone else's file, and the message is printed and may be published by CI."""


def not_a_file(path: Path) -> str | None:
    """What stands at `path` when it is not a regular file (after links): `a folder`, `a named pipe`, `a link to
    nowhere`…; None for a regular file or nothing at all. Never opens it (a pipe would block the build)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a link to nowhere (a broken symbolic link)" if path.is_symlink() else None
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a loop of symbolic links"
        return f"unreadable ({error.strerror})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def not_a_file_message(other: str) -> str:
    """The one message for a data entry that is `other` (see `not_a_file`) instead of a file."""
    return f"is {other}, not a file; replace it with the file, or remove it"


def read_text(
    path: Path, root: Path, *, within: Path, max_bytes: int = MAX_BYTES, name: str | None = None,
    as_text: Callable[[bytes, str], tuple[str | None, Sequence[Problem]]] | None = None,
) -> tuple[str | None, list[Problem]]:
    """The text of a file, or None and the problems that prevent reading it. A file that is, or lies behind, a
    symbolic link leading out of the folder `within` (the data folder) is refused before anything is read.
    `name` is `relative(path, root)`, if the caller has it already. `as_text(data, name)`, if given, stands in for
    `bytes_as_text` (the loader's keeps the text of bytes it has decoded before)."""
    name = name if name is not None else relative(path, root)
    data, problems = _read_bytes(path, name, within=within, max_bytes=max_bytes)
    if data is None:
        return None, problems
    text, found = (as_text or bytes_as_text)(data, name)
    return text, list(found)


def bytes_as_text(data: bytes, name: str) -> tuple[str | None, tuple[Problem, ...]]:
    """The bytes of the file `name` as clean text (`decode`), or None and why not (not UTF-8, empty): a pure
    function of its arguments."""
    report = Report(name)
    text = decode(data, report)
    if text is not None and (not text or text.isspace()):  # `not text.strip()`, without copying the text
        report.error(None, f"the file is empty; write its content as {FORMAT_DOC} describes", "empty-file")
        return None, tuple(report.problems)
    return text, tuple(report.problems)


def _read_bytes(path: Path, name: str, *, within: Path, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file, or None and the problems that prevent reading it (`read_text`)."""
    report = Report(name)
    if outside(path, within):
        report.error(None, OUTSIDE_MESSAGE, "link-outside")
        return None, report.problems
    other = not_a_file(path)
    if other is not None:
        report.error(None, not_a_file_message(other), "not-a-file")
        return None, report.problems
    if not path.exists():
        report.error(None, f"file not found; create it — see {FORMAT_DOC}", "missing-file")
        return None, report.problems
    try:
        size = path.stat().st_size
        if size > max_bytes:
            report.error(None, f"the file is {size / 1024 / 1024:.1f} MB, more than the {max_bytes // 1024 // 1024} MB"
                         " a data file may hold, so it was not read; check that it is the right file, or split it",
                         "file-too-large")
            return None, report.problems
        data = path.read_bytes()
    except OSError as error:
        report.error(None, f"the file cannot be read ({error.strerror}); check that it exists and that you may read it",
                     "unreadable")
        return None, report.problems
    return data, report.problems


def decode(data: bytes, report: Report) -> str | None:
    """UTF-8 bytes as text with `\\n` line endings and no byte-order mark; None (and a problem) if not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.error(1, "the file is encoded as UTF-16, not UTF-8; re-save it as UTF-8"
                     " (in VS Code: click the encoding in the status bar, then 'Save with Encoding' → UTF-8)",
                     "encoding")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        guess = ""
        try:
            data.decode("cp1252")
            guess = " (it looks like Windows-1252 or Latin-1)"
        except UnicodeDecodeError:
            pass
        report.error(line, f"the file is not UTF-8{guess}: byte 0x{data[error.start]:02X} at byte offset {error.start}"
                     " is not valid UTF-8; re-save the file as UTF-8 (in VS Code: click the encoding in the status"
                     " bar, then 'Save with Encoding' → UTF-8; in Excel: 'CSV UTF-8')", "encoding")
        return None
    return normalise(text)


def normalise(text: str) -> str:
    """Drop a leading byte-order mark and turn CRLF line endings into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")
