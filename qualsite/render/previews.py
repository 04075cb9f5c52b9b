"""Evidence in context: what a citation's preview shows, and what a transcript row marks when a reader lands on it.

Both come from one source, `selectors.cited_passages` (through `Context.passage`), so the words marked in the
preview and on the row are the words the quote check aligned the quote with.

- On a findings page every citation link carries its preview as `data-qs-*` attributes: the speaker, the quote's
  status, the passage split into the context before it, the quoted words and the context after (about a sentence
  each side), and the word diff of a quote that differs. Attributes, not a `<template>`, so the search index
  never holds a row's words twice; `docs/assets/qualsite.js` reads them as text (`textContent`, never markup).
  The link names its citation (`?cite=…`) and carries a text fragment, which scripts-off browsers scroll to.
- On a transcript page each "cited in" link of a row carries the citation's key and where its quoted words are
  in the row's shown text (`data-qs-at="start-end"`, in UTF-16 code units of the `<p class="qs-row-text">`'s
  text, as JavaScript counts), so the script marks exactly that citation's words when the page is reached
  through it, however many quotes the row holds.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from urllib.parse import quote

from .. import urls
from ..model import CheckedCitation, Row
from ..selectors import CitedPassage
from .context import Context
from .parts import section_title, speaker_name
from .quotes import quote_start
from .text import clean, element, excerpt, html_attr, html_inline, one_line

CONTEXT_CHARS = 160
"""At most this many characters of context on each side of the quoted words."""
MIN_CONTEXT = 40
"""Context shorter than this grows by one more sentence (while within `CONTEXT_CHARS`)."""
QUOTED_CHARS = 480
"""A longer quoted passage shows its opening and its end, joined by `…` (the whole quote is on the page above)."""
OPENING_CHARS = 240
"""The opening shown for a citation that quotes no words of the row."""
FRAGMENT_WORDS = 4
"""Words at each end of a text fragment's range (`text=first%20words,last%20words`)."""
DIFF_KEEP = 4
"""Unchanged words a preview's diff keeps on each side of a change."""
MARKED = ("exact", "differs")
"""The statuses whose citation quotes words of the row (the others select the whole row: nothing to mark)."""

_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)]*(?=\s)")
_WORD = re.compile(r"\S+")


def citation_link(ctx: Context, page: str, row: Row, text: str, item: CheckedCitation | None) -> str:
    """A citation's link to its row, carrying the preview of the passage (without a checked citation, a plain
    link, as for a reference in a heading)."""
    passage = ctx.passage(item.citation.document, item.citation.ordinal, row) if item else None
    if item is None or passage is None:
        return element("a", html_inline(text or row.label),
                       href=urls.href(page, urls.transcript_page(row.transcript), urls.row_anchor(row)),
                       class_="qs-ref")
    before, quoted, after = preview_parts(passage)
    attrs = {
        "href": urls.cited_row_href(page, row, item.citation.document, item.citation.ordinal,
                                    text_fragment(passage) if quoted else ""),
        "class_": "qs-ref",
        "data_qs_who": one_line(speaker_name(ctx, ctx.speaker_of(row), row.speaker)),
        "data_qs_st": item.status,
        "data_qs_b": before,
        "data_qs_q": quoted,
        "data_qs_a": after,
    }
    if item.status == "differs" and item.diff:
        attrs["data_qs_diff"] = diff_json(item)
    return f"<a{_attributes(attrs)}>{html_inline(text or row.label)}</a>"


def _attributes(attrs: dict[str, str]) -> str:
    """` name="value"…` for the non-empty values, escaped. The values are one line already; `html.escape`, not
    `html_attr`, keeps the spaces at the seams of a passage's parts (`html_attr` strips a value's ends)."""
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{html.escape(v, quote=True)}"' for k, v in attrs.items() if v)


