"""The analysis views: the code × participant matrix, the code co-occurrence tables, and one page per pair of codes.

Every number links to the rows it counts: a matrix cell to the code page's
section for that interview (`codebook/digmed/#interview-r1`), a co-occurrence
cell to the pair's page (`analysis/pairs/digmed/shall/`). Cells are shaded in
proportion to their count and always show the number as text.
"""

from __future__ import annotations

from typing import Sequence

from .. import urls
from ..analysis import Tabulation
from ..model import Code
from .context import Context, area_colour
from .parts import code_chip, heading, link, raw_block, row_link
from .text import element, excerpt, front_matter_title, html_attr, html_inline

EXCERPT_CHARS = 200
MAX_SHADE = 50
"""Percent of the accent colour in the darkest cell; above this, body text on it loses contrast in either scheme."""


def pages(ctx: Context, tab: Tabulation) -> dict[str, str]:
    """The matrix (one page per `urls.MATRIX_PAGE_SIZE` participants when there are many), co-occurrence, pairs."""
    result: dict[str, str] = {}
    slices = participant_pages(tab.participants)
    for number, participants in enumerate(slices, 1):
        result[urls.analysis_matrix_page(number)] = matrix_page(ctx, tab, number, slices)
    result[urls.COOCCURRENCE] = cooccurrence_page(ctx, tab)
    codes = ctx.project.codebook.codes
    for i, code_a in enumerate(codes):
        for code_b in codes[i + 1:]:
            if tab.pair_count(code_a.id, code_b.id):
                result[urls.pair_page(code_a, code_b)] = pair_page(ctx, tab, code_a, code_b)
    return result


def participant_pages(participants: Sequence[str]) -> list[tuple[str, ...]]:
    """The participants of each matrix page: all on one page, or pages of `urls.MATRIX_PAGE_SIZE` when many."""
    if len(participants) <= urls.MATRIX_SPLIT_ABOVE:
        return [tuple(participants)]
    size = urls.MATRIX_PAGE_SIZE
    return [tuple(participants[i: i + size]) for i in range(0, len(participants), size)]


# --- Shared pieces ---------------------------------------------------------------------------------------------


def shade(count: float, most: float) -> str:
    """`--qs-heat: 24%`: the cell's share of the accent colour, proportional to `count / most`."""
    level = round(MAX_SHADE * count / most) if most > 0 else 0
    return f"--qs-heat: {level}%"


def decimal(ctx: Context, value: float) -> str:
    """`0,26` in Swedish, `0.26` in English."""
    return f"{value:.2f}".replace(".", ctx.labels.decimal_mark)


def unsearched(title: str) -> str:
    """Front matter that sets the title and keeps the page out of the search index (its rows are on transcripts)."""
    return front_matter_title(title).replace("\n---\n\n", "\nsearch:\n  exclude: true\n---\n\n", 1)


def table_region(label: str, class_: str, head: str, body: Sequence[str], foot: str = "") -> str:
    """A table in a keyboard-scrollable, labelled region, so a wide table scrolls inside it on a phone."""
    return raw_block(
        f'<div class="qs-table-wrap" role="region" aria-label="{html_attr(label)}" tabindex="0">',
        f'<table class="qs-table qs-heat-table {class_}">',
        f"<thead>{head}</thead>",
        "<tbody>\n" + "\n".join(body) + "\n</tbody>",
        f"<tfoot>{foot}</tfoot>" if foot else "",
        "</table>",
        "</div>",
    )


def participant_header(ctx: Context, page: str, participant: str) -> str:
    """A column heading naming the participant, linking to their profile (or transcript)."""
    target = (urls.participant_page(participant) if ctx.project.participant(participant)
              else urls.transcript_page(participant))
    return f'<th scope="col">{link(page, target, html_inline(participant))}</th>'


def code_header(ctx: Context, page: str, code: Code, scope: str) -> str:
    return f'<th scope="{scope}">{code_chip(ctx, page, code.id)}</th>'


# --- Code × participant -----------------------------------------------------------------------------------------


