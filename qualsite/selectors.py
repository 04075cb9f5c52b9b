"""Durable citations: where each quote sits in the row it cites, as W3C Web Annotation selectors, and finding it
again in a revised row.

A citation such as `(R5:4)` points at a row by its number, and numbers change when a transcript is corrected or
renumbered. So, as annotation systems do, every cited passage is also kept by its words: a `TextQuoteSelector`
(the passage exactly, with about 32 characters of context on each side) and a `TextPositionSelector` (where it
starts and ends). Both count in Unicode code points of the row's text as written: `Row.text`, which the transcript
page shows (a JavaScript reader counting UTF-16 code units must convert; `downloads/segments.csv` prefixes a cell a
spreadsheet would run as a formula with `'`). `reanchor` finds an old passage in a row's new text and says how well it still matches.

Pure: text in, selectors out. The alignment of a quote with its row is the quote check's own (`checks.align`,
`checks.words`), so the site and the check never disagree about which words a quote holds.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from .checks.align import score_against, stretch
from .checks.quotes import DIFFERS
from .checks.words import WORD, Words, fragments, words
from .memo import Memo
from .model import CheckedCitation, Reference, Row

CONTEXT = 32
"""Characters of context kept before and after a passage (the `prefix` and `suffix`), as Hypothesis keeps."""
CONTEXT_SLACK = 16
"""A context cut inside a word moves back to the word's start when that adds at most this many characters;
past that (a long run without spaces, such as an address) the cut stays where it fell."""
MIN_SCORE = 0.5
"""`reanchor` gives up below this score: fewer than half of the passage's words are still there, in order, so the
passage is taken as gone rather than moved."""
JUNK_ABOVE = 200
"""Passages of more words than this are aligned with difflib's autojunk heuristic (words in more than 1 % of
positions are skipped as anchors), which keeps a whole-row passage of a 100,000-character row near-linear."""


@dataclass(frozen=True)
class TextQuoteSelector:
    """A passage by its words: W3C `TextQuoteSelector`."""

    exact: str
    """The passage exactly as the row's text has it."""
    prefix: str
    """Up to about `CONTEXT` characters just before it in the row (cut at a word's start), or empty at the start."""
    suffix: str
    """Up to about `CONTEXT` characters just after it in the row (cut at a word's end), or empty at the end."""


@dataclass(frozen=True)
class TextPositionSelector:
    """A passage by its place: W3C `TextPositionSelector`, in code points of the row's text."""

    start: int
    """Offset of the passage's first character (0 for the first character of the row)."""
    end: int
    """Offset just after its last character (`text[start:end]` is the passage)."""


@dataclass(frozen=True)
class CitedPassage:
    """One reference of a citation, with the passage of its row that the citation's quote holds."""

    citation: CheckedCitation
    """The checked citation the reference belongs to."""
    reference: Reference
    """The reference (`R5:4`) as written."""
    number: int
    """1 for the citation's first reference, 2 for the next (`(R2:5; R2:42)` has two)."""
    row: Row
    """The row it resolves to."""
    quote: TextQuoteSelector
    """The passage by its words."""
    position: TextPositionSelector
    """The passage by its place."""


@dataclass(frozen=True)
class Anchored:
    """Where `reanchor` found an old passage in a row's new text."""

    start: int
    """Offset of the passage's first character in the new text, in code points."""
    end: int
    """Offset just after its last character."""
    score: float
    """How well the found stretch matches the old passage, 0–1: 1 when its words are all still there unchanged, in
    order; otherwise 2 × (words matched) / (words of the passage + words of the stretch)."""
    exact: bool
    """Whether the old passage was found character for character."""


def cited_passages(citations: tuple[CheckedCitation, ...], memo: Memo | None = None) -> tuple[CitedPassage, ...]:
    """A `CitedPassage` for every reference that points at a row, in citation then reference order. A reference
    that points nowhere has no row to select in (and stops the build, so no published site holds one).

    With a `memo`, the selectors of a reference whose quote, status, number of rows and row are those of the last
    build (all that `passage_span` reads) are not worked out again: a sentence added to a findings file moves the
    lines of its citations, not their passages."""
    result = []
    for item in citations:
        for number, (reference, row) in enumerate(zip(item.citation.references, item.rows), start=1):
            if row is not None:
                name = ("passage", item.citation.document, item.citation.ordinal, number)
                inputs = (item.citation.quote, item.status, len(item.rows), row)
                found, kept = (False, None) if memo is None else memo.lookup(name, inputs)
                quote, position = kept if found else selectors(row.text, *passage_span(item, row))  # type: ignore[misc]
                if memo is not None and not found:
                    memo.keep(name, inputs, (quote, position))  # kept with the document's passages (`Memo.keep`)
                result.append(CitedPassage(item, reference, number, row, quote, position))
    return tuple(result)


