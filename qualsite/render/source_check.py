"""Källkontroll / Source check: every citation with its verdict, word-level diffs, uncited quotes, build warnings.

Each citation's entry has the id `urls.source_check_anchor(slug, ordinal)`, which
the status marks beside quotes link to; each entry links back to the citation.
"""

from __future__ import annotations

from collections import Counter

from .. import urls
from ..labels import say
from ..model import CheckedCitation
from ..problems import sort_key
from .context import Context
from .parts import document_title, heading, link, page_title, raw_block, row_link, section_title, status_badge, table
from .text import element, html_attr, html_inline, html_text

STATUSES = ("exact", "differs", "not-found", "unresolved", "no-quote")


def pages(ctx: Context) -> dict[str, str]:
    """`source-check/index.md`."""
    # Every citation with where it stands, the warnings, and the speakers the rows' tooltips name.
    speakers = tuple((t.id, t.speakers) for t in ctx.project.transcripts)
    inputs = (ctx.evidence.citations, ctx.evidence.uncited, ctx.warnings, speakers)
    return {urls.SOURCE_CHECK: ctx.page(urls.SOURCE_CHECK, inputs, lambda: source_check(ctx))}


def source_check(ctx: Context) -> str:
    lab, page = ctx.labels, urls.SOURCE_CHECK
    parts = [page_title(lab.source_check), raw_block(f"<p>{html_inline(lab.source_check_intro)}</p>")]

    counts = Counter(item.status for item in ctx.evidence.citations)
    parts.append("\n" + heading(2, lab.summary, "summary"))
    parts.append(
        table(
            [lab.status, lab.citations],
            [[status_badge(ctx, s), str(counts[s])] for s in STATUSES if counts[s]]
            + [[html_inline(lab.total), str(len(ctx.evidence.citations))]],
            "qs-summary",
        )
    )

    for document in ctx.project.documents:
        items = [item for item in ctx.evidence.citations if item.citation.document == document.slug]
        if not items:
            continue
        parts.append("\n" + heading(2, document_title(document), f"doc-{document.slug}"))
        parts.extend(_kept_entry(ctx, page, item) for item in items)
    if not ctx.evidence.citations:
        parts.append(raw_block(f"<p>{html_inline(lab.no_citations)}</p>"))

    parts.append("\n" + heading(2, lab.uncited_quotes, "uncited"))
    parts.append(_uncited(ctx, page))
    parts.append("\n" + heading(2, lab.warnings, "warnings"))
    parts.append(_warnings(ctx))
    return "".join(parts)


def _kept_entry(ctx: Context, page: str, item: CheckedCitation) -> str:
    """`_entry`, or the one the last build made: an edit of one findings file changes its own citations, and the
    entries of all the others (thousands at 1,000 interviews) are the same text again. An entry reads its citation
    and cited rows (`item`), the speakers of those rows, and what every page may read (`Context.site_wide`)."""
    speakers = tuple(ctx.speaker_of(row) for row in item.rows if row is not None)
    name = ("source-check-entry", item.citation.document, item.citation.ordinal)
    return ctx.page(name, (item, speakers), lambda: _entry(ctx, page, item))


def _entry(ctx: Context, page: str, item: CheckedCitation) -> str:
    lab = ctx.labels
    citation = item.citation
    document = ctx.documents.get(citation.document)
    anchor = urls.source_check_anchor(citation.document, citation.ordinal)
    where = (
        link(page, urls.document_page(document), html_inline(section_title(item, ctx)), urls.quote_anchor(citation.ordinal))
        if document
        else html_inline(citation.document)
    )
    refs = "; ".join(
        row_link(ctx, page, row, ref.label) if row is not None else
        element("span", f"{html_inline(ref.label)} ⚠ {html_inline(lab.missing_row)}", class_="qs-ref qs-ref--missing")
        for ref, row in zip(citation.references, _padded(item))
    )
    lines = [
        f'<div class="qs-check qs-check--{item.status}" id="{html_attr(anchor)}">',
        f'<p class="qs-check-head">{status_badge(ctx, item.status)} {where} · ({refs})</p>',
    ]
    if citation.quote:
        lines.append(f'<blockquote class="qs-quote"><p>{html_text(citation.quote)}</p></blockquote>')
    if item.detail is not None:
        lines.append(f'<p class="qs-check-detail">{html_inline(say(item.detail, ctx.language))}</p>')
    if item.diff:
        lines.append(_diff(ctx, item))
    lines.append("</div>")
    return raw_block(*lines)


def _padded(item: CheckedCitation):
    rows = list(item.rows)
    return rows + [None] * (len(item.citation.references) - len(rows))


def _diff(ctx: Context, item: CheckedCitation) -> str:
    lab = ctx.labels
    runs = []
    for part in item.diff:
        text = html_inline(part.text)
        if part.op == "quote-only":
            runs.append(f'<del title="{html_attr(lab.only_in_quote)}">{text}</del>')
        elif part.op == "row-only":
            runs.append(f'<ins title="{html_attr(lab.only_in_row)}">{text}</ins>')
        else:
            runs.append(f"<span>{text}</span>")
    return (
        f'<p class="qs-diff"><span class="qs-label">{html_inline(lab.diff)}:</span> {" ".join(runs)}</p>'
        f'<p class="qs-diff-legend">{html_inline(lab.diff_legend)}</p>'
    )


def _uncited(ctx: Context, page: str) -> str:
    lab = ctx.labels
    if not ctx.evidence.uncited:
        return raw_block(f"<p>{html_inline(lab.no_uncited)}</p>")
    lines = [f"<p>{html_inline(lab.uncited_intro)}</p>"]
    for number, quote in enumerate(ctx.evidence.uncited, 1):
        document = ctx.documents.get(quote.document)
        where = (
            link(page, urls.document_page(document), html_inline(document_title(document)))
            if document
            else html_inline(quote.document)
        )
        suggestion = (
            f"{html_inline(lab.suggestion)}: ({row_link(ctx, page, quote.suggestion)})"
            if quote.suggestion is not None
            else html_inline(lab.not_found_anywhere)
        )
        lines.append(
            f'<div class="qs-check qs-check--uncited" id="{html_attr(urls.uncited_anchor(number))}">'
            f'<p class="qs-check-head">{where} · <code>{html_inline(str(quote.source))}</code></p>'
            f'<blockquote class="qs-quote"><p>{html_text(quote.quote)}</p></blockquote>'
            f'<p class="qs-check-detail">{suggestion}</p></div>'
        )
    return raw_block(*lines)


def _because(problem, label: str) -> str:  # type: ignore[no-untyped-def]
    """The researcher's reason for accepting a reviewed warning (`reviewed.yaml`), as text: it is data too."""
    if not problem.reviewed:
        return ""
    return f'<br><span class="qs-reviewed"><span class="qs-label">{html_inline(label)}:</span> {html_inline(problem.reviewed)}</span>'


def _warnings(ctx: Context) -> str:
    lab = ctx.labels
    if not ctx.warnings:
        return raw_block(f"<p>{html_inline(lab.no_warnings)}</p>")
    items = "\n".join(
        f'<li><code>{html_inline(str(p.source))}</code> {html_inline(say(p.said, ctx.language) if p.said else p.message)}{_because(p, lab.reviewed_because)}</li>'
        for p in sorted(ctx.warnings, key=sort_key)
    )
    return raw_block('<ul class="qs-warnings">', items, "</ul>")
