"""How large a study may grow: bounds that real studies never reach, so that hostile or broken input gets a
message instead of an hour of work, a crash or a page MkDocs cannot build.

Each bound is far above the largest real study we know (the thesis: 63 rows in its longest transcript, 1,939
characters in its longest row, 24 citations in its largest findings file) and above the 1,000-interview corpus of
`benchmarks/`; format/README.md lists them. Checked once everything is loaded (`loaded_limits`), once the findings
are parsed (`citation_limits`) and once the pages are rendered (`page_limits`), each with the place to fix.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from .memo import Memo, remembered
from .model import Project, Source, Transcript
from .problems import Problem

MAX_DOCUMENTS = 500
"""Findings files and pages together: each is in the site's menu, which MkDocs draws into every page, so its time
grows with the square of their number (500 took 11.7 s, 1,000 took 34 s, 5,000 more than 300 s). A thesis has 10."""
MAX_ROWS = 20_000
"""Rows in one transcript (a ten-hour interview has about 2,000 turns)."""
MAX_ROW_CHARACTERS = 100_000
"""Characters in one row (about 15,000 words: a turn of two hours, spoken without a break)."""
MAX_CITATIONS_PER_DOCUMENT = 5_000
"""Citations in one findings file or page (its page lists each, and the source check repeats them)."""
MAX_CITATIONS = 50_000
"""Citations in the whole study (all of them are listed on the one source-check page)."""
MAX_PAGES = 200_000
"""Pages and downloads of the site (1,000 interviews make about 5,000)."""
MAX_RELEASES = 100
"""Recorded releases: each adds a folder of pages (`v1.0/…`) with one forwarding page per transcript, and every
build compares every release with the current rows. A study corrected twice a year for fifty years has 100."""
MAX_PAGE_BYTES = 8 * 1024 * 1024
"""Bytes of one generated page: MkDocs takes about 2 s per MB of a transcript page (30 s for 14 MB), and a
reader's browser struggles long before (a 10-hour interview makes about 2 MB)."""


def loaded_limits(project: Project, memo: Memo | None = None) -> list[Problem]:
    """Too many findings files and pages, transcripts with too many rows, and rows with too much text. With a
    `memo`, a transcript's limits are checked again only when it changed (100,000 rows at 1,000 interviews)."""
    problems: list[Problem] = []
    documents = project.documents
    if len(documents) > MAX_DOCUMENTS:
        problems.append(Problem(documents[MAX_DOCUMENTS].source, f"the study has {len(documents):,} findings files and"
                                f" pages, more than the {MAX_DOCUMENTS:,} it may have (each is in the menu of every"
                                " page); merge them into fewer, longer files", "error", "too-large"))
    for transcript in project.transcripts:
        problems += remembered(memo, ("transcript-limits", transcript.id), (transcript,),
                               lambda: _transcript_limits(transcript))
    problems += release_limits(project)
    return problems


def _transcript_limits(transcript: Transcript) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    if len(transcript.rows) > MAX_ROWS:
        problems.append(Problem(transcript.source, f"transcript {transcript.id} has {len(transcript.rows):,} rows,"
                                f" more than the {MAX_ROWS:,} a transcript may have; split it into several"
                                " transcripts (one per interview or session)", "error", "too-large"))
    for row in transcript.rows:
        if len(row.text) > MAX_ROW_CHARACTERS:
            problems.append(Problem(row.source, f"row {row.n} of {transcript.id} holds {len(row.text):,}"
                                    f" characters, more than the {MAX_ROW_CHARACTERS:,} a row may hold; split it"
                                    " into rows at the speaker's turns or paragraphs", "error", "too-large"))
    return tuple(problems)


def release_limits(project: Project) -> list[Problem]:
    """Too many releases, and frozen transcripts or rows past the bounds a current one must keep."""
    problems: list[Problem] = []
    if len(project.releases) > MAX_RELEASES:
        problems.append(Problem(project.releases[MAX_RELEASES].source, f"the study has {len(project.releases):,}"
                                f" recorded releases, more than the {MAX_RELEASES:,} it may have (each adds a folder"
                                " of pages to the site); publish the old releases' site separately and remove their"
                                " folders from data/releases/", "error", "too-large"))
    for release in project.releases:
        for transcript, rows in release.transcripts:
            if len(rows) > MAX_ROWS:
                problems.append(Problem(rows[0].source, f"transcript {transcript} of release {release.version} has"
                                        f" {len(rows):,} rows, more than the {MAX_ROWS:,} a transcript may have, which"
                                        " build_site.py release never records; restore the file from git",
                                        "error", "too-large"))
            for row in rows:
                if len(row.text) > MAX_ROW_CHARACTERS:
                    problems.append(Problem(row.source, f"row {row.n} of {transcript} in release {release.version}"
                                            f" holds {len(row.text):,} characters, more than the"
                                            f" {MAX_ROW_CHARACTERS:,} a row may hold, which build_site.py release never"
                                            " records; restore the file from git", "error", "too-large"))
    return problems


def citation_limits(counts: Sequence[tuple[Source, int]]) -> list[Problem]:
    """Documents with too many citations, and a study with too many; `counts` is (document, its citations)."""
    problems = [
        Problem(source, f"this file holds {count:,} citations, more than the {MAX_CITATIONS_PER_DOCUMENT:,} a file may"
                " hold; split it into several findings files", "error", "too-large")
        for source, count in counts if count > MAX_CITATIONS_PER_DOCUMENT
    ]
    total = sum(count for _, count in counts)
    if total > MAX_CITATIONS and counts:
        problems.append(Problem(counts[0][0], f"the findings hold {total:,} citations in all, more than the"
                                f" {MAX_CITATIONS:,} a study may hold (the source check lists every one); cite"
                                " fewer rows, or publish the study as several sites", "error", "too-large"))
    return problems


def page_limits(pages: Mapping[str, str | bytes]) -> list[Problem]:
    """A site with too many pages, and pages too large for MkDocs or a reader."""
    problems: list[Problem] = []
    if len(pages) > MAX_PAGES:
        problems.append(Problem(Source("docs"), f"the site would have {len(pages):,} pages, more than the"
                                f" {MAX_PAGES:,} it may have; publish the study as several sites", "error",
                                "too-large"))
    for path in sorted(pages):
        content = pages[path]
        if path.startswith("downloads/") or len(content) * (1 if isinstance(content, bytes) else 4) <= MAX_PAGE_BYTES:
            continue  # a character is at most 4 bytes: most pages need no encoding to be measured
        size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8"))
        if size > MAX_PAGE_BYTES:
            problems.append(Problem(Source(f"docs/{path}"), f"this page would be {size / 1024 / 1024:.0f} MB, more"
                                    f" than the {MAX_PAGE_BYTES // 1024 // 1024} MB a page may be (MkDocs would take"
                                    " half a minute or more on it, and browsers struggle with it); split the data it"
                                    " shows: a transcript into sessions, a findings file into themes", "error",
                                    "too-large"))
    return problems
