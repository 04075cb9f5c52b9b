"""`releases/<version>/` and `releases/moves.yaml` → `Release`s and moves; and the same format written back.

A release is a folder named by its version holding `release.yaml` (the date, and a SHA-256 of each file) and one
`<ID>.tsv` per transcript: a header line `n<TAB>speaker<TAB>text`, then one line per row in printed order. Tabs,
line breaks and backslashes inside a text are written `\\t`, `\\n`, `\\r` and `\\\\`, so every row is one line
and `git diff` shows a corrected row as one changed line. A file holds no version, so a transcript that did not
change between two releases is byte for byte the same file, which git stores once.

Only the shape is checked here; whether a move leads from a row that existed to one that exists is for
`qualsite.checks.releases`, which knows every version's rows.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable, Iterable

from ..labels import message
from ..model import FrozenRow, Release, Renumbering, RowMove, Source, Transcript
from ..problems import Problem, warning
from ..urls import SAFE_ID
from .fields import Field, items, read_file, read_mapping
from .files import OUTSIDE_MESSAGE, not_a_file, not_a_file_message, outside, relative
from .layout import natural_key
from .report import Report
from .yamlsource import Mapping, Scalar, describe, parse

FOLDER = "releases"
"""The folder of `data/` holding the releases."""
RELEASE_FILE = "release.yaml"
MOVES_FILE = "moves.yaml"
SUFFIX = ".tsv"
HEADER = "n\tspeaker\ttext"
"""The first line of every transcript file of a release."""
DIGEST = re.compile(r"^sha256:([0-9a-f]{64})$")

VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,3}$")
"""A version as `study.yaml` writes it (`1.0`); the same rule as `load.study.VERSION`."""

RELEASE_FIELDS = (
    Field("released", "text", True, "2026-12-01"),
    Field("transcripts", "map", True, "{R1: 'sha256:3b5d…'}"),
)
"""Every key of `release.yaml`."""

MOVE_FIELDS = (
    Field("renumbered", "list", example="[{transcript: R4, rows: 53-63, by: 1}]"),
    Field("moved", "map", example="{'R4:52#2': 'R4:53'}"),
)
"""Every key of one version's entry in `moves.yaml`."""

RENUMBERED_FIELDS = (
    Field("transcript", "text", True, "R4"),
    Field("rows", "text", True, "53-63"),
    Field("by", "int", True, "1"),
)
"""Every key of one `renumbered:` item."""

ROW = re.compile(r"^(?P<t>[A-Za-z0-9][A-Za-z0-9_-]{0,63}):(?P<n>[0-9]+)(?:#(?P<o>[1-9][0-9]*))?$")
"""A row in `moves.yaml`: `R4:52`, or `R4:52#2` for the second row printed as 52."""
RANGE = re.compile(r"^\s*(?P<first>[0-9]+)\s*(?:[-–]\s*(?P<last>[0-9]+)\s*)?$")

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_ESCAPED = re.compile(r"[\\\t\n\r]")
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_ESCAPE = re.compile(r"\\(.?)", re.S)


