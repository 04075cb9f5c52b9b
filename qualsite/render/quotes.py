"""A quote as a reader returns to it: anchored at its first word, named by its first words, copied with its citation.

- `wrap_quotes` marks, in a document's markdown-it tokens, where each citation's quote begins and ends: a blockquote
  that holds one citation is the quote (it takes the anchor `urls.quote_anchor`); elsewhere a `qs_quote_open` /
  `qs_quote_close` pair of inline tokens encloses the quoted passage from its opening quotation mark up to and
  including the citation, so `#quote-3` scrolls to the quote's first line and `:target` highlights all of it.
- `quote_start` is the quote's first words, which name it wherever it is linked to (a row's "cited in" links, a
  participant's profile), so several quotes from one section can be told apart.
- `copy_text` is the citation a reader copies from a quote: the quote, its citation and the study's citation;
  the permalinks of its rows travel beside it (`permalink_href`) for the script to make absolute.
"""

from __future__ import annotations

from typing import Sequence

from markdown_it.token import Token

from .. import urls
from ..citations import CLOSING_MARKS, OPENING_MARKS
from ..model import CheckedCitation, Row
from . import citation_meta  # a module, not its names: citation_meta imports prose, which imports this module
from .context import Context
from .text import excerpt, html_attr, one_line

START_WORDS = 7
"""A quote is named by at most this many of its first words…"""
START_CHARS = 60
"""…and at most this many characters."""
DOUBLE_MARKS = "“”\"«»„"
"""Marks that open a quotation in running text; single marks double as apostrophes, so they are the last resort."""


def quote_start(quote: str, words: int = START_WORDS, chars: int = START_CHARS) -> str:
    """The first words of a quote as plain text (`Sedan uppsöker vi invandrarföreningar faktiskt det är…`), on one
    line, with `…` when cut; "" for no quote. The caller escapes it."""
    flat = one_line(quote).strip(OPENING_MARKS + CLOSING_MARKS + " ")
    if flat.startswith("..."):
        flat = "…" + flat[3:].lstrip(". ")
    found = flat.split(" ")
    start = " ".join(found[:words])
    cut = len(found) > words
    if len(start) > chars:
        start, cut = excerpt(start, chars).removesuffix("…"), True
    return start.rstrip(" ,.;:–-") + "…" if cut else start


def has_quote(item: CheckedCitation | None) -> bool:
    """Whether a citation backs a quoted passage (its wrapper then starts where the quote does)."""
    return item is not None and (bool(item.citation.quote) or item.status not in ("no-quote", "unresolved"))


def quoting(ctx: Context, transcripts: frozenset[str]) -> list[tuple[CheckedCitation, tuple[Row, ...]]]:
    """The citations of quotes taken from these transcripts, in document then reading order, each with its rows in
    them: what a participant's profile lists."""
    found = []
    for item in ctx.citations_of(transcripts):
        if item.status == "no-quote" or item.citation.document not in ctx.documents:
            continue
        rows: list[Row] = []
        for row in item.rows:
            if row is not None and row.transcript in transcripts and row not in rows:
                rows.append(row)
        if rows:
            found.append((item, tuple(rows)))
    return found


# --- Copying a citation -----------------------------------------------------------------------------------------


def permalink_href(ctx: Context, page: str, target_page: str, anchor: str = "") -> str:
    """The permalink of `target_page#anchor` as a link from `page`: absolute when the site knows its address,
    else relative to `page` (the script resolves it against the page's own address)."""
    version = citation_meta.release_version(ctx.project.study)
    if ctx.base_url:
        return urls.permalink(ctx.base_url, version, target_page, anchor)
    return urls.href(page, urls.release_page(version, target_page) if version else target_page, anchor)


def copy_text(ctx: Context, item: CheckedCitation, written: str) -> str:
    """What copying a quote's citation copies before the study's citation and the permalinks, as plain text:
    `”Vi kallar det inte digitalt utanförskap…” (R5:24)`, the whole quote; a citation of no quote is its citation."""
    opening, closing = ctx.labels.quote_marks
    quote = one_line(item.citation.quote)
    return f"{opening}{quote}{closing} {one_line(written)}" if quote else one_line(written)


def copy_attributes(ctx: Context, page: str, item: CheckedCitation | None, written: str) -> str:
    """` data-qs-copy="…" data-qs-permalink="…"` for a quote's wrapper: the quote and its citation, and its rows'
    permalinks (space-separated); the script joins them with the study's citation (`tools_block`), the permalinks
    made absolute: `”…” (R5:24). Kvist, P. & Rismyhr, M. (2023). Title. https://…/transcripts/r5/#r5-24`."""
    if item is None:
        return ""
    links = []
    for row in item.rows:
        if row is not None:
            href = permalink_href(ctx, page, urls.transcript_page(row.transcript), urls.row_anchor(row))
            if href not in links:
                links.append(href)
    return f' data-qs-copy="{html_attr(copy_text(ctx, item, written))}" data-qs-permalink="{html_attr(" ".join(links))}"'


