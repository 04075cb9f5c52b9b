"""The analysis views: the code × participant matrix, the code co-occurrence tables, and one page per pair of codes.

Every number links to the rows it counts: a matrix cell to the code page's
section for that interview (`codebook/digmed/#interview-r1`), a co-occurrence
cell to the pair's page (`analysis/pairs/digmed/shall/`). Cells are shaded in
one of a few perceptually even steps (`heat`), explained by a legend, and always
show the number as text; each cell also carries its percentage (of the
participant's codings in the matrix, of the row code's rows in co-occurrence)
for the counts/percentages switch of `qualsite-tables.js`.
"""

from __future__ import annotations

from typing import Sequence

from .. import urls
from ..analysis import Tabulation
from ..model import Code
from . import heat
from .context import Context, area_colour
from .parts import code_chip, coded_passage, heading, link, raw_block, row_link, wide
from .text import element, front_matter_title, html_attr, html_inline


def pages(ctx: Context, tab: Tabulation) -> dict[str, str]:
    """The matrix (one page per `urls.MATRIX_PAGE_SIZE` participants when there are many), co-occurrence, pairs."""
    result: dict[str, str] = {}
    slices = participant_pages(tab.participants)
    most = matrix_most(ctx, tab)  # once for every page of the matrix: it is the largest cell of them all
    codes = ctx.project.codebook.codes
    # The matrix and the co-occurrence table show counts, never the rows behind them: an edit of a row's words leaves
    # them as they were, an edit of its codes changes the pages whose counts change.
    totals = tuple(tab.code_total(c.id) for c in codes)
    for number, participants in enumerate(slices, 1):
        cells = tuple(tab.count(c.id, p) for c in codes for p in participants)
        result[urls.analysis_matrix_page(number)] = ctx.whole(
            ("matrix", number), (slices, most, totals, cells), lambda: matrix_page(ctx, tab, number, slices, most))
    pairs = tuple(tab.pair_count(a.id, b.id) for i, a in enumerate(codes) for b in codes[i + 1:])
    result[urls.COOCCURRENCE] = ctx.page("co-occurrence", (totals, pairs), lambda: cooccurrence_page(ctx, tab))
    for i, code_a in enumerate(codes):
        for code_b in codes[i + 1:]:
            if tab.pair_count(code_a.id, code_b.id):
                # A pair's page shows its rows and its c-coefficient, nothing else of `tab`.
                inputs = (code_a, code_b, tab.pair_rows(code_a.id, code_b.id), c_fact(ctx, tab, code_a.id, code_b.id))
                result[urls.pair_page(code_a, code_b)] = ctx.whole(
                    ("pair", code_a.id, code_b.id), inputs, lambda: pair_page(ctx, tab, code_a, code_b))
    return result


def participant_pages(participants: Sequence[str]) -> list[tuple[str, ...]]:
    """The participants of each matrix page: all on one page, or pages of `urls.MATRIX_PAGE_SIZE` when many."""
    if len(participants) <= urls.MATRIX_SPLIT_ABOVE:
        return [tuple(participants)]
    size = urls.MATRIX_PAGE_SIZE
    return [tuple(participants[i: i + size]) for i in range(0, len(participants), size)]


# --- Shared pieces ---------------------------------------------------------------------------------------------


def decimal(ctx: Context, value: float) -> str:
    """`0,26` in Swedish, `0.26` in English."""
    return f"{value:.2f}".replace(".", ctx.labels.decimal_mark)


def unsearched(title: str) -> str:
    """Front matter that sets the title and keeps the page out of the search index (its rows are on transcripts)."""
    return front_matter_title(title).replace("\n---\n\n", "\nsearch:\n  exclude: true\n---\n\n", 1)


def table_region(ctx: Context, label: str, class_: str, head: str, body: Sequence[str], foot: str = "") -> str:
    """A table in a keyboard-scrollable, labelled region no taller than the screen, so a wide table scrolls inside
    it with its header row and first column in view (sticky); a phone is told that it scrolls sideways."""
    return raw_block(
        f'<div class="qs-table-wrap qs-table-wrap--tall" role="region" aria-label="{html_attr(label)}" tabindex="0"'
        f' data-qs-scroll-hint="{html_attr(ctx.labels.scroll_hint)}">',
        f'<table class="qs-table qs-heat-table {class_}">',
        f"<thead>{head}</thead>",
        "<tbody>\n" + "\n".join(body) + "\n</tbody>",
        f"<tfoot>{foot}</tfoot>" if foot else "",
        "</table>",
        "</div>",
    )


def heat_td(step: int, content: str, extra_class: str = "", **data: str) -> str:
    """A shaded cell: `qs-s{step}` picks the colour (and the text colour that keeps its contrast)."""
    cls = f"qs-heat qs-s{step}" + (f" {extra_class}" if extra_class else "")
    return element("td", content, class_=cls, **data)


