"""The researcher's Markdown (findings, method, discussion…) as a page, from the citations.py tokens.

The same tokens the checks verified are rendered here, so what is published is
what was checked. Headings become Markdown headings (escaped text, the token's
`id`) so they reach the table of contents; everything between headings is
rendered to HTML by markdown-it (raw HTML off: whatever the researcher typed as
HTML shows as text; its link validation refuses `javascript:`) and emitted as a
raw HTML block that Python-Markdown leaves alone. Citations become links to
their rows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import urls
from ..citations import REFERENCE
from ..model import CheckedCitation, Document, Row
from .context import Context
from .parts import heading, page_title, raw_block, status_mark
from . import quotes
from .previews import citation_link, labels_block
from .quotes import tools_block
from .text import element, html_attr, html_fragment, html_inline, one_line



def plain_markdown_html(text: str) -> str:
    """Markdown written by the researcher outside documents (the abstract) as HTML, raw HTML shown as text."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    _neutralise(md)
    return md.render(text)


def document_markdown(ctx: Context, document: Document, page: str, title: str) -> str:
    """The whole page of a document: its title, then its body."""
    parsed = ctx.parsed(document)
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    _neutralise(md)
    md.add_render_rule("citation", _citation_rule(ctx, document, page))
    md.add_render_rule("malformed_citation", _malformed_rule)
    md.add_render_rule("blockquote_open", _blockquote_rule(ctx, document, page))
    md.add_render_rule("qs_quote_open", _quote_open_rule(ctx, document, page))
    md.add_render_rule("qs_quote_close", lambda self, tokens, idx, options, env: "</span>")
    out: list[str] = [page_title(title)]
    if parsed.citations:
        out.append(raw_block(labels_block(ctx), tools_block(ctx, page)))
    tokens = _marked(ctx, document, parsed.tokens)
    pending: list[Token] = []

    def flush() -> None:
        if pending:
            html = md.renderer.render(pending, md.options, {}).strip("\n")
            out.append(raw_block(f'<div class="qs-prose">\n{html}\n</div>'))
            pending.clear()

    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open" and token.level == 0:
            flush()
            level = min(6, max(2, int(token.tag[1])))
            inline = tokens[i + 1]
            out.append("\n" + heading(level, _plain(inline), token.attrGet("id") or ""))
            cited = [c for c in inline.children or () if c.type == "citation"]
            if cited:  # a citation in a heading still needs its anchors and links: show it under the heading
                links = " ".join(_quote_open(ctx, document, page, c) + md.renderer.render([c], md.options, {})
                                 + "</span>" for c in cited)
                out.append(raw_block(f'<p class="qs-heading-cites">{links}</p>'))
            i += 3
            continue
        pending.append(token)
        i += 1
    flush()
    return "".join(out)


def _plain(inline: Token) -> str:
    """The text of a heading without its inline markup (citations are shown below it, as links)."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "malformed_citation"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip() or inline.content


def _neutralise(md: MarkdownIt) -> None:
    """Images become links (nothing loads from elsewhere); table alignment keeps only known values."""

    def image(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        token = tokens[idx]
        alt = "".join(c.content for c in token.children or ()) or token.attrGet("src") or ""
        return element("a", html_inline(f"[{alt}]"), href=str(token.attrGet("src") or ""), class_="qs-image-link")

    md.add_render_rule("image", image)


def _marked(ctx: Context, document: Document, tokens: Sequence[Token]) -> list[Token]:
    """`tokens` with where each citation's quote begins and ends marked (`quotes.wrap_quotes`). The tokens marked
    are copies: the parse is the checks' (`Context.parsed`), and the findings index reads it after this page."""
    marked = list(tokens)
    whole = quotes.blockquote_quotes(tokens)
    for index, citation in whole.items():
        marked[index] = replace(tokens[index], meta={**(tokens[index].meta or {}), "qs_quote": citation})
    skip = {citation.meta["ordinal"] for citation in whole.values()}
    for i, token in enumerate(tokens):
        if token.type != "inline" or not token.children or (i > 0 and tokens[i - 1].type == "heading_open"):
            continue
        quoted = {c.meta["ordinal"] for c in token.children if c.type == "citation"
                  and quotes.has_quote(ctx.checked_citation(document.slug, c.meta["ordinal"]))}
        children = quotes.wrap_quotes(token.children, skip, quoted)
        if children is not token.children:
            marked[i] = replace(marked[i], children=children)
    return marked


def _quote_open(ctx: Context, document: Document, page: str, citation: Token, tag: str = "span") -> str:
    """The opening tag of a quote's wrapper: its anchor, and what copying its citation copies."""
    ordinal = citation.meta["ordinal"]
    item = ctx.checked_citation(document.slug, ordinal)
    return (f'<{tag} class="{"qs-quote" if tag == "blockquote" else "qs-quoted"}" '
            f'id="{html_attr(urls.quote_anchor(ordinal))}"{quotes.copy_attributes(ctx, page, item, citation.content)}>')


def _blockquote_rule(ctx: Context, document: Document, page: str):
    def rule(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        citation = (tokens[idx].meta or {}).get("qs_quote")
        if citation is None:
            return '<blockquote class="qs-quote">\n'
        return _quote_open(ctx, document, page, citation, "blockquote") + "\n"

    return rule


def _quote_open_rule(ctx: Context, document: Document, page: str):
    def rule(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return _quote_open(ctx, document, page, tokens[idx].meta["citation"])

    return rule


def _malformed_rule(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    return element("span", html_inline(tokens[idx].content), class_="qs-cite qs-cite--malformed")


def _citation_rule(ctx: Context, document: Document, page: str):
    def rule(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        token = tokens[idx]
        ordinal: int = token.meta["ordinal"]
        item = ctx.checked_citation(document.slug, ordinal)
        return citation_html(ctx, page, token.content, ordinal, item)

    return rule


def citation_html(ctx: Context, page: str, written: str, ordinal: int, item: CheckedCitation | None) -> str:
    """`(R2:5; R2:42)` as written, each reference a link to its row, with the quote's status mark after it."""
    rows: tuple[Row | None, ...] = item.rows if item else ()
    parts: list[str] = []
    position = 0
    for k, match in enumerate(REFERENCE.finditer(written)):
        parts.append(html_fragment(written[position : match.start()]))
        row = rows[k] if k < len(rows) else None if item else _first_row(ctx, match.group(1), int(match.group(2)))
        parts.append(citation_link(ctx, page, row, match.group(0), item) if row is not None else _missing(ctx, match.group(0)))
        position = match.end()
    parts.append(html_fragment(written[position:]))
    mark = ""
    if item is not None and item.status != "no-quote":
        mark = " " + status_mark(ctx, page, item)
    return f'<span class="qs-cite" id="{html_attr(urls.citation_anchor(ordinal))}">{"".join(parts)}</span>{mark}'


def _first_row(ctx: Context, transcript_id: str, n: int) -> Row | None:
    """The row a reference the checks did not see (one in a heading) points at: the first printed as `n`."""
    transcript = ctx.project.transcript(transcript_id)
    rows = transcript.rows_numbered(n) if transcript else ()
    return rows[0] if rows else None


def _missing(ctx: Context, reference: str) -> str:
    text = one_line(reference)
    return element(
        "span",
        f'{html_inline(text)}<span class="qs-ref-missing-mark"> ⚠ {html_inline(ctx.labels.missing_row)}</span>',
        class_="qs-ref qs-ref--missing",
        title=f"{text}: {ctx.labels.missing_row}",
    )