def selectors(text: str, start: int, end: int) -> tuple[TextQuoteSelector, TextPositionSelector]:
    """Both selectors of `text[start:end]`."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"passage {start}:{end} outside a text of {len(text)} characters")
    quote = TextQuoteSelector(text[start:end], text[_prefix_start(text, start):start], text[end:_suffix_end(text, end)])
    return quote, TextPositionSelector(start, end)


def passage_span(item: CheckedCitation, row: Row) -> tuple[int, int]:
    """Where in `row.text` the citation's quote is, as (start, end) in code points.

    An exact quote spans from the first word of its first fragment to the last word of its last (an omission `/…/`
    leaves the omitted words inside the span); a quote that differs spans the stretch the quote check aligned it
    with. A citation without a quote, a quote not found in this row, or a row that holds none of the quote's words
    selects the whole row. Punctuation around the quoted words stays outside the span.
    """
    whole = (0, len(row.text))
    parts = fragments(item.citation.quote)
    if item.status not in ("exact", "differs") or not parts:
        return whole
    row_words = words(row.text)
    fuzzy = item.status == "differs" and _holds(parts, row_words)
    across = item.status == "exact" and len(item.rows) > 1
    span = _word_span(parts, row_words, fuzzy=fuzzy, across=across)
    spans = word_spans(row.text)
    if span is None or spans is None or len(spans) != len(row_words):
        return whole
    return spans[span[0]][0], spans[span[1] - 1][1]


def word_spans(text: str) -> tuple[tuple[int, int], ...] | None:
    """The (start, end) in code points of each word `checks.words.words(text)` finds, in order; None in the rare
    text whose normalisation cannot be mapped back character by character (callers then select the whole row).

    The quote check reads words from the NFKC form of a text, where `ﬁ` is `fi` and `e` + combining accent is `é`;
    each base character and the combining marks after it are normalised together so offsets map back."""
    if unicodedata.is_normalized("NFKC", text):
        return tuple(m.span() for m in WORD.finditer(text))
    starts: list[int] = []
    ends: list[int] = []
    pieces: list[str] = []
    cluster = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            piece = unicodedata.normalize("NFKC", text[cluster:i])
            pieces.append(piece)
            starts.extend([cluster] * len(piece))
            ends.extend([i] * len(piece))
            cluster = i
    normal = "".join(pieces)
    if normal != unicodedata.normalize("NFKC", text):
        return None  # normalisation across clusters (Hangul jamo, for one): offsets do not map back
    return tuple((starts[m.start()], ends[m.end() - 1]) for m in WORD.finditer(normal))


def reanchor(selector: TextQuoteSelector, text: str) -> Anchored | None:
    """Find the passage of an old `selector` in a row's revised `text`, or None when it is gone (score below
    `MIN_SCORE`, or no word of it left).

    The exact passage is looked for first; where it occurs more than once, the occurrence whose surroundings best
    match the old prefix and suffix wins (the first, on a tie). Otherwise the passage is aligned word by word with
    the text (`difflib`, around its longest runs of unchanged words, each candidate judged by its score and then
    its context), so a corrected word, an inserted or a deleted one still finds the passage, with a score below 1.
    Words compare as the quote check compares them: case and punctuation do not count.
    """
    exact = selector.exact
    if not exact:
        return None
    hits = _occurrences(text, exact)
    if hits:
        best = max(hits, key=lambda s: (_context_score(selector, text, s, s + len(exact)), -s))
        return Anchored(best, best + len(exact), 1.0, True)
    quote, row = words(exact), words(text)
    spans = word_spans(text)
    if not len(quote) or not len(row) or spans is None or len(spans) != len(row):
        return None
    found = [(score, _context_score(selector, text, spans[s][0], spans[e - 1][1]), -s, s, e)
             for s, e, score in _windows(row.norm, quote.norm)]
    if not found:
        return None
    score, _, _, start, end = max(found)
    if score < MIN_SCORE:
        return None
    return Anchored(spans[start][0], spans[end - 1][1], round(score, 4), False)


# --- Selecting ---------------------------------------------------------------------------------------------


def _holds(parts: tuple[Words, ...], row: Words) -> bool:
    """Whether the row holds enough of the quote for the quote check to call it `differs` there."""
    return score_against(parts, row) >= DIFFERS


def _word_span(parts: tuple[Words, ...], row: Words, *, fuzzy: bool, across: bool = False) -> tuple[int, int] | None:
    """(first, end) word indices in `row` covering every fragment found: word for word and in order as the quote
    check finds them; when `fuzzy`, a fragment not found so by the stretch it best aligns with; when `across` (an
    exact quote read across its cited rows), the part of a fragment that runs into the row's start or end."""
    joined = row.joined
    position, first, last = 0, None, None
    for part in parts:
        found = joined.find(part.joined, position)
        if found >= 0:
            start = joined.count(" ", 0, found)  # `joined` is " w0 w1 … ": spaces before a word's = its index
            span = (start, start + len(part))
            position = found + len(part.joined) - 1
        elif fuzzy:
            matched, start, end = stretch(part, row)
            if not matched:
                continue
            span = (start, end)
        elif across:
            matched, start, end = stretch(part, row)
            if not matched or (start > 0 and end < len(row)):
                continue  # a quote read across rows continues over a row's edge; words elsewhere are chance
            span = (start, end)
        else:
            continue
        first = span[0] if first is None else min(first, span[0])
        last = span[1] if last is None else max(last, span[1])
    return None if first is None or last is None or last <= first else (first, last)


