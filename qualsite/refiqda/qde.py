"""The project XML (`.qde`) → plain records: codes, sources with their coded selections, cases and variables.

Elements are matched by local name, GUIDs are normalised to lower case without
braces (tools write both cases, some with braces), and every record keeps the
line it came from for messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .log import ImportFailed, Log
from .schema import parser


@dataclass(frozen=True)
class QCode:
    guid: str
    name: str
    colour: str | None
    description: str
    codable: bool
    children: tuple["QCode", ...]
    line: int


@dataclass(frozen=True)
class QSelection:
    guid: str
    name: str
    start: int
    end: int
    codes: tuple[str, ...]
    """GUIDs of the codes applied, in document order."""
    line: int


@dataclass(frozen=True)
class QSource:
    guid: str
    kind: str
    """The element's local name: `TextSource`, `PDFSource`, …"""
    name: str
    plain_text_path: str
    plain_text: str | None
    """`PlainTextContent`, when the text is inline."""
    description: str
    selections: tuple[QSelection, ...]
    whole_codings: int
    """Codings of the whole source (not of a selection)."""
    line: int


@dataclass(frozen=True)
class QVariable:
    guid: str
    name: str
    line: int


@dataclass(frozen=True)
class QCase:
    guid: str
    name: str
    values: tuple[tuple[str, str], ...]
    """(variable GUID, value as text), in document order."""
    sources: tuple[str, ...]
    """GUIDs of the sources the case refers to."""
    line: int


@dataclass(frozen=True)
class QSet:
    """A Set: a named group of codes (a code group) or of sources (a document group)."""

    guid: str
    name: str
    description: str
    codes: tuple[str, ...]
    """GUIDs of the member codes, in document order."""
    sources: tuple[str, ...]
    """GUIDs of the member sources."""
    line: int


@dataclass(frozen=True)
class QProject:
    name: str
    origin: str
    date: str
    """`YYYY-MM-DD` of `creationDateTime` (else `modifiedDateTime`), or empty."""
    codes: tuple[QCode, ...]
    sources: tuple[QSource, ...]
    variables: tuple[QVariable, ...]
    cases: tuple[QCase, ...]
    users: tuple[str, ...]
    """The names of the project's users (the people who coded), as written."""
    notes: tuple[QSource, ...]
    """Notes (memos), read like text sources."""
    description: str
    sets: tuple[QSet, ...] = ()


def local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local(c) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    found = children(element, name)
    return found[0] if found else None


def text_of(element: etree._Element, name: str) -> str:
    found = child(element, name)
    return (found.text or "") if found is not None else ""


class _Guids:
    """Normalises GUIDs and counts those written in upper case or with braces."""

    def __init__(self) -> None:
        self.upper = 0
        self.braces = 0

    def __call__(self, value: str | None) -> str:
        value = (value or "").strip()
        if value.startswith("{") and value.endswith("}"):
            self.braces += 1
            value = value[1:-1]
        if value != value.lower():
            self.upper += 1
        return value.lower()


def parse_tree(data: bytes, name: str) -> etree._ElementTree:
    try:
        return etree.ElementTree(etree.fromstring(data, parser()))
    except etree.XMLSyntaxError as error:
        raise ImportFailed(f"{name}:{error.lineno}: not well-formed XML: {error.msg}; the file is damaged,"
                           " export the project again") from None


def read_project(tree: etree._ElementTree, name: str, log: Log) -> QProject:
    root = tree.getroot()
    if local(root) != "Project":
        raise ImportFailed(f"{name}:{root.sourceline}: the root element is <{local(root)}>, not <Project>; this is not"
                           " a QDA-XML project (a codebook .qdc cannot be imported as a project)")
    guid = _Guids()
    codebook = child(root, "CodeBook")
    codes_el = child(codebook, "Codes") if codebook is not None else None
    codes = tuple(_code(c, guid) for c in children(codes_el, "Code")) if codes_el is not None else ()
    sources_el = child(root, "Sources")
    sources = tuple(_source(s, guid) for s in sources_el) if sources_el is not None else ()
    variables_el = child(root, "Variables")
    variables = tuple(QVariable(guid(v.get("guid")), v.get("name", ""), v.sourceline or 0)
                      for v in children(variables_el, "Variable")) if variables_el is not None else ()
    cases_el = child(root, "Cases")
    cases = tuple(_case(c, guid) for c in children(cases_el, "Case")) if cases_el is not None else ()
    users_el = child(root, "Users")
    notes_el = child(root, "Notes")
    stamp = root.get("creationDateTime") or root.get("modifiedDateTime") or ""
    if guid.upper:
        log.warn(f"{name}: {guid.upper} GUIDs are written in upper case; GUIDs are compared without regard to case")
    if guid.braces:
        log.warn(f"{name}: {guid.braces} GUIDs are written in braces {{…}}; the braces are ignored")
    return QProject(
        name=root.get("name", ""), origin=root.get("origin", ""), date=stamp[:10] if len(stamp) >= 10 else "",
        codes=codes, sources=sources, variables=variables, cases=cases,
        users=tuple(u.get("name", "") for u in children(users_el, "User")) if users_el is not None else (),
        notes=tuple(_source(n, guid) for n in children(notes_el, "Note")) if notes_el is not None else (),
        description=text_of(root, "Description"), sets=_sets(root, guid),
    )


