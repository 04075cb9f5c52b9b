"""Transcripts: an index table, and one page per interview where every row is an addressable search section.

A transcript page opens with its facts on one line and the tools to find one's way in it (`transcript_tools`:
filter by code and speaker, find, an overview strip, next and previous cited row), which the page's script
reveals; every row carries the data attributes those tools compare.

Each row starts with a raw-HTML `<h3 id="r5-4">`: MkDocs' anchor validation and
Material's search both see raw-HTML ids, the table of contents does not (so the
menu of a long interview stays short). A row reached by a link is highlighted
by the stylesheet (`:target`).
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from .. import urls
from ..memo import remembered
from ..model import Participant, Row, Transcript
from . import releases
from .cite import cite_box
from .context import Context
from .parts import code_chip, heading, index_table, link, page_title, raw_block, speaker_name, speaker_role, wide
from .previews import cited_in_links
from .quotes import tools_block
from .transcript_tools import row_attributes, tools
from .text import element, front_matter_title, html_attr, html_inline, html_text


def pages(ctx: Context) -> dict[str, str]:
    """`transcripts/index.md` and one page per transcript."""
    result = {urls.TRANSCRIPTS_INDEX: index(ctx)}
    for transcript in ctx.project.transcripts:
        result[urls.transcript_page(transcript)] = ctx.whole(("transcript", transcript.id), *_kept(ctx, transcript))
    return result


def kept_page(ctx: Context, transcript: Transcript) -> str:
    """`transcript_page`, or the last build's when the transcript and the citations of its rows are unchanged.
    `--serve` renders it alone, before the rest (`render_first`)."""
    return ctx.page(("transcript", transcript.id), *_kept(ctx, transcript))


def _kept(ctx: Context, transcript: Transcript) -> tuple[tuple, Callable[[], str]]:
    """What a transcript's page is kept by (`Context.page`), and how it is made."""
    return (transcript, ctx.citing_in(transcript)), lambda: transcript_page(ctx, transcript)


def index(ctx: Context) -> str:
    """One line per interview: who, where, how long, how much is coded and cited."""
    lab, page = ctx.labels, urls.TRANSCRIPTS_INDEX
    lines = []
    cited_rows = Counter(transcript for transcript, _, _ in ctx.citing_rows)
    for transcript in ctx.project.transcripts:
        participant = ctx.project.participant(transcript.participant)
        coded = remembered(ctx.memo, ("coded rows", transcript.id), (transcript,),
                           lambda: sum(1 for row in transcript.rows if row.codes))
        cited = cited_rows[transcript.id]
        lines.append(
            [
                (link(page, urls.transcript_page(transcript), html_inline(transcript.id)), transcript.id),
                html_inline(participant.role) if participant else "",
                html_inline(participant.organisation) if participant else "",
                html_inline(participant.interview_length) if participant else "",
                str(len(transcript.rows)),
                str(coded),
                str(cited),
                html_inline(participant.appendix) if participant else "",
            ]
        )
    headers = [lab.interview, lab.role, lab.organisation, lab.interview_length, lab.rows, lab.coded_rows,
               lab.cited_rows, lab.appendix]
    title = lab.transcripts
    return (wide(front_matter_title(title)) + heading(1, title)
            + index_table(ctx, title, headers, lines, "qs-transcripts"))


def transcript_page(ctx: Context, transcript: Transcript) -> str:
    """The interview: a header describing it, then every row."""
    page = urls.transcript_page(transcript)
    participant = ctx.project.participant(transcript.participant)
    parts = [page_title(transcript.title or transcript.id), _header(ctx, page, transcript, participant),
             raw_block(tools(ctx, transcript)), raw_block(cite_box(ctx, page, page), tools_block(ctx, page, page))]
    chips: dict[str, str] = {}
    speakers: dict[str, tuple[str, str]] = {}
    attributes: dict[tuple, str] = {}
    parts += [_row(ctx, page, row, chips, speakers, attributes) for row in transcript.rows]
    parts.append(releases.moves_script_data(ctx, page, transcript.id))
    return "".join(parts)


