"""`codebook.yaml` → `Codebook`: areas with colours, holding codes."""

from __future__ import annotations

from ..model import Area, Code, CodeGroup, Codebook
from ..problems import Problem
from ..urls import SAFE_SLUG, code_page, codebook_slugs, slugify
from .fields import Field, Read, items, read_file, read_mapping
from .ids import GUID_EXAMPLE, check_code_id, check_colour, read_guid
from .report import Report
from .yamlsource import Node, Scalar

CODEBOOK_FIELDS = (
    Field("areas", "list", True, '[{name: Hållbarhet, colour: "#2e7d32", codes: [{code: MHÅLL}]}]'),
    Field("groups", "list", example="[{name: Styrning, codes: [MHÅLL, DIGMED]}]"),
)
"""Every key at the top of `codebook.yaml`."""

AREA_FIELDS = (
    Field("id", "text", example="hallbarhet"),
    Field("name", "text", True, "Hållbarhet", example_en="Sustainability"),
    Field("colour", "any", True, '"#2e7d32"'),
    Field("description", "text", example="Koder om hållbarhetens tre dimensioner",
          example_en="Codes on the three dimensions of sustainability"),
    Field("codes", "list", example="[{code: MHÅLL, label: Miljömässig hållbarhet}]"),
    Field("guid", "text", example=GUID_EXAMPLE),
)
"""Every key of an area."""

CODE_FIELDS = (
    Field("code", "text", True, "MHÅLL"),
    Field("label", "text", example="Miljömässig hållbarhet", example_en="Environmental sustainability"),
    Field("description", "text", example="Uttalanden om miljön", example_en="Statements about the environment"),
    Field("parent", "text", example="MHÅLL"),
    Field("codable", "any", example="false"),
    Field("colour", "any", example='"#2e7d32"'),
    Field("guid", "text", example=GUID_EXAMPLE),
)
"""Every key of a code."""

GROUP_FIELDS = (
    Field("name", "text", True, "Styrning"),
    Field("description", "text", example="Koder om hur arbetet styrs"),
    Field("codes", "texts", True, "[MHÅLL, DIGMED]", empty_ok=True),
)
"""Every key of a code group."""
_GROUP_EXAMPLE = "{name: Styrning, codes: [MHÅLL, DIGMED]}"

_AREA_EXAMPLE = '{name: Hållbarhet, colour: "#2e7d32", codes: [{code: MHÅLL}]}'
_CODE_EXAMPLE = "{code: MHÅLL, label: Miljömässig hållbarhet}"


def read_codebook(text: str, path: str, *, language: str = "sv") -> tuple[Codebook | None, list[Problem]]:
    """Parse the text of `codebook.yaml` (at `path`, relative to the project root)."""
    report = Report(path, language=language)
    read = read_file(text, CODEBOOK_FIELDS, report, what="codebook.yaml", example=f"areas: [{_AREA_EXAMPLE}]")
    if read is None:
        return None, report.problems
    areas_node = read.get("areas")
    areas: list[Area] = []
    first_area: dict[str, int] = {}
    first_code: dict[str, int] = {}
    for item in items(areas_node):
        area = _area(item, report, first_code)
        if area is None:
            continue
        if area.id in first_area:
            report.error(area.source.line, f"area id '{area.id}' is used twice (first at line {first_area[area.id]});"
                         " give each area its own id: (or name:)", "duplicate-id")
        elif area.name or area.id != slugify(""):
            first_area[area.id] = area.source.line or 0
        areas.append(area)
    groups = tuple(g for g in (_group(item, report) for item in items(read.get("groups"))) if g is not None)
    codebook = Codebook(tuple(areas), report.at(None), groups)
    _group_members(codebook, report)
    _slug_collisions(codebook, report)
    _guid_repeats(codebook, report)
    if report.failed:
        return None, report.problems
    return codebook, report.problems


def _area(node: Node, report: Report, first_code: dict[str, int]) -> Area | None:
    read = read_mapping(node, AREA_FIELDS, report, what="this area", example=_AREA_EXAMPLE)
    if read is None:
        return None
    name = str(read.get("name", ""))
    area_id = str(read.get("id", "")) or slugify(name)
    if "id" in read.values and not SAFE_SLUG.fullmatch(area_id):
        report.error(read.line_of("id"), f"area id '{area_id}' may hold only lower-case letters a-z, digits and"
                     f" hyphens, since it becomes a CSS class; write e.g. id: {slugify(area_id)}", "unsafe-slug")
    colour = _colour(read.nodes.get("colour"), read.line_of("colour"), report)
    codes: list[Code] = []
    codes_node = read.get("codes")
    for item in items(codes_node):
        code = _code(item, area_id, report)
        if code is None:
            continue
        if code.id in first_code:
            report.error(code.source.line, f"code '{code.id}' is defined twice (first at line {first_code[code.id]});"
                         " give each code a unique id, or merge the two", "duplicate-id")
        else:
            first_code[code.id] = code.source.line or 0
        _check_parent(code, codes, report)
        codes.append(code)
    # An area with errors is still built, so that its codes take part in the duplicate and slug checks;
    # the codebook as a whole is then rejected.
    return Area(area_id, name, colour or "", tuple(codes), report.at(read.line), str(read.get("description", "")),
                _guid(read, report))


