"""The QDA codebook → qualsite areas and codes: top-level codes become areas, every deeper code a code whose
`parent` keeps the hierarchy, so nothing is flattened."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..urls import slugify
from .log import Log
from .marker import ExportedStudy
from .qde import QCode, QSet

if TYPE_CHECKING:
    from .speakers import Redaction

PALETTE = ("#0072b2", "#b34700", "#00785a", "#8e3b8e", "#5d6d00", "#a6334d", "#2e5e8c", "#7a5b00")
"""Colours for areas whose code has none: dark enough for white text, told apart without colour vision."""


@dataclass(frozen=True)
class MappedCode:
    id: str
    label: str
    description: str
    parent: str | None
    codable: bool
    colour: str | None = None
    """The code's own colour, when it differs from its area's."""
    guid: str = ""
    """The code's GUID in the project, kept in codebook.yaml so that an export gives it back."""


@dataclass(frozen=True)
class MappedGroup:
    """A code group (a REFI-QDA Set of codes)."""

    name: str
    description: str
    codes: tuple[str, ...]
    """Ids of its codes."""


@dataclass(frozen=True)
class MappedArea:
    id: str
    name: str
    colour: str
    description: str
    codes: tuple[MappedCode, ...]
    guid: str = ""
    """The GUID of the top-level code."""


@dataclass
class Codebook:
    areas: list[MappedArea] = field(default_factory=list)
    by_guid: dict[str, str] = field(default_factory=dict)
    """Code GUID → code id (for a top-level code used in codings: the id of the area's own code)."""
    area_guids: dict[str, int] = field(default_factory=dict)
    """GUID of each top-level code → index of its area."""
    not_codable: set[str] = field(default_factory=set)
    """GUIDs of codes that are not codable."""
    known: set[str] = field(default_factory=set)
    """Every GUID in the codebook."""


def code_id(name: str) -> str:
    """A code id from a tool's code name: separators and brackets become `_` (`Social sustainability` → `Social_sustainability`)."""
    return re.sub(r"[\s,;\[\](){}]+", "_", name.strip()).strip("_") or "code"


