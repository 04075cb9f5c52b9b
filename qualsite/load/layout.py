"""Which files make up a study in `data/`, found by name before any is read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Source
from ..labels import message
from ..problems import Problem, warning
from .files import FORMAT_DOC, not_a_file, not_a_file_message, relative
from .ids import check_id
from .report import Report

STUDY = "study.yaml"
CODEBOOK = "codebook.yaml"
PARTICIPANTS = "participants.yaml"
TRANSCRIPTS = "transcripts"
FINDINGS = "findings"
PAGES = "pages"
SPEAKERS_SUFFIX = ".speakers.yaml"


@dataclass(frozen=True)
class TranscriptFiles:
    """The file (or files) of one transcript."""

    id: str
    """Transcript id: the file name without extension (`R5`)."""
    path: Path
    """`<ID>.yaml` or `<ID>.csv`."""
    speakers: Path | None = None
    """`<ID>.speakers.yaml` beside a CSV transcript, if any."""


@dataclass(frozen=True)
class Layout:
    """The files of a study, by role."""

    study: Path
    codebook: Path
    participants: Path
    transcripts: tuple[TranscriptFiles, ...]
    findings: tuple[Path, ...]
    pages: tuple[Path, ...]


def natural_key(text: str) -> tuple:
    """Sort key that puts R2 before R10."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)), text


def find(data_dir: Path, root: Path) -> tuple[Layout | None, list[Problem]]:
    """The files of the study in `data_dir`; None if the directory itself is missing."""
    if not data_dir.is_dir():
        report = Report(relative(data_dir, root))
        report.error(None, "directory not found; pass --data with your study's folder, or start one with"
                     f" `python build_site.py new {relative(data_dir, root)}` — see {FORMAT_DOC}", "missing-file")
        return None, report.problems
    problems: list[Problem] = _broken_links(data_dir, root)
    transcripts = _transcripts(data_dir / TRANSCRIPTS, root, problems)
    layout = Layout(
        study=data_dir / STUDY,
        codebook=data_dir / CODEBOOK,
        participants=data_dir / PARTICIPANTS,
        transcripts=transcripts,
        findings=_markdown(data_dir / FINDINGS, root, problems),
        pages=_markdown(data_dir / PAGES, root, problems),
    )
    return layout, problems


DATA_SUFFIXES = (".yaml", ".yml", ".csv", ".md")


def _files(directory: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """The regular files of a folder of the study. Anything else named like data (a folder `R2.yaml`, a pipe, a
    broken link, a loop of links) is an error saying what stands there; other folders are left alone."""
    if not directory.is_dir():
        return []
    files = []
    for path in sorted(directory.iterdir(), key=lambda p: natural_key(p.name)):
        if path.name.startswith("."):
            continue
        other = not_a_file(path)
        if other is None:
            files.append(path)
        elif other != "a folder" or path.suffix in DATA_SUFFIXES:
            problems.append(Problem(Source(relative(path, root)), not_a_file_message(other), "error", "not-a-file"))
    return files


def _broken_links(data_dir: Path, root: Path) -> list[Problem]:
    """Every link to nowhere anywhere in the study's folder: a file someone meant to publish is missing."""
    found = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_symlink() and not path.exists():
            other = not_a_file(path) or "a link to nowhere (a broken symbolic link)"
            found.append(Problem(Source(relative(path, root)), not_a_file_message(other), "error", "not-a-file"))
    return found


def _transcripts(directory: Path, root: Path, problems: list[Problem]) -> tuple[TranscriptFiles, ...]:
    files = _files(directory, root, problems)
    speakers = {p.name[: -len(SPEAKERS_SUFFIX)]: p for p in files if p.name.endswith(SPEAKERS_SUFFIX)}
    found: dict[str, TranscriptFiles] = {}
    for path in files:
        if path.name.endswith(SPEAKERS_SUFFIX):
            continue
        report = Report(relative(path, root))
        if path.suffix not in (".yaml", ".csv"):
            key = "not-a-transcript-yml" if path.suffix == ".yml" else "not-a-transcript"
            report.warning(None, message(key), "unexpected-file")
        elif path.stem in found:
            other = found[path.stem].path.name
            report.error(None, f"transcript {path.stem} is also given as {other}; keep only one of {other} and"
                         f" {path.name}", "duplicate-id")
        elif check_id(path.stem, None, report, what="transcript file name"):
            found[path.stem] = TranscriptFiles(path.stem, path, speakers.get(path.stem) if path.suffix == ".csv"
                                               else None)
        problems.extend(report.problems)
    for ident, path in speakers.items():
        if ident not in found or found[ident].speakers != path:
            report = Report(relative(path, root))
            report.warning(None, message("speakers-without-transcript", id=ident), "unexpected-file")
            problems.extend(report.problems)
    return tuple(sorted(found.values(), key=lambda t: natural_key(t.id)))


def _markdown(directory: Path, root: Path, problems: list[Problem]) -> tuple[Path, ...]:
    kept = []
    for path in _files(directory, root, problems):
        if path.suffix == ".md":
            kept.append(path)
        else:
            report = Report(relative(path, root))
            report.warning(None, message("not-markdown"), "unexpected-file")
            problems.extend(report.problems)
    return tuple(kept)