def preview_parts(passage: CitedPassage) -> tuple[str, str, str]:
    """(context before, quoted words, context after) as one-line text; a citation that quotes no words of the
    row (no quote, or one not found there) shows the row's opening, nothing marked."""
    text = passage.row.text
    if passage.citation.status not in MARKED:
        return excerpt(text, OPENING_CHARS), "", ""
    start, end = passage.position.start, passage.position.end
    first, last = context_bounds(text, start, end)
    before = ("…" if first > 0 else "") + one_line(text[first:start])
    after = one_line(text[end:last]) + ("…" if last < len(text) else "")
    quoted = one_line(text[start:end])
    if len(quoted) > QUOTED_CHARS:
        head = excerpt(quoted, QUOTED_CHARS // 2).removesuffix("…")
        tail = quoted[-QUOTED_CHARS // 2:]
        tail = tail[tail.find(" ") + 1:] if " " in tail else tail
        quoted = f"{head} … {tail}"
    # one_line strips the spaces at the seams: put back the one the row has there
    if before and start > first and text[start - 1].isspace():
        before += " "
    if after and end < last and text[end].isspace():
        after = " " + after
    return before, quoted, after


def context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the context around `text[start:end]` begins and ends: about a sentence each side (the rest of the
    sentence the passage starts or ends in, one sentence more while that is under `MIN_CONTEXT` characters),
    never more than `CONTEXT_CHARS`; cut at a word boundary where no sentence boundary is near."""
    low = max(0, start - CONTEXT_CHARS)
    starts = [low + m.end() for m in _SENTENCE_END.finditer(text, low, start)]
    starts = [s for s in starts if s < start] + ([0] if low == 0 else [])
    starts.sort()
    first = next((s for s in reversed(starts) if len(text[s:start].strip()) >= MIN_CONTEXT),
                 starts[0] if starts else _word_start(text, low, start))
    high = min(len(text), end + CONTEXT_CHARS)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, end, high) if m.end() > end]
    if high == len(text):
        ends.append(len(text))
    last = next((e for e in ends if len(text[end:e].strip()) >= MIN_CONTEXT),
                ends[-1] if ends else _word_end(text, end, high))
    while first < start and text[first].isspace():
        first += 1
    return first, last


def _word_start(text: str, low: int, start: int) -> int:
    """The first word start at or after `low` (`start` when there is none before it)."""
    space = text.find(" ", low, start)
    return start if space < 0 else space + 1


def _word_end(text: str, end: int, high: int) -> int:
    """The last word end at or before `high` (`end` when there is none after it)."""
    space = text.rfind(" ", end, high)
    return end if space <= end else space


def diff_json(item: CheckedCitation) -> str:
    """The word diff of a differing quote as compact JSON, `[["=", "words"], ["-", "only in quote"], ["+", …]]`,
    runs of unchanged words shortened to `DIFF_KEEP` words beside each change (the preview shows what changed)."""
    ops = {"same": "=", "quote-only": "-", "row-only": "+"}
    runs = []
    last = len(item.diff) - 1
    for i, part in enumerate(item.diff):
        text = part.text
        if part.op == "same":
            found = text.split()
            head = found[:DIFF_KEEP] if i > 0 else []
            tail = found[-DIFF_KEEP:] if i < last else []
            if len(head) + len(tail) < len(found):
                text = " ".join([*head, "…", *tail])
        runs.append([ops[part.op], text])
    return json.dumps(runs, ensure_ascii=False, separators=(",", ":"))


def text_fragment(passage: CitedPassage) -> str:
    """The text directive (`text=hur%20ser%20vi%20liksom,det%20här%20tåget`) for the quoted words: the whole
    passage when short, else its first and last `FRAGMENT_WORDS` words; "" when the passage spans lines (a text
    fragment does not reach across the row's line breaks)."""
    exact = clean(passage.quote.exact)
    if not exact or "\n" in exact:
        return ""
    found = _WORD.findall(exact)
    if len(found) <= 2 * FRAGMENT_WORDS:
        return "text=" + _directive(" ".join(found))
    return f"text={_directive(' '.join(found[:FRAGMENT_WORDS]))},{_directive(' '.join(found[-FRAGMENT_WORDS:]))}"


def _directive(words: str) -> str:
    # `-`, `,` and `&` separate a text directive's parts, so they are encoded even though URLs allow them
    return quote(words, safe="").replace("-", "%2D")


# --- Transcript pages -------------------------------------------------------------------------------------------


def cited_in_links(ctx: Context, page: str, row: Row, citing: tuple[CheckedCitation, ...]) -> str:
    """A row's "Cited in" line: a link back to each citation, carrying the citation's key and where in the row's
    shown text its quoted words are, for the script that marks them when the row is reached through it."""
    lab = ctx.labels
    links = []
    names = cited_in_names(ctx, citing)
    for item in citing:
        document = ctx.documents.get(item.citation.document)
        if document is None:
            continue
        passage = ctx.passage(item.citation.document, item.citation.ordinal, row)
        at = ""
        if passage is not None and item.status in MARKED:
            at = "{}-{}".format(*shown_offsets(row.text, passage.position.start, passage.position.end))
        links.append(element(
            "a",
            html_inline(names[(item.citation.document, item.citation.ordinal)]),
            href=urls.href(page, urls.document_page(document), urls.quote_anchor(item.citation.ordinal)),
            data_qs_cite=urls.citation_key(item.citation.document, item.citation.ordinal),
            data_qs_at=at,
        ))
    if not links:
        return ""
    return (f'<p class="qs-row-cited" data-qs-back="{html_attr(lab.back_to_quote)}">'
            f'<span class="qs-label">{html_inline(lab.cited_in)}:</span> {" · ".join(links)}</p>')


def cited_in_names(ctx: Context, citing: tuple[CheckedCitation, ...]) -> dict[tuple[str, int], str]:
    """What each of a row's "cited in" links says, as plain text: its section and its quote's first words
    (`4.3 Tema 3: Social hållbarhet – ”Sedan uppsöker vi invandrarföreningar…”`), or the citation's number when it
    quotes nothing; a number is added where two would still read alike."""
    lab = ctx.labels
    opening, closing = lab.quote_marks
    names: dict[tuple[str, int], str] = {}
    for item in citing:
        start = quote_start(item.citation.quote)
        what = f"{opening}{start}{closing}" if start else f"{lab.citation_number} {item.citation.ordinal}"
        names[(item.citation.document, item.citation.ordinal)] = f"{section_title(item, ctx)} – {what}"
    seen = Counter(names.values())
    return {key: f"{name} ({lab.citation_number} {key[1]})" if seen[name] > 1 else name
            for key, name in names.items()}


def shown_offsets(text: str, start: int, end: int) -> tuple[int, int]:
    """`text[start:end]` (code points of the row's text) as offsets in the text a browser shows for the row:
    `text.html_text` drops control characters and turns line breaks into `<br>` (no text), and JavaScript counts
    UTF-16 code units."""
    return _shown_length(text[:start]), _shown_length(text[:end])


def _shown_length(text: str) -> int:
    shown = clean(text).replace("\n", "")
    return len(shown.encode("utf-16-le")) // 2


def labels_block(ctx: Context) -> str:
    """The words the preview script says, in the study's language, once per page that cites rows (hidden: it
    holds no text, only attributes the script reads)."""
    lab = ctx.labels
    words = element("div", "", id="qs-preview-labels", data_preview=lab.preview_of, data_open=lab.preview_open_row,
                    data_close=lab.preview_close, data_diff=lab.diff, data_quote_only=lab.only_in_quote,
                    data_row_only=lab.only_in_row)
    return words.replace("<div ", "<div hidden ", 1)
