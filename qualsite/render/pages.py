"""Other chapters (method, discussion, conclusions, interview guide), rendered like findings."""

from __future__ import annotations

from .. import urls
from .context import Context
from .parts import document_title
from .prose import document_markdown


def pages(ctx: Context) -> dict[str, str]:
    """One page per document of kind `page`."""
    result = {}
    for document in ctx.project.pages:
        page = urls.document_page(document)
        result[page] = document_markdown(ctx, document, page, document_title(document))
    return result
