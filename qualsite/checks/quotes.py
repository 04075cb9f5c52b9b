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
from ..labels import Message, message
from ..memo import Memo
from ..model import CheckedCitation, Citation, Row, UncitedQuote
from ..problems import Problem, warning
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


def verify(
    parsed: ParsedDocument, index: Index, memo: Memo | None = None
) -> tuple[list[CheckedCitation], list[Problem]]:
    """Resolve and verify every citation of one document. With a `memo`, a citation whose text and cited rows are
    unchanged keeps its verdict, unless reaching it searched the whole corpus (a quote not found in its rows)."""
    checked: list[CheckedCitation] = []
    problems: list[Problem] = []
    running = parsed.running_text or ("",) * len(parsed.citations)
    for citation, text in zip(parsed.citations, running):
        result = _checked(citation, text, index, memo)
        checked.append(result)
        problem = _problem(result)
        if problem is not None:
            problems.append(problem)
    return checked, problems


LOCAL = ("unresolved", "no-quote", "exact")
"""Verdicts reached from the cited rows alone; any other looked for the quote in every row (`Index.locate`)."""


def _checked(citation: Citation, running_text: str, index: Index, memo: Memo | None) -> CheckedCitation:
    if memo is None:
        return check_citation(citation, index, running_text=running_text)
    name = ("citation", citation.document, citation.ordinal)
    local = (citation, running_text, tuple(index.numbered(reference) for reference in citation.references))
    found, result = memo.lookup(name, local)
    if not found:
        found, result = memo.lookup(name, (*local, index))
    if found:
        return result  # type: ignore[return-value]
    result = check_citation(citation, index, running_text=running_text)
    memo.keep(name, local if result.status in LOCAL else (*local, index), result)
    return result


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
        return CheckedCitation(citation, rows, "no-quote", None)
    cited = [row for row in rows if row is not None]
    cited_words = [index.words(row) for row in cited]
    if _exact_in(parts, cited_words):
        return CheckedCitation(citation, rows, "exact", None)

    scores = [score_against(parts, w) for w in cited_words]
    best = max(range(len(cited)), key=lambda i: scores[i])
    elsewhere = index.locate(quote, exclude=tuple(cited))
    if scores[best] < DIFFERS or (elsewhere is not None and elsewhere.exact and scores[best] < ELSEWHERE):
        return CheckedCitation(citation, rows, "not-found", _not_found(cited, elsewhere))
    alignment = align(parts, cited_words[best])
    label = cited[best].label
    quoted, printed = alignment.first_change
    if quoted and printed:
        first = message("first-changed", quoted=quoted, printed=printed, row=label)
    elif quoted:
        first = message("first-only-in-quote", quoted=quoted, row=label)
    else:
        first = message("first-only-in-row", printed=printed, row=label)
    count = alignment.changed
    detail = message("word-differs", first=first) if count == 1 else message("words-differ", count=count, first=first)
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
        said = message("uncited-quote", row=row.label) if row is not None else message("uncited-quote-nowhere")
        problems.append(warning(quotation.source, said, "uncited-quote"))
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


def _unresolved(citation: Citation) -> Message:
    return message("points-nowhere", cited=_cited(citation))


def _not_found(cited: list[Row], elsewhere) -> Message:
    labels = ", ".join(row.label for row in cited)
    if elsewhere is None or elsewhere.score < DIFFERS:
        return message("not-found-anywhere", rows=labels)
    if elsewhere.exact:
        return message("found-instead", rows=labels, row=elsewhere.row.label)
    return message("similar-elsewhere", rows=labels, row=elsewhere.row.label)


def _problem(checked: CheckedCitation) -> Problem | None:
    """Warnings for quotes the researcher should look at; unresolved citations are reported by integrity."""
    citation = checked.citation
    cited = _cited(citation)
    detail = checked.detail
    if checked.status == "differs" and detail is not None:
        return warning(citation.source, message("quote-differs", cited=cited, detail=detail), "quote-differs")
    if checked.status == "not-found" and detail is not None:
        if detail.key == "found-instead":
            said = message("quote-not-found", cited=cited, detail=detail, row=dict(detail.values)["row"])
        else:
            said = message("quote-not-found-check", cited=cited, detail=detail)
        return warning(citation.source, said, "quote-not-found")
    return None
