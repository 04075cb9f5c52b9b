"""The study → QDA-XML: `downloads/study.qdpx` (the whole study) and `downloads/codebook.qdc`. Pure and deterministic.

GUIDs are those the data keeps (`guid:` of areas, codes, participants and
transcripts, from an imported project), else uuid5 of stable ids
(`code:DIGMED`, `row:R4:52:2`). Elements come in the schema's order and the
study's order, the one timestamp is the study's date, and zip entries carry
that date too: identical data gives identical bytes. Each transcript is a text
source of one line per row (`speaker: text`); each coded row is a selection of
its text carrying its codes; each participant a case with its fields as
variables. Areas are top-level codes (not codable), holding their codes, nested
by `parent`; a code's name is its label (its id where it has none), and the
project's description keeps qualsite's ids for its own re-import (`marker`).

Every element real exporters stamp with a user and a time carries both: the one
user is the tool, `qualsite` (`USER`), never a person. The study's authors are
credited in the project's description, but the export cannot tell who coded
what, and naming a person as the creator of every coding would state what the
data does not say.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ..model import Area, Code, Codebook, Participant, Project, Transcript
from . import marker
from ..zipped import Packer
from .schema import CODEBOOK_NS, PROJECT_NS

NAMESPACE = uuid.UUID("6f1c6d0e-8b7a-5c1e-9a43-2f5d8e1b7c90")
"""The namespace of every GUID qualsite exports (uuid5 names are `kind:id`)."""

ORIGIN = "qualsite"
USER = ORIGIN
"""The name of the export's one `<User>`: the tool that wrote the file, not a person. It is the project's `origin`
too, so that an importer that takes a user named after the tool for no one (qualsite's does) never lists it among
the names to redact."""
PARTICIPANT_FIELDS = ("role", "organisation", "interview_length", "appendix", "mode")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def guid(kind: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *map(str, parts)])))


def timestamp(project: Project) -> str:
    """Midnight UTC of the study's date, else of 1 January of its year, else the zip epoch."""
    date = project.study.date or (f"{project.study.year:04d}-01-01" if project.study.year else "1980-01-01")
    return f"{date}T00:00:00Z"


def source_text(transcript: Transcript) -> tuple[str, list[tuple[int, int]]]:
    """The text of a transcript's source, and the [start, end) of each row's text in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for row in transcript.rows:
        head = f"{row.speaker}: "
        spans.append((pos + len(head), pos + len(head) + len(row.text)))
        line = head + row.text + "\n"
        parts.append(line)
        pos += len(line)
    return "".join(parts), spans


def user_guid() -> str:
    return guid("user", USER)


def code_guid(code: Code) -> str:
    return code.guid or guid("code", code.id)


def area_guid(area: Area) -> str:
    return area.guid or guid("area", area.id)


def source_guid(transcript: Transcript) -> str:
    return transcript.guid or guid("source", transcript.id)


def case_guid(participant: Participant) -> str:
    return participant.guid or guid("case", participant.id)


def code_name(code: Code) -> str:
    """What other tools show as the code: its label, or its id when it has none."""
    return code.label or code.id


def study_qde(project: Project) -> bytes:
    """The project XML (`project.qde`) of the whole study."""
    stamp = _Stamp(user_guid(), timestamp(project))
    root = ET.Element("Project", {"xmlns": PROJECT_NS, "name": project.study.title, "origin": ORIGIN,
                                  "creatingUserGUID": stamp.user, "creationDateTime": stamp.time,
                                  "modifyingUserGUID": stamp.user, "modifiedDateTime": stamp.time})
    ET.SubElement(ET.SubElement(root, "Users"), "User", {"guid": stamp.user, "name": USER})
    if project.codebook.areas:  # the schema wants a code in every <Codes>
        root.append(_codebook("CodeBook", project.codebook))
    variables = _variables(project.participants)
    if variables:
        element = ET.SubElement(root, "Variables")
        for name in variables:
            ET.SubElement(element, "Variable", {"guid": guid("variable", name), "name": name,
                                                "typeOfVariable": "Text"})
    if project.participants:
        cases = ET.SubElement(root, "Cases")
        for participant in project.participants:
            cases.append(_case(participant, project))
    if project.transcripts:
        sources = ET.SubElement(root, "Sources")
        for transcript in project.transcripts:
            sources.append(_source(transcript, project.codebook, stamp))
    ET.SubElement(root, "Description").text = marker.study_description(
        project.study,
        [(area_guid(a), a.id) for a in project.codebook.areas],
        [(code_guid(c), c.id, bool(c.label)) for c in project.codebook.codes])
    return _xml(root)


def codebook_qde(codebook: Codebook) -> bytes:
    """The codebook alone, as a QDC file."""
    root = _codebook("CodeBook", codebook)
    root.attrib = {"xmlns": CODEBOOK_NS, "origin": ORIGIN}
    return _xml(root)


def study_qdpx(project: Project) -> bytes:
    """`downloads/study.qdpx`: `project.qde` and one text file per transcript in `sources/`."""
    members = {"project.qde": study_qde(project)}
    for transcript in project.transcripts:
        members[f"sources/{source_guid(transcript)}.txt"] = source_text(transcript)[0].encode("utf-8")
    return _zip(members, _zip_time(project))


def codebook_qdc(project: Project) -> bytes:
    """`downloads/codebook.qdc`: the codebook in the QDA-XML codebook format."""
    return codebook_qde(project.codebook)


# --- Elements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stamp:
    """Who wrote an element and when: the attributes real exporters put on sources, selections and codings."""

    user: str
    """GUID of the export's one user."""
    time: str
    """`creationDateTime` and `modifiedDateTime`: the study's date (`timestamp`)."""

    def created(self) -> dict[str, str]:
        return {"creatingUser": self.user, "creationDateTime": self.time}

    def both(self) -> dict[str, str]:
        return {**self.created(), "modifyingUser": self.user, "modifiedDateTime": self.time}


def _codebook(tag: str, codebook: Codebook) -> ET.Element:
    element = ET.Element(tag)
    codes = ET.SubElement(element, "Codes")
    for area in codebook.areas:
        top = ET.SubElement(codes, "Code", {"guid": area_guid(area), "name": area.name, "isCodable": "false",
                                            "color": area.colour})
        if area.description:
            ET.SubElement(top, "Description").text = area.description
        children: dict[str | None, list[Code]] = {}
        for code in area.codes:
            children.setdefault(code.parent, []).append(code)
        _codes(top, None, children, area.colour)
    return element


def _codes(parent: ET.Element, parent_id: str | None, children: dict[str | None, list[Code]], colour: str) -> None:
    for code in children.get(parent_id, []):
        element = ET.SubElement(parent, "Code", {"guid": code_guid(code), "name": code_name(code),
                                                 "isCodable": "true" if code.codable else "false", "color": colour})
        if code.description:
            ET.SubElement(element, "Description").text = code.description
        _codes(element, code.id, children, colour)


def _variables(participants: tuple[Participant, ...]) -> list[str]:
    names = [f for f in PARTICIPANT_FIELDS if any(getattr(p, f) for p in participants)]
    for participant in participants:
        names += [name for name, _ in participant.attributes if name not in names]
    return names


def _case(participant: Participant, project: Project) -> ET.Element:
    case = ET.Element("Case", {"guid": case_guid(participant), "name": participant.id})
    values = [(f, getattr(participant, f)) for f in PARTICIPANT_FIELDS if getattr(participant, f)]
    for name, value in values + list(participant.attributes):
        item = ET.SubElement(case, "VariableValue")
        ET.SubElement(item, "VariableRef", {"targetGUID": guid("variable", name)})
        ET.SubElement(item, "TextValue").text = value
    for transcript in project.transcripts:
        if transcript.participant == participant.id:
            ET.SubElement(case, "SourceRef", {"targetGUID": source_guid(transcript)})
    return case


def _source(transcript: Transcript, codebook: Codebook, stamp: _Stamp) -> ET.Element:
    ident = source_guid(transcript)
    source = ET.Element("TextSource", {"guid": ident, "name": transcript.title or transcript.id,
                                       "plainTextPath": f"internal://{ident}.txt", **stamp.both()})
    ET.SubElement(source, "Description").text = marker.source_description(
        transcript.id, [row.n for row in transcript.rows],
        [(s.id, s.role) for s in transcript.speakers])
    _, spans = source_text(transcript)
    for row, (start, end) in zip(transcript.rows, spans):
        codes = [c for c in row.codes if codebook.code(c) is not None]
        if not codes or start == end:
            continue
        key = (row.transcript, row.n, row.occurrence)
        selection = ET.SubElement(source, "PlainTextSelection", {
            "guid": guid("row", *key), "name": row.label if row.occurrence == 1 else f"{row.label} ({row.occurrence})",
            "startPosition": str(start), "endPosition": str(end), **stamp.both()})
        for code in codes:
            coding = ET.SubElement(selection, "Coding", {"guid": guid("coding", *key, code), **stamp.created()})
            ET.SubElement(coding, "CodeRef", {"targetGUID": code_guid(codebook.code(code))})  # type: ignore[arg-type]
    return source


# --- Bytes ------------------------------------------------------------------------------------


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def _zip_time(project: Project) -> tuple[int, int, int, int, int, int]:
    y, m, d = (int(p) for p in timestamp(project)[:10].split("-"))
    return (y, m, d, 0, 0, 0) if y >= 1980 else ZIP_EPOCH


QDPX = Packer()
"""Packs `study.qdpx`, deflating each source once per content (`qualsite.zipped`)."""


def _zip(members: dict[str, bytes], stamp: tuple[int, int, int, int, int, int]) -> bytes:
    return QDPX.pack([(name, members[name]) for name in sorted(members, key=lambda n: (n != "project.qde", n))], stamp)
