"""The home page: what the study is, who wrote it, what it asks, and figures computed from the data."""

from __future__ import annotations

from .. import urls
from .cite import cite_box
from .context import Context
from .parts import document_title, heading, link, page_title, raw_block
from .prose import plain_markdown_html
from .text import html_attr, html_inline


def pages(ctx: Context) -> dict[str, str]:
    """`index.md`."""
    return {urls.HOME: home(ctx)}


def figures(ctx: Context) -> list[tuple[str, int, str]]:
    """(label, number, page it links to) for the study in figures."""
    lab, project = ctx.labels, ctx.project
    rows = [row for t in project.transcripts for row in t.rows]
    quotes = sum(1 for item in ctx.evidence.citations if item.status != "no-quote")
    return [
        (lab.interviews, len(project.transcripts), urls.TRANSCRIPTS_INDEX),
        (lab.rows, len(rows), urls.TRANSCRIPTS_INDEX),
        (lab.coded_rows, sum(1 for row in rows if row.codes), urls.CODEBOOK_INDEX),
        (lab.codes, len(project.codebook.codes), urls.CODEBOOK_INDEX),
        (lab.cited_quotes, quotes, urls.SOURCE_CHECK),
    ]


def home(ctx: Context) -> str:
    lab, study, page = ctx.labels, ctx.project.study, urls.HOME
    parts = [page_title(study.title)]
    byline = []
    if study.subtitle:
        byline.append(f'<p class="qs-subtitle">{html_inline(study.subtitle)}</p>')
    if study.title_en:
        byline.append(f'<p class="qs-title-en" lang="en">{html_inline(study.title_en)}</p>')
    if study.authors:
        byline.append(f'<p class="qs-authors"><span class="qs-label">{html_inline(lab.authors)}:</span> {html_inline(", ".join(study.authors))}</p>')
    where = ", ".join(x for x in (study.kind, study.department, study.institution, str(study.year or "")) if x)
    if where:
        byline.append(f'<p class="qs-publication">{html_inline(where)}</p>')
    if byline:
        parts.append(raw_block('<div class="qs-byline">', *byline, "</div>"))

    numbers = "".join(
        f'<li>{link(page, target, f"<strong>{n}</strong> <span>{html_inline(label)}</span>")}</li>'
        for label, n, target in figures(ctx)
    )
    parts.append("\n" + heading(2, lab.in_figures, "figures"))
    parts.append(raw_block(f'<div class="qs-figures-wrap"><ul class="qs-figures">{numbers}</ul></div>'))

    if study.abstract:
        parts.append("\n" + heading(2, lab.abstract, "abstract"))
        parts.append(raw_block('<div class="qs-prose qs-abstract">', plain_markdown_html(study.abstract).strip("\n"), "</div>"))
    if study.keywords:
        parts.append(raw_block(f'<p class="qs-keywords"><span class="qs-label">{html_inline(lab.keywords)}:</span> {html_inline(", ".join(study.keywords))}</p>'))
    if study.research_questions:
        parts.append("\n" + heading(2, lab.research_questions, "research-questions"))
        items = "".join(f"<li>{html_inline(q)}</li>" for q in study.research_questions)
        parts.append(raw_block(f'<ol class="qs-questions">{items}</ol>'))

    if ctx.project.findings:
        parts.append("\n" + heading(2, lab.findings, "findings"))
        items = "".join(
            f"<li>{link(page, urls.document_page(d), html_inline(document_title(d)))}</li>" for d in ctx.project.findings
        )
        parts.append(raw_block(f'<ul class="qs-themes">{items}</ul>'))

    parts.append(raw_block(cite_box(ctx, page)))
    cite = []
    if study.licence:
        cite.append(f'<p><span class="qs-label">{html_inline(lab.licence)}:</span> {html_inline(study.licence)}</p>')
    if study.url.startswith(("https://", "http://")):
        cite.append(f'<p><span class="qs-label">{html_inline(lab.report)}:</span> <a href="{html_attr(study.url)}">{html_inline(study.url)}</a></p>')
    if cite:
        parts.append(raw_block('<div class="qs-colophon">', *cite, "</div>"))
    return "".join(parts)
