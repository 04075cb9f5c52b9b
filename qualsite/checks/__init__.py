"""The checks: what the data says about its own integrity, before anything is published.

`analyse(project)` reads every document once (`citations.parse_document`),
resolves every citation against an index of rows built once, verifies every
quote, and collects every problem: integrity (citations, codes, speakers,
participants, sections), quote fidelity, releases and anonymity. It returns the
`Evidence` the renderers publish and the problems, and never changes the data.
"""

from __future__ import annotations

from pathlib import Path

from ..citations import ParsedDocument, parsed_document
from ..model import CheckedCitation, Evidence, Project, UncitedQuote
from ..limits import citation_limits
from ..memo import Memo, remembered
from ..parallel import Forked
from ..problems import Problem
from . import anonymity, integrity, quotes, releases
from .resolve import Index


def analyse(
    project: Project, root: Path | str | None = None, memo: Memo | None = None
) -> tuple[Evidence, list[Problem]]:
    """Resolve and verify every citation, and report every problem found.

    `root` is the project root the data paths are relative to (the current directory by default); it locates
    `data/private/forbidden-terms.txt` and the data files scanned for forbidden terms. With a `memo`, the checks
    of a document, a transcript or a data file that did not change are taken from the last build.
    """
    terms = anonymity.forbidden_terms(project, root)
    # A forked process cannot keep its results in the memo, so a build that has one checks all in this process.
    share = None if memo is not None else _second_share(project, terms, root)
    with Forked(_second_process, project, terms, root, memo, share, fork=share is not None) as second:
        index = remembered(memo, "index", (project.transcripts,), lambda: Index(project))
        parsed = [parsed_document(document, memo) for document in project.documents]
        too_many = citation_limits([(d.document.source, len(d.citations)) for d in parsed])
        if too_many:
            return Evidence((), ()), too_many  # verifying that many quotes would take minutes, and publish nothing
        return _analyse(project, index, parsed, terms, root, second, share, memo)


def _analyse(
    project: Project, index: Index, parsed: list[ParsedDocument], terms: tuple[anonymity.ForbiddenTerm, ...],
    root: Path | str | None, second: Forked, share: slice | None, memo: Memo | None,
) -> tuple[Evidence, list[Problem]]:
    """The checks of `analyse`, while `second` (`_second_process`) does its `share` of them."""
    problems: list[Problem] = integrity.check_project(project, memo)
    checked, uncited = [], []
    for document in parsed:
        document_checked, document_uncited, found = remembered(
            memo, ("checked", document.document.source.path), (document, index),
            lambda: _check_document(document, index, memo))
        checked += document_checked
        uncited += document_uncited
        problems += found
    problems += releases.check(project, checked)
    problems += anonymity.check_private_file(project, root)
    problems += anonymity.check_private_terms_arrived(project, terms)
    if share is None:
        scans = [anonymity.scan_identifiers(project, memo=memo)]
        found, clean, _ = second.result()
    else:  # the identifiers of the transcripts before and after the share, then the share's, in reading order
        before = anonymity.scan_identifiers(project, slice(0, share.start))
        after = anonymity.scan_identifiers(project, slice(share.stop, None))
        found, clean, shared = second.result()
        scans = [before, shared, after]
    problems += found
    problems += anonymity.identifier_problems(project, scans)
    return Evidence(tuple(checked), tuple(uncited), clean, tuple(parsed)), problems


def _second_process(
    project: Project, terms: tuple[anonymity.ForbiddenTerm, ...], root: Path | str | None, memo: Memo | None,
    share: slice | None,
) -> tuple[list[Problem], frozenset[bytes], anonymity.IdentifierScan | None]:
    """The checks a second process can do alone: the search of the data files for forbidden terms, and the
    identifier scan of the transcripts in `share` (of `anonymity.identifier_groups`)."""
    found, clean = anonymity.search_data(project, terms, root, memo)
    return found, clean, None if share is None else anonymity.scan_identifiers(project, share)


IDENTIFIER_SCAN_COST = 2.0
"""The identifier scan's processor time per character of row text, against the data search's per byte of data
file (measured at 1,000 interviews: 1.94 s for 30 M characters, 1.07 s for 32 MB). The rest of the checks, done
in this process, cost about a third of the scan (0.67 s)."""


def _second_share(project: Project, terms: tuple[anonymity.ForbiddenTerm, ...], root: Path | str | None) -> slice | None:
    """The transcripts (a slice of `anonymity.identifier_groups`) whose identifier scan a second process does
    beside the data search, so that both processes end together; None when the study is too small for a second
    process to be worth its start (`anonymity.PARALLEL_CHARACTERS`). The share changes only where the problems are
    found, never which."""
    sizes = [sum(len(row.text) for row in transcript.rows) for transcript in project.transcripts]
    scan = IDENTIFIER_SCAN_COST * sum(sizes)
    search = anonymity.data_size(project, root) if terms else 0
    if scan + search < IDENTIFIER_SCAN_COST * anonymity.PARALLEL_CHARACTERS:
        return None
    wanted = max(0.0, (scan / 3 + scan + search) / 2 - search) / IDENTIFIER_SCAN_COST  # characters of rows
    start, shared = len(sizes), 0
    while start > 0 and shared + sizes[start - 1] / 2 <= wanted:
        start -= 1
        shared += sizes[start]
    return slice(start, len(sizes))


def _check_document(
    document: ParsedDocument, index: Index, memo: Memo | None = None
) -> tuple[tuple[CheckedCitation, ...], tuple[UncitedQuote, ...], tuple[Problem, ...]]:
    """One document's citations resolved and its quotes verified against `index`: what it cites, the quotes it
    leaves uncited, and the problems of both."""
    problems = integrity.check_citations(document, index) + integrity.check_sections(document)
    checked, found = quotes.verify(document, index, memo)
    problems += found
    uncited, found = quotes.find_uncited(document, index)
    problems += found
    return tuple(checked), tuple(uncited), tuple(problems)
