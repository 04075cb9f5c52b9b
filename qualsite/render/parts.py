"""HTML pieces several pages share: code chips, row links with tooltips, status marks, tables."""

from __future__ import annotations

from typing import Iterable, Sequence

from .. import urls
from ..labels import say, status_explanation, status_label
from ..model import CheckedCitation, Code, Document, Row, Speaker
from .context import Context
from .text import element, excerpt, front_matter_title, html_attr, html_inline, html_text, md_text, one_line

TOOLTIP_CHARS = 120

STATUS_SYMBOL = {"exact": "✓", "differs": "≠", "not-found": "✗", "no-quote": "–", "unresolved": "?"}
"""A symbol per quote status, always shown next to its text label: colour is never the only signal."""


def heading(level: int, text: str, anchor: str = "") -> str:
    """A Markdown heading (so it reaches the table of contents) with escaped text and an optional fixed id."""
    suffix = f" {{ #{anchor} }}" if anchor else ""
    return f"{'#' * level} {md_text(text)}{suffix}\n"


def raw_block(*lines: str) -> str:
    """A raw HTML block: blank lines around it so Python-Markdown takes it as one block, untouched."""
    body = "\n".join(line for line in lines if line)
    return f"\n{body}\n\n"


def document_title(document: Document) -> str:
    """`4.1 Tema 1: Strategi`: number and title as printed."""
    return f"{document.number} {document.title}".strip()


def section_title(item: CheckedCitation, ctx: Context) -> str:
    """The heading a citation stands under, or its document's title."""
    if item.citation.section_title:
        return item.citation.section_title
    document = ctx.documents.get(item.citation.document)
    return document_title(document) if document else item.citation.document


def speaker_name(ctx: Context, speaker: Speaker | None, speaker_id: str) -> str:
    """`PK (Intervjuare)`: the speaker's id with their role in words (and their label, if it says more)."""
    lab = ctx.labels
    role = speaker.role if speaker else "other"
    role_text = {"interviewer": lab.interviewer, "respondent": lab.respondent}.get(role, lab.other_speaker)
    label = speaker.label if speaker else ""
    if label and label != role_text:
        return f"{speaker_id} – {label} ({role_text})"
    return f"{speaker_id} ({role_text})"


def speaker_role(speaker: Speaker | None) -> str:
    """The role used in CSS classes: interviewer, respondent or other."""
    return speaker.role if speaker and speaker.role in ("interviewer", "respondent") else "other"


def row_tooltip(ctx: Context, row: Row) -> str:
    """`R2:5 · R2 (Respondent): first ~120 characters…` for a link's `title`."""
    who = speaker_name(ctx, ctx.speaker_of(row), row.speaker)
    return f"{row.label} · {who}: {excerpt(row.text, TOOLTIP_CHARS)}"


def row_link(ctx: Context, page: str, row: Row, text: str = "", tooltip: bool = True) -> str:
    """A link to a transcript row, titled with its speaker and opening words."""
    href = urls.href(page, urls.transcript_page(row.transcript), urls.row_anchor(row))
    # The link is the same on every page in the same folder: the row is on up to a code page per code it carries.
    return ctx.fragment(("row link", href, text, tooltip), lambda: element(
        "a", html_inline(text or row.label), href=href, title=row_tooltip(ctx, row) if tooltip else "",
        class_="qs-ref"))


def code_chip(ctx: Context, page: str, code_id: str) -> str:
    """A code as a chip in its area's colour, linking to the code's page; an unknown code is plain."""
    code = ctx.codes.get(code_id)
    href = urls.href(page, urls.code_page(code)) if code else ""  # the same from every page in the same folder
    return ctx.fragment(("chip", code_id, href), lambda: _code_chip(ctx, code_id, code, href))


def _code_chip(ctx: Context, code_id: str, code: Code | None, href: str) -> str:
    style = f"--qs-area: {ctx.colour_of(code_id)}"
    if code is None:
        return element("span", html_inline(code_id), class_="qs-chip qs-chip--unknown", style=style)
    area = ctx.area_of(code_id)
    title = f"{code.label} ({area.name})" if area else code.label
    return element(
        "a",
        html_inline(code_id),
        href=href,
        class_=f"qs-chip qs-area-{urls.area_slug(area)}" if area else "qs-chip",
        style=style,
        title=title,
    )


