"""The checks: what the data says about its own integrity, before anything is published.

`analyse(project)` reads every document once (`citations.parse_document`),
resolves every citation against an index of rows built once, verifies every
quote, and collects every problem: integrity (citations, codes, speakers,
participants, sections), quote fidelity, releases and anonymity. It returns the
`Evidence` the renderers publish and the problems, and never changes the data.
"""

from __future__ import annotations

from pathlib import Path

from ..citations import ParsedDocument, parse_document
from ..model import Evidence, Project
from ..limits import citation_limits
from ..parallel import Forked
from ..problems import Problem
from . import anonymity, integrity, quotes, releases
from .resolve import Index


def analyse(project: Project, root: Path | str | None = None) -> tuple[Evidence, list[Problem]]:
    """Resolve and verify every citation, and report every problem found.

    `root` is the project root the data paths are relative to (the current directory by default); it locates
    `data/private/forbidden-terms.txt` and the data files scanned for forbidden terms.
    """
    index = Index(project)
    parsed = [parse_document(document) for document in project.documents]
    too_many = citation_limits([(d.document.source, len(d.citations)) for d in parsed])
    if too_many:
        return Evidence((), ()), too_many  # verifying that many quotes would take minutes, and publish nothing
    terms = anonymity.forbidden_terms(project, root)
    with Forked(anonymity.search_data, project, terms, root, fork=anonymity.large_data(project, terms, root)) as search:
        return _analyse(project, index, parsed, terms, root, search)


def _analyse(
    project: Project, index: Index, parsed: list[ParsedDocument], terms: tuple[anonymity.ForbiddenTerm, ...],
    root: Path | str | None, data_search: Forked,
) -> tuple[Evidence, list[Problem]]:
    """The checks of `analyse`, while `data_search` (`anonymity.search_data`) runs."""
    problems: list[Problem] = integrity.check_project(project)
    checked, uncited = [], []
    for document in parsed:
        problems += integrity.check_citations(document, index)
        problems += integrity.check_sections(document)
        document_checked, found = quotes.verify(document, index)
        checked += document_checked
        problems += found
        document_uncited, found = quotes.find_uncited(document, index)
        uncited += document_uncited
        problems += found
    problems += releases.check(project, checked)
    problems += anonymity.check_private_file(project, root)
    problems += anonymity.check_private_terms_arrived(project, terms)
    found, clean = data_search.result()  # searched in a second process meanwhile, if the data is large
    problems += found
    problems += anonymity.check_identifiers(project, parsed)
    return Evidence(tuple(checked), tuple(uncited), clean), problems
