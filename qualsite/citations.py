"""Find the citations in a researcher's Markdown, and the quotes they back.

One markdown-it-py parse serves everyone: the checks read the `citation`
tokens to resolve and verify them, and the renderer turns the very same
tokens into links. So what is checked is exactly what is published.

The syntax is the report's own: `(R5:4)`, `(R2:5; R2:42)`, `(R3:30).`
Something that looks like a citation but is not well-formed, such as
`(R5 4)` or `(R5:)`, becomes a `malformed` token, which the checks report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from . import urls
from .model import Citation, Document, Reference, Source

REFERENCE = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,63}):(\d{1,6})")
"""One reference: transcript id, colon, row number."""

WELL_FORMED = re.compile(
    r"\(\s*" + REFERENCE.pattern + r"(?:\s*[;,]\s*" + REFERENCE.pattern + r")*\s*\)"
)
"""A whole citation: references separated by `;` (or `,`) inside parentheses."""

ATTEMPT = re.compile(r"\(\s*[A-Z]{1,4}\d{1,4}(?:\s*[:;,][^()]{0,60}|\s+\d[^()]{0,60})\)")
"""Parentheses that start like a citation (`(R5 4)`, `(R5:)`, `(R5:4, x)`) but may be malformed.
A bare pseudonym such as `(R1)` is not an attempt: reports write that when introducing a respondent."""

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


def markdown_parser() -> MarkdownIt:
    """The Markdown dialect of findings and pages: CommonMark with tables, raw HTML off.

    Raw HTML is off so that whatever a data file contains is shown as text, never run as markup.
    """
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.core.ruler.push("qualsite_heading_ids", _heading_ids)
    md.core.ruler.push("qualsite_citations", _split_citations)
    return md


def parse_document(document: Document) -> ParsedDocument:
    """Parse a document's body and collect its citations, with the quote each one backs."""
    env: dict = {"document": document}
    tokens = markdown_parser().parse(document.body, env)
    citations: list[Citation] = []
    malformed: list[Malformed] = []
    headings: list[tuple[int, str, str]] = []
    section_id, section_title = "", document.title
    quote_depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type == "heading_open":
            section_id = token.attrGet("id") or ""
        elif token.type == "inline" and token.children is not None:
            if _is_heading_text(tokens, token):
                section_title = token.content
                headings.append((int(tokens[tokens.index(token) - 1].tag[1]), section_id, token.content))
                continue
            citations.extend(
                _collect(token, document.slug, section_id, section_title, in_blockquote=quote_depth > 0)
            )
            malformed.extend(t.meta["malformed"] for t in token.children if t.type == "malformed_citation")
    return ParsedDocument(document, tuple(tokens), tuple(citations), tuple(malformed), tuple(headings))


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


def _is_heading_text(tokens: list[Token], inline: Token) -> bool:
    index = tokens.index(inline)
    return index > 0 and tokens[index - 1].type == "heading_open"


def _collect(
    inline: Token, slug: str, section_id: str, section_title: str, *, in_blockquote: bool
) -> list[Citation]:
    """Citations of one paragraph, each with the quote written since the previous citation."""
    citations: list[Citation] = []
    segment: list[str] = []
    for child in inline.children or ():
        if child.type == "citation":
            text = "".join(segment)
            citations.append(
                Citation(
                    document=slug,
                    ordinal=child.meta["ordinal"],
                    references=child.meta["references"],
                    section_id=section_id,
                    section_title=section_title,
                    quote=quoted_passage(text, whole_if_unmarked=in_blockquote),
                    source=child.meta["source"],
                )
            )
            segment = []
        elif child.type in ("softbreak", "hardbreak"):
            segment.append(" ")
        elif child.type in ("text", "code_inline", "malformed_citation"):
            segment.append(child.content)
    return citations


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


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(OPENING_MARKS + CLOSING_MARKS).strip()
