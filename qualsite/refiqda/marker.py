"""What a qualsite export writes into `Description` elements so that its own import restores the study exactly.

A source's description starts with `qualsite transcript R4` and lists the row
numbers and the speakers (already pseudonyms) with their roles:

    qualsite transcript R4: one line per row, written "speaker: text".
    rows: 1-52 52 53-62
    speakers: PK=interviewer MR=interviewer R4=respondent

The project's description names the study's language, then its metadata from
`study.yaml` (one `key: JSON value` a line; the title is the project's name),
then qualsite's id of every area and code by GUID, since other tools show a
code's label as its name:

    qualsite study; language: sv
    authors: ["Anna Forskare", "Kim Exempel"]
    year: 2023
    area 0c1d…: kommuner
    code 5b2e…: KOM
    code 77aa…: TEST unlabelled

Terms that must never be published (`anonymity.forbidden_terms`) are never
written. Other tools show the descriptions as they are and ignore them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..model import Study
from ..urls import SAFE_SLUG, is_safe_id

ROLES = ("interviewer", "respondent", "other")


@dataclass(frozen=True)
class Exported:
    id: str
    numbers: tuple[int, ...] | None
    speakers: dict[str, str]
    """Speaker id → role."""


STUDY_KEYS = ("subtitle", "title_en", "authors", "institution", "department", "kind", "year", "date", "abstract",
              "keywords", "research_questions", "licence", "citation", "url", "reviewed_terms", "private_terms")
"""The `study.yaml` keys an export carries besides title and language (`reviewed_terms` and `private_terms` are
`anonymity`'s: a study that protects names still demands its private list when it is imported again)."""

CODE_ID = re.compile(r"^[^\s,;\[\](){}]+$")
"""A code id as `load.ids` accepts it."""

UNLABELLED = "unlabelled"


@dataclass(frozen=True)
class ExportedStudy:
    language: str
    """`sv` or `en`."""
    metadata: tuple[tuple[str, object], ...] = ()
    """(`study.yaml` key, value) in `STUDY_KEYS` order: text, a whole number, or a tuple of texts."""
    areas: dict[str, str] = field(default_factory=dict)
    """Area GUID → area id."""
    codes: dict[str, str] = field(default_factory=dict)
    """Code GUID → code id."""
    unlabelled: frozenset[str] = frozenset()
    """GUIDs of codes without a label (their name is their id)."""


def source_description(transcript_id: str, numbers: list[int], speakers: list[tuple[str, str]]) -> str:
    return "\n".join([
        f'qualsite transcript {transcript_id}: one line per row, written "speaker: text".',
        f"rows: {ranges(numbers)}",
        "speakers: " + " ".join(f"{ident}={role}" for ident, role in speakers),
    ])


def study_description(study: Study, areas: list[tuple[str, str]], codes: list[tuple[str, str, bool]]) -> str:
    """`areas`: (GUID, id); `codes`: (GUID, id, has a label)."""
    lines = [f"qualsite study; language: {study.language}"]
    for key in STUDY_KEYS:
        value = getattr(study, key)
        if value not in ("", (), None) and value is not False:
            lines.append(f"{key}: {json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)}")
    lines += [f"area {ident}: {area}" for ident, area in areas]
    lines += [f"code {ident}: {code}" + ("" if labelled else f" {UNLABELLED}") for ident, code, labelled in codes]
    return "\n".join(lines)


def ranges(numbers: list[int]) -> str:
    """`1-52 52 53-62`: runs of consecutive numbers."""
    parts: list[str] = []
    run: list[int] = []
    for n in numbers:
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(_run(run))
        run = [n]
    if run:
        parts.append(_run(run))
    return " ".join(parts)


def _run(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}"


def read_source(description: str) -> Exported | None:
    lines = description.strip().splitlines()
    head = re.match(r"qualsite transcript (\S+?):", lines[0]) if lines else None
    if head is None or not is_safe_id(head.group(1)):
        return None
    numbers: tuple[int, ...] | None = None
    speakers: dict[str, str] = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        if key.strip() == "rows":
            numbers = tuple(_numbers(value))
        elif key.strip() == "speakers":
            for item in value.split():
                ident, _, role = item.partition("=")
                if is_safe_id(ident) and role in ROLES:
                    speakers[ident] = role
    return Exported(head.group(1), numbers, speakers)


def _numbers(value: str) -> list[int]:
    numbers: list[int] = []
    for part in value.split():
        first, _, last = part.partition("-")
        if first.isdigit() and (not last or last.isdigit()):
            numbers += range(int(first), int(last or first) + 1)
    return numbers


def read_study(description: str) -> ExportedStudy | None:
    """The study as a qualsite export describes it; None for a project another tool wrote. Lines that do not
    read as the export writes them are ignored, so a description edited in another tool never fails."""
    lines = description.strip().splitlines()
    match = re.fullmatch(r"qualsite study; language: (\w+)", lines[0].strip()) if lines else None
    if match is None:
        return None
    metadata: dict[str, object] = {}
    areas: dict[str, str] = {}
    codes: dict[str, str] = {}
    unlabelled: set[str] = set()
    for line in lines[1:]:
        item = re.fullmatch(r"(area|code) ([0-9a-fA-F-]{36}): (\S+)( unlabelled)?", line.strip())
        if item and item.group(1) == "area" and SAFE_SLUG.fullmatch(item.group(3)):
            areas[item.group(2).lower()] = item.group(3)
        elif item and item.group(1) == "code" and CODE_ID.fullmatch(item.group(3)):
            codes[item.group(2).lower()] = item.group(3)
            if item.group(4):
                unlabelled.add(item.group(2).lower())
        else:
            key, _, value = line.partition(": ")
            read = _metadata(key.strip(), value)
            if read is not None:
                metadata[key.strip()] = read
    ordered = tuple((key, metadata[key]) for key in STUDY_KEYS if key in metadata)
    return ExportedStudy(match.group(1), ordered, areas, codes, frozenset(unlabelled))


def _metadata(key: str, value: str) -> object:
    """A metadata value of the type `study.yaml` gives `key`, or None."""
    if key not in STUDY_KEYS:
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    if key == "year":
        return parsed if isinstance(parsed, int) and not isinstance(parsed, bool) else None
    if key == "private_terms":
        return parsed if parsed is True else None
    if key in ("authors", "keywords", "research_questions", "reviewed_terms"):
        return tuple(parsed) if isinstance(parsed, list) and all(isinstance(v, str) for v in parsed) else None
    return parsed if isinstance(parsed, str) else None
