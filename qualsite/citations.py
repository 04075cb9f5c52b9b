"""Find the citations in a researcher's Markdown, and the quotes they back.

One markdown-it-py parse serves everyone: the checks read the `citation`
tokens to resolve and verify them, and the renderer turns the very same
tokens into links. So what is checked is exactly what is published.

The syntax is the report's own: `(R5:4)`, `(R2:5; R2:42)`, `(R3:30).`
Something that looks like a citation but is not well-formed, such as
`(R5 4)` or `(R5:)`, becomes a `malformed` token, which the checks report.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from . import urls
from .memo import Memo, remembered
from .model import Citation, Document, Reference, Source

REFERENCE = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,63}):(\d{1,6})")
"""One reference: transcript id, colon, row number."""

WELL_FORMED = re.compile(
    r"\(\s*" + REFERENCE.pattern + r"(?:\s*[;,]\s*" + REFERENCE.pattern + r")*\s*\)"
)
"""A whole citation: references separated by `;` (or `,`) inside parentheses."""

ATTEMPT = re.compile(
    r"\(\s*[A-Z]{1,4}\d{1,4}(?:\s*:[^()]{0,60}|\s*[;,.]\s*\d[^()]{0,60}|\s+\d[^()]{0,60})\)"
)
"""Parentheses that start like a citation (`(R5 4)`, `(R5:)`, `(R5;4)`, `(R5:4, x)`) but may be malformed.
A bare pseudonym such as `(R1)`, or a list of them such as `(R1, R3)`, is not an attempt: reports write that
when introducing respondents."""

OPENING_MARKS = "“”\"«»„‘’'"
CLOSING_MARKS = "”“\"»«’‘'"


@dataclass(frozen=True)
class Malformed:
    """Something that looks like a citation but cannot be read as one."""

    text: str
    """The text as written, such as `(R5 4)`."""
    source: Source
    """Where it is written."""


@dataclass(frozen=True)
class Quotation:
    """A passage in quotation marks (or a blockquote) that no citation follows."""

    text: str
    """The passage, without its quotation marks."""
    source: Source
    """Where it is written."""


@dataclass(frozen=True)
class ParsedDocument:
    """A document parsed once, for both checking and rendering."""

    document: Document
    """The document parsed."""
    tokens: tuple[Token, ...]
    """markdown-it block tokens; inline children hold `citation` and `malformed_citation` tokens whose
    `meta['citation']` / `meta['malformed']` carry the model objects, and headings carry an `id` attribute."""
    citations: tuple[Citation, ...]
    """Every well-formed citation, in reading order."""
    malformed: tuple[Malformed, ...]
    """Every citation-like text that is not well-formed."""
    headings: tuple[tuple[int, str, str], ...]
    """(level, anchor, text) of every heading, in order."""
    heading_lines: tuple[int, ...] = ()
    """The file line of each heading in `headings`, in the same order."""
    running_text: tuple[str, ...] = ()
    """For each citation in `citations`: when it has no quote, the unmarked running text written before it
    (since the paragraph start or the previous citation), else empty. The checks decide whether that text is
    an unmarked quote, which they recognise by finding it word for word in the cited row."""
    quotations: tuple[Quotation, ...] = ()
    """Quoted passages (in quotation marks, or whole blockquotes) that no citation follows."""


@functools.cache
def markdown_parser() -> MarkdownIt:
    """The Markdown dialect of findings and pages: CommonMark with tables, raw HTML off.

    Raw HTML is off so that whatever a data file contains is shown as text, never run as markup.
    """
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.core.ruler.push("qualsite_heading_ids", _heading_ids)
    md.core.ruler.push("qualsite_citations", _split_citations)
    return md


def parsed_document(document: Document, memo: Memo | None = None) -> ParsedDocument:
    """`parse_document(document)`, parsed once per build and, with a `memo`, once per change of the document: the
    checks, the findings index and the document's page all read the same parse."""
    return remembered(memo, ("parsed", document.source.path), (document,), lambda: parse_document(document))