def map_codebook(codes: tuple[QCode, ...], used_top: set[str], qde: str, log: Log,
                 redact: Redaction | None = None, leaves_are_codes: bool = True,
                 exported: ExportedStudy | None = None) -> Codebook:
    """Areas from top-level codes; every deeper code kept with its parent; ids unique by page slug. Names of
    people (`redact`) in names and descriptions are replaced, in ids too, before ids are made. A top-level code
    with no codes below it is also a code of its area (`leaves_are_codes`), except in qualsite's own export,
    whose top-level codes are its areas. A qualsite export (`exported`) names each area's and code's id by GUID:
    those ids and empty labels come back as they were."""
    ids = exported.codes if exported else {}
    area_ids = exported.areas if exported else {}
    unlabelled = exported.unlabelled if exported else frozenset()

    def text(value: str) -> str:
        return redact.text(value) if redact is not None else value

    def bare(value: str) -> str:
        return redact.apply(value, brackets=False)[0] if redact is not None else value
    book = Codebook()
    taken_slugs: set[str] = set()
    area_slugs: set[str] = set()
    renamed: list[str] = []
    no_colour = 0
    own_colour = 0
    leaves = 0

    def unique(name: str, parent: str | None, known: str | None = None) -> str:
        if known and slugify(known) not in taken_slugs:
            taken_slugs.add(slugify(known))
            return known
        base = code_id(bare(name))
        candidates = [base] + ([f"{parent}.{base}"] if parent else []) + [f"{base}-{n}" for n in range(2, 1000)]
        for candidate in candidates:
            if slugify(candidate) not in taken_slugs:
                taken_slugs.add(slugify(candidate))
                if candidate != name and bare(name) == name:
                    renamed.append(f"'{name}' → {candidate}")
                return candidate
        raise AssertionError("unreachable: a thousand codes of one name")

    for index, top in enumerate(codes):
        book.known.add(top.guid)
        colour = _colour(top.colour)
        if colour is None:
            no_colour += 1
            colour = PALETTE[index % len(PALETTE)]
        area_id, n = area_ids.get(top.guid) or slugify(bare(top.name) or f"area-{index + 1}"), 1
        base = area_id
        while area_id in area_slugs:
            n += 1
            area_id = f"{base}-{n}"[:80]
        area_slugs.add(area_id)
        mapped: list[MappedCode] = []
        if top.guid in used_top or (leaves_are_codes and not top.children):
            # A code that codes text, or one with no codes below it (a flat codebook, as ATLAS.ti writes), would
            # vanish as an area alone: it is also a code of its area
            own = unique(top.name, None)
            book.by_guid[top.guid] = own
            # a leaf's GUID goes to its code, which holds its codings; its area gets one derived by the export
            mapped.append(MappedCode(own, text(top.name), text(top.description), None, top.codable,
                                     guid=top.guid if not top.children else ""))
            if top.children:
                log.warn(f"{qde}:{top.line}: top-level code '{top.name}' codes text itself; it became area"
                         f" {area_id} and also a code {own} of that area, holding those codings")
            else:
                leaves += 1
        book.area_guids[top.guid] = len(book.areas)
        if not top.codable:
            book.not_codable.add(top.guid)

        def walk(code: QCode, parent: str | None) -> None:
            nonlocal own_colour
            book.known.add(code.guid)
            ident = unique(code.name, parent, ids.get(code.guid))
            book.by_guid[code.guid] = ident
            if not code.codable:
                book.not_codable.add(code.guid)
            own = _colour(code.colour)
            if own not in (None, colour):
                own_colour += 1
            label = "" if code.guid in unlabelled else text(code.name)
            mapped.append(MappedCode(ident, label, text(code.description), parent, code.codable,
                                     own if own != colour else None, code.guid))
            for sub in code.children:
                walk(sub, ident)

        for child in top.children:
            walk(child, None)
        book.areas.append(MappedArea(area_id, text(top.name) or area_id, colour, text(top.description), tuple(mapped),
                                     top.guid if top.children else ""))
    total = len(book.known)
    deepest = max((_depth(c) for c in codes), default=0)
    log.note(f"codebook: {total} codes, {deepest} levels deep → {len(book.areas)} areas (the top-level codes) and"
             f" {sum(len(a.codes) for a in book.areas)} codes, each deeper code keeping its parent")
    if leaves:
        log.note(f"{leaves} top-level codes have no codes below them; each became an area holding one code of the"
                 " same name")
    if no_colour:
        log.warn(f"{no_colour} of {len(codes)} top-level codes have no colour; their areas got colours from a fixed"
                 " palette (change colour: in codebook.yaml)")
    if own_colour:
        log.note(f"{own_colour} codes have a colour of their own, other than their area's; it is kept as their"
                 " colour: in codebook.yaml")
    if renamed:
        log.note(f"{len(renamed)} code names are not usable as code ids as they stand (spaces, separators, or a"
                 f" name used twice); they became: {', '.join(renamed)}. The name is kept as the code's label")
    return book


def _colour(value: str | None) -> str | None:
    value = (value or "").strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value.lower()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:]).lower()
    return None


def _depth(code: QCode) -> int:
    return 1 + max((_depth(c) for c in code.children), default=0)


def code_groups(sets: tuple[QSet, ...], book: Codebook, qde: str, log: Log,
                redact: Redaction | None = None) -> list[MappedGroup]:
    """Sets of codes → code groups (`groups:` of codebook.yaml). Sets of sources are not kept: their names often
    name the people interviewed (a set per person), and cases carry what describes participants."""
    groups: list[MappedGroup] = []
    of_sources = 0
    for item in sets:
        if item.sources and not item.codes:
            of_sources += 1
            continue
        members = [book.by_guid[g] for g in item.codes if g in book.by_guid]
        unknown = len(item.codes) - len(members)
        if unknown:
            log.warn(f"{qde}:{item.line}: set '{item.name}' lists {unknown} codes that are not in the codebook;"
                     " they are left out of its group")
        text = redact.text if redact is not None else (lambda value: value)
        groups.append(MappedGroup(text(item.name) or f"group-{len(groups) + 1}", text(item.description),
                                  tuple(dict.fromkeys(members))))
        if item.sources:
            log.note(f"{qde}:{item.line}: set '{item.name}' also holds {len(item.sources)} sources; only its codes"
                     " are kept in its group")
    if groups:
        log.note(f"{len(groups)} sets of codes became code groups (groups: in codebook.yaml)")
    if of_sources:
        log.note(f"{of_sources} sets of sources are not imported: their names may name the people interviewed;"
                 " describe participants with cases and variables (they become participant attributes)")
    return groups

