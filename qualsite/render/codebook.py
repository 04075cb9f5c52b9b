"""The codebook: areas and codes with computed counts, and one page per code listing its rows."""

from __future__ import annotations

from .. import urls
from ..analysis import Tabulation
from ..model import CheckedCitation, Code, Transcript
from .analysis import c_shown, decimal
from .context import Context, area_colour, unplaced
from . import heat
from .parts import code_chip, coded_passage, heading, page_title, raw_block, row_link, section_title, table
from .text import element, excerpt, html_inline

PARTNERS = 5
"""How many of the codes it co-occurs with most a code page lists."""


def pages(ctx: Context, tab: Tabulation, cited: dict[str, tuple[CheckedCitation, ...]]) -> dict[str, str]:
    """`codebook/index.md` and one page per code; `cited` maps a code to the citations of rows carrying it."""
    result = {urls.CODEBOOK_INDEX: index(ctx)}
    interviews = tuple((t.id, t.participant) for t in ctx.project.transcripts)  # the order and links of groups
    for code in ctx.project.codebook.codes:
        citing = cited.get(code.id, ())
        # What the page shows of the co-occurring codes is cheap to work out, and stands in for all of `tab`.
        shared = partners(ctx, tab, urls.code_page(code), code)
        result[urls.code_page(code)] = ctx.whole(
            ("code", code.id), (code, ctx.rows_by_code.get(code.id, ()), shared, tuple(map(unplaced, citing)),
                                interviews),
            lambda: code_page(ctx, code, tab, citing))
    return result


def interviews_of(ctx: Context, code_id: str) -> list[str]:
    """Ids of the transcripts with at least one row coded `code_id`, in transcript order."""
    seen: dict[str, None] = {}
    for row in ctx.rows_by_code.get(code_id, ()):
        seen.setdefault(row.transcript, None)
    return list(seen)


def index(ctx: Context) -> str:
    """Every area with its colour, and its codes with labels, descriptions (or a note that the codebook has none)
    and counts."""
    lab, page = ctx.labels, urls.CODEBOOK_INDEX
    parts = [page_title(lab.codebook)]
    described = any(code.description.strip() for code in ctx.project.codebook.codes)
    if not described:
        parts.append(raw_block(f'<p class="qs-note">{html_inline(lab.no_descriptions)}</p>'))
    for area in ctx.project.codebook.areas:
        parts.append("\n" + heading(2, area.name, f"area-{urls.area_slug(area)}"))
        intro = f'<p class="qs-area-intro">{colour_swatch(ctx, area.colour, area_colour(area))}'
        if area.description:
            intro += f" {html_inline(area.description)}"
        parts.append(raw_block(intro + "</p>"))
        headers = [lab.code, lab.label] + ([lab.description] if described else []) + [lab.coded_rows, lab.interviews]
        lines = [
            [
                _indented(code_chip(ctx, page, code.id), depth(ctx, code)),
                html_inline(code.label),
                *([html_inline(code.description) if code.description.strip() else "–"] if described else []),
                str(len(ctx.rows_by_code.get(code.id, ()))),
                str(len(interviews_of(ctx, code.id))),
            ]
            for code in area.codes
        ]
        parts.append(table(headers, lines, "qs-codes"))
    return "".join(parts)


def colour_swatch(ctx: Context, colour: str, css_colour: str) -> str:
    """A swatch of the area's colour, its value in words for screen readers and on hover (never the only signal:
    the area is also named)."""
    name = f"{ctx.labels.colour} {colour}"
    swatch = element("span", "", class_="qs-swatch qs-swatch--large", style=f"--qs-area: {css_colour}", title=name)
    return swatch + f'<span class="qs-visually-hidden">{html_inline(name)}</span>'


def depth(ctx: Context, code: Code) -> int:
    """How many parents a code has below its area: 0 for a top-level code (REFI-QDA imports nest deeper)."""
    level, seen, parent = 0, {code.id}, code.parent
    while parent and parent not in seen and (above := ctx.codes.get(parent)) is not None:
        level, parent = level + 1, above.parent
        seen.add(above.id)
    return level