def _colour(node: Node | None, line: int, report: Report) -> str | None:
    if node is None:
        return None  # reported as missing
    if isinstance(node, Scalar) and node.value is None:
        report.error(line, "colour is empty: an unquoted # starts a YAML comment; put the colour in quotes,"
                     ' e.g. colour: "#2e7d32"', "bad-colour")
        return None
    if not isinstance(node, Scalar):
        report.error(line, 'colour must be one value written as #rrggbb; write it like colour: "#2e7d32"', "bad-colour")
        return None
    colour = node.as_text()
    return colour if check_colour(colour, line, report) else None


def _code(node: Node, area_id: str, report: Report) -> Code | None:
    read = read_mapping(node, CODE_FIELDS, report, what="this code", example=_CODE_EXAMPLE)
    if read is None or "code" not in read.values:
        return None
    code_id = str(read.get("code")).strip()
    if not code_id or not check_code_id(code_id, read.line_of("code"), report):
        return None
    parent = str(read.get("parent", "")).strip() or None
    codable = _codable(read.nodes.get("codable"), read.line_of("codable"), report)
    colour = _colour(read.nodes["colour"], read.line_of("colour"), report) if "colour" in read.nodes else None
    return Code(code_id, str(read.get("label", "")), str(read.get("description", "")), area_id,
                report.at(read.line), parent, codable, colour=colour, guid=_guid(read, report))


def _group(node: Node, report: Report) -> CodeGroup | None:
    read = read_mapping(node, GROUP_FIELDS, report, what="this group", example=_GROUP_EXAMPLE)
    if read is None or "name" not in read.values:
        return None
    codes = [str(c).strip() for c in (read.get("codes") or ())]
    return CodeGroup(str(read.get("name")), tuple(codes), report.at(read.line), str(read.get("description", "")))


def _group_members(codebook: Codebook, report: Report) -> None:
    """Every code of a group is a code of the codebook."""
    for group in codebook.groups:
        for code in group.codes:
            if codebook.code(code) is None:
                report.error(group.source.line, f"group '{group.name}' lists code '{code}', which is not a code of"
                             " this codebook; correct the id, or remove it from the group", "unknown-code")


def _guid(read: Read, report: Report) -> str:
    return read_guid(str(read.get("guid")), read.line_of("guid"), report) if "guid" in read.values else ""


def _codable(node: Node | None, line: int, report: Report) -> bool:
    if node is None:
        return True
    if isinstance(node, Scalar) and isinstance(node.value, bool):
        return node.value
    report.error(line, "codable must be true or false; write codable: false for a code that only groups other"
                 " codes, or leave it out", "wrong-type")
    return True


def _check_parent(code: Code, earlier: list[Code], report: Report) -> None:
    """A parent is a code of the same area defined above the child, so the hierarchy is a tree."""
    if code.parent is None or any(c.id == code.parent for c in earlier):
        return
    report.error(code.source.line, f"code '{code.id}' has parent '{code.parent}', which is not a code defined above"
                 " it in the same area; list the parent code first in this area, or correct parent:", "bad-parent")


def _slug_collisions(codebook: Codebook, report: Report) -> None:
    """Two different codes whose ids give one slug would share a page: report each later one (`urls.codebook_slugs`)."""
    for ids in codebook_slugs(codebook).values():
        distinct = list(dict.fromkeys(ids))
        if len(distinct) < 2:
            continue
        first = codebook.code(distinct[0])
        for other in distinct[1:]:
            code = codebook.code(other)
            assert code is not None and first is not None
            report.error(code.source.line, f"codes '{first.id}' (line {first.source.line}) and '{code.id}' would share"
                         f" the page {code_page(code)}; rename one so that they differ in more than case or accents",
                         "slug-collision")


def _guid_repeats(codebook: Codebook, report: Report) -> None:
    """A GUID names one code in REFI-QDA: two areas or codes with one GUID would merge in other tools."""
    first: dict[str, int] = {}
    for item in [*codebook.areas, *codebook.codes]:
        if not item.guid:
            continue
        if item.guid in first:
            report.error(item.source.line, f"guid {item.guid} is also the guid of line {first[item.guid]}; a GUID"
                         " names one area or code: remove the guid of the copy (the export then derives one)",
                         "duplicate-id")
        else:
            first[item.guid] = item.source.line or 0