"""What YAML and CSV transcripts share: row numbers, row codes, speakers, and assembling a `Transcript`.

Both formats first produce `RawRow`s; `assemble` turns them into the model the
same way, so a YAML and a CSV transcript of the same rows give identical rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..labels import message
from ..model import Row, Speaker, Transcript
from .ids import check_id
from .report import Report

ROLES = ("interviewer", "respondent", "other")
"""Speaker roles (`Speaker.role`)."""

_NUMBER = re.compile(r"^[0-9]+$")
MAX_DIGITS = 18
"""The most digits a row number may have (a quintillion rows)."""


@dataclass(frozen=True)
class RawRow:
    """A row as read from either format, before codes are de-duplicated and occurrences counted."""

    n: int
    speaker: str
    text: str
    codes: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Header:
    """A transcript's `participant`, `title` and declared speakers (empty: derive them from the rows)."""

    participant: str
    title: str
    speakers: tuple[Speaker, ...]
    guid: str = ""
    """The REFI-QDA source GUID the file keeps, lower case, or empty."""


def row_number(value: object, line: int, report: Report, example: str = "n: 4") -> int | None:
    """The row number `value` (an int, or text of digits), or None after reporting a bad one.

    `example` shows a correct number in the file's own syntax (`n: 4`, or `4 in the n column`).
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    text = str(value).strip()
    if isinstance(value, str) and _NUMBER.fullmatch(text):
        if len(text) > MAX_DIGITS:  # Python refuses to read a number of over 4,300 digits; no row has 19
            report.error(line, f"row number '{text[:12]}…' has {len(text):,} digits; write the number as printed,"
                         f" e.g. {example}", "bad-row-number")
            return None
        return int(text)
    if value is None or text == "":
        report.error(line, f"this row has no number; add the row number as printed in the transcript, e.g. {example}",
                     "missing-field")
        return None
    report.error(line, f"row number '{text}' is not a whole number; write the number as printed, digits only,"
                 f" e.g. {example}", "bad-row-number")
    return None


def unique_codes(codes: tuple[str, ...], line: int, report: Report) -> tuple[str, ...]:
    """`codes` in order without repeats; each repeat is a warning."""
    if len(codes) < 2 or len(set(codes)) == len(codes):
        return codes  # the usual case, without a loop
    kept: list[str] = []
    for code in codes:
        if code in kept:
            report.warning(line, message("repeated-code", code=code), "repeated-code")
        else:
            kept.append(code)
    return tuple(kept)


def role_ok(role: str, line: int, report: Report) -> bool:
    """Whether `role` is a speaker role; reports it if not."""
    if role in ROLES:
        return True
    report.error(line, f"speaker role '{role}' is not one of {', '.join(ROLES)}; use one of them"
                 " (put your own wording in label:, e.g. label: Intervjuare)", "bad-role")
    return False


def check_participant(header_participant: str, transcript_id: str, file_name: str, line: int | None,
                      report: Report) -> None:
    """The transcript's file name is its id and must equal its `participant`."""
    if header_participant and header_participant != transcript_id:
        suffix = file_name.rsplit(".", 1)[-1]
        report.error(line, f"participant is '{header_participant}' but the transcript file is named {file_name};"
                     f" write participant: {transcript_id}, or rename the file to {header_participant}.{suffix}",
                     "name-mismatch")


def assemble(transcript_id: str, header: Header, raw_rows: list[RawRow], report: Report) -> Transcript:
    """The transcript: rows with occurrences counted and codes de-duplicated; speakers declared or derived."""
    seen: dict[int, int] = {}
    rows = []
    for raw in raw_rows:
        seen[raw.n] = seen.get(raw.n, 0) + 1
        rows.append(Row(transcript_id, raw.n, seen[raw.n], raw.speaker, raw.text,
                        unique_codes(raw.codes, raw.line, report), report.at(raw.line)))
    speakers = header.speakers or _derived_speakers(transcript_id, raw_rows, report)
    return Transcript(transcript_id, header.participant or transcript_id, header.title or transcript_id,
                      speakers, tuple(rows), report.at(None), header.guid)


def _derived_speakers(transcript_id: str, raw_rows: list[RawRow], report: Report) -> tuple[Speaker, ...]:
    """Without declared speakers: the speaker named like the transcript answers, everyone else asks."""
    speakers: dict[str, Speaker] = {}
    for raw in raw_rows:
        if raw.speaker in speakers or not raw.speaker:
            continue
        if check_id(raw.speaker, raw.line, report, what="speaker"):
            role = "respondent" if raw.speaker == transcript_id else "interviewer"
            speakers[raw.speaker] = Speaker(raw.speaker, role, report.at(raw.line))
    return tuple(speakers.values())
