"""The "Cite this" box: how to cite the study, its version and DOI, and on a transcript the permalink to it.

Shown on the home page and at the top of every transcript, so whoever quotes an interview has the citation, the
version whose words they quote, and an address that keeps pointing at those words (`urls.permalink`).
"""

from __future__ import annotations

from .. import urls
from .citation_meta import citation_text, doi_url, release_date, release_version
from .context import Context
from .text import element, html_attr, html_inline


def cite_box(ctx: Context, page: str, permalink_page: str = "") -> str:
    """The box as raw HTML, for `page`; with `permalink_page` (a page path), its permalink too."""
    lab, study = ctx.labels, ctx.project.study
    version = release_version(study)
    facts: list[tuple[str, str]] = []
    if version:
        released = f" ({html_inline(lab.cite_released)} {html_inline(release_date(study))})" if study.released else ""
        facts.append((lab.cite_version, f'<span class="qs-citebox-version">{html_inline(version)}</span>{released}'))
    if study.doi:
        address = doi_url(study.doi)
        facts.append((lab.cite_doi, element("a", html_inline(address), href=address, class_="qs-citebox-doi")))
    if permalink_page:
        shown = urls.permalink(ctx.base_url, version, permalink_page)
        target = shown if ctx.base_url else urls.href(page, urls.release_page(version, permalink_page)
                                                      if version else permalink_page)
        about = f' <span class="qs-citebox-about">{html_inline(lab.cite_permalink_about)}</span>' if version else ""
        facts.append((lab.cite_permalink, element("a", html_inline(shown), href=target, class_="qs-citebox-permalink")
                      + about))
    facts.append((lab.cite_metadata, element("a", "CITATION.cff", href=urls.href(page, urls.CITATION_CFF))))
    items = "".join(f"<dt>{html_inline(name)}</dt><dd>{value}</dd>" for name, value in facts)
    return "".join((
        f'<div class="qs-citebox" role="group" aria-label="{html_attr(lab.cite_this)}">',
        f'<p class="qs-citebox-title">{html_inline(lab.cite_this)}</p>',
        f'<p class="qs-citebox-text">{html_inline(citation_text(study))}</p>',
        f'<dl class="qs-citebox-facts">{items}</dl>',
        "</div>",
    ))