def with_percent(ctx: Context, count: int, whole: int) -> dict[str, str]:
    """The data attributes the counts/percentages switch reads: the count's percentage of `whole` and its step (the
    script keeps the count itself from the cell's text). A 262-code table has 68,644 cells, so they stay short."""
    pct = heat.percent(count, whole)
    return {"data_pct": f"{pct}{ctx.labels.percent}", "data_pct_step": str(heat.percent_step(pct))}


ZERO = '<td class="qs-heat qs-heat--zero">0</td>'
"""A zero: the same in counts and in percentages (the script writes its percent sign)."""


def legend_list(ctx: Context, entries: Sequence[tuple[int, str]], zero: str = "0") -> str:
    keys = [(0, zero)] + list(entries)
    items = "".join(f'<li><span class="qs-key qs-s{k}" aria-hidden="true"></span> {html_inline(text)}</li>'
                    for k, text in keys)
    return f'<ul class="qs-legend-steps">{items}</ul>'


def heat_key(ctx: Context, most: int, percent_note: str) -> str:
    """The switch between counts and percentages (shown by the script) and the legend of each."""
    lab = ctx.labels
    counts = [(k, f"{lo}" if lo == hi else f"{lo}–{hi}") for k, lo, hi in heat.count_legend(most)]
    percents = [(k, f"{lo}–{hi}{lab.percent}") for k, lo, hi in heat.percent_legend()]
    toggle = (
        f'<fieldset class="qs-heat-toggle" data-qs-zero="{html_attr("0" + lab.percent)}" hidden>'
        f'<legend>{html_inline(lab.show_as)}</legend>'
        f'<label><input type="radio" name="qs-heat-mode" value="count" checked> {html_inline(lab.show_counts)}</label>'
        f'<label><input type="radio" name="qs-heat-mode" value="pct"> {html_inline(lab.show_percent)}</label>'
        "</fieldset>"
    )
    title = f'<span class="qs-legend-title">{html_inline(lab.legend)} ({html_inline(lab.rows.lower())}):</span>'
    title_pct = f'<span class="qs-legend-title">{html_inline(lab.legend)}:</span>'
    return raw_block(
        '<div class="qs-heat-key">',
        toggle,
        f'<div class="qs-legend" data-qs-mode="count">{title}{legend_list(ctx, counts)}</div>',
        f'<div class="qs-legend" data-qs-mode="pct" hidden>{title_pct}{legend_list(ctx, percents, "0" + lab.percent)}'
        f'<p class="qs-legend-note">{html_inline(percent_note)}</p></div>',
        "</div>",
    )


def participant_header(ctx: Context, page: str, participant: str) -> str:
    """A column heading naming the participant, linking to their profile (or transcript)."""
    target = (urls.participant_page(participant) if ctx.project.participant(participant)
              else urls.transcript_page(participant))
    return f'<th scope="col">{link(page, target, html_inline(participant))}</th>'


def code_header(ctx: Context, page: str, code: Code, scope: str) -> str:
    """A code's heading: its chip; a row heading also names the code's label beside the id."""
    chip = code_chip(ctx, page, code.id)
    if scope == "row" and code.label:
        chip += f' <span class="qs-code-label">{html_inline(code.label)}</span>'
    return f'<th scope="{scope}">{chip}</th>'


# --- Code × participant -----------------------------------------------------------------------------------------


def matrix_most(ctx: Context, tab: Tabulation) -> int:
    """The largest cell of the whole matrix, which the shading of every page of it is relative to."""
    codes = {c.id for c in ctx.project.codebook.codes}
    participants = set(tab.participants)
    return max((len(rows) for (code, participant), rows in tab.cells.items()
                if code in codes and participant in participants), default=0)


def matrix_page(ctx: Context, tab: Tabulation, number: int, slices: list[tuple[str, ...]],
                most: int | None = None) -> str:
    """One page of the matrix: codes grouped by area down, this page's participants across, totals at the ends."""
    lab = ctx.labels
    page = urls.analysis_matrix_page(number)
    participants = slices[number - 1]
    if number == 1:
        parts = [wide(front_matter_title(lab.analysis)), heading(1, lab.analysis)]
        cooccurrence = link(page, urls.COOCCURRENCE, html_inline(lab.cooccurrence))
        parts.append(raw_block(f"<p>{html_inline(lab.analysis_intro)} → {cooccurrence}</p>"))
        parts.append("\n" + heading(2, lab.matrix, "matrix"))
    else:
        title = f"{lab.matrix}: {participants[0]}–{participants[-1]}"
        parts = [wide(front_matter_title(title)), heading(1, title)]
    parts.append(raw_block(f"<p>{html_inline(lab.matrix_intro)}</p>"))
    if len(slices) > 1:
        parts.append(pagination(ctx, page, number, slices))
    if not tab.participants or not any(tab.code_total(c.id) for c in ctx.project.codebook.codes):
        parts.append(raw_block(f"<p>{html_inline(lab.no_coded_rows)}</p>"))
        return "".join(parts)
    most = matrix_most(ctx, tab) if most is None else most
    parts.append(heat_key(ctx, most, lab.matrix_percent_note))
    parts.append(matrix_table(ctx, tab, page, participants, total_all=len(slices) > 1, most=most))
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


