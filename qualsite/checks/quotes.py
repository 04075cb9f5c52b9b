"""Quote verification: does each quote say what its cited rows say?

Verdicts (`QuoteStatus`): `exact` when every fragment of the quote appears word
for word, in order, in a cited row (or across the cited rows); `differs` when a
cited row holds most of it but some words differ, with a word-level diff;
`not-found` when no cited row holds it, saying where it does appear;
`no-quote` for a citation that backs no quoted passage (a paraphrase);
`unresolved` when no reference points at a row. Verification never changes
the text: it only reads it.
"""

from __future__ import annotations

from dataclasses import replace

from ..citations import ParsedDocument
from ..model import CheckedCitation, Citation, Row, UncitedQuote
from ..problems import Problem
from .align import align, score_against
from .resolve import Index
from .words import Words, find_in_order, fragments

DIFFERS = 0.6
"""A cited row that holds at least this share of a quote's words makes the quote `differs` rather than `not-found`."""
ELSEWHERE = 0.9
"""A quote found word for word in an uncited row counts as `not-found` (cited wrongly) unless a cited row holds
at least this share of it."""
UNMARKED_MIN_WORDS = 6
"""Running text without quotation marks counts as a quote when it has this many words and the cited row holds it
word for word (the thesis prints one so at (R1:38))."""


def verify(parsed: ParsedDocument, index: Index) -> tuple[list[CheckedCitation], list[Problem]]:
    """Resolve and verify every citation of one document."""
    checked: list[CheckedCitation] = []
    problems: list[Problem] = []
    running = parsed.running_text or ("",) * len(parsed.citations)
    for citation, text in zip(parsed.citations, running):
        result = check_citation(citation, index, running_text=text)
        checked.append(result)
        problem = _problem(result)
        if problem is not None:
            problems.append(problem)
    return checked, problems


def check_citation(citation: Citation, index: Index, *, running_text: str = "") -> CheckedCitation:
    """One citation, its references resolved to rows and its quote verified."""
    candidates = [index.numbered(reference) for reference in citation.references]
    if not any(candidates):
        return CheckedCitation(citation, tuple(None for _ in candidates), "unresolved", _unresolved(citation))
    quote = citation.quote
    if not quote and running_text:
        parts = fragments(running_text)
        if sum(map(len, parts)) >= UNMARKED_MIN_WORDS and _exact_in(
            parts, [index.words(r) for rows in candidates for r in rows]
        ):
            citation = replace(citation, quote=running_text)
            quote = running_text
    parts = fragments(quote)
    rows = tuple(_choose(rows, parts, index) for rows in candidates)
    if not parts:
        return CheckedCitation(citation, rows, "no-quote", "")
    cited = [row for row in rows if row is not None]
    cited_words = [index.words(row) for row in cited]
    if _exact_in(parts, cited_words):
        return CheckedCitation(citation, rows, "exact", "")

    scores = [score_against(parts, w) for w in cited_words]
    best = max(range(len(cited)), key=lambda i: scores[i])
    elsewhere = index.locate(quote, exclude=tuple(cited))
    if scores[best] < DIFFERS or (elsewhere is not None and elsewhere.exact and scores[best] < ELSEWHERE):
        return CheckedCitation(citation, rows, "not-found", _not_found(cited, elsewhere))
    alignment = align(parts, cited_words[best])
    label = cited[best].label
    quoted, printed = alignment.first_change
    if quoted and printed:
        first = f'"{quoted}" in the quote, "{printed}" in {label}'
    elif quoted:
        first = f'"{quoted}" in the quote, not in {label}'
    else:
        first = f'"{printed}" in {label}, not in the quote'
    count = alignment.changed
    detail = f"{count} word{'s' if count != 1 else ''} differ{'' if count != 1 else 's'}: {first}"
    return CheckedCitation(citation, rows, "differs", detail, alignment.diff)


def find_uncited(parsed: ParsedDocument, index: Index) -> tuple[list[UncitedQuote], list[Problem]]:
    """Quotations with no citation after them, each located in the transcripts to suggest one."""
    found: list[UncitedQuote] = []
    problems: list[Problem] = []
    for quotation in parsed.quotations:
        located = index.locate(quotation.text)
        row = located.row if located is not None and located.score >= DIFFERS else None
        if row is None and parsed.document.kind != "finding":
            continue  # other chapters quote the literature; only quotes from the transcripts need a citation here
        found.append(UncitedQuote(parsed.document.slug, quotation.text, quotation.source, row))
        if row is not None:
            message = f"quotation has no citation; it matches {row.label} — add ({row.label}) after it"
        else:
            message = (
                "quotation has no citation, and no transcript row holds it; "
                "add a citation such as (R5:4) after it, or remove the quotation marks"
            )
        problems.append(Problem(quotation.source, message, "warning", "uncited-quote"))
    return found, problems


def _choose(rows: tuple[Row, ...], parts: tuple[Words, ...], index: Index) -> Row | None:
    """The row a reference resolves to: the only one, or, when two rows share the number, the one whose text best
    matches the quote (the first on a tie or without a quote)."""
    if len(rows) <= 1 or not parts:
        return rows[0] if rows else None
    scores = [score_against(parts, index.words(row)) for row in rows]
    return rows[max(range(len(rows)), key=lambda i: (scores[i], -i))]


def _exact_in(parts: tuple[Words, ...], rows: list[Words]) -> bool:
    """Whether the fragments appear in order in one row, across the rows in cited order, or each in some row."""
    if not rows:
        return False
    if any(find_in_order(parts, row.joined) for row in rows):
        return True
    together = " " + " ".join(" ".join(row.norm) for row in rows) + " "
    if find_in_order(parts, together):
        return True
    return all(any(row.joined.find(part.joined) >= 0 for row in rows) for part in parts)


def _cited(citation: Citation) -> str:
    return "(" + "; ".join(reference.label for reference in citation.references) + ")"


def _unresolved(citation: Citation) -> str:
    return f"{_cited(citation)} points at no transcript row"


def _not_found(cited: list[Row], elsewhere) -> str:
    labels = ", ".join(row.label for row in cited)
    if elsewhere is None or elsewhere.score < DIFFERS:
        return f"not in {labels}, nor anywhere else in the transcripts"
    if elsewhere.exact:
        return f"not in {labels}; found in {elsewhere.row.label} instead"
    return f"not in {labels}; a similar passage is in {elsewhere.row.label}"


def _problem(checked: CheckedCitation) -> Problem | None:
    """Warnings for quotes the researcher should look at; unresolved citations are reported by integrity."""
    citation = checked.citation
    cited = _cited(citation)
    if checked.status == "differs":
        message = f"{cited} quote differs from the transcript: {checked.detail}; correct the quote or the transcript"
        return Problem(citation.source, message, "warning", "quote-differs")
    if checked.status == "not-found":
        detail = checked.detail
        if "found in " in detail and " instead" in detail:
            target = detail.split("found in ", 1)[1].split(" instead", 1)[0]
            fix = f"cite ({target}) or correct the quote"
        else:
            fix = "check the citation and the quote"
        return Problem(citation.source, f"{cited} quote not found: {detail}; {fix}", "warning", "quote-not-found")
    return None