def tools_block(ctx: Context, page: str, permalink_page: str = "") -> str:
    """The words the reader tools' script says, once per page that has something to copy (hidden, no text): the
    button's names, the study's citation, and on a transcript the page's permalink, to which a row's citation
    adds the row's anchor."""
    lab = ctx.labels
    attrs = {
        "data-copy": lab.copy_short, "data-copy-quote": lab.copy_quote, "data-copy-row": lab.copy_row,
        "data-copied": lab.copied, "data-manual": lab.copy_manual,
        "data-cite": citation_meta.citation_text(ctx.project.study),
    }
    if permalink_page:
        attrs["data-permalink"] = permalink_href(ctx, page, permalink_page)
    rendered = "".join(f' {k}="{html_attr(v)}"' for k, v in attrs.items() if v)
    return f'<div hidden id="qs-tools-labels"{rendered}></div>'


# --- Where each quote begins -------------------------------------------------------------------------------------


def blockquote_quotes(tokens: Sequence[Token]) -> dict[int, Token]:
    """{index of a `blockquote_open` token: the one `citation` token it holds}: the innermost blockquotes that
    hold exactly one citation, which are their quote's wrapper."""
    open_at: list[int] = []
    held: dict[int, list[Token]] = {}
    for i, token in enumerate(tokens):
        if token.type == "blockquote_open":
            open_at.append(i)
            held[i] = []
        elif token.type == "blockquote_close" and open_at:
            open_at.pop()
        elif token.type == "inline" and open_at and not (i > 0 and tokens[i - 1].type == "heading_open"):
            for child in token.children or ():
                if child.type == "citation":
                    for start in open_at:
                        held[start].append(child)
    result: dict[int, Token] = {}
    claimed: set[int] = set()
    for start in sorted(held, reverse=True):  # inner blockquotes come later in the stream: claim first
        if len(held[start]) == 1 and held[start][0].meta["ordinal"] not in claimed:
            result[start] = held[start][0]
            claimed.add(held[start][0].meta["ordinal"])
    return result


def wrap_quotes(children: list[Token], skip: set[int], quoted: set[int]) -> list[Token]:
    """The inline `children` of one paragraph with each citation's quote enclosed in `qs_quote_open` /
    `qs_quote_close` tokens (their `meta['ordinal']` names the citation).

    `skip` holds the ordinals whose blockquote is their wrapper; `quoted` those that back a quote. A quote starts at
    the first opening quotation mark after the previous citation (or at the paragraph's start when it has none:
    an unmarked quote, or the rest of one begun in the paragraph before); a citation of no quote encloses itself.
    The enclosed range is widened to whole elements (`*“quote*” (R1:2)`), so the HTML stays well nested."""
    if not any(child.type == "citation" for child in children):
        return children
    split: list[Token] = []
    starts: dict[int, int] = {}  # position in `split` of each segment's first child, by the segment's citation
    marks: dict[int, int] = {}  # position of the child opening each segment's quotation, if any
    segment_start, mark_at, best = 0, None, 9
    for child in children:
        if child.type == "citation":
            ordinal = child.meta["ordinal"]
            starts[ordinal] = segment_start
            if mark_at is not None:
                marks[ordinal] = mark_at
            split.append(child)
            segment_start, mark_at, best = len(split), None, 9
            continue
        if child.type == "text" and best > 0:
            found = _first_mark(child.content)
            if found is not None and found[1] < best:
                position, rank = found
                if position:
                    split.append(_text(child.content[:position]))
                mark_at, best = len(split), rank
                split.append(_text(child.content[position:]) if position else child)
                continue
        split.append(child)

    levels = [0]
    for child in split:
        levels.append(levels[-1] + child.nesting)
    inserts: list[tuple[int, int, Token]] = []  # (before position, 0 close / 1 open, token)
    for i, child in enumerate(split):
        if child.type != "citation" or child.meta["ordinal"] in skip:
            continue
        ordinal = child.meta["ordinal"]
        start = i
        if ordinal in quoted:
            start = marks.get(ordinal, starts[ordinal])
        low = min(levels[start : i + 1])
        while levels[start] > low:
            start -= 1
        end = i
        while levels[end + 1] > low:
            end += 1
        inserts.append((start, 1, _marker("qs_quote_open", child)))
        inserts.append((end + 1, 0, _marker("qs_quote_close", child)))
    result: list[Token] = []
    pending = sorted(inserts, key=lambda x: (x[0], x[1]))
    k = 0
    for i, child in enumerate([*split, None]):
        while k < len(pending) and pending[k][0] == i:
            result.append(pending[k][2])
            k += 1
        if child is not None:
            result.append(child)
    return result


def _first_mark(text: str) -> tuple[int, int] | None:
    """(position, rank) of the first opening quotation mark in `text`: a double mark ranks 0, a single one 1."""
    for rank, marks in enumerate((DOUBLE_MARKS, OPENING_MARKS)):
        positions = [text.find(mark) for mark in marks if mark in text]
        if positions:
            return min(positions), rank
    return None


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _marker(kind: str, citation: Token) -> Token:
    token = Token(kind, "span", 0)
    token.meta = {"ordinal": citation.meta["ordinal"], "citation": citation}
    return token
