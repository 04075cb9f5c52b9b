"""Citation metadata: how the study is cited, as `CITATION.cff`, Zenodo's deposit metadata and a Frictionless Data
Package describing the downloads, all from `study.yaml`.

The study gives its authors as one string each (`Philip Kvist`), its licence as text and its DOI bare; each
format wants them its own way: given and family names, an SPDX licence id, `https://doi.org/…`. A licence that is
no SPDX id (`All rights reserved by the authors`) is never guessed into one: the formats' licence fields are left
out and the text goes where each format keeps free text. Pure: the model in, text out.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import urllib.parse
from dataclasses import dataclass

import yaml

from .. import urls
from ..model import Study
from .prose import plain_markdown_html
from .text import one_line

CFF_MESSAGE = "If you use this dataset, please cite it as below."
DOI_RESOLVER = "https://doi.org/"
CFF_DOI = re.compile(r"10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-.()\[\]\\]+")
"""The DOIs the CFF 1.2.0 schema accepts; a DOI with other characters goes to `identifiers` as its address."""

SPDX_IDS = (
    "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0",
    "CC-BY-3.0", "CC-BY-SA-3.0", "CC-BY-NC-3.0", "CC-BY-NC-SA-3.0", "CC-BY-ND-3.0", "CC-BY-NC-ND-3.0",
    "CC0-1.0", "CC-PDDC", "ODbL-1.0", "ODC-By-1.0", "PDDL-1.0", "etalab-2.0", "OGL-UK-3.0",
    "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "MPL-2.0", "EUPL-1.2", "Unlicense",
    "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-3.0-or-later", "AGPL-3.0-or-later",
)
"""The SPDX licence ids a study's `licence` is recognised as (the data and text licences a study may choose, and
the common software ones). Anything else is kept as text, never sent as a licence id."""
_SPDX = {spdx.upper(): spdx for spdx in SPDX_IDS} | {"CC0": "CC0-1.0", "CC-ZERO": "CC0-1.0"}

PARTICLES = frozenset({"af", "av", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du", "la",
                       "le", "ten", "ter", "van", "von", "zu"})
"""Lower-case words that start a family name (`Ludwig van Beethoven`), kept as CFF's `name-particle`."""
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

LANGUAGES = {"sv": "swe", "en": "eng"}
"""The study's language as Zenodo wants it (ISO 639-3)."""


@dataclass(frozen=True)
class PersonName:
    """An author's name split as citation formats want it."""

    given: str
    """Given names (`Philip`, `Anna Maria`), or empty for a single name."""
    particle: str
    """Lower-case words before the family name (`van`), or empty."""
    family: str
    """The family name (`Kvist`); a single name (`Plato`) is a family name, as citation styles print it."""
    suffix: str = ""
    """`Jr.`, `III`, or empty."""

    @property
    def inverted(self) -> str:
        """`Kvist, Philip`, `van Beethoven, Ludwig`, `Plato`: family name first, as Zenodo and reference lists want."""
        family = f"{self.particle} {self.family}".strip()
        return ", ".join(part for part in (family, self.given, self.suffix) if part)

    @property
    def short(self) -> str:
        """`Kvist, P.`: family name and initials, for a composed citation."""
        initials = " ".join("-".join(f"{piece[0]}." for piece in word.split("-") if piece)
                            for word in self.given.split())
        family = f"{self.particle} {self.family}".strip()
        return ", ".join(part for part in (family, initials, self.suffix) if part)


def split_name(name: str) -> PersonName:
    """An author's name as written in `study.yaml`, split: `Philip Kvist` → Philip / Kvist. The family name is the
    last word, after any particle (`van`) and before a suffix (`Jr.`); write `García Márquez, Gabriel` (family
    name, comma, given names) where the family name has several words."""
    name = one_line(name)
    if "," in name:
        family_part, given = (part.strip() for part in name.split(",", 1))
        words = family_part.split()
        particle = []
        while len(words) > 1 and words[0] in PARTICLES:
            particle.append(words.pop(0))
        return PersonName(given, " ".join(particle), " ".join(words))
    words = name.split()
    if len(words) <= 1:
        return PersonName("", "", name)
    suffix = words.pop() if len(words) > 2 and words[-1].lower() in SUFFIXES else ""
    family = words.pop()
    particle = []
    while len(words) > 1 and words[-1] in PARTICLES:
        particle.insert(0, words.pop())
    return PersonName(" ".join(words), " ".join(particle), family, suffix)


def spdx_licence(licence: str) -> str:
    """The SPDX id a study's licence text names (`CC BY 4.0` → `CC-BY-4.0`), or "" when it names none we know."""
    key = re.sub(r"[\s_-]+", "-", one_line(licence)).strip("-").upper()
    return _SPDX.get(key, "")


def release_version(study: Study) -> str:
    """The version the site publishes, which its permalinks, its citation box and every metadata file name.

    The one place that decides it, so that releases (`build_site.py release`) plug in here."""
    return study.version


