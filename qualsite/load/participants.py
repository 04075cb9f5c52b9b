"""`participants.yaml` → `Participant`s."""

from __future__ import annotations

from ..model import Participant
from ..problems import Problem
from .fields import Field, items, read_file, read_mapping
from .ids import GUID_EXAMPLE, check_id, read_guid
from .report import Report
from .yamlsource import Mapping, Node, Scalar, describe

PARTICIPANTS_FIELDS = (
    Field("participants", "list", True, "[{id: R1, role: Digitaliseringschef, organisation: K1}]"),
)
"""Every key at the top of `participants.yaml`."""

PARTICIPANT_FIELDS = (
    Field("id", "text", True, "R1"),
    Field("role", "text", True, "Digitaliseringschef", example_en="Head of digitalisation"),
    Field("organisation", "text", True, "K1"),
    Field("interview_length", "text", example='"26:54"'),
    Field("appendix", "text", example='"4"'),
    Field("mode", "text", example="Teams"),
    Field("attributes", "map", example="{sektor: kommun, antal_år: 12}", example_en="{sector: municipal, years: 12}"),
    Field("guid", "text", example=GUID_EXAMPLE),
)
"""Every key of a participant."""

_EXAMPLE = "{id: R1, role: Digitaliseringschef, organisation: K1}"


def read_participants(text: str, path: str, *, language: str = "sv"
                      ) -> tuple[tuple[Participant, ...] | None, list[Problem]]:
    """Parse the text of `participants.yaml` (at `path`, relative to the project root)."""
    report = Report(path, language=language)
    read = read_file(text, PARTICIPANTS_FIELDS, report, what="participants.yaml", example=f"participants: [{_EXAMPLE}]")
    if read is None:
        return None, report.problems
    listed = read.get("participants")
    participants: list[Participant] = []
    first: dict[str, int] = {}
    for item in items(listed):
        ident, line, participant = _participant(item, report)
        if ident in first:
            report.error(line, f"participant '{ident}' is listed twice (first at line {first[ident]});"
                         " give each participant a unique id", "duplicate-id")
        elif ident:
            first[ident] = line
        if participant is not None:
            participants.append(participant)
    if report.failed:
        return None, report.problems
    return tuple(participants), report.problems


def _participant(node: Node, report: Report) -> tuple[str, int, Participant | None]:
    """The participant's id and line (for duplicate checks), and the participant if it is well formed."""
    read = read_mapping(node, PARTICIPANT_FIELDS, report, what="this participant", example=_EXAMPLE)
    if read is None:
        return "", node.line, None
    ident = str(read.get("id", ""))
    id_ok = not ident or check_id(ident, read.line_of("id"), report, what="participant id")
    attributes = _attributes(read.get("attributes"), report)
    guid = read_guid(str(read.get("guid")), read.line_of("guid"), report) if "guid" in read.values else ""
    if not id_ok or not all(str(read.get(name, "")).strip() for name in ("id", "role", "organisation")):
        return ident, read.line, None
    return ident, read.line, Participant(
        id=ident,
        role=str(read.get("role")),
        organisation=str(read.get("organisation")),
        source=report.at(read.line),
        interview_length=str(read.get("interview_length", "")),
        appendix=str(read.get("appendix", "")),
        mode=str(read.get("mode", "")),
        attributes=attributes,
        guid=guid,
    )


def _attributes(node: object, report: Report) -> tuple[tuple[str, str], ...]:
    """Researcher-defined `name: value` pairs; each value one scalar, kept as written."""
    if not isinstance(node, Mapping):
        return ()
    pairs = []
    for entry in node.entries:
        if isinstance(entry.value, Scalar):
            pairs.append((entry.key, entry.value.as_text()))
        else:
            report.error(entry.key_line, f"attribute '{entry.key}' must be one value, not {describe(entry.value)};"
                         f" write it like {entry.key}: kommun", "wrong-type")
    return tuple(pairs)
