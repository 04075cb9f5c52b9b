"""The loader: `data/` → `Project`, with every shape problem collected.

    project, problems = load(Path("data"), Path("."))

`project` is None exactly when some problem is an error; warnings alone still
give a project. Only the shape of the input is checked here (types, keys, ids,
file names, encodings). Whether codes, speakers and cited rows exist is for
`qualsite.checks`.

One module per job: `files` (bytes → text), `yamlsource` (text → nodes with
lines), `fields` (a mapping's keys and types), `ids` (safe ids, slugs,
colours), `layout` (which files make a study), and one module per kind of
file: `study`, `codebook`, `participants`, `transcripts` (+ `rowlines`, `csvsource`,
`rows`), `documents`, `releases` (the recorded releases and the moves of rows between them).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Codebook, Document, DocumentKind, Participant, Project, Study, Transcript
from ..limits import loaded_limits
from ..model import Source
from ..memo import Memo, remembered
from .. import parallel
from ..parallel import Forked, can_fork
from ..problems import Problem, sort_key
from . import layout as layout_
from .codebook import read_codebook
from .documents import read_document
from .files import MAX_BYTES, OUTSIDE_MESSAGE, bytes_as_text, outside, read_text, relative, resolving_folders_once
from .participants import read_participants
from .releases import read_releases
from .study import read_study
from .transcripts import read_csv_transcript, read_yaml_transcript

__all__ = ["load", "MAX_BYTES"]


def load(data_dir: Path, root: Path, memo: Memo | None = None) -> tuple[Project | None, list[Problem]]:
    """Read every file of the study in `data_dir`; paths in sources and problems are relative to `root`.

    Returns the project (None if any error was found) and every problem, sorted by file and line. With a `memo`
    (`qualsite.memo`), a file whose text is what it was at the last build is not parsed again: the same objects
    are returned, which is what lets the rest of an incremental build see at once that nothing else changed.
    """
    with resolving_folders_once():
        return _load(data_dir, root, memo)


def _load(data_dir: Path, root: Path, memo: Memo | None) -> tuple[Project | None, list[Problem]]:
    layout, problems = layout_.find(data_dir, root)
    if layout is None:
        return None, problems
    files: list[str] = []
    names: dict[Path, str] = {}

    def name_of(path: Path) -> str:
        """`relative(path, root)`, worked out once per file (it resolves the path's folders)."""
        name = names.get(path)
        if name is None:
            name = names[path] = relative(path, root)
        return name

    def as_text(data: bytes, name: str) -> tuple[str | None, tuple[Problem, ...]]:
        """`bytes_as_text`, or with a memo the text it gave for equal bytes at the last build: the bytes are read
        and compared every build (file times are not trusted), but 30 MB of unchanged files are not decoded again."""
        return remembered(memo, ("text", name), (data,), lambda: bytes_as_text(data, name))

    def text_of(path: Path) -> str | None:
        text, found = read_text(path, root, within=data_dir, name=name_of(path), as_text=as_text)
        problems.extend(found)
        if text is not None:
            files.append(name_of(path))
        return text

    def parsed(path: Path, reader, **options):  # type: ignore[no-untyped-def]
        text = text_of(path)
        if text is None:
            return None
        return read(reader, text, name_of(path), **options)

    def read(reader, *arguments, **options):  # type: ignore[no-untyped-def]
        """`reader(*arguments, **options)`, its problems added to the rest; reused from `memo` if nothing changed."""
        inputs = (arguments, tuple(sorted(options.items())))
        value, found = remembered(memo, ("load", reader.__name__, arguments[1]), inputs,
                                  lambda: _frozen(reader(*arguments, **options)))
        problems.extend(found)
        return value

    study: Study | None = parsed(layout.study, read_study)
    language = study.language if study is not None else _written_language(layout.study, data_dir)  # for examples
    codebook: Codebook | None = parsed(layout.codebook, read_codebook, language=language)
    participants: tuple[Participant, ...] | None = parsed(layout.participants, read_participants, language=language)

    def read_transcripts(entries: list[layout_.TranscriptFiles]) -> tuple[list[Transcript], list[str], list[Problem]]:
        """The transcripts of `entries`, and the files read and the problems found on the way (also added to
        `files` and `problems`, which a second process cannot share)."""
        files_before, problems_before = len(files), len(problems)
        found: list[Transcript] = []
        for entry in entries:
            text = text_of(entry.path)
            if text is None:
                continue
            path = name_of(entry.path)
            if entry.path.suffix == ".yaml":
                transcript = read(read_yaml_transcript, text, path, entry.id, language=language)
            else:
                speakers = text_of(entry.speakers) if entry.speakers else None
                speakers_path = name_of(entry.speakers) if entry.speakers else ""
                transcript = read(read_csv_transcript, text, path, entry.id, speakers, speakers_path,
                                  language=language)
            if transcript is not None:
                found.append(transcript)
        return found, files[files_before:], problems[problems_before:]

    # A one-shot build of a large study reads its last transcripts in a second process meanwhile. The problems, the
    # files and the transcripts are sorted below, so it does not matter which process read which.
    entries = list(layout.transcripts)
    shared = 0 if memo is not None else _shared_transcripts(entries)
    with Forked(read_transcripts, entries[len(entries) - shared:], fork=shared > 0) as second:
        transcripts, _, _ = read_transcripts(entries[:len(entries) - shared])
        if shared:
            more, more_files, more_problems = second.result()
            transcripts += more
            files += more_files
            problems += more_problems

    findings = _documents(layout.findings, "finding", text_of, read, name_of, problems, language)
    pages = _documents(layout.pages, "page", text_of, read, name_of, problems, language)
    releases, moves, found = read_releases(data_dir, root, text_of, language=language)
    problems.extend(found)

    companions = _companions(data_dir, root, problems)
    problems = sorted(set(problems), key=sort_key)  # an aliased node reports its problem once
    if study is None or codebook is None or participants is None or any(p.severity == "error" for p in problems):
        return None, problems
    project = Project(
        study=study,
        codebook=codebook,
        participants=participants,
        transcripts=tuple(sorted(transcripts, key=lambda t: layout_.natural_key(t.id))),
        findings=findings,
        pages=pages,
        data_files=tuple(sorted(files + companions)),
        releases=releases,
        moves=moves,
    )
    too_large = loaded_limits(project, memo)
    return (None, sorted(problems + too_large, key=sort_key)) if too_large else (project, problems)


SHARED_TRANSCRIPTS = 0.4
"""The share of a large study's transcripts (by bytes) a second process reads: less than half, because it also
pickles what it read for this process to unpickle (0.30 and 0.18 s for 500 transcripts of 100 rows, against
about 1 s to read them)."""


def _shared_transcripts(entries: list[layout_.TranscriptFiles]) -> int:
    """How many of the last `entries` a second process reads: none when the transcripts are too small for a second
    process to be worth its start (`parallel.PARALLEL_CHARACTERS` bytes)."""
    sizes = []
    for entry in entries:
        try:
            sizes.append(entry.path.stat().st_size + (entry.speakers.stat().st_size if entry.speakers else 0))
        except OSError:
            sizes.append(0)  # read_text reports it
    if sum(sizes) < parallel.PARALLEL_CHARACTERS or not can_fork():
        return 0
    wanted, shared, count = SHARED_TRANSCRIPTS * sum(sizes), 0, 0
    while count < len(sizes) and shared + sizes[-1 - count] / 2 <= wanted:
        shared += sizes[-1 - count]
        count += 1
    return count


def _written_language(study_file: Path, data_dir: Path) -> str:
    """The `language:` a study.yaml that did not load says it is in (`sv`, `en`), or English."""
    if outside(study_file, data_dir):
        return "en"
    try:
        text = study_file.read_text(encoding="utf-8-sig", errors="replace") if study_file.is_file() else ""
    except OSError:
        return "en"
    found = re.search(r"^language:\s*[\"']?(sv|en)\b", text, re.M)
    return found.group(1) if found else "en"


COMPANIONS = ("CORRECTIONS.yaml", "reviewed.yaml")
"""Files beside the data that a reader of the published data needs: the corrections made to the source, and the
warnings the researcher accepted. They are published in the data download, not loaded (the format itself,
`format/README.md`, is added by the download)."""


def _companions(data_dir: Path, root: Path, problems: list[Problem]) -> list[str]:
    kept = []
    for name in COMPANIONS:
        path = data_dir / name
        if outside(path, data_dir):  # never pack another folder's file into data.zip
            problems.append(Problem(Source(relative(path, root)), OUTSIDE_MESSAGE, "error", "link-outside"))
        elif path.is_file():
            kept.append(relative(path, root))
    return kept


def _frozen(result: tuple[object, list[Problem]]) -> tuple[object, tuple[Problem, ...]]:
    """A reader's result with its problems as a tuple, so that a kept result cannot be changed by its users."""
    value, found = result
    return value, tuple(found)


def _documents(paths: tuple[Path, ...], kind: DocumentKind, text_of, read,  # type: ignore[no-untyped-def]
               name_of, problems: list[Problem], language: str) -> tuple[Document, ...]:
    documents: list[Document] = []
    first: dict[str, str] = {}
    for path in paths:
        text = text_of(path)
        if text is None:
            continue
        document = read(read_document, text, name_of(path), kind, path.name, language=language)
        if document is None:
            continue
        if document.slug in first:
            problems.append(Problem(document.source, f"slug '{document.slug}' is also the slug of {first[document.slug]};"
                                    " give each document its own slug: in the front matter, or rename a file",
                                    "error", "duplicate-id"))
            continue
        first[document.slug] = document.source.path
        documents.append(document)
    return tuple(sorted(documents, key=lambda d: (d.order, d.slug)))
