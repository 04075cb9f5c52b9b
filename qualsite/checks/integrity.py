"""Integrity: every citation resolves, every code and speaker is declared, every finding has evidence.

Each problem names the file and line, says what is wrong, and how to fix it.
`kind`s are stable: tests and filters rely on them.
"""

from __future__ import annotations

import re
from typing import Any

from ..citations import Malformed, ParsedDocument
from .. import urls
from ..model import Citation, Project, Reference, Source, Transcript
from ..labels import message
from ..memo import Memo, remembered
from ..problems import Problem, did_you_mean, warning
from .resolve import Index

SYNTAX = "write citations as (R5:4), or (R2:5; R2:42) for several rows"


def check_project(project: Project, memo: Memo | None = None) -> list[Problem]:
    """Problems of the data itself: codes, speakers, rows, participants and transcripts. With a `memo`, the rows
    of a transcript that did not change (nor the codebook) are not checked again."""
    problems: list[Problem] = []
    codebook = frozenset(code.id for code in project.codebook.codes)
    used: set[str] = set()
    participants = {p.id for p in project.participants}
    for transcript in project.transcripts:
        if transcript.participant not in participants:
            problems.append(Problem(
                transcript.source,
                f"transcript {transcript.id} is of participant '{transcript.participant}', who is not in "
                f"participants.yaml{did_you_mean(transcript.participant, participants)}; "
                "add the participant or correct `participant`",
                "error", "transcript-without-participant"))
        found, codes = remembered(memo, ("rows", transcript.id), (transcript, codebook),
                                  lambda: _rows(transcript, codebook))
        problems.extend(found)
        used |= codes
    interviewed = {t.participant for t in project.transcripts} | {t.id for t in project.transcripts}
    for participant in project.participants:
        if participant.id not in interviewed:
            problems.append(Problem(
                participant.source,
                f"participant {participant.id} has no transcript; add data/transcripts/{participant.id}.yaml "
                "or remove the participant",
                "error", "participant-without-transcript"))
    for code in project.codebook.codes:
        if code.id not in used:
            problems.append(warning(code.source, message("unused-code", code=code.id), "unused-code"))
    problems.extend(_shared_guids(project))
    problems.extend(_colliding_ids(project))
    return problems


def _colliding_ids(project: Project) -> list[Problem]:
    """Transcripts or participants whose ids differ only in case share a page (`R1` and `r1` → `transcripts/r1.md`),
    so one would silently replace the other on a case-folding path, and citations would link to the wrong text."""
    problems: list[Problem] = []
    for kind, items, page in (("transcript", project.transcripts, urls.transcript_page),
                              ("participant", project.participants, lambda p: urls.participant_page(p.id))):
        first: dict[str, Any] = {}
        for item in items:
            other = first.setdefault(page(item), item)
            if other is not item:
                problems.append(Problem(
                    item.source,
                    f"{kind} id '{item.id}' differs only in case from '{other.id}' at {other.source}, and both"
                    f" would be published as {page(item).removesuffix('.md')}/; give them ids that differ in more"
                    " than case", "error", "duplicate-id"))
    return problems


def _shared_guids(project: Project) -> list[Problem]:
    """A REFI-QDA GUID names one thing: a code's GUID on a transcript or participant would make the export refer
    to the wrong element. (Repeats inside the codebook are the loader's to report.)"""
    owners: dict[str, str] = {}
    for item in [*project.codebook.areas, *project.codebook.codes]:
        if item.guid:
            owners.setdefault(item.guid, f"{item.source}")
    problems = []
    for item in [*project.transcripts, *project.participants]:
        if not item.guid:
            continue
        if item.guid in owners:
            problems.append(Problem(item.source, f"guid {item.guid} is also the guid of {owners[item.guid]}; a GUID"
                                    " names one thing: remove one of them (the REFI-QDA export then derives one)",
                                    "error", "duplicate-id"))
        else:
            owners[item.guid] = f"{item.source}"
    return problems


