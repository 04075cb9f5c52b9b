"""`study.yaml` → `Study`."""

from __future__ import annotations

import datetime
import re

from ..model import Study
from ..problems import Problem
from .fields import Field, Read, read_file, read_mapping
from .report import Report
from .yamlsource import Mapping

LANGUAGES = ("sv", "en")
"""Languages the site's labels exist in."""

STUDY_FIELDS = (
    Field("title", "text", True, "Digitalisering och hållbarhet i symbios"),
    Field("subtitle", "text", example="En kvalitativ studie om skånska kommuner"),
    Field("title_en", "text", example="Digitalization and sustainability in symbiosis"),
    Field("language", "text", True, "sv"),
    Field("authors", "texts", example="[Philip Kvist, Martin Rismyhr]"),
    Field("institution", "text", example="Lunds universitet"),
    Field("department", "text", example="Institutionen för informatik"),
    Field("kind", "text", example="Kandidatuppsats 15 hp"),
    Field("year", "int", example="2023"),
    Field("date", "text", example="2023-05-25"),
    Field("abstract", "text", example="|  (then the text on the following lines, indented)"),
    Field("keywords", "texts", example="[Digitalisering, Hållbarhet]"),
    Field("research_questions", "texts", example="[Hur ser kommunerna på digitalisering?]"),
    Field("licence", "text", example="CC BY 4.0"),
    Field("citation", "text", example="Kvist, P. & Rismyhr, M. (2023). …"),
    Field("url", "text", example="https://lup.lub.lu.se/student-papers/…"),
    Field("version", "text", example="'1.0'"),
    Field("released", "text", example="2026-12-01"),
    Field("doi", "text", example="10.5281/zenodo.1234567"),
    Field("anonymity", "map", example="{private_terms: true, reviewed_terms: []}"),
)
"""Every key `study.yaml` accepts."""

ANONYMITY_FIELDS = (
    Field("private_terms", "bool", example="true"),
    Field("forbidden_terms", "texts", example="[]"),
    Field("reviewed_terms", "texts", example="[Lund]"),
)
"""Every key of `study.yaml`'s `anonymity` mapping."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VERSION = re.compile(r"[0-9]+(\.[0-9]+){0,3}")
"""Release versions: `1`, `1.0`, `2.1.3`. They become folder names (`v1.0/`), so nothing else is allowed."""
DOI = re.compile(r"10\.[0-9]{4,9}/[^\s]+")
"""A bare DOI (`10.5281/zenodo.1234567`), without `https://doi.org/`."""


def read_study(text: str, path: str) -> tuple[Study | None, list[Problem]]:
    """Parse the text of `study.yaml` (at `path`, relative to the project root)."""
    report = Report(path)
    read = read_file(text, STUDY_FIELDS, report, what="study.yaml",
                     example="title: …  and  language: sv  on separate lines")
    if read is None:
        return None, report.problems
    language = str(read.get("language", ""))
    if language and language not in LANGUAGES:
        report.error(read.line_of("language"), f"language '{language}' is not supported; write language: sv"
                     " (Swedish) or language: en (English)", "bad-language")
    date = _date(read, report, "date", "2023-05-25")
    version = str(read.get("version", ""))
    if version and not VERSION.fullmatch(version):
        report.error(read.line_of("version"), f"version '{version}' is not a release number; write numbers joined by"
                     " dots, quoted, like version: '1.0'", "bad-version")
    released = _date(read, report, "released", "2026-12-01")
    if released and not version:
        report.error(read.line_of("released"), "released gives a release date but no version says what was"
                     " released; add version: '1.0' (or remove released)", "released-without-version")
    doi = str(read.get("doi", "")).strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "doi:"):
        doi = doi.removeprefix(prefix)
    if doi and not DOI.fullmatch(doi):
        report.error(read.line_of("doi"), f"doi '{doi}' is not a DOI; write the bare DOI, like"
                     " doi: 10.5281/zenodo.1234567", "bad-doi")
    anonymity = _anonymity(read, report)
    if anonymity.get("forbidden_terms"):
        report.error(anonymity.line_of("forbidden_terms"), "forbidden_terms lists the names to protect in study.yaml,"
                     " which is published with the site; move them to data/private/forbidden-terms.txt (one a line,"
                     " never committed), remove them here, and write private_terms: true instead — see"
                     " format/README.md#anonymity", "public-forbidden-terms")
    if report.failed:
        return None, report.problems
    return Study(
        title=str(read.get("title")),
        language=language,
        source=report.at(None),
        subtitle=str(read.get("subtitle", "")),
        title_en=str(read.get("title_en", "")),
        authors=read.get("authors", ()),  # type: ignore[arg-type]
        institution=str(read.get("institution", "")),
        department=str(read.get("department", "")),
        kind=str(read.get("kind", "")),
        year=read.get("year"),  # type: ignore[arg-type]
        date=date,
        abstract=str(read.get("abstract", "")),
        keywords=read.get("keywords", ()),  # type: ignore[arg-type]
        research_questions=read.get("research_questions", ()),  # type: ignore[arg-type]
        licence=str(read.get("licence", "")),
        citation=str(read.get("citation", "")),
        url=str(read.get("url", "")),
        version=version,
        released=released,
        doi=doi,
        private_terms=bool(anonymity.get("private_terms", False)),
        reviewed_terms=anonymity.get("reviewed_terms", ()),  # type: ignore[arg-type]
    ), report.problems


def _anonymity(read: Read, report: Report) -> Read:
    node = read.get("anonymity")
    if not isinstance(node, Mapping):
        return Read({}, {}, {}, read.line)
    return read_mapping(node, ANONYMITY_FIELDS, report, what="anonymity",
                        example="anonymity: {private_terms: true, reviewed_terms: []}") or Read({}, {}, {}, read.line)


def _date(read: Read, report: Report, key: str, example: str) -> str:
    """The date under `key` as written (`YYYY-MM-DD`), or ""; a problem if it is not a real date."""
    value = str(read.get(key, ""))
    if value and not _valid_date(value):
        report.error(read.line_of(key), f"{key} '{value}' is not a date written as YYYY-MM-DD; write it like"
                     f" {key}: {example}", "bad-date")
    return value


def _valid_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
