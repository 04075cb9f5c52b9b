"""The findings chapter: an index of themes, and one page per theme with working citations."""

from __future__ import annotations

import re

from .. import urls
from ..model import Document
from .context import Context
from .parts import document_title, link, page_title, raw_block
from .prose import document_markdown
from .text import html_attr, html_inline


def pages(ctx: Context) -> dict[str, str]:
    """`findings/index.md` and one page per theme."""
    result = {urls.FINDINGS_INDEX: index(ctx)}
    for document in ctx.project.findings:
        result[urls.document_page(document)] = theme_page(ctx, document)
    return result


def theme_page(ctx: Context, document: Document) -> str:
    """One theme's page (with a memo, the last build's when its inputs are unchanged). `--serve` renders it alone,
    before the rest (`render_first`)."""
    page = urls.document_page(document)

    def render() -> str:
        return document_markdown(ctx, document, page, document_title(document))

    return ctx.page(("finding", document.slug), document_inputs(ctx, document), render) + pager(ctx, document)


def document_inputs(ctx: Context, document: Document) -> tuple:
    """What a document's page shows besides the site-wide data: its text, its citations with the rows they cite,
    the speakers of those rows (in the quotes' previews), and, when a heading holds a reference (which the checks
    do not resolve), every transcript, since that reference may name any row."""
    own = tuple(item for item in ctx.evidence.citations if item.citation.document == document.slug)
    cited = {row.transcript for item in own for row in item.rows if row is not None}
    speakers = tuple((t.id, t.speakers) for t in ctx.project.transcripts if t.id in cited)
    anywhere = ctx.project.transcripts if HEADING_REFERENCE.search(document.body) else ()
    return document, own, speakers, anywhere


HEADING_REFERENCE = re.compile(r"^ {0,3}#.*\(|^.*\n {0,3}(=+|-+) *$", re.M)
"""A heading that may hold a citation (an ATX heading with a parenthesis, or any setext heading): then the page
depends on every row (`document_inputs`)."""


def pager(ctx: Context, document: Document) -> str:
    """The previous and the next theme, in the order of the menu, at the end of a theme's page."""
    themes = ctx.project.findings
    at = themes.index(document)
    page, lab = urls.document_page(document), ctx.labels
    links = []
    for rel, other, direction in (("prev", themes[at - 1] if at else None, lab.previous_theme),
                                  ("next", themes[at + 1] if at + 1 < len(themes) else None, lab.next_theme)):
        if other is None:
            continue
        arrow = "←" if rel == "prev" else "→"
        inner = (f'<span class="qs-pager-dir"><span aria-hidden="true">{arrow}</span> {html_inline(direction)}</span>'
                 f'<span class="qs-pager-title">{html_inline(document_title(other))}</span>')
        links.append(f'<a class="qs-pager-{rel}" rel="{rel}" href="{html_attr(urls.href(page, urls.document_page(other)))}">'
                     f"{inner}</a>")
    if not links:
        return ""
    return raw_block(f'<nav class="qs-pager" aria-label="{html_attr(lab.themes)}">{"".join(links)}</nav>')


def index(ctx: Context) -> str:
    """The themes, each with its subthemes (headings down to level 3) and its number of citations."""
    page = urls.FINDINGS_INDEX
    items = []
    for document in ctx.project.findings:
        target = urls.document_page(document)
        parsed = ctx.parsed(document)
        subs = "".join(
            f"<li>{link(page, target, html_inline(text), anchor)}</li>"
            for level, anchor, text in parsed.headings
            if level <= 3
        )
        count = f"{len(parsed.citations)} {ctx.labels.citations.lower()}"
        items.append(
            "<li>"
            + link(page, target, html_inline(document_title(document)), class_="qs-theme-link")
            + f' <span class="qs-count">({html_inline(count)})</span>'
            + (f"<ul>{subs}</ul>" if subs else "")
            + "</li>"
        )
    body = raw_block('<ul class="qs-themes">', *items, "</ul>") if items else ""
    return page_title(ctx.labels.findings) + body