def status_mark(ctx: Context, page: str, item: CheckedCitation) -> str:
    """A small mark beside a quote: symbol and word for its status, linking to its source-check entry."""
    status = item.status
    label = status_label(ctx.labels, status)
    return element(
        "a",
        f'<span aria-hidden="true">{STATUS_SYMBOL[status]}</span> {html_inline(label)}',
        href=urls.href(page, urls.SOURCE_CHECK, urls.source_check_anchor(item.citation.document, item.citation.ordinal)),
        class_=f"qs-status qs-status--{status}",
        title=f"{status_explanation(ctx.labels, status)} {one_line(say(item.detail, ctx.language))}".strip(),
    )


def status_badge(ctx: Context, status: str) -> str:
    """The status as a badge without a link (on the source-check page)."""
    label = status_label(ctx.labels, status)
    return element(
        "span",
        f'<span aria-hidden="true">{STATUS_SYMBOL[status]}</span> {html_inline(label)}',
        class_=f"qs-status qs-status--{status}",
        title=status_explanation(ctx.labels, status),
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], class_: str = "") -> str:
    """A raw HTML table inside a horizontally scrolling wrapper; headers are text, cells are HTML."""
    head = "".join(f"<th>{html_inline(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cls = f"qs-table {class_}".strip()
    return raw_block(
        '<div class="qs-table-wrap">',
        f'<table class="{cls}">',
        f"<thead><tr>{head}</tr></thead>",
        f"<tbody>\n{body}\n</tbody>" if body else "<tbody></tbody>",
        "</table>",
        "</div>",
    )


def link(page: str, to_page: str, text_html: str, anchor: str = "", class_: str = "") -> str:
    """A raw HTML link from `page` to another page (or anchor); `text_html` is already HTML."""
    return element("a", text_html, href=urls.href(page, to_page, anchor), class_=class_)


def page_title(title: str) -> str:
    """The page's title: front matter for the theme's `<title>` and header, and the one `#` heading."""
    return front_matter_title(title) + heading(1, title)


def wide(front_matter: str) -> str:
    """Front matter that also hides the table of contents (Material's `hide: [toc]`): a page built around a wide
    table gets the column the empty right sidebar would take."""
    return front_matter.replace("\n---\n\n", "\nhide:\n  - toc\n---\n\n", 1)


def index_table(ctx: Context, label: str, headers: Sequence[str], rows: Iterable[Sequence[str | tuple[str, str]]],
                class_: str = "") -> str:
    """A table of an index page that the reader can sort (each header a button, `aria-sort`) and filter, scrolling
    inside a labelled region with sticky headers and first column. A cell is HTML, or `(html, sort key)` when its
    text does not sort by itself (numbers sort numerically either way). Sorting and filtering are added by
    `qualsite-tables.js`; without scripts the table is the plain table."""
    lab = ctx.labels
    head = "".join(f'<th scope="col">{html_inline(h)}</th>' for h in headers)
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            content, key = cell if isinstance(cell, tuple) else (cell, "")
            cells.append(element("td", content, data_sort=key) if key else f"<td>{content}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    table_attrs = f'class="{("qs-table qs-index " + class_).strip()}"'
    return raw_block(
        f'<div class="qs-table-wrap qs-table-wrap--tall" role="region" aria-label="{html_attr(label)}" tabindex="0"'
        f' data-qs-scroll-hint="{html_attr(lab.scroll_hint)}">',
        f'<table {table_attrs} data-qs-sort="{html_attr(lab.sort_by)}" data-qs-filter="{html_attr(lab.filter_table)}"'
        f' data-qs-filter-count="{html_attr(lab.filter_count)}">',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>\n" + "\n".join(lines) + "\n</tbody>",
        "</table>",
        "</div>",
    )


PASSAGE_CHARS = 480
"""A coded row up to this long is shown whole; a longer one opens with its first words and unfolds to the rest."""


def coded_passage(ctx: Context, row: Row, label_whole: str, limit: int = PASSAGE_CHARS) -> str:
    """The passage a code was applied to. Codes are applied to whole rows (format/README.md), so the passage is the
    row's text: whole when short, else its opening in a `<details>` that unfolds to the whole row. Made once per
    build (`ctx.fragments`): a row with k codes is on k code pages and k(k-1)/2 pair pages."""
    return ctx.fragment(("passage", row.transcript, row.n, row.occurrence, label_whole, limit),
                        lambda: _coded_passage(row, label_whole, limit))


def _coded_passage(row: Row, label_whole: str, limit: int) -> str:
    text = html_text(row.text)
    if len(one_line(row.text)) <= limit:
        return f'<span class="qs-excerpt qs-passage">{text}</span>'
    return (f'<details class="qs-excerpt qs-passage"><summary><span class="qs-passage-start">'
            f'{html_inline(excerpt(row.text, limit // 2))}</span> <span class="qs-passage-more">'
            f'({html_inline(label_whole.lower())})</span></summary>{text}</details>')
