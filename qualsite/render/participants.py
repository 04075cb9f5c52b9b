"""Participants: Tabell 3:1 as a table, and a profile per participant with their code profile."""

from __future__ import annotations

from .. import urls
from ..model import Participant
from .context import Context
from .parts import code_chip, heading, link, page_title, raw_block, table
from .text import html_inline


def pages(ctx: Context) -> dict[str, str]:
    """`participants/index.md` and one profile per participant."""
    result = {urls.PARTICIPANTS_INDEX: index(ctx)}
    for participant in ctx.project.participants:
        result[urls.participant_page(participant.id)] = profile(ctx, participant)
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
            link(page, urls.participant_page(participant.id), html_inline(participant.id)),
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
    return page_title(lab.participants) + table(headers, lines, "qs-participants")


def profile(ctx: Context, participant: Participant) -> str:
    """A participant's attributes and how often each code was applied to their interview."""
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
    parts = [
        page_title(f"{lab.participant} {participant.id}"),
        raw_block('<dl class="qs-facts">' + "".join(f"<dt>{html_inline(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"),
    ]
    if transcript is None:
        return "".join(parts)
    counts: dict[str, int] = {}
    for row in transcript.rows:
        for code in row.codes:
            counts[code] = counts.get(code, 0) + 1
    known = [code.id for code in ctx.project.codebook.codes]
    order = known + sorted(code for code in counts if code not in ctx.codes)
    lines = [
        [code_chip(ctx, page, code), html_inline(ctx.codes[code].label) if code in ctx.codes else "", str(counts[code])]
        for code in order
        if counts.get(code)
    ]
    coded = sum(1 for row in transcript.rows if row.codes)
    lines.append([html_inline(lab.total), html_inline(lab.coded_rows), str(coded)])
    parts.append("\n" + heading(2, lab.code_profile, "code-profile"))
    parts.append(table([lab.code, lab.label, lab.coded_rows], lines, "qs-profile"))
    return "".join(parts)