def matrix_page(ctx: Context, tab: Tabulation, number: int, slices: list[tuple[str, ...]]) -> str:
    """One page of the matrix: codes grouped by area down, this page's participants across, totals at the ends."""
    lab = ctx.labels
    page = urls.analysis_matrix_page(number)
    participants = slices[number - 1]
    if number == 1:
        parts = [front_matter_title(lab.analysis), heading(1, lab.analysis)]
        cooccurrence = link(page, urls.COOCCURRENCE, html_inline(lab.cooccurrence))
        parts.append(raw_block(f"<p>{html_inline(lab.analysis_intro)} → {cooccurrence}</p>"))
        parts.append("\n" + heading(2, lab.matrix, "matrix"))
    else:
        title = f"{lab.matrix}: {participants[0]}–{participants[-1]}"
        parts = [front_matter_title(title), heading(1, title)]
    parts.append(raw_block(f"<p>{html_inline(lab.matrix_intro)}</p>"))
    if len(slices) > 1:
        parts.append(pagination(ctx, page, number, slices))
    if not tab.participants or not any(tab.code_total(c.id) for c in ctx.project.codebook.codes):
        parts.append(raw_block(f"<p>{html_inline(lab.no_coded_rows)}</p>"))
        return "".join(parts)
    parts.append(matrix_table(ctx, tab, page, participants, total_all=len(slices) > 1))
    return "".join(parts)


def pagination(ctx: Context, page: str, number: int, slices: list[tuple[str, ...]]) -> str:
    items = []
    for i, participants in enumerate(slices, 1):
        text = html_inline(f"{participants[0]}–{participants[-1]}")
        if i == number:
            items.append(f'<li><a aria-current="page" href="./">{text}</a></li>')
        else:
            items.append(f"<li>{link(page, urls.analysis_matrix_page(i), text)}</li>")
    return raw_block(f'<nav class="qs-pages" aria-label="{html_attr(ctx.labels.matrix_pages)}"><ul>',
                     "".join(items), "</ul></nav>")


def matrix_table(ctx: Context, tab: Tabulation, page: str, participants: tuple[str, ...], total_all: bool) -> str:
    lab = ctx.labels
    codes = ctx.project.codebook.codes
    most = max((tab.count(c.id, p) for c in codes for p in tab.participants), default=0)
    total_label = lab.total_all if total_all else lab.total
    head = ("<tr>" + f'<th scope="col">{html_inline(lab.code)}</th>'
            + "".join(participant_header(ctx, page, p) for p in participants)
            + f'<th scope="col">{html_inline(total_label)}</th></tr>')
    body = []
    for area in ctx.project.codebook.areas:
        swatch = element("span", "", class_="qs-swatch", style=f"--qs-area: {area_colour(area)}")
        body.append(f'<tr class="qs-heat-group"><th scope="rowgroup" colspan="{len(participants) + 2}">'
                    f"{swatch} {html_inline(area.name)}</th></tr>")
        for code in area.codes:
            cells = [matrix_cell(ctx, tab, page, code, p, most) for p in participants]
            total = element("a", str(tab.code_total(code.id)), href=urls.href(page, urls.code_page(code)))
            body.append(f'<tr id="{urls.code_anchor(code)}">{code_header(ctx, page, code, "row")}'
                        + "".join(cells) + f'<td class="qs-total">{total}</td></tr>')
    codes_ids = tuple(c.id for c in codes)
    foot = ("<tr>" + f'<th scope="row">{html_inline(lab.total)}</th>'
            + "".join(f'<td class="qs-total">{tab.participant_total(p, codes_ids)}</td>' for p in participants)
            + f'<td class="qs-total">{sum(tab.code_total(c) for c in codes_ids)}</td></tr>')
    return table_region(lab.matrix, "qs-matrix", head, body, foot)


def matrix_cell(ctx: Context, tab: Tabulation, page: str, code: Code, participant: str, most: int) -> str:
    n = tab.count(code.id, participant)
    if not n:
        return '<td class="qs-heat qs-heat--zero">0</td>'
    target = urls.href(page, urls.code_page(code), urls.interview_anchor(participant))
    title = f"{code.id} × {participant}: {n} {ctx.labels.rows.lower()}"
    return f'<td class="qs-heat" style="{shade(n, most)}">{element("a", str(n), href=target, title=title)}</td>'


# --- Co-occurrence ----------------------------------------------------------------------------------------------