def release_date(study: Study) -> str:
    """The date the published version was released: `released`, else the study's `date`, else ""."""
    return study.released or study.date


def full_title(study: Study) -> str:
    """`Title: Subtitle`, as citations print it."""
    title, subtitle = one_line(study.title), one_line(study.subtitle)
    return f"{title}: {subtitle}" if subtitle else title


def doi_url(doi: str) -> str:
    """`https://doi.org/10.5281/zenodo.1234567`: the DOI's address, with characters URLs cannot hold escaped."""
    return DOI_RESOLVER + urllib.parse.quote(doi, safe="/:;()[]._-") if doi else ""


def citation_text(study: Study) -> str:
    """How to cite the study: its own `citation`, else composed from authors, year and title (APA-like)."""
    if study.citation.strip():
        return one_line(study.citation)
    names = [split_name(author).short for author in study.authors if author.strip()]
    authors = ", ".join(names[:-1]) + " & " + names[-1] if len(names) > 1 else "".join(names)
    year = f"({study.year})" if study.year else ""
    title = full_title(study)
    lead = " ".join(part for part in (authors, year) if part)
    return f"{lead}. {title}." if lead else f"{title}."


def site_address(study: Study, base_url: str) -> str:
    """The address of the study online: the site's own (`site_url`), else the study's `url` when it is one."""
    if base_url:
        return base_url
    return study.url if study.url.startswith(("https://", "http://")) else ""


# --- CITATION.cff ------------------------------------------------------------------------------------------------


def citation_cff(study: Study, base_url: str = "") -> str:
    """`CITATION.cff`: the Citation File Format 1.2.0, as GitHub and reference managers read it."""
    licence = spdx_licence(study.licence)
    message = CFF_MESSAGE
    if study.licence.strip() and not licence:
        message += f" Licence: {one_line(study.licence)}"
    data: dict = {"cff-version": "1.2.0", "message": message, "type": "dataset", "title": full_title(study)}
    data["authors"] = [_cff_author(author, study.institution) for author in study.authors if author.strip()] or \
        [{"name": one_line(study.institution) or "Anonymous"}]
    if release_version(study):
        data["version"] = release_version(study)
    if release_date(study):
        data["date-released"] = release_date(study)
    if study.doi and CFF_DOI.fullmatch(study.doi):
        data["doi"] = study.doi
    elif study.doi:
        data["identifiers"] = [{"type": "url", "value": doi_url(study.doi), "description": "DOI"}]
    if site_address(study, base_url):
        data["url"] = site_address(study, base_url)
    if licence:
        data["license"] = licence
    keywords = list(dict.fromkeys(one_line(k) for k in study.keywords if k.strip()))
    if keywords:
        data["keywords"] = keywords
    if study.abstract.strip():
        data["abstract"] = study.abstract.strip()
    header = "# The study's citation metadata (Citation File Format 1.2.0), generated by build_site.py from study.yaml.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _cff_author(author: str, institution: str) -> dict:
    name = split_name(author)
    person = {"given-names": name.given, "name-particle": name.particle, "family-names": name.family,
              "name-suffix": name.suffix, "affiliation": one_line(institution)}
    return {key: value for key, value in person.items() if value}


# --- zenodo.json -------------------------------------------------------------------------------------------------


def zenodo_json(study: Study) -> str:
    """Zenodo's deposit metadata (`.zenodo.json` in a repository's root, which Zenodo's GitHub integration reads).

    The DOI goes in `related_identifiers` as identical to the deposit, not in `doi`: Zenodo refuses a DOI under its
    own prefix there and mints each release its own."""
    licence = spdx_licence(study.licence)
    creators = [{"name": split_name(author).inverted} | ({"affiliation": one_line(study.institution)}
                                                          if study.institution.strip() else {})
                for author in study.authors if author.strip()]
    data: dict = {
        "upload_type": "dataset",
        "title": full_title(study),
        "creators": creators or [{"name": one_line(study.institution) or "Anonymous"}],
        "description": plain_markdown_html(study.abstract).strip() if study.abstract.strip()
        else f"<p>{html.escape(full_title(study), quote=False)}</p>",
    }
    if release_version(study):
        data["version"] = release_version(study)
    if release_date(study):
        data["publication_date"] = release_date(study)
    keywords = list(dict.fromkeys(one_line(k) for k in study.keywords if k.strip()))
    if keywords:
        data["keywords"] = keywords
    if study.language in LANGUAGES:
        data["language"] = LANGUAGES[study.language]
    if licence:
        data["access_right"] = "open"
        data["license"] = licence
    elif study.licence.strip():
        data["notes"] = f"Licence: {one_line(study.licence)}"
    if study.doi:
        data["related_identifiers"] = [{"identifier": doi_url(study.doi), "relation": "isIdenticalTo",
                                        "resource_type": "dataset"}]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- datapackage.json --------------------------------------------------------------------------------------------