def _header(ctx: Context, page: str, transcript: Transcript, participant: Participant | None) -> str:
    lab = ctx.labels
    facts: list[tuple[str, str]] = []
    if participant is not None:
        facts.append((lab.participant, element("span", link(page, urls.participant_page(participant.id),
                                                             html_inline(participant.id)),
                                                data_pagefind_filter=lab.participant)))
        facts.append((lab.role, html_inline(participant.role)))
        facts.append((lab.organisation, html_inline(participant.organisation)))
        if participant.interview_length:
            facts.append((lab.interview_length, html_inline(participant.interview_length)))
        if participant.appendix:
            facts.append((lab.appendix, html_inline(participant.appendix)))
        if participant.mode:
            facts.append((lab.mode, html_inline(participant.mode)))
    facts.append((lab.rows, str(len(transcript.rows))))
    speakers = " ".join(
        element("span", html_inline(speaker_name(ctx, s, s.id)), class_=f"qs-speaker qs-speaker--{speaker_role(s)}",
                data_pagefind_filter=lab.speakers)
        for s in transcript.speakers
    )
    if speakers:
        facts.append((lab.speakers, speakers))
    items = "".join(f"<dt>{html_inline(name)}</dt><dd>{value}</dd>" for name, value in facts)
    # One wrapped line of facts (qualsite-transcript.css), so the rows start on a phone's first screen.
    return raw_block(f'<dl class="qs-facts qs-facts--line">{items}</dl>')


def _row(ctx: Context, page: str, row: Row, chips: dict[str, str], speakers: dict[str, tuple[str, str]],
         attributes: dict[tuple, str]) -> str:
    """One row as one raw HTML block (`raw_block`), on as few lines as possible (it may be one of 100,000). `chips`,
    `speakers` and `attributes` keep what the page's rows share: each code's chip, each speaker's role and name,
    and the data attributes of rows alike."""
    who = speakers.get(row.speaker)
    if who is None:
        speaker = ctx.speaker_of(row)
        role = speaker_role(speaker)
        who = speakers[row.speaker] = (role, f'<span class="qs-speaker qs-speaker--{role}">'
                                             f'{html_inline(speaker_name(ctx, speaker, row.speaker))}</span>')
    role, name = who
    anchor = html_attr(urls.row_anchor(row))
    citing = ctx.citing_rows.get((row.transcript, row.n, row.occurrence), ())  # `ctx.citing(row)`, written out
    alike = (row.codes, row.speaker, bool(citing))
    data = attributes.get(alike)
    if data is None:
        data = attributes[alike] = row_attributes(*alike)
    lines = [
        f'\n<div class="qs-row qs-row--{role}"{data}>',
        f'<h3 id="{anchor}" class="qs-row-heading"><a class="qs-row-n" href="#{anchor}">{html_inline(row.label)}</a> '
        f"{name}</h3>",
        f'<p class="qs-row-text">{html_text(row.text)}</p>',
    ]
    notice = releases.row_notice(ctx, page, row)
    if notice:
        lines.append(notice)
    if row.codes:
        shown = " ".join(chips[code] if code in chips else _first_chip(ctx, page, code, chips) for code in row.codes)
        lines.append(f'<p class="qs-row-codes"><span class="qs-label">{html_inline(ctx.labels.codes)}:</span>'
                     f" {shown}</p>")
    if citing:
        cited = cited_in_links(ctx, page, row, citing)
        if cited:
            lines.append(cited)
    lines.append("</div>\n\n")  # the blank lines `raw_block` puts around a block
    return "\n".join(lines)


def _first_chip(ctx: Context, page: str, code: str, chips: dict[str, str]) -> str:
    """A code's first chip on the page, marked as the page's value of Pagefind's code filter (a facet of search)."""
    chips[code] = code_chip(ctx, page, code)
    return element("span", chips[code], data_pagefind_filter=ctx.labels.code)