def _rows(transcript: Transcript, codebook: frozenset[str]) -> tuple[tuple[Problem, ...], frozenset[str]]:
    """The problems of a transcript's rows, and the codes of the codebook they use."""
    problems: list[Problem] = []
    used: set[str] = set()
    speakers = [s.id for s in transcript.speakers]
    first_of: dict[int, str] = {}
    for row in transcript.rows:
        if row.occurrence > 1 or row.n in first_of:
            problems.append(warning(row.source, message("duplicate-row", transcript=transcript.id, n=row.n,
                                                        first=first_of.get(row.n, "?"), row=row.label),
                                    "duplicate-row"))
        first_of.setdefault(row.n, str(row.source))
        if row.speaker not in speakers:
            problems.append(Problem(
                row.source,
                f"{row.label} is spoken by '{row.speaker}', who is not a speaker of {transcript.id} "
                f"({', '.join(speakers) or 'none declared'}){did_you_mean(row.speaker, speakers)}; "
                "declare the speaker under `speakers` or correct the row",
                "error", "unknown-speaker"))
        if not row.text.strip():
            problems.append(Problem(
                row.source,
                f"{row.label} has no text; write what was said (use — for a redaction) or remove the row",
                "error", "empty-row"))
        for code in row.codes:
            if code in codebook:
                used.add(code)
            else:
                problems.append(Problem(
                    row.source,
                    f"{row.label} uses code '{code}', which is not in the codebook"
                    f"{did_you_mean(code, codebook)}; add it to the codebook or correct the row",
                    "error", "unknown-code"))
    return tuple(problems), frozenset(used)


def check_citations(parsed: ParsedDocument, index: Index) -> list[Problem]:
    """Citations that point nowhere, and citation-like text that is not a citation."""
    problems: list[Problem] = []
    for citation in parsed.citations:
        for reference in citation.references:
            problem = _reference(citation, reference, index)
            if problem is not None:
                problems.append(problem)
    for malformed in parsed.malformed:
        problems.append(_malformed(malformed))
    return problems


def _reference(citation: Citation, reference: Reference, index: Index) -> Problem | None:
    cited = "(" + "; ".join(r.label for r in citation.references) + ")"
    transcript = index.transcripts.get(reference.transcript)
    if transcript is None:
        known = sorted(index.transcripts)
        listing = f"; cite one of {', '.join(known)}" if 0 < len(known) <= 12 else ""
        return Problem(
            citation.source,
            f"{cited} cites transcript {reference.transcript}, but there is no transcript {reference.transcript}"
            f"{_closest_id(reference.transcript, known)}{listing}",
            "error", "unknown-transcript")
    if index.numbered(reference):
        return None
    numbers = [row.n for row in transcript.rows]
    span = f" (rows {min(numbers)}–{max(numbers)})" if numbers else " (it has no rows)"
    return Problem(
        citation.source,
        f"{cited} cites row {reference.n}, but transcript {reference.transcript} has no row {reference.n}{span};"
        f" correct the row number, or add the row to {transcript.source.path}",
        "error", "unresolved-citation")


def _closest_id(written: str, known: list[str]) -> str:
    """` (did you mean 'R1'?)`: by `did_you_mean`, or, for short ids it finds nothing close to, the one known id
    that differs from `written` in a single character (`Rl` → `R1`)."""
    hint = did_you_mean(written, known)
    if hint:
        return hint
    near = [k for k in known if len(k) == len(written) and sum(a != b for a, b in zip(k.lower(), written.lower())) == 1]
    return f" (did you mean '{near[0]}'?)" if len(near) == 1 else ""


def _malformed(malformed: Malformed) -> Problem:
    text = malformed.text
    hint = ""
    fixed = re.sub(r"^\(\s*([A-Z]{1,4}\d{1,4})\s*[ ;,.]\s*(\d{1,6})\s*\)$", r"(\1:\2)", text)
    if fixed != text:
        hint = f" (did you mean '{fixed}'?)"
    return Problem(
        malformed.source,
        f"'{text}' is not a well-formed citation{hint}; {SYNTAX}",
        "error", "malformed-citation")


def check_sections(parsed: ParsedDocument) -> list[Problem]:
    """Warnings for findings sections (a heading and everything under it) that cite no transcript row."""
    document = parsed.document
    if document.kind != "finding":
        return []
    lines = [c.source.line or 0 for c in parsed.citations]
    if not parsed.headings:
        if lines:
            return []
        return [warning(document.source, message("finding-without-evidence", title=document.title),
                        "section-without-evidence")]
    problems: list[Problem] = []
    heading_lines = parsed.heading_lines or tuple(document.body_line for _ in parsed.headings)
    for i, (level, _anchor, title) in enumerate(parsed.headings):
        start = heading_lines[i]
        end = next(
            (heading_lines[j] for j in range(i + 1, len(parsed.headings)) if parsed.headings[j][0] <= level),
            None,
        )
        if not any(start <= line and (end is None or line < end) for line in lines):
            problems.append(warning(Source(document.source.path, start),
                                    message("section-without-evidence", title=title), "section-without-evidence"))
    return problems