def matrix_table(ctx: Context, tab: Tabulation, page: str, participants: tuple[str, ...], total_all: bool,
                 most: int) -> str:
    lab = ctx.labels
    codes = ctx.project.codebook.codes
    codes_ids = tuple(c.id for c in codes)
    column_totals = {p: tab.participant_total(p, codes_ids) for p in participants}
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
            cells = [matrix_cell(ctx, tab, page, code, p, most, column_totals[p]) for p in participants]
            total = element("a", str(tab.code_total(code.id)), href=urls.href(page, urls.code_page(code)))
            body.append(f'<tr id="{urls.code_anchor(code)}">{code_header(ctx, page, code, "row")}'
                        + "".join(cells) + f'<td class="qs-total">{total}</td></tr>')
    foot = ("<tr>" + f'<th scope="row">{html_inline(lab.total)}</th>'
            + "".join(f'<td class="qs-total">{column_totals[p]}</td>' for p in participants)
            + f'<td class="qs-total">{sum(tab.code_total(c) for c in codes_ids)}</td></tr>')
    return table_region(ctx, lab.matrix, "qs-matrix", head, body, foot)


def matrix_cell(ctx: Context, tab: Tabulation, page: str, code: Code, participant: str, most: int,
                column_total: int) -> str:
    n = tab.count(code.id, participant)
    if not n:
        return ZERO
    pct = heat.percent(n, column_total)
    # Once per percentage: the study's percent sign holds a no-break space, which html_attr takes the long way.
    percent = ctx.fragment(("percent", pct), lambda: f'data-pct="{html_attr(f"{pct}{ctx.labels.percent}")}"'
                                                     f' data-pct-step="{heat.percent_step(pct)}"')
    target = urls.href(page, urls.code_page(code), urls.interview_anchor(participant))
    title = f"{code.id} × {participant}: {n} {ctx.labels.rows.lower()}"
    # `heat_td` around `element("a", …)` with `with_percent`'s attributes, written out: 48,000 cells at 1,000
    # interviews. Every value still goes through `html_attr`.
    return (f'<td class="qs-heat qs-s{heat.step(n, most)}" {percent}><a href="{html_attr(target)}"'
            f' title="{html_attr(title)}">{n}</a></td>')


# --- Co-occurrence ----------------------------------------------------------------------------------------------


def cooccurrence_page(ctx: Context, tab: Tabulation) -> str:
    """Two symmetric tables over the codebook's codes: rows coded with both codes, and the c-coefficient."""
    lab, page = ctx.labels, urls.COOCCURRENCE
    codes = ctx.project.codebook.codes
    parts = [wide(front_matter_title(lab.cooccurrence)), heading(1, lab.cooccurrence)]
    parts.append(raw_block(f"<p>{html_inline(lab.cooccurrence_intro)}</p>"))
    if not any(tab.code_total(c.id) for c in codes):
        parts.append(raw_block(f"<p>{html_inline(lab.no_coded_rows)}</p>"))
        return "".join(parts)
    head = ("<tr>" + f'<th scope="col">{html_inline(lab.code)}</th>'
            + "".join(code_header(ctx, page, c, "col") for c in codes) + "</tr>")
    most = max((tab.pair_count(a.id, b.id) for a in codes for b in codes if a.id != b.id), default=0)
    parts.append(heat_key(ctx, most, lab.cooccurrence_percent_note))
    counts = []
    for a in codes:
        cells = "".join(pair_count_cell(ctx, tab, page, a, b, most) for b in codes)
        counts.append(f'<tr id="{urls.code_anchor(a)}">{code_header(ctx, page, a, "row")}{cells}</tr>')
    parts.append(table_region(ctx, lab.rows_with_both, "qs-cooccurrence", head, counts))
    parts.append("\n" + heading(2, lab.c_coefficient, "c-coefficient"))
    parts.append(raw_block(f"<p><strong>{html_inline(lab.c_short)}</strong> {html_inline(lab.c_coefficient_intro)}</p>"))
    c_steps = [(k, f"{decimal(ctx, lo)}–{decimal(ctx, hi)}") for k, lo, hi in heat.c_legend()]
    hidden = lab.c_hidden.format(min_rows=heat.C_MIN_ROWS, min_shared=heat.C_MIN_SHARED)
    parts.append(raw_block(
        '<div class="qs-heat-key"><div class="qs-legend">'
        f'<span class="qs-legend-title">{html_inline(lab.legend)} (c):</span>'
        f'{legend_list(ctx, c_steps, decimal(ctx, 0.0))}<p class="qs-legend-note">{html_inline(hidden)}</p></div></div>'
    ))
    coefficients = []
    for a in codes:
        cells = "".join(pair_c_cell(ctx, tab, page, a, b) for b in codes)
        coefficients.append(f"<tr>{code_header(ctx, page, a, 'row')}{cells}</tr>")
    parts.append(table_region(ctx, lab.c_coefficient, "qs-cooccurrence", head, coefficients))
    return "".join(parts)


