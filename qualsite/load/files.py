"""Reading one input file as text: size limit, UTF-8, BOM and line endings.

Everything later sees clean text: no byte-order mark, `\\n` line endings. A file
that cannot be read becomes a problem, never an exception.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..problems import Problem
from .report import Report

MAX_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused unread: no interview transcript is that big."""

FORMAT_DOC = "format/README.md"
"""Where the researcher finds the input format, named in messages."""


def relative(path: Path, root: Path) -> str:
    """`path` relative to the project root, with forward slashes (`data/transcripts/R5.yaml`)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


def read_text(path: Path, root: Path, *, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """The text of a file, or None and the problems that prevent reading it."""
    report = Report(relative(path, root))
    if not path.exists():
        report.error(None, f"file not found; create it — see {FORMAT_DOC}", "missing-file")
        return None, report.problems
    if not path.is_file():
        report.error(None, "is a directory, not a file; remove or rename the directory and create the file"
                     f" — see {FORMAT_DOC}", "missing-file")
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
    text = decode(data, report)
    if text is not None and not text.strip():
        report.error(None, f"the file is empty; write its content as {FORMAT_DOC} describes", "empty-file")
        return None, report.problems
    return text, report.problems


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