def read_codebook_file(tree: etree._ElementTree, name: str, log: Log) -> tuple[str, tuple[QCode, ...], tuple[QSet, ...]]:
    """A standalone codebook (`.qdc`): its origin, codes and sets."""
    root = tree.getroot()
    if local(root) != "CodeBook":
        raise ImportFailed(f"{name}:{root.sourceline}: the root element is <{local(root)}>, not <CodeBook>; this is not"
                           " a QDA-XML codebook (.qdc); export the codebook again, or import the project (.qdpx)")
    guid = _Guids()
    codes_el = child(root, "Codes")
    codes = tuple(_code(c, guid) for c in children(codes_el, "Code")) if codes_el is not None else ()
    sets = _sets(root, guid)
    if guid.upper:
        log.warn(f"{name}: {guid.upper} GUIDs are written in upper case; GUIDs are compared without regard to case")
    return root.get("origin", ""), codes, sets


def _sets(root: etree._Element, guid: "_Guids") -> tuple[QSet, ...]:
    sets_el = child(root, "Sets")
    if sets_el is None:
        return ()
    # A project's MemberCode names its code by targetGUID, a codebook's by guid (Codebook.xsd)
    return tuple(QSet(
        guid=guid(s.get("guid")), name=s.get("name", ""), description=text_of(s, "Description"),
        codes=tuple(guid(m.get("targetGUID") or m.get("guid")) for m in children(s, "MemberCode")),
        sources=tuple(guid(m.get("targetGUID") or m.get("guid")) for m in children(s, "MemberSource")),
        line=s.sourceline or 0,
    ) for s in children(sets_el, "Set"))


def _code(element: etree._Element, guid: _Guids) -> QCode:
    return QCode(
        guid=guid(element.get("guid")), name=element.get("name", ""), colour=element.get("color"),
        description=text_of(element, "Description"),
        codable=element.get("isCodable", "true").strip().lower() not in ("false", "0"),
        children=tuple(_code(c, guid) for c in children(element, "Code")), line=element.sourceline or 0,
    )


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _source(element: etree._Element, guid: _Guids) -> QSource:
    selections = tuple(
        QSelection(
            guid=guid(s.get("guid")), name=s.get("name", ""),
            start=_int(s.get("startPosition")), end=_int(s.get("endPosition")),
            codes=tuple(guid(ref.get("targetGUID")) for coding in children(s, "Coding")
                        for ref in children(coding, "CodeRef")),
            line=s.sourceline or 0,
        )
        for s in children(element, "PlainTextSelection")
    )
    content = child(element, "PlainTextContent")
    return QSource(
        guid=guid(element.get("guid")), kind=local(element), name=element.get("name", ""),
        plain_text_path=element.get("plainTextPath", ""),
        plain_text=(content.text or "") if content is not None else None,
        description=text_of(element, "Description"), selections=selections,
        whole_codings=len(children(element, "Coding")), line=element.sourceline or 0,
    )


def _case(element: etree._Element, guid: _Guids) -> QCase:
    values = []
    for value in children(element, "VariableValue"):
        ref = child(value, "VariableRef")
        data = [c for c in value if local(c) != "VariableRef"]
        if ref is not None and data:
            values.append((guid(ref.get("targetGUID")), (data[0].text or "").strip()))
    return QCase(
        guid=guid(element.get("guid")), name=element.get("name", ""), values=tuple(values),
        sources=tuple(guid(r.get("targetGUID")) for r in children(element, "SourceRef")),
        line=element.sourceline or 0,
    )
