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

import hashlib
import uuid
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Callable

from ..memo import Memo, remembered
from ..model import Area, Code, Codebook, Participant, Project, Transcript
from ..zipped import pack, pack_later
from . import marker
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


_NAMESPACE_BYTES = NAMESPACE.bytes


def guid(kind: str, *parts: object) -> str:
    """`str(uuid.uuid5(NAMESPACE, "kind:part:…"))`, computed without building UUID objects (an export of 1,000
    interviews names 140,000 selections and codings)."""
    return _guid(":".join([kind, *map(str, parts)]))


def _guid(name: str) -> str:
    """`guid` of the whole uuid5 name (`row:R4:52:2`), for the 140,000 names `_source` writes out itself."""
    h = hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).hexdigest()
    # RFC 4122: version 5 in the 13th hex digit, the variant's two bits (10) atop the 17th.
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


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
    return _document(_study_lines(project, _sources(project, None)[0]))


def _study_lines(project: Project, sources: list[str]) -> list[str]:
    """The lines of `project.qde` around the XML of its sources (`_sources`)."""
    stamp = _Stamp(user_guid(), timestamp(project))
    children = _element(1, "Users", {}, _element(2, "User", {"guid": stamp.user, "name": USER}))
    if project.codebook.areas:  # the schema wants a code in every <Codes>
        children += _codebook(1, "CodeBook", {}, project.codebook)
    variables = _variables(project.participants)
    if variables:
        children += _element(1, "Variables", {}, [
            line for name in variables
            for line in _element(2, "Variable", {"guid": guid("variable", name), "name": name, "typeOfVariable": "Text"})])
    if project.participants:
        sources_of: dict[str, list[str]] = {}
        for transcript in project.transcripts:
            sources_of.setdefault(transcript.participant, []).append(source_guid(transcript))
        children += _element(1, "Cases", {}, [
            line for participant in project.participants
            for line in _case(participant, sources_of.get(participant.id, []))])
    if project.transcripts:
        children += _element(1, "Sources", {}, sources)
    children += _element(1, "Description", {}, text=marker.study_description(
        project.study,
        [(area_guid(a), a.id) for a in project.codebook.areas],
        [(code_guid(c), c.id, bool(c.label)) for c in project.codebook.codes]))
    return _element(0, "Project", {"xmlns": PROJECT_NS, "name": project.study.title, "origin": ORIGIN,
                                   "creatingUserGUID": stamp.user, "creationDateTime": stamp.time,
                                   "modifyingUserGUID": stamp.user, "modifiedDateTime": stamp.time}, children)