def version_key(version: str) -> tuple[int, ...]:
    """How versions sort: by their numbers, trailing zeros dropped (`1` and `1.0` are the same release)."""
    numbers = [int(part) for part in version.split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def next_version(version: str) -> str:
    """The version after `version`, for messages: `1.0` → `1.1`, `2` → `3`."""
    head, _, last = version.rpartition(".")
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


# --- Writing: the format of a release, from the transcripts -----------------------------------------


def escape(text: str) -> str:
    """A row's text on one line of a release file."""
    return _ESCAPED.sub(lambda m: _ESCAPES[m.group()], text) if _ESCAPED.search(text) else text


def transcript_file(transcript: Transcript) -> str:
    """The text of `<ID>.tsv` for a transcript as it is now."""
    lines = [HEADER, *(f"{row.n}\t{row.speaker}\t{escape(row.text)}" for row in transcript.rows)]
    return "\n".join(lines) + "\n"


def digest(text: str) -> str:
    """`sha256:…` of a release file's text (as read: UTF-8, `\\n` line endings)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def release_files(version: str, released: str, transcripts: Iterable[Transcript]) -> dict[str, str]:
    """Every file of the release folder of `version`, by name: `release.yaml` and one `<ID>.tsv` per transcript."""
    files = {f"{t.id}{SUFFIX}": transcript_file(t) for t in transcripts}
    listed = "".join(f"  {name[: -len(SUFFIX)]}: '{digest(text)}'\n" for name, text in files.items())
    meta = (
        f"# Release {version} of the study, recorded by `build_site.py release`: what every transcript row said in\n"
        "# this version, one <ID>.tsv per transcript (format/README.md#releases). A release is frozen: the build\n"
        "# refuses a file whose SHA-256 below no longer matches it.\n"
        f"released: {released}\n"
        "transcripts:\n" + listed
    )
    return {RELEASE_FILE: meta, **files}


# --- Reading ------------------------------------------------------------------------------------------

TextOf = Callable[[Path], "str | None"]
"""Reads a data file (reporting why it cannot) and records it among the study's data files."""


def read_releases(data_dir: Path, root: Path, text_of: TextOf, *, language: str = "sv"
                  ) -> tuple[tuple[Release, ...], tuple[RowMove | Renumbering, ...], list[Problem]]:
    """Every release in `data/releases/` (oldest first) and the moves of `moves.yaml`; none without the folder."""
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return (), (), []
    if outside(folder, data_dir):  # its entries are someone else's: not even their names are read
        return (), (), [Problem(Source(relative(folder, root)), OUTSIDE_MESSAGE, "error", "link-outside")]
    problems: list[Problem] = []
    releases: list[Release] = []
    moves: tuple[RowMove | Renumbering, ...] = ()
    for path in sorted(folder.iterdir(), key=lambda p: natural_key(p.name)):
        if path.name.startswith("."):
            continue
        other = not_a_file(path)
        report = Report(relative(path, root), language=language)
        if path.name == MOVES_FILE and other is None:
            text = text_of(path)
            if text is not None:
                moves, found = read_moves(text, relative(path, root), language=language)
                problems += found
        elif other != "a folder":
            report.warning(None, message("not-a-release"), "unexpected-file")
        elif not VERSION.fullmatch(path.name):
            report.error(None, f"folder '{path.name}' is not named by a version, so it cannot be a release; name"
                         " each release's folder by its version, e.g. data/releases/1.0 (build_site.py release does"
                         " this)", "bad-version")
        else:
            release = _read_release(path, root, text_of, report)
            if release is not None:
                releases.append(release)
        problems += report.problems
    return _without_twins(releases, problems), moves, problems


def _without_twins(releases: list[Release], problems: list[Problem]) -> tuple[Release, ...]:
    """The releases oldest first; a version recorded twice (`1` and `1.0`) is an error and loses its second copy."""
    kept: dict[tuple[int, ...], Release] = {}
    for release in sorted(releases, key=lambda r: (version_key(r.version), r.version)):
        key = version_key(release.version)
        if key in kept:
            problems.append(Problem(release.source, f"release {release.version} is also recorded as"
                                    f" {kept[key].version} ({kept[key].source.path}); keep one of the two folders",
                                    "error", "duplicate-id"))
            continue
        kept[key] = release
    return tuple(kept.values())


def _read_release(folder: Path, root: Path, text_of: TextOf, folder_report: Report) -> Release | None:
    version = folder.name
    meta_path = folder / RELEASE_FILE
    if not meta_path.is_file() and not_a_file(meta_path) is None:
        folder_report.error(None, f"release {version} has no {RELEASE_FILE}; record releases with `build_site.py"
                            f" release`, or restore the file from git (git checkout -- {folder_report.path})",
                            "missing-file")
        return None
    text = text_of(meta_path)
    if text is None:
        return None
    report = Report(relative(meta_path, root), language=folder_report.language)
    read = read_file(text, RELEASE_FIELDS, report, what=RELEASE_FILE,
                     example="released: 2026-12-01, then transcripts: {R1: 'sha256:…'}")
    if read is None:
        folder_report.problems.extend(report.problems)
        return None
    released = str(read.get("released", ""))
    if released and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", released):
        report.error(read.line_of("released"), f"released '{released}' is not a date written as YYYY-MM-DD;"
                     " write it like released: 2026-12-01", "bad-date")
    listed: dict[str, tuple[str, int]] = {}
    node = read.get("transcripts")
    for entry in node.entries if isinstance(node, Mapping) else ():
        value = entry.value.as_text().strip() if isinstance(entry.value, Scalar) else ""
        if not SAFE_ID.fullmatch(entry.key):
            report.error(entry.key_line, f"'{entry.key}' is not a transcript id; list each transcript of the"
                         " release by its id, e.g. R1: 'sha256:…'", "unsafe-id")
        elif not DIGEST.fullmatch(value):
            shown = describe(entry.value)
            report.error(entry.key_line, f"the SHA-256 of {entry.key} is {shown}, not sha256: and 64 hexadecimal"
                         f" digits; restore the line from git, or write {entry.key}: 'sha256:…' with the SHA-256"
                         f" of {entry.key}{SUFFIX}", "bad-digest")
        else:
            listed[entry.key] = (value, entry.key_line)
    transcripts: list[tuple[str, tuple[FrozenRow, ...]]] = []
    on_disk: dict[str, Path] = {}
    for path in sorted(folder.iterdir(), key=lambda p: natural_key(p.name)):
        if path.name.startswith(".") or path.name == RELEASE_FILE:
            continue
        if path.name.endswith(SUFFIX):
            on_disk[path.name[: -len(SUFFIX)]] = path
        else:
            folder_report.problems.append(warning(Source(relative(path, root)),
                                                  message("not-in-release", version=version), "unexpected-file"))
    for name in sorted(set(on_disk) - set(listed), key=natural_key):
        report.error(read.line_of("transcripts"), f"{name}{SUFFIX} is not listed under transcripts, so it is not"
                     f" part of release {version}; remove the file, or list it with its SHA-256", "unlisted-file")
    for ident, (expected, line) in sorted(listed.items(), key=lambda item: natural_key(item[0])):
        path = on_disk.get(ident)
        if path is None:
            report.error(line, f"release {version} lists {ident}, but there is no {ident}{SUFFIX} beside this file;"
                         f" restore it from git (git checkout -- {relative(folder / (ident + SUFFIX), root)})",
                         "missing-file")
            continue
        rows_text = text_of(path)
        if rows_text is None:
            continue
        actual = digest(rows_text)
        if actual != expected:
            report.error(line, f"{ident}{SUFFIX} was changed after release {version} was recorded (its SHA-256 is"
                         " not the one recorded); a release is frozen, so undo the change (git checkout --"
                         f" {relative(path, root)}) — or, if you changed it on purpose (to remove a name), record the"
                         f" new SHA-256: {ident}: '{actual}'", "release-changed")
        rows, found = read_rows(rows_text, relative(path, root), ident)
        folder_report.problems.extend(found)
        if rows is not None:
            transcripts.append((ident, rows))
    folder_report.problems.extend(report.problems)
    if report.failed or any(p.severity == "error" for p in folder_report.problems):
        return None
    return Release(version, released, tuple(transcripts), report.at(None))


def unescape(text: str, line: int, report: Report) -> str:
    """A text as a release file writes it, read back; a backslash before anything but `\\`, `t`, `n`, `r` is
    reported (it would have been written `\\\\`)."""
    if "\\" not in text:
        return text

    def one(match: re.Match) -> str:
        letter = match.group(1)
        if letter in _UNESCAPES:
            return _UNESCAPES[letter]
        report.error(line, f"'\\{letter}' is not an escape a release file uses; write a backslash as \\\\, a tab as"
                     " \\t and a line break as \\n", "bad-escape")
        return "\\" + letter

    return _ESCAPE.sub(one, text)


def read_rows(text: str, path: str, transcript_id: str) -> tuple[tuple[FrozenRow, ...] | None, list[Problem]]:
    """The rows of one `<ID>.tsv` of a release, or None (and the problems) if it is malformed."""
    report = Report(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != HEADER:
        report.error(1, "the first line must be the header n, speaker, text separated by tabs; restore the file"
                     " from git, or write that line first", "release-header")
        return None, report.problems
    rows: list[FrozenRow] = []
    seen: dict[int, int] = {}
    for number, line in enumerate(lines[1:], 2):
        fields = line.split("\t")
        if len(fields) != 3:
            report.error(number, f"this line has {len(fields)} field{'s' if len(fields) != 1 else ''}, not 3 (n,"
                         " speaker and text, separated by tabs); write a tab inside a text as \\t", "release-row")
            continue
        n_text, speaker, raw = fields
        if not n_text.isascii() or not n_text.isdigit():
            report.error(number, f"row number '{n_text}' is not a whole number; write the number digits only, e.g."
                         " 4", "bad-row-number")
            continue
        if not SAFE_ID.fullmatch(speaker):
            report.error(number, f"speaker '{speaker}' is not an id; write the speaker's id, e.g. R1", "unsafe-id")
            continue
        n = int(n_text)
        seen[n] = seen.get(n, 0) + 1
        rows.append(FrozenRow(transcript_id, n, seen[n], speaker, unescape(raw, number, report),
                              report.at(number)))
    return (None if report.failed else tuple(rows)), report.problems


# --- Moves --------------------------------------------------------------------------------------------


def parse_row(text: str) -> tuple[str, int, int] | None:
    """`R4:52#2` → ("R4", 52, 2); None if it is not written so."""
    match = ROW.fullmatch(text.strip())
    if match is None:
        return None
    return match["t"], int(match["n"]), int(match["o"] or 1)


_MOVE_EXAMPLE = "'1.1': {moved: {'R4:52#2': 'R4:53'}}"


def read_moves(text: str, path: str, *, language: str = "sv") -> tuple[tuple[RowMove | Renumbering, ...], list[Problem]]:
    """The moves declared in `releases/moves.yaml`: per version, `renumbered:` runs and `moved:` rows."""
    report = Report(path, language=language)
    root = parse(text, report, empty_ok=True)
    moves: list[RowMove | Renumbering] = []
    if root is None or report.failed:
        return (), report.problems
    if not isinstance(root, Mapping):
        report.error(root.line, f"{MOVES_FILE} must map each version to its moves, not {describe(root)}; write it"
                     f" like {_MOVE_EXAMPLE}", "wrong-type")
        return (), report.problems
    for entry in root.entries:
        version = entry.key
        if not VERSION.fullmatch(version):
            report.error(entry.key_line, f"'{version}' is not a version; give the version whose rows moved, quoted,"
                         " e.g. '1.1':", "bad-version")
            continue
        read = read_mapping(entry.value, MOVE_FIELDS, report, what=f"the moves of {version}",
                            example=f"renumbered: [{{transcript: R4, rows: 53-63, by: 1}}]", line=entry.key_line)
        if read is None:
            continue
        for item in items(read.get("renumbered")):
            renumbering = _renumbering(item, version, report)
            if renumbering is not None:
                moves.append(renumbering)
        moved = read.get("moved")
        for move in moved.entries if isinstance(moved, Mapping) else ():
            row_move = _row_move(move, version, report)
            if row_move is not None:
                moves.append(row_move)
    moves.sort(key=lambda move: move.source.line or 0)  # file order: a row moved twice is reported where it repeats
    return (() if report.failed else tuple(moves)), report.problems


def _renumbering(node, version: str, report: Report) -> Renumbering | None:  # type: ignore[no-untyped-def]
    read = read_mapping(node, RENUMBERED_FIELDS, report, what="this renumbering",
                        example="{transcript: R4, rows: 53-63, by: 1}")
    if read is None or any(f.name not in read.values for f in RENUMBERED_FIELDS):
        return None
    transcript = str(read.get("transcript"))
    if not SAFE_ID.fullmatch(transcript):
        report.error(read.line_of("transcript"), f"'{transcript}' is not a transcript id; write the id, e.g."
                     " transcript: R4", "unsafe-id")
        return None
    span = RANGE.fullmatch(str(read.get("rows")))
    if span is None:
        report.error(read.line_of("rows"), f"rows '{read.get('rows')}' is not a row number or a run of them; write"
                     " the first and last row as numbered before, e.g. rows: 53-63", "bad-row-number")
        return None
    first, last = int(span["first"]), int(span["last"] or span["first"])
    if last < first:
        report.error(read.line_of("rows"), f"rows {first}-{last} runs backwards; write the lower number first, e.g."
                     f" rows: {last}-{first}", "bad-row-number")
        return None
    by = int(read.get("by"))  # type: ignore[arg-type]
    if by == 0:
        report.error(read.line_of("by"), "by: 0 renumbers nothing; write what was added to each row number, e.g."
                     " by: 1 (or by: -1)", "bad-row-number")
        return None
    return Renumbering(version, transcript, first, last, by, report.at(read.line))


def _row_move(entry, version: str, report: Report) -> RowMove | None:  # type: ignore[no-untyped-def]
    old = parse_row(entry.key)
    if old is None:
        report.error(entry.key_line, f"'{entry.key}' is not a row; write the old row as R4:52 (or R4:52#2 for the"
                     " second row printed as 52), quoted", "bad-row")
        return None
    values = [entry.value] if isinstance(entry.value, Scalar) else list(items(entry.value))
    targets = []
    for value in values:
        text = value.as_text() if isinstance(value, Scalar) else ""
        target = parse_row(text)
        if target is None:
            report.error(entry.key_line, f"{entry.key} moves to {describe(value)}, not a row; write the row it is"
                         f" now, e.g. '{entry.key}': 'R4:53', or a list of rows for a row split in two",
                         "bad-row")
            return None
        targets.append(target)
    if not targets:
        report.error(entry.key_line, f"{entry.key} moves nowhere; write the row it is now, e.g. '{entry.key}':"
                     " 'R4:53'", "bad-row")
        return None
    return RowMove(version, old[0], (old[1], old[2]), tuple(targets), report.at(entry.key_line))
