"""`transcripts/<ID>.yaml` and `transcripts/<ID>.speakers.yaml` → `Transcript`.

CSV rows are read by `csvsource`; both meet in `rows.assemble`.
"""

from __future__ import annotations

from ..model import Speaker, Transcript
from ..problems import Problem
from . import csvsource, rowlines
from .fields import Field, Read, items, read_file, read_mapping
from .ids import GUID_EXAMPLE, check_id, read_guid
from .report import Report
from .rows import Header, RawRow, assemble, check_participant, role_ok, row_number
from .yamlsource import Node, Scalar, describe

TRANSCRIPT_FIELDS = (
    Field("participant", "text", True, "R1"),
    Field("title", "text", example='"Transkribering av intervju: Respondent 1"', example_en='"Interview 1: respondent"'),
    Field("speakers", "list", example="[{id: PK, role: interviewer}, {id: R1, role: respondent}]"),
    Field("rows", "list", True, '[{n: 1, speaker: PK, text: "Vad är din roll?", codes: []}]'),
    Field("guid", "text", example=GUID_EXAMPLE),
)
"""Every key of a YAML transcript."""

SPEAKERS_FILE_FIELDS = tuple(f for f in TRANSCRIPT_FIELDS if f.name != "rows")
"""Every key of `<ID>.speakers.yaml`, which declares a CSV transcript's speakers: a transcript without rows."""

SPEAKER_FIELDS = (
    Field("id", "text", True, "PK"),
    Field("role", "text", True, "interviewer"),
    Field("label", "text", example="Intervjuare", example_en="Interviewer"),
)
"""Every key of a speaker."""

ROW_FIELDS = (
    Field("n", "any", True, "4"),
    Field("speaker", "text", True, "R1"),
    Field("text", "text", True, '"Jag driver ju en avdelning …"', empty_ok=True, example_en='"I run a department …"'),
    Field("codes", "texts", example="[KOM, MED]"),
)
"""Every key of a row."""

_ROW_EXAMPLE = '{n: 4, speaker: R1, text: "…", codes: [DIGMED]}'
_SPEAKER_EXAMPLE = "{id: PK, role: interviewer}"


def read_yaml_transcript(text: str, path: str, transcript_id: str, *, language: str = "sv"
                         ) -> tuple[Transcript | None, list[Problem]]:
    """Parse the text of `transcripts/<transcript_id>.yaml` (at `path`, relative to the project root).

    Rows in the shapes the format documents are read line by line (`rowlines`); any other file is parsed whole,
    with the same result (`read_yaml_transcript_parsed`).
    """
    lines = rowlines.read(text, path, language=language)
    if lines is None:
        return read_yaml_transcript_parsed(text, path, transcript_id, language=language)
    root, raw_rows = lines
    report = Report(path, language=language)
    read = read_mapping(root, TRANSCRIPT_FIELDS, report, what="the transcript", example=_example(transcript_id),
                        line=1)
    return _transcript(read, transcript_id, raw_rows, report)


def read_yaml_transcript_parsed(text: str, path: str, transcript_id: str, *, language: str = "sv"
                                ) -> tuple[Transcript | None, list[Problem]]:
    """`read_yaml_transcript` by the YAML parser alone: every file, every problem it can have."""
    report = Report(path, language=language)
    read = read_file(text, TRANSCRIPT_FIELDS, report, what="the transcript", example=_example(transcript_id))
    return _transcript(read, transcript_id, None, report)


def _example(transcript_id: str) -> str:
    return f"participant: {transcript_id}, then rows: [{_ROW_EXAMPLE}]"


def _transcript(read: Read | None, transcript_id: str, raw_rows: list[RawRow] | None, report: Report
                ) -> tuple[Transcript | None, list[Problem]]:
    """The transcript from its top-level mapping, with its rows read already, or (None) from its `rows` nodes."""
    if read is None:
        return None, report.problems
    header = _header(read, transcript_id, f"{transcript_id}.yaml", report)
    if raw_rows is None:
        raw_rows = [row for item in items(read.get("rows"))  # type: ignore[arg-type]
                    if (row := _row(item, report)) is not None]
    transcript = assemble(transcript_id, header, raw_rows, report)
    return (None if report.failed else transcript), report.problems