def codebook_qde(codebook: Codebook) -> bytes:
    """The codebook alone, as a QDC file."""
    return _document(_codebook(0, "CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN}, codebook))


def _code_refs(codebook: Codebook) -> dict[str, str]:
    """The `<CodeRef>` line (in a `<Coding>` of a source) of every code a row can be coded with, by id: it names the
    GUID of the first code of that id, as `Codebook.code` finds it."""
    refs: dict[str, str] = {}
    for code in codebook.codes:
        found = codebook.code(code.id)
        if found is not None and code.id not in refs:
            refs[code.id] = _element(5, "CodeRef", {"targetGUID": code_guid(found)})[0]
    return refs


def _sources(project: Project, memo: Memo | None) -> tuple[list[str], dict[str, bytes]]:
    """The `<TextSource>` lines of every transcript, and the text file of each by its member name. With a `memo`,
    those of a transcript unchanged since the last build are the ones it wrote."""
    stamp = _Stamp(user_guid(), timestamp(project))
    refs = remembered(memo, "qdpx-code-refs", (project.codebook,), lambda: _code_refs(project.codebook))
    lines: list[str] = []
    texts: dict[str, bytes] = {}
    for transcript in project.transcripts:
        xml, text = remembered(memo, ("qdpx-source", transcript.id), (transcript, stamp, refs),
                               lambda t=transcript: _source(t, refs, stamp))
        lines += xml
        texts[f"sources/{source_guid(transcript)}.txt"] = text
    return lines, texts


def study_qdpx(project: Project, memo: Memo | None = None) -> bytes:
    """`downloads/study.qdpx`: `project.qde` and one text file per transcript in `sources/`. With the incremental
    build's `memo` (`qualsite.memo`), what an unchanged transcript gives is not written or deflated again."""
    sources, texts = _sources(project, memo)
    return _zip({"project.qde": _document(_study_lines(project, sources)), **texts}, _zip_time(project), memo)


def study_qdpx_later(project: Project, memo: Memo | None, threads: Executor) -> Callable[[], bytes]:
    """`study_qdpx`, deflated by `threads` (`zipped.pack_later`): call the result for its bytes."""
    sources, texts = _sources(project, memo)
    members = {"project.qde": _document(_study_lines(project, sources)), **texts}
    return pack_later(_ordered(members), _zip_time(project), memo, "study.qdpx", threads)


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


def _codebook(depth: int, tag: str, attrs: dict[str, str], codebook: Codebook) -> list[str]:
    codes: list[str] = []
    for area in codebook.areas:
        inner = _element(depth + 3, "Description", {}, text=area.description) if area.description else []
        children: dict[str | None, list[Code]] = {}
        for code in area.codes:
            children.setdefault(code.parent, []).append(code)
        inner += _codes(depth + 3, None, children, area.colour)
        codes += _element(depth + 2, "Code", {"guid": area_guid(area), "name": area.name, "isCodable": "false",
                                              "color": area.colour}, inner)
    return _element(depth, tag, attrs, _element(depth + 1, "Codes", {}, codes))


def _codes(depth: int, parent_id: str | None, children: dict[str | None, list[Code]], colour: str) -> list[str]:
    lines: list[str] = []
    for code in children.get(parent_id, []):
        inner = _element(depth + 1, "Description", {}, text=code.description) if code.description else []
        inner += _codes(depth + 1, code.id, children, colour)
        lines += _element(depth, "Code", {"guid": code_guid(code), "name": code_name(code),
                                          "isCodable": "true" if code.codable else "false", "color": colour}, inner)
    return lines


def _variables(participants: tuple[Participant, ...]) -> list[str]:
    names = [f for f in PARTICIPANT_FIELDS if any(getattr(p, f) for p in participants)]
    for participant in participants:
        names += [name for name, _ in participant.attributes if name not in names]
    return names


def _case(participant: Participant, sources: list[str]) -> list[str]:
    """A participant as a `<Case>`: its fields as variable values, and its transcripts' GUIDs (`sources`)."""
    inner: list[str] = []
    values = [(f, getattr(participant, f)) for f in PARTICIPANT_FIELDS if getattr(participant, f)]
    for name, value in values + list(participant.attributes):
        inner += _element(3, "VariableValue", {}, [
            *_element(4, "VariableRef", {"targetGUID": guid("variable", name)}),
            *_element(4, "TextValue", {}, text=value)])
    for source in sources:
        inner += _element(3, "SourceRef", {"targetGUID": source})
    return _element(2, "Case", {"guid": case_guid(participant), "name": participant.id}, inner)


def _source(transcript: Transcript, refs: dict[str, str], stamp: _Stamp) -> tuple[list[str], bytes]:
    """A transcript's `<TextSource>` lines (in `<Sources>`), and its text file (`source_text`). `refs` holds the
    `<CodeRef>` line of every code a row can be coded with (`_code_refs`)."""
    ident = source_guid(transcript)
    text, spans = source_text(transcript)
    inner = _element(3, "Description", {}, text=marker.source_description(
        transcript.id, [row.n for row in transcript.rows], [(s.id, s.role) for s in transcript.speakers]))
    # The lines of selections and codings written whole: 140,000 of them at 1,000 interviews. GUIDs and numbers need
    # no escaping; the rest is escaped as `_element` escapes it.
    both, created = _attributes(stamp.both()), _attributes(stamp.created())
    selection, coding = INDENT * 3, INDENT * 4
    for row, (start, end) in zip(transcript.rows, spans):
        codes = [c for c in row.codes if c in refs]
        if not codes or start == end:
            continue
        key = f"{row.transcript}:{row.n}:{row.occurrence}"  # guid("row", transcript, n, occurrence) and so on
        name = row.label if row.occurrence == 1 else f"{row.label} ({row.occurrence})"
        inner.append(f'{selection}<PlainTextSelection guid="{_guid("row:" + key)}" name="{_attribute(name)}"'
                     f' startPosition="{start}" endPosition="{end}"{both}>')
        for code in codes:
            inner += [f'{coding}<Coding guid="{_guid(f"coding:{key}:{code}")}"{created}>', refs[code],
                      f"{coding}</Coding>"]
        inner.append(f"{selection}</PlainTextSelection>")
    xml = _element(2, "TextSource", {"guid": ident, "name": transcript.title or transcript.id,
                                     "plainTextPath": f"internal://{ident}.txt", **stamp.both()}, inner)
    return xml, text.encode("utf-8")


# --- Bytes ------------------------------------------------------------------------------------
# The XML is written as text, line by line, in the layout ElementTree gives a tree after `ET.indent(root, "  ")`
# (tests/test_downloads_memo.py holds it to that): two spaces a level, `<Empty a="b" />`, attributes in the order given.


INDENT = "  "


def _element(depth: int, tag: str, attrs: dict[str, str], children: list[str] | None = None, text: str = "") -> list[str]:
    """The lines of one element at `depth`: its children's lines (already indented one level deeper), or its text."""
    pad = INDENT * depth
    start = f"{pad}<{tag}{_attributes(attrs)}"
    if children:
        return [start + ">", *children, f"{pad}</{tag}>"]
    if text:
        return [f"{start}>{_text(text)}</{tag}>"]
    return [start + " />"]


def _attributes(attrs: dict[str, str]) -> str:
    """` name="value"` for each attribute, in order, each value escaped."""
    return "".join(f' {name}="{_attribute(value)}"' for name, value in attrs.items())


def _text(text: str) -> str:
    """Character data, escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_ATTRIBUTE = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def _attribute(value: str) -> str:
    """An attribute's value for double quotes, escaped as ElementTree escapes it (line breaks and tabs as references,
    so that a parser gives them back rather than spaces)."""
    value = _text(value)
    for char, reference in _ATTRIBUTE.items():
        if char in value:
            value = value.replace(char, reference)
    return value


def _document(lines: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n").encode("utf-8")


def _zip_time(project: Project) -> tuple[int, int, int, int, int, int]:
    y, m, d = (int(p) for p in timestamp(project)[:10].split("-"))
    return (y, m, d, 0, 0, 0) if y >= 1980 else ZIP_EPOCH


def _zip(members: dict[str, bytes], stamp: tuple[int, int, int, int, int, int], memo: Memo | None) -> bytes:
    return pack(_ordered(members), stamp, memo, "study.qdpx")


def _ordered(members: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return [(name, members[name]) for name in sorted(members, key=lambda n: (n != "project.qde", n))]