def pair_title(ctx: Context, tab: Tabulation, a: Code, b: Code) -> str:
    n = tab.pair_count(a.id, b.id)
    return f"{a.id} {ctx.labels.and_} {b.id}: {n} {ctx.labels.rows.lower()}, c = {decimal(ctx, tab.c_coefficient(a.id, b.id))}"


def pair_count_cell(ctx: Context, tab: Tabulation, page: str, a: Code, b: Code, most: int) -> str:
    whole = tab.code_total(a.id)
    if a.id == b.id:
        total = element("a", str(whole), href=urls.href(page, urls.code_page(a)), title=f"{a.id}: {whole} {ctx.labels.rows.lower()}")
        data = with_percent(ctx, whole, whole)
        data["data_pct_step"] = "0"
        return element("td", total, class_="qs-heat qs-heat--diagonal", **data)
    n = tab.pair_count(a.id, b.id)
    if not n:
        return ZERO
    data = with_percent(ctx, n, whole)
    cell = element("a", str(n), href=urls.href(page, urls.pair_page(a, b)), title=pair_title(ctx, tab, a, b))
    return heat_td(heat.step(n, most), cell, **data)


QUIET = '<td class="qs-heat qs-heat--quiet">·</td>'
"""A c-coefficient not shown (`heat.c_says_something`)."""


def c_shown(tab: Tabulation, a: str, b: str) -> bool:
    """Whether the pair's c-coefficient is printed (`heat.c_says_something`)."""
    return heat.c_says_something(tab.code_total(a), tab.code_total(b), tab.pair_count(a, b))


def pair_c_cell(ctx: Context, tab: Tabulation, page: str, a: Code, b: Code) -> str:
    if a.id == b.id:
        return '<td class="qs-heat qs-heat--diagonal">–</td>'
    if not c_shown(tab, a.id, b.id):  # the legend above the table says what the dot means
        return QUIET
    c = tab.c_coefficient(a.id, b.id)
    cell = element("a", decimal(ctx, c), href=urls.href(page, urls.pair_page(a, b)), title=pair_title(ctx, tab, a, b))
    return heat_td(heat.c_step(c), cell)


def c_fact(ctx: Context, tab: Tabulation, a: str, b: str) -> str:
    """The c-coefficient with its one-line explanation, or why it is not shown."""
    if not c_shown(tab, a, b):
        return html_inline(ctx.labels.c_hidden.format(min_rows=heat.C_MIN_ROWS, min_shared=heat.C_MIN_SHARED))
    return f"{decimal(ctx, tab.c_coefficient(a, b))} · {html_inline(ctx.labels.c_short)}"


def pair_page(ctx: Context, tab: Tabulation, a: Code, b: Code) -> str:
    """The rows coded with both codes, each with an excerpt, its codes and a link to the row."""
    lab = ctx.labels
    chips: dict[str, str] = {}  # the chips of a few codes, on every row of the page

    def chip(code: str) -> str:
        if code not in chips:
            chips[code] = code_chip(ctx, page, code)
        return chips[code]

    page = urls.pair_page(a, b)
    rows = tab.pair_rows(a.id, b.id)
    title = f"{a.id} {lab.and_} {b.id}"
    parts = [unsearched(title), heading(1, title)]
    facts = [
        (lab.codes, f"{chip(a.id)} {chip(b.id)}"),
        (lab.rows_with_both, str(len(rows))),
        (lab.c_coefficient, c_fact(ctx, tab, a.id, b.id)),
        (lab.cooccurrence, link(page, urls.COOCCURRENCE, html_inline(lab.whole_table), urls.code_anchor(a))),
    ]
    parts.append(raw_block('<dl class="qs-facts">' + "".join(f"<dt>{html_inline(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"))
    items = "\n".join(
        f"<li>{row_link(ctx, page, row, tooltip=False)} {coded_passage(ctx, row, lab.whole_row)} "
        + " ".join(map(chip, row.codes)) + "</li>"
        for row in rows
    )
    parts.append(raw_block('<ul class="qs-coded-rows">', items, "</ul>"))
    return "".join(parts)