def parse_document(document: Document) -> ParsedDocument:
    """Parse a document's body and collect its citations, with the quote each one backs.

    A quotation may run over a paragraph break (the thesis prints some quotes that way): a paragraph that opens
    a quotation without closing it or citing anything lends its text to the next paragraph, whose first
    citation then backs the whole passage.
    """
    env: dict = {"document": document}
    tokens = markdown_parser().parse(document.body, env)
    found = _Collector(document)
    quote_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type == "heading_open":
            found.heading(token, tokens[index + 1])
        elif token.type == "inline" and token.children is not None:
            if index > 0 and tokens[index - 1].type == "heading_open":
                continue
            found.paragraph(token, in_blockquote=quote_depth > 0)
    found.flush()
    return ParsedDocument(
        document,
        tuple(tokens),
        tuple(found.citations),
        tuple(found.malformed),
        tuple(found.headings),
        tuple(found.heading_lines),
        tuple(found.running_text),
        tuple(found.quotations),
    )


def parse_references(text: str, source: Source) -> tuple[Reference, ...]:
    """The references of a well-formed citation text such as `(R2:5; R2:42)`."""
    return tuple(Reference(m.group(1), int(m.group(2)), source) for m in REFERENCE.finditer(text))


# --- markdown-it core rules -------------------------------------------------------------


def _heading_ids(state: StateCore) -> None:
    """Give every heading a stable, unique anchor decided by `urls`."""
    taken: set[str] = set()
    for i, token in enumerate(state.tokens):
        if token.type == "heading_open":
            text = state.tokens[i + 1].content
            token.attrSet("id", urls.unique_anchor(urls.heading_anchor(text), taken))


def _split_citations(state: StateCore) -> None:
    """Split text tokens around citations, numbering citations in reading order."""
    document: Document = state.env["document"]
    ordinal = 0
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        first_line = document.body_line + (block.map[0] if block.map else 0)
        line = first_line
        children: list[Token] = []
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            if child.type != "text":
                children.append(child)
                continue
            pieces, ordinal = _split_text(child.content, document, line, ordinal)
            children.extend(pieces)
        block.children = children


def _split_text(text: str, document: Document, line: int, ordinal: int) -> tuple[list[Token], int]:
    pieces: list[Token] = []
    position = 0
    for match in _candidates(text):
        if match.start() > position:
            pieces.append(_text_token(text[position : match.start()]))
        source = Source(document.source.path, line)
        written = match.group(0)
        if WELL_FORMED.fullmatch(written):
            ordinal += 1
            token = Token("citation", "", 0, content=written)
            token.meta = {"ordinal": ordinal, "references": parse_references(written, source), "source": source}
        else:
            token = Token("malformed_citation", "", 0, content=written)
            token.meta = {"malformed": Malformed(written, source)}
        pieces.append(token)
        position = match.end()
    if position < len(text):
        pieces.append(_text_token(text[position:]))
    return pieces, ordinal


def _candidates(text: str):
    """Well-formed citations and malformed attempts, in order, without overlaps."""
    spans = sorted(
        [m for m in WELL_FORMED.finditer(text)] + [m for m in ATTEMPT.finditer(text)],
        key=lambda m: (m.start(), -m.end()),
    )
    end = -1
    for match in spans:
        if match.start() >= end:
            end = match.end()
            yield match


def _text_token(content: str) -> Token:
    return Token("text", "", 0, content=content)


# --- Quotes -------------------------------------------------------------------------------

QUOTATION_MIN_WORDS = 6
"""A passage in quotation marks counts as a quotation (which needs a citation) from this many words on;
shorter ones are terms or phrases, such as “Business Case”."""


