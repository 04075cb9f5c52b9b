"""What a qualsite export writes into `Description` elements so that its own import restores the study exactly.

A source's description starts with `qualsite transcript R4` and lists the row
numbers and the speakers (already pseudonyms) with their roles:

    qualsite transcript R4: one line per row, written "speaker: text".
    rows: 1-52 52 53-62
    speakers: PK=interviewer MR=interviewer R4=respondent

The project's description names the study's language. Other tools show the
descriptions as they are and ignore them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..urls import is_safe_id

ROLES = ("interviewer", "respondent", "other")


@dataclass(frozen=True)
class Exported:
    id: str
    numbers: tuple[int, ...] | None
    speakers: dict[str, str]
    """Speaker id → role."""


@dataclass(frozen=True)
class ExportedStudy:
    language: str


def source_description(transcript_id: str, numbers: list[int], speakers: list[tuple[str, str]]) -> str:
    return "\n".join([
        f'qualsite transcript {transcript_id}: one line per row, written "speaker: text".',
        f"rows: {ranges(numbers)}",
        "speakers: " + " ".join(f"{ident}={role}" for ident, role in speakers),
    ])


def study_description(language: str) -> str:
    return f"qualsite study; language: {language}"


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
    match = re.match(r"qualsite study; language: (\w+)", description.strip())
    return ExportedStudy(match.group(1)) if match else None