def _prefix_start(text: str, start: int) -> int:
    cut = max(0, start - CONTEXT)
    back = cut
    while back > 0 and not text[back - 1].isspace() and cut - back < CONTEXT_SLACK:
        back -= 1
    return back if back == 0 or text[back - 1].isspace() else cut


def _suffix_end(text: str, end: int) -> int:
    cut = min(len(text), end + CONTEXT)
    forward = cut
    while forward < len(text) and not text[forward].isspace() and forward - cut < CONTEXT_SLACK:
        forward += 1
    return forward if forward == len(text) or text[forward].isspace() else cut


# --- Re-anchoring ------------------------------------------------------------------------------------------


def _occurrences(text: str, exact: str, limit: int = 1000) -> list[int]:
    hits, found = [], text.find(exact)
    while found >= 0 and len(hits) < limit:
        hits.append(found)
        found = text.find(exact, found + 1)
    return hits


def _context_score(selector: TextQuoteSelector, text: str, start: int, end: int) -> float:
    """Share of the old prefix and suffix found unchanged right before and after `text[start:end]`."""
    total = len(selector.prefix) + len(selector.suffix)
    if not total:
        return 0.0
    before, after = text[max(0, start - len(selector.prefix)):start], text[end:end + len(selector.suffix)]
    same_before = 0
    while same_before < min(len(before), len(selector.prefix)) and \
            before[-1 - same_before] == selector.prefix[-1 - same_before]:
        same_before += 1
    same_after = 0
    while same_after < min(len(after), len(selector.suffix)) and after[same_after] == selector.suffix[same_after]:
        same_after += 1
    return (same_before + same_after) / total


def _windows(row: tuple[str, ...], quote: tuple[str, ...], candidates: int = 4) -> list[tuple[int, int, float]]:
    """(start, end, score) of the stretches of `row` (word indices) that best align with `quote`: one around each
    of the longest runs of the quote's words found in the row (at most `candidates`, each at least half as long as
    the longest), so a passage that now occurs twice can be told apart by its context."""
    junk = len(quote) > JUNK_ABOVE
    matcher = SequenceMatcher(None, row, quote, autojunk=junk)
    anchors = []
    regions = [(0, len(row))]
    while regions and len(anchors) < candidates:
        low, high = regions.pop(0)
        match = matcher.find_longest_match(low, high, 0, len(quote))
        if not match.size or (anchors and match.size * 2 < anchors[0].size):
            continue
        anchors.append(match)
        regions += [(low, match.a), (match.a + match.size, high)]
    slack = max(3, len(quote) // 3)
    result = []
    for anchor in anchors:
        low = max(0, anchor.a - anchor.b - slack)
        high = min(len(row), anchor.a + (len(quote) - anchor.b) + slack)
        local = SequenceMatcher(None, row[low:high], quote, autojunk=junk)
        diagonal = anchor.a - low - anchor.b
        blocks = [b for b in local.get_matching_blocks() if b.size and abs((b.a - b.b) - diagonal) <= slack]
        if not blocks:
            continue
        first, last = blocks[0], blocks[-1]
        start = max(0, low + first.a - first.b)
        end = min(len(row), low + last.a + last.size + (len(quote) - last.b - last.size))
        matched = sum(b.size for b in blocks)
        result.append((start, end, 2 * matched / (len(quote) + (end - start))))
    return result