class _Collector:
    """Walks a document's paragraphs once, collecting citations, quotes, headings and uncited quotations."""

    def __init__(self, document: Document):
        self.document = document
        self.citations: list[Citation] = []
        self.running_text: list[str] = []
        self.malformed: list[Malformed] = []
        self.headings: list[tuple[int, str, str]] = []
        self.heading_lines: list[int] = []
        self.quotations: list[Quotation] = []
        self.section_id, self.section_title = "", document.title
        self.pending: tuple[str, Source] | None = None
        """A paragraph that opened a quotation without closing it, waiting for the next paragraph."""

    def _line(self, token: Token) -> int:
        return self.document.body_line + (token.map[0] if token.map else 0)

    def heading(self, opening: Token, inline: Token) -> None:
        self.flush()
        self.section_id = opening.attrGet("id") or ""
        self.section_title = inline.content
        self.headings.append((int(opening.tag[1]), self.section_id, inline.content))
        self.heading_lines.append(self._line(opening))

    def flush(self) -> None:
        """Report a pending open quotation that no later paragraph closed."""
        if self.pending is not None:
            text, source = self.pending
            self.pending = None
            self._uncited(text, source, in_blockquote=False)

    def paragraph(self, inline: Token, *, in_blockquote: bool) -> None:
        source = Source(self.document.source.path, self._line(inline))
        segments: list[tuple[str, Token | None]] = []
        segment: list[str] = []
        for child in inline.children or ():
            if child.type == "citation":
                segments.append(("".join(segment), child))
                segment = []
            elif child.type in ("softbreak", "hardbreak"):
                segment.append(" ")
            elif child.type in ("text", "code_inline", "malformed_citation"):
                segment.append(child.content)
            if child.type == "malformed_citation":
                self.malformed.append(child.meta["malformed"])
        trailing = "".join(segment)

        pending, self.pending = self.pending, None
        if not segments:
            if pending is not None:
                self._uncited(pending[0], pending[1], in_blockquote=False)
            if _opens_without_closing(trailing):
                self.pending = (trailing, source)
            else:
                self._uncited(trailing, source, in_blockquote=in_blockquote)
            return

        for i, (text, token) in enumerate(segments):
            assert token is not None
            if i == 0 and pending is not None:
                if _closes_without_opening(text):
                    text = pending[0] + " " + text
                else:
                    self._uncited(pending[0], pending[1], in_blockquote=False)
            quote = quoted_passage(text, whole_if_unmarked=in_blockquote)
            self.citations.append(
                Citation(
                    document=self.document.slug,
                    ordinal=token.meta["ordinal"],
                    references=token.meta["references"],
                    section_id=self.section_id,
                    section_title=self.section_title,
                    quote=quote,
                    source=token.meta["source"],
                )
            )
            self.running_text.append("" if quote else _clean(text))
        self._uncited(trailing, source, in_blockquote=False)

    def _uncited(self, text: str, source: Source, *, in_blockquote: bool) -> None:
        passages = [_clean(text)] if in_blockquote and not _quoted_spans(text) else _quoted_spans(text)
        for passage in passages:
            if len(passage.split()) >= QUOTATION_MIN_WORDS:
                self.quotations.append(Quotation(passage, source))


def quoted_passage(text: str, *, whole_if_unmarked: bool) -> str:
    """The quotation in `text` that a citation right after it backs.

    The passage runs from the first opening quotation mark to the last closing
    one, so quotes that nest marks of the same kind (“… “uppfinnarjockar” …”)
    stay whole. A blockquote without marks is a quote in itself; running text
    without marks is a paraphrase, which backs no quote.
    """
    stripped = text.strip()
    first = next((i for i, ch in enumerate(stripped) if ch in OPENING_MARKS), None)
    if first is None:
        return _clean(stripped) if whole_if_unmarked else ""
    last = max(i for i, ch in enumerate(stripped) if ch in CLOSING_MARKS)
    inner = stripped[first + 1 : last] if last > first else stripped[first + 1 :]
    return _clean(inner)


DOUBLE_MARKS = "“”\"«»„"
"""Marks that delimit quotations in running text; single marks are left out, since they double as apostrophes."""


def _quoted_spans(text: str) -> list[str]:
    """Passages in double quotation marks, outermost only (“a “b” c” is one passage); an unclosed one runs to the end."""
    spans: list[str] = []
    stack: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if ch not in DOUBLE_MARKS:
            continue
        closes = (ch in "”»" and stack) or (ch == '"' and stack and stack[-1] == '"')
        if closes:
            stack.pop()
            if not stack:
                spans.append(_clean(text[start:i]))
        else:
            if not stack:
                start = i + 1
            stack.append(ch)
    if stack:
        spans.append(_clean(text[start:]))
    return [s for s in spans if s]


def _opens_without_closing(text: str) -> bool:
    """Whether the text starts a quotation that it does not close (a quote continued in the next paragraph)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in DOUBLE_MARKS:
        return False
    marks = [ch for ch in stripped if ch in DOUBLE_MARKS]
    return len(marks) % 2 == 1


def _closes_without_opening(text: str) -> bool:
    """Whether the text ends a quotation it did not open (the rest of a quote begun in the previous paragraph)."""
    marks = [ch for ch in text if ch in DOUBLE_MARKS]
    return len(marks) % 2 == 1 and text.strip()[:1] not in DOUBLE_MARKS


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(OPENING_MARKS + CLOSING_MARKS).strip()
