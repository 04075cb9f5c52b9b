"""Participants: Tabell 3:1 as a table, and a profile per participant with their code profile."""

from __future__ import annotations

from .. import urls
from ..analysis import Tabulation
from ..model import Participant, Transcript
from .context import Context, area_colour, unplaced
from . import quotes
from .parts import (code_chip, heading, index_table, link, page_title, raw_block, row_link, section_title, status_mark,
                    table, wide)
from .text import element, front_matter_title, html_inline, html_text


def pages(ctx: Context, tab: Tabulation) -> dict[str, str]:
    """`participants/index.md` and one profile per participant."""
    result = {urls.PARTICIPANTS_INDEX: index(ctx)}
    by_participant: dict[str, list[Transcript]] = {}
    for transcript in ctx.project.transcripts:
        by_participant.setdefault(transcript.participant, []).append(transcript)
    for participant in ctx.project.participants:
        # A profile counts and quotes its own interviews only (`tab` counts by participant).
        interviews = tuple(by_participant.get(participant.id, ()))
        cited = tuple(unplaced(item) for item in ctx.citations_of(frozenset(t.id for t in interviews)))
        result[urls.participant_page(participant.id)] = ctx.whole(
            ("profile", participant.id), (participant, interviews, cited), lambda: profile(ctx, participant, tab))
    return result


def attribute_names(ctx: Context) -> list[str]:
    """Names of the researcher's further attributes, in order of first appearance."""
    names: dict[str, None] = {}
    for participant in ctx.project.participants:
        for name, _ in participant.attributes:
            names.setdefault(name, None)
    return list(names)


def index(ctx: Context) -> str:
    """Every participant: profile, role, organisation, interview length, transcript, appendix, mode."""
    lab, page = ctx.labels, urls.PARTICIPANTS_INDEX
    extra = attribute_names(ctx)
    has_mode = any(p.mode for p in ctx.project.participants)
    lines = []
    for participant in ctx.project.participants:
        transcript = ctx.transcript_of(participant.id)
        values = dict(participant.attributes)
        line = [
            (link(page, urls.participant_page(participant.id), html_inline(participant.id)), participant.id),
            html_inline(participant.role),
            html_inline(participant.organisation),
            html_inline(participant.interview_length),
            link(page, urls.transcript_page(transcript), html_inline(lab.transcript)) if transcript else "",
            html_inline(participant.appendix),
        ]
        if has_mode:
            line.append(html_inline(participant.mode))
        line.extend(html_inline(values.get(name, "")) for name in extra)
        lines.append(line)
    headers = [lab.participant, lab.role, lab.organisation, lab.interview_length, lab.transcript, lab.appendix]
    if has_mode:
        headers.append(lab.mode)
    headers.extend(extra)
    title = lab.participants
    return (wide(front_matter_title(title)) + heading(1, title)
            + index_table(ctx, title, headers, lines, "qs-participants"))


