"""The codebook: areas and codes with computed counts, and one page per code listing its rows."""

from __future__ import annotations

from .. import urls
from ..model import Code
from .context import Context, area_colour
from .parts import code_chip, heading, page_title, raw_block, row_link, table
from .text import element, excerpt, html_inline

EXCERPT_CHARS = 200


def pages(ctx: Context) -> dict[str, str]:
    """`codebook/index.md` and one page per code."""
    result = {urls.CODEBOOK_INDEX: index(ctx)}
    for code in ctx.project.codebook.codes:
        result[urls.code_page(code)] = code_page(ctx, code)
    return result


def interviews_of(ctx: Context, code_id: str) -> list[str]:
    """Ids of the transcripts with at least one row coded `code_id`, in transcript order."""
    seen: dict[str, None] = {}
    for row in ctx.rows_by_code.get(code_id, ()):
        seen.setdefault(row.transcript, None)
    return list(seen)


def index(ctx: Context) -> str:
    """Every area with its colour, and its codes with labels, descriptions and counts."""
    lab, page = ctx.labels, urls.CODEBOOK_INDEX
    parts = [page_title(lab.codebook)]
    for area in ctx.project.codebook.areas:
        parts.append("\n" + heading(2, area.name, f"area-{urls.area_slug(area)}"))
        swatch = element("span", "", class_="qs-swatch", style=f"--qs-area: {area_colour(area)}")
        intro = f'<p class="qs-area-intro">{swatch} {html_inline(lab.colour)}: <code>{html_inline(area.colour)}</code>'
        if area.description:
            intro += f" · {html_inline(area.description)}"
        parts.append(raw_block(intro + "</p>"))
        lines = [
            [
                code_chip(ctx, page, code.id),
                html_inline(code.label),
                html_inline(code.description),
                str(len(ctx.rows_by_code.get(code.id, ()))),
                str(len(interviews_of(ctx, code.id))),
            ]
            for code in area.codes
        ]
        parts.append(table([lab.code, lab.label, lab.description, lab.coded_rows, lab.interviews], lines, "qs-codes"))
    return "".join(parts)


def code_page(ctx: Context, code: Code) -> str:
    """Every row coded with `code`, grouped by interview, and how often each participant was coded with it."""
    lab, page = ctx.labels, urls.code_page(code)
    area = ctx.area_of(code.id)
    rows = ctx.rows_by_code.get(code.id, ())
    parts = [page_title(f"{code.id}: {code.label}" if code.label else code.id)]
    facts = [(lab.code, code_chip(ctx, page, code.id))]
    if area is not None:
        facts.append(
            (lab.area, element("a", html_inline(area.name), href=urls.href(page, urls.CODEBOOK_INDEX, f"area-{urls.area_slug(area)}")))
        )
    if code.description:
        facts.append((lab.description, html_inline(code.description)))
    facts.append((lab.coded_rows, str(len(rows))))
    facts.append((lab.interviews, str(len(interviews_of(ctx, code.id)))))
    parts.append(raw_block('<dl class="qs-facts">' + "".join(f"<dt>{html_inline(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"))
    if not rows:
        parts.append(raw_block(f"<p>{html_inline(lab.no_rows)}</p>"))
        return "".join(parts)

    by_transcript: dict[str, list] = {}
    for row in rows:
        by_transcript.setdefault(row.transcript, []).append(row)
    counts = []
    for transcript in ctx.project.transcripts:
        n = len(by_transcript.get(transcript.id, ()))
        if n:
            target = urls.participant_page(transcript.participant) if ctx.project.participant(transcript.participant) else urls.transcript_page(transcript)
            counts.append([element("a", html_inline(transcript.participant), href=urls.href(page, target)), str(n)])
    parts.append("\n" + heading(2, lab.per_participant, "per-participant"))
    parts.append(table([lab.participant, lab.coded_rows], counts, "qs-counts"))

    for transcript in ctx.project.transcripts:
        group = by_transcript.get(transcript.id)
        if not group:
            continue
        parts.append("\n" + heading(2, f"{lab.interview} {transcript.id}", f"interview-{transcript.id.lower()}"))
        items = "\n".join(
            f'<li>{row_link(ctx, page, row, tooltip=False)} <span class="qs-excerpt">{html_inline(excerpt(row.text, EXCERPT_CHARS))}</span></li>'
            for row in group
        )
        parts.append(raw_block('<ul class="qs-coded-rows">', items, "</ul>"))
    return "".join(parts)