SEGMENTS_SCHEMA = {
    "fields": [
        {"name": "transcript", "type": "string", "description": "The transcript's id (`R5`).",
         "constraints": {"required": True}},
        {"name": "row", "type": "integer", "description": "The row's number as printed (`4` in `(R5:4)`).",
         "constraints": {"required": True, "minimum": 0}},
        {"name": "speaker", "type": "string", "description": "The speaker's id (`PK`, `R5`)."},
        {"name": "text", "type": "string",
         "description": "What was said, as transcribed (a cell a spreadsheet would run as a formula starts with `'`)."},
        {"name": "codes", "type": "string", "description": "The codes applied to the row, joined by `; `."},
    ],
}
REFERENCE_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]*:[0-9]+"
CITATIONS_SCHEMA = {
    "fields": [
        {"name": "page", "type": "string",
         "description": "Where the quote stands on the site, relative to its root (`findings/4-1-strategi/#cite-1`)."},
        {"name": "ref", "type": "string",
         "description": "The reference as written (`R5:4`); empty for a quotation without a citation.",
         "constraints": {"pattern": REFERENCE_PATTERN}},
        {"name": "quote", "type": "string", "description": "The quoted passage, or empty for a paraphrase."},
        {"name": "status", "type": "string", "description": "The quote check's verdict.",
         "constraints": {"required": True,
                         "enum": ["exact", "differs", "not-found", "no-quote", "unresolved", "uncited"]}},
        {"name": "detail", "type": "string", "description": "Why, in one line, when the quote is not exact."},
        {"name": "suggestion", "type": "string",
         "description": "For a quotation without a citation, the row it was found in (`R4:39`); else empty.",
         "constraints": {"pattern": REFERENCE_PATTERN}},
    ],
}
RESOURCES = (
    (urls.SEGMENTS_CSV, "segments", "csv", "text/csv", SEGMENTS_SCHEMA,
     "Every transcript row: transcript, row number, speaker, text and codes."),
    (urls.CITATIONS_CSV, "citations", "csv", "text/csv", CITATIONS_SCHEMA,
     "Every reference of every citation, with the quote check's verdict."),
    (urls.DATA_ZIP, "data", "zip", "application/zip", None,
     "The data files the site is built from, and the description of their format."),
    (urls.STUDY_QDPX, "study", "qdpx", "application/zip", None,
     "The whole study as a REFI-QDA project (QDA-XML 1.0), for NVivo, ATLAS.ti, MAXQDA and QualCoder."),
    (urls.CODEBOOK_QDC, "codebook", "qdc", "application/xml", None, "The codebook as a REFI-QDA codebook."),
    (urls.EVIDENCE_JSONLD, "evidence", "jsonld", "application/ld+json", None,
     "Every claim → quote → cited row as W3C Web Annotations, with verdicts and selectors."),
)
"""The downloads the data package describes: path, name, format, media type, table schema, description."""


def datapackage_json(study: Study, downloads: dict[str, str | bytes], base_url: str = "") -> str:
    """A Frictionless Data Package (v1) describing `downloads` (path → content), with each file's size and SHA-256
    and the CSVs' table schemas. Paths are relative to `downloads/`, where the package itself is served."""
    licence = spdx_licence(study.licence)
    description = study.abstract.strip()
    if study.licence.strip() and not licence:
        description = f"{description}\n\nLicence: {one_line(study.licence)}".strip()
    data: dict = {"profile": "data-package", "name": _package_name(study)}
    if study.doi:
        data["id"] = doi_url(study.doi)
    data["title"] = full_title(study)
    if description:
        data["description"] = description
    if release_version(study):
        data["version"] = release_version(study)
    if release_date(study):
        data["created"] = f"{release_date(study)}T00:00:00Z"
    if site_address(study, base_url):
        data["homepage"] = site_address(study, base_url)
    keywords = list(dict.fromkeys(one_line(k) for k in study.keywords if k.strip()))
    if keywords:
        data["keywords"] = keywords
    contributors = [{"title": one_line(author), "role": "author"}
                    | ({"organization": one_line(study.institution)} if study.institution.strip() else {})
                    for author in study.authors if author.strip()]
    if contributors:
        data["contributors"] = contributors
    if licence:
        data["licenses"] = [{"name": licence, "path": f"https://spdx.org/licenses/{licence}.html"}]
    resources = []
    for path, name, fmt, mediatype, schema, about in RESOURCES:
        if path not in downloads:
            continue
        content = downloads[path]
        raw = content.encode("utf-8") if isinstance(content, str) else content
        resource: dict = {"name": name, "path": path.rsplit("/", 1)[1], "format": fmt, "mediatype": mediatype,
                          "description": about, "bytes": len(raw), "hash": f"sha256:{hashlib.sha256(raw).hexdigest()}"}
        if schema is not None:
            resource |= {"profile": "tabular-data-resource", "encoding": "utf-8", "schema": schema}
        resources.append(resource)
    data["resources"] = resources
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _package_name(study: Study) -> str:
    """The package's `name`: lower-case letters, digits and `-` (`digitalisering-och-hallbarhet-i-symbios`)."""
    return urls.slugify(study.title)
