"""The findings chapter: an index of themes, and one page per theme with working citations."""

from __future__ import annotations

from .. import urls
from ..citations import parse_document
from .context import Context
from .parts import document_title, link, page_title, raw_block
from .prose import document_markdown
from .text import html_inline


def pages(ctx: Context) -> dict[str, str]:
    """`findings/index.md` and one page per theme."""
    result = {urls.FINDINGS_INDEX: index(ctx)}
    for document in ctx.project.findings:
        page = urls.document_page(document)
        result[page] = document_markdown(ctx, document, page, document_title(document))
    return result


def index(ctx: Context) -> str:
    """The themes, each with its subthemes (headings down to level 3) and its number of citations."""
    page = urls.FINDINGS_INDEX
    items = []
    for document in ctx.project.findings:
        target = urls.document_page(document)
        parsed = parse_document(document)
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
