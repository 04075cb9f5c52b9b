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
    # A forked search cannot keep its results in the memo, so a build that has a memo searches in this process.
    # It starts first: it needs nothing from the other checks, and they all run meanwhile.
    fork = memo is None and anonymity.large_data(project, terms, root)
    with Forked(anonymity.search_data, project, terms, root, memo, fork=fork) as search:
        index = remembered(memo, "index", (project.transcripts,), lambda: Index(project))
        parsed = [parsed_document(document, memo) for document in project.documents]
        too_many = citation_limits([(d.document.source, len(d.citations)) for d in parsed])
        if too_many:
            return Evidence((), ()), too_many  # verifying that many quotes would take minutes, and publish nothing
        return _analyse(project, index, parsed, terms, root, search, memo)


def _analyse(
    project: Project, index: Index, parsed: list[ParsedDocument], terms: tuple[anonymity.ForbiddenTerm, ...],
    root: Path | str | None, data_search: Forked, memo: Memo | None,
) -> tuple[Evidence, list[Problem]]:
    """The checks of `analyse`, while `data_search` (`anonymity.search_data`) runs."""
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
    # The identifier scan (the longest check) runs before waiting for the data search, so that at 1,000 interviews
    # both cores are busy until both are done; the problems keep their order.
    identifiers = anonymity.check_identifiers(project, parsed, memo=memo)
    found, clean = data_search.result()  # searched in a second process meanwhile, if the data is large
    problems += found
    problems += identifiers
    return Evidence(tuple(checked), tuple(uncited), clean), problems


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