def read_csv_transcript(text: str, path: str, transcript_id: str, speakers_text: str | None = None,
                        speakers_path: str = "", *, language: str = "sv") -> tuple[Transcript | None, list[Problem]]:
    """Parse `transcripts/<transcript_id>.csv`, with the text of its optional `<ID>.speakers.yaml`."""
    report = Report(path, language=language)
    header = Header(transcript_id, "", ())
    problems: list[Problem] = []
    if speakers_text is not None:
        header, problems = read_speakers_file(speakers_text, speakers_path, transcript_id, language=language)
        if header is None:
            header = Header(transcript_id, "", ())
    raw_rows = csvsource.read_rows(text, report)
    transcript = assemble(transcript_id, header, raw_rows or [], report)
    problems = problems + report.problems
    failed = raw_rows is None or any(p.severity == "error" for p in problems)
    return (None if failed else transcript), problems


def read_speakers_file(text: str, path: str, transcript_id: str, *, language: str = "sv"
                       ) -> tuple[Header | None, list[Problem]]:
    """Parse `<ID>.speakers.yaml`: `participant`, `title` and `speakers` of a CSV transcript."""
    report = Report(path, language=language)
    read = read_file(text, SPEAKERS_FILE_FIELDS, report, what="the speakers file",
                     example=f"participant: {transcript_id}, then speakers: [{_SPEAKER_EXAMPLE}]")
    if read is None:
        return None, report.problems
    return _header(read, transcript_id, f"{transcript_id}.csv", report), report.problems


def _header(read: Read, transcript_id: str, file_name: str, report: Report) -> Header:
    participant = str(read.get("participant", ""))
    check_participant(participant, transcript_id, file_name, read.line_of("participant"), report)
    speakers_node = read.get("speakers")
    speakers: list[Speaker] = []
    first: dict[str, int] = {}
    for item in items(speakers_node):
        speaker = _speaker(item, report)
        if speaker is None:
            continue
        if speaker.id in first:
            report.error(speaker.source.line, f"speaker '{speaker.id}' is declared twice (first at line"
                         f" {first[speaker.id]}); declare each speaker once", "duplicate-id")
            continue
        first[speaker.id] = speaker.source.line or 0
        speakers.append(speaker)
    guid = read_guid(str(read.get("guid")), read.line_of("guid"), report) if "guid" in read.values else ""
    return Header(participant, str(read.get("title", "")), tuple(speakers), guid)


def _speaker(node: Node, report: Report) -> Speaker | None:
    read = read_mapping(node, SPEAKER_FIELDS, report, what="this speaker", example=_SPEAKER_EXAMPLE)
    if read is None or "id" not in read.values or "role" not in read.values:
        return None
    ident, role = str(read.get("id")), str(read.get("role"))
    if not ident.strip() or not role.strip():
        return None
    id_ok = check_id(ident, read.line_of("id"), report, what="speaker id")
    if not role_ok(role, read.line_of("role"), report) or not id_ok:
        return None
    return Speaker(ident, role, report.at(read.line), str(read.get("label", "")))  # type: ignore[arg-type]


def _row(node: Node, report: Report) -> RawRow | None:
    read = read_mapping(node, ROW_FIELDS, report, what="this row", example=_ROW_EXAMPLE)
    if read is None:
        return None
    n = _number(read.nodes.get("n"), read.line_of("n"), report)
    if n is None or "speaker" not in read.values or "text" not in read.values:
        return None
    return RawRow(n, str(read.get("speaker")), str(read.get("text")), read.get("codes", ()),  # type: ignore[arg-type]
                  read.line)


def _number(node: Node | None, line: int, report: Report) -> int | None:
    if node is None:
        return None  # reported as missing
    if not isinstance(node, Scalar):
        report.error(line, f"row number must be a whole number such as 4, not {describe(node)}; write e.g. n: 4",
                     "bad-row-number")
        return None
    value = node.value
    if isinstance(value, (bool, float)):
        value = node.text
    return row_number(value, line, report)