def _indented(chip: str, level: int) -> str:
    # Indentation shows the hierarchy; the code page names the parent in words for screen readers.
    return chip if level == 0 else element("span", chip, class_="qs-subcode", style=f"--qs-depth: {level}")


def code_page(ctx: Context, code: Code, tab: Tabulation, cited: tuple[CheckedCitation, ...]) -> str:
    """Every row coded with `code`, grouped by interview; how often each participant was coded with it; the codes
    it shares rows with most; and the sections citing rows that carry it."""
    lab, page = ctx.labels, urls.code_page(code)
    area = ctx.area_of(code.id)
    rows = ctx.rows_by_code.get(code.id, ())
    parts = [page_title(f"{code.id}: {code.label}" if code.label else code.id)]
    facts = [(lab.code, code_chip(ctx, page, code.id))]
    if area is not None:
        facts.append(
            (lab.area, element("a", html_inline(area.name), href=urls.href(page, urls.CODEBOOK_INDEX, f"area-{urls.area_slug(area)}")))
        )
    if code.parent and ctx.codes.get(code.parent):
        facts.append((lab.parent_code, code_chip(ctx, page, code.parent)))
    children = [c.id for c in ctx.project.codebook.codes if c.parent == code.id]
    if children:
        facts.append((lab.subcodes, " ".join(code_chip(ctx, page, child) for child in children)))
    if code.description.strip():
        facts.append((lab.description, html_inline(code.description)))
    else:
        facts.append((lab.description, f'<span class="qs-note">{html_inline(lab.no_description)}</span>'))
    facts.append((lab.coded_rows, str(len(rows))))
    facts.append((lab.interviews, str(len(interviews_of(ctx, code.id)))))
    parts.append(raw_block('<dl class="qs-facts">' + "".join(f"<dt>{html_inline(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"))
    if not code.codable:
        parts.append(raw_block(f"<p>{html_inline(lab.not_codable)}</p>"))
    if not rows:
        parts.append(raw_block(f"<p>{html_inline(lab.no_rows)}</p>"))
        return "".join(parts)
    parts.append(partners(ctx, tab, page, code))
    parts.append(cited_sections(ctx, page, code, cited))

    by_transcript: dict[str, list] = {}
    for row in rows:
        by_transcript.setdefault(row.transcript, []).append(row)
    counts = []
    for transcript in ctx.project.transcripts:
        n = len(by_transcript.get(transcript.id, ()))
        if n:
            counts.append(_count_cells(ctx, page, transcript, n))
    parts.append("\n" + heading(2, lab.per_participant, "per-participant"))
    parts.append(table([lab.participant, lab.coded_rows], counts, "qs-counts"))

    for transcript in ctx.project.transcripts:
        group = by_transcript.get(transcript.id)
        if not group:
            continue
        parts.append("\n" + heading(2, f"{lab.interview} {transcript.id}", urls.interview_anchor(transcript)))
        items = "\n".join(
            f"<li>{row_link(ctx, page, row, tooltip=False)} {coded_passage(ctx, row, lab.whole_row)}</li>"
            for row in group
        )
        parts.append(raw_block('<ul class="qs-coded-rows">', items, "</ul>"))
    return "".join(parts)


def _count_cells(ctx: Context, page: str, transcript: Transcript, n: int) -> tuple[str, str]:
    """A line of a code page's table per participant: who, linking to their profile (or transcript), and how many of
    their rows carry the code, linking to those rows below. The same on every code page (the same folder, and a
    link within the page is its anchor alone), so made once per build for each participant and count."""
    target = (urls.participant_page(transcript.participant) if ctx.project.participant(transcript.participant)
              else urls.transcript_page(transcript))
    who, rows = urls.href(page, target), urls.href(page, page, urls.interview_anchor(transcript))
    return ctx.fragment(("participant count", transcript.id, transcript.participant, who, rows, n), lambda: (
        element("a", html_inline(transcript.participant), href=who), element("a", str(n), href=rows)))


def partners(ctx: Context, tab: Tabulation, page: str, code: Code) -> str:
    """The codes sharing most rows with `code`: counts link to the rows behind them."""
    lab = ctx.labels
    parts = ["\n" + heading(2, lab.co_occurs_with, "co-occurrence")]
    found = [(ctx.codes[other], n) for other, n in tab.partners(code.id) if other in ctx.codes][:PARTNERS]
    whole = element("a", html_inline(lab.whole_table), href=urls.href(page, urls.COOCCURRENCE, urls.code_anchor(code)))
    if not found:
        return "".join(parts) + raw_block(f"<p>{html_inline(lab.no_cooccurrence)} {whole}</p>")
    lines = [
        [
            code_chip(ctx, page, other.id),
            html_inline(other.label),
            element("a", str(n), href=urls.href(page, urls.pair_page(code, other))),
            decimal(ctx, tab.c_coefficient(code.id, other.id)) if c_shown(tab, code.id, other.id) else "·",
        ]
        for other, n in found
    ]
    parts.append(raw_block(f"<p>{html_inline(lab.co_occurs_intro)} {whole}</p>"))
    note = lab.c_short
    if any(not c_shown(tab, code.id, other.id) for other, _ in found):
        note += " " + lab.c_hidden.format(min_rows=heat.C_MIN_ROWS, min_shared=heat.C_MIN_SHARED)
    parts.append(raw_block(f'<p class="qs-note">{html_inline(note)}</p>'))
    parts.append(table([lab.code, lab.label, lab.rows, lab.c_coefficient], lines, "qs-partners"))
    return "".join(parts)


def cited_sections(ctx: Context, page: str, code: Code, cited: tuple[CheckedCitation, ...]) -> str:
    """The sections whose citations point at rows carrying `code`, each citation linking to where it stands."""
    lab = ctx.labels
    parts = ["\n" + heading(2, lab.cited_sections, "cited-sections")]
    if not cited:
        return "".join(parts) + raw_block(f"<p>{html_inline(lab.no_cited_sections)}</p>")
    groups: dict[tuple[str, str], list[CheckedCitation]] = {}
    for item in cited:
        groups.setdefault((item.citation.document, item.citation.section_id), []).append(item)
    items = []
    for (slug, _), group in groups.items():
        document = ctx.documents.get(slug)
        if document is None:
            continue
        where = section_title(group[0], ctx)
        by_row: dict[str, list[CheckedCitation]] = {}
        for item in group:  # each row once: never "R2:5, R2:5"; a second quote of the row is a small numbered link
            for row in item.rows:
                if row is not None and code.id in row.codes:
                    quoting = by_row.setdefault(row.label, [])
                    if item not in quoting:
                        quoting.append(item)
        links = ", ".join(row_citations(ctx, page, document, label, items) for label, items in by_row.items())
        items.append(f"<li>{html_inline(where)}: {links}</li>")
    parts.append(raw_block('<ul class="qs-cited-sections">', "\n".join(items), "</ul>"))
    return "".join(parts)


def row_citations(ctx: Context, page: str, document, label: str, items: list[CheckedCitation]) -> str:
    """`R2:5` linking to the quote of the row's first citation in a section (from its first word), then `²`, `³` … for
    its further citations."""
    def target(item: CheckedCitation) -> str:
        return urls.href(page, urls.document_page(document), urls.quote_anchor(item.citation.ordinal))

    first, *more = items
    html = element("a", html_inline(label), href=target(first), title=excerpt(first.citation.quote, 120), class_="qs-ref")
    for n, item in enumerate(more, 2):
        html += element("sup", element("a", str(n), href=target(item), title=excerpt(item.citation.quote, 120),
                                       aria_label=f"{label} ({n})", class_="qs-ref-more"))
    return element("span", html, class_="qs-row-cites") if more else html
