"""Other chapters (method, discussion, conclusions, interview guide), rendered like findings."""

from __future__ import annotations

from .. import urls
from ..model import Document
from .context import Context
from .parts import document_title
from .prose import document_markdown


def pages(ctx: Context) -> dict[str, str]:
    """One page per document of kind `page`."""
    result = {}
    for document in ctx.project.pages:
        result[urls.document_page(document)] = chapter_page(ctx, document)
    return result


def chapter_page(ctx: Context, document: Document) -> str:
    """One chapter's page. `--serve` renders it alone, before the rest (`render_first`)."""
    page = urls.document_page(document)
    return document_markdown(ctx, document, page, document_title(document))