def profile(ctx: Context, participant: Participant, tab: Tabulation) -> str:
    """A participant's attributes, each area's share of their codings, and their codes, most frequent first."""
    lab, page = ctx.labels, urls.participant_page(participant.id)
    transcript = ctx.transcript_of(participant.id)
    facts = [(lab.role, html_inline(participant.role)), (lab.organisation, html_inline(participant.organisation))]
    for name, value in (
        (lab.interview_length, participant.interview_length),
        (lab.appendix, participant.appendix),
        (lab.mode, participant.mode),
        *participant.attributes,
    ):
        if value:
            facts.append((name, html_inline(value)))
    if transcript is not None:
        facts.append((lab.transcript, link(page, urls.transcript_page(transcript), html_inline(transcript.title or transcript.id))))
        facts.append((lab.coded_rows, str(len([row for row in transcript.rows if row.codes]))))
    parts = [
        page_title(f"{lab.participant} {participant.id}"),
        raw_block('<dl class="qs-facts">' + "".join(f"<dt>{html_inline(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"),
    ]
    if transcript is None:
        return "".join(parts)
    parts.append(area_shares(ctx, tab, page, participant.id))
    parts.append(code_profile(ctx, tab, page, participant.id, transcript))
    parts.append(quotes_from(ctx, page, participant.id))
    return "".join(parts)


def quotes_from(ctx: Context, page: str, participant: str) -> str:
    """The quotes the findings take from the participant's interviews, in reading order: each quote's first words
    linking to it, its section, and the rows it cites there, with its verdict."""
    lab = ctx.labels
    transcripts = interviews_of(ctx).get(participant, frozenset())
    opening, closing = lab.quote_marks
    items = []
    for item, rows in quotes.quoting(ctx, transcripts):
        document = ctx.documents[item.citation.document]
        start = quotes.quote_start(item.citation.quote) or f"{lab.citation_number} {item.citation.ordinal}"
        quote = element("a", html_inline(f"{opening}{start}{closing}" if item.citation.quote else start),
                        href=urls.href(page, urls.document_page(document), urls.quote_anchor(item.citation.ordinal)),
                        class_="qs-quote-link")
        cited = ", ".join(row_link(ctx, page, row, tooltip=False) for row in rows)
        items.append(f'<li>{quote} <span class="qs-quote-where">– {html_inline(section_title(item, ctx))}'
                     f" · {cited}</span> {status_mark(ctx, page, item)}</li>")
    body = (f'<p>{html_inline(lab.quotes_from_intro)}</p><ol class="qs-profile-quotes">{"".join(items)}</ol>'
            if items else f"<p>{html_inline(lab.no_quotes_from)}</p>")
    return "\n" + heading(2, lab.quotes_from, "quotes") + raw_block(body)


def interviews_of(ctx: Context) -> dict[str, frozenset[str]]:
    """Participant id → the ids of their transcripts, indexed once per build (`ctx.fragments`)."""
    def index() -> dict[str, frozenset[str]]:
        by_participant: dict[str, set[str]] = {}
        for transcript in ctx.project.transcripts:
            by_participant.setdefault(transcript.participant, set()).add(transcript.id)
        return {p: frozenset(ids) for p, ids in by_participant.items()}

    return ctx.fragment("interviews of", index)


def share_cell(ctx: Context, n: int, total: int, colour: str = "") -> str:
    """`42 %` with a bar as wide as the share; the bar is decoration, the number is the value."""
    percent = round(100 * n / total) if total else 0
    # A hundred shares in a few colours, on a thousand profiles.
    return ctx.fragment(("share", percent, colour), lambda: _share_cell(ctx, percent, colour))


def _share_cell(ctx: Context, percent: int, colour: str) -> str:
    style = f"--qs-share: {percent}%" + (f"; --qs-area: {colour}" if colour else "")
    bar = element("span", "<span></span>", class_="qs-bar", style=style, aria_hidden="true")
    return f'<span class="qs-share">{html_text(f"{percent}{ctx.labels.percent}")}</span> {bar}'


def area_shares(ctx: Context, tab: Tabulation, page: str, participant: str) -> str:
    """Each area's share of the participant's codings (a row with two codes counts once per code)."""
    lab = ctx.labels
    total = tab.participant_total(participant, tuple(c.id for c in ctx.project.codebook.codes))
    lines = []
    for area in ctx.project.codebook.areas:
        n = tab.participant_total(participant, tuple(c.id for c in area.codes))
        href = urls.href(page, urls.CODEBOOK_INDEX, f"area-{urls.area_slug(area)}")
        named = ctx.fragment(("area", area.id, href), lambda: (  # the same on every profile
            f'{element("span", "", class_="qs-swatch", style=f"--qs-area: {area_colour(area)}")} '
            f'{element("a", html_inline(area.name), href=href)}'))
        lines.append([named, str(n), share_cell(ctx, n, total, area_colour(area))])
    lines.append([html_inline(lab.total), str(total), f'<span class="qs-share">{html_text(f"100{lab.percent}")}</span>' if total else ""])
    return ("\n" + heading(2, lab.area_shares, "area-shares")
            + raw_block(f"<p>{html_inline(lab.area_shares_intro)}</p>")
            + table([lab.area, lab.codings, lab.share], lines, "qs-shares"))


def code_profile(ctx: Context, tab: Tabulation, page: str, participant: str, transcript: Transcript) -> str:
    """The codes of the participant's interview, most frequent first; each count links to those rows."""
    lab = ctx.labels
    known = [code.id for code in ctx.project.codebook.codes]
    counts = {code: tab.count(code, participant) for code in known}
    total = sum(counts.values())
    order = sorted((code for code in known if counts[code]), key=lambda code: -counts[code])
    lines = [
        [
            code_chip(ctx, page, code),
            html_inline(ctx.codes[code].label),
            element("a", str(counts[code]), href=urls.href(page, urls.code_page(code), urls.interview_anchor(transcript))),
            share_cell(ctx, counts[code], total, ctx.colour_of(code)),
        ]
        for code in order
    ]
    percent = f'<span class="qs-share">{html_text(f"100{lab.percent}")}</span>' if total else ""
    lines.append([html_inline(lab.total), html_inline(lab.codings), str(total), percent])
    return ("\n" + heading(2, lab.top_codes, "code-profile")
            + table([lab.code, lab.label, lab.coded_rows, lab.share], lines, "qs-profile"))