def cooccurrence_page(ctx: Context, tab: Tabulation) -> str:
    """Two symmetric tables over the codebook's codes: rows coded with both codes, and the c-coefficient."""
    lab, page = ctx.labels, urls.COOCCURRENCE
    codes = ctx.project.codebook.codes
    parts = [front_matter_title(lab.cooccurrence), heading(1, lab.cooccurrence)]
    parts.append(raw_block(f"<p>{html_inline(lab.cooccurrence_intro)}</p>"))
    if not any(tab.code_total(c.id) for c in codes):
        parts.append(raw_block(f"<p>{html_inline(lab.no_coded_rows)}</p>"))
        return "".join(parts)
    head = ("<tr>" + f'<th scope="col">{html_inline(lab.code)}</th>'
            + "".join(code_header(ctx, page, c, "col") for c in codes) + "</tr>")
    most = max((tab.pair_count(a.id, b.id) for a in codes for b in codes if a.id != b.id), default=0)
    counts = []
    for a in codes:
        cells = "".join(pair_count_cell(ctx, tab, page, a, b, most) for b in codes)
        counts.append(f'<tr id="{urls.code_anchor(a)}">{code_header(ctx, page, a, "row")}{cells}</tr>')
    parts.append(table_region(lab.rows_with_both, "qs-cooccurrence", head, counts))
    parts.append("\n" + heading(2, lab.c_coefficient, "c-coefficient"))
    parts.append(raw_block(f"<p>{html_inline(lab.c_coefficient_intro)}</p>"))
    coefficients = []
    for a in codes:
        cells = "".join(pair_c_cell(ctx, tab, page, a, b) for b in codes)
        coefficients.append(f"<tr>{code_header(ctx, page, a, 'row')}{cells}</tr>")
    parts.append(table_region(lab.c_coefficient, "qs-cooccurrence", head, coefficients))
    return "".join(parts)


def pair_title(ctx: Context, tab: Tabulation, a: Code, b: Code) -> str:
    n = tab.pair_count(a.id, b.id)
    return f"{a.id} {ctx.labels.and_} {b.id}: {n} {ctx.labels.rows.lower()}, c = {decimal(ctx, tab.c_coefficient(a.id, b.id))}"


def pair_count_cell(ctx: Context, tab: Tabulation, page: str, a: Code, b: Code, most: int) -> str:
    if a.id == b.id:
        n = tab.code_total(a.id)
        total = element("a", str(n), href=urls.href(page, urls.code_page(a)), title=f"{a.id}: {n} {ctx.labels.rows.lower()}")
        return f'<td class="qs-heat qs-heat--diagonal">{total}</td>'
    n = tab.pair_count(a.id, b.id)
    if not n:
        return '<td class="qs-heat qs-heat--zero">0</td>'
    cell = element("a", str(n), href=urls.href(page, urls.pair_page(a, b)), title=pair_title(ctx, tab, a, b))
    return f'<td class="qs-heat" style="{shade(n, most)}">{cell}</td>'


def pair_c_cell(ctx: Context, tab: Tabulation, page: str, a: Code, b: Code) -> str:
    if a.id == b.id:
        return '<td class="qs-heat qs-heat--diagonal">–</td>'
    c = tab.c_coefficient(a.id, b.id)
    if not c:
        return f'<td class="qs-heat qs-heat--zero">{decimal(ctx, 0.0)}</td>'
    cell = element("a", decimal(ctx, c), href=urls.href(page, urls.pair_page(a, b)), title=pair_title(ctx, tab, a, b))
    return f'<td class="qs-heat" style="{shade(c, 1.0)}">{cell}</td>'


def pair_page(ctx: Context, tab: Tabulation, a: Code, b: Code) -> str:
    """The rows coded with both codes, each with an excerpt, its codes and a link to the row."""
    lab = ctx.labels
    page = urls.pair_page(a, b)
    rows = tab.pair_rows(a.id, b.id)
    title = f"{a.id} {lab.and_} {b.id}"
    parts = [unsearched(title), heading(1, title)]
    facts = [
        (lab.codes, f"{code_chip(ctx, page, a.id)} {code_chip(ctx, page, b.id)}"),
        (lab.rows_with_both, str(len(rows))),
        (lab.c_coefficient, decimal(ctx, tab.c_coefficient(a.id, b.id))),
        (lab.cooccurrence, link(page, urls.COOCCURRENCE, html_inline(lab.whole_table), urls.code_anchor(a))),
    ]
    parts.append(raw_block('<dl class="qs-facts">' + "".join(f"<dt>{html_inline(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"))
    items = "\n".join(
        f"<li>{row_link(ctx, page, row, tooltip=False)} "
        f'<span class="qs-excerpt">{html_inline(excerpt(row.text, EXCERPT_CHARS))}</span> '
        + " ".join(code_chip(ctx, page, code) for code in row.codes) + "</li>"
        for row in rows
    )
    parts.append(raw_block('<ul class="qs-coded-rows">', items, "</ul>"))
    return "".join(parts)
