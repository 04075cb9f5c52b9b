"""The one place that knows where every page lives and what every anchor is.

These paths and anchors are a public contract: readers cite and share them,
so they must not change from one build to the next. A transcript page is at
`transcripts/<id in lower case>/` and a row at `#<id>-<n>`, for example
`transcripts/r5/#r5-4`. Every renderer asks this module; none builds a path
or an anchor itself.

Page paths are Markdown source paths relative to `docs/` (`transcripts/r5.md`);
MkDocs turns them into directory URLs (`transcripts/r5/`).
"""

from __future__ import annotations

import functools
import posixpath
import re
import unicodedata

from .model import Area, Code, Codebook, Document, FrozenRow, Row, Transcript

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
"""Ids that become file names or anchors: no dots, slashes or spaces, so nothing can escape `docs/`."""

SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
"""Document slugs and derived slugs: lower case letters, digits and hyphens."""

# Top-level names the generator owns; a document slug may not take one.
RESERVED = frozenset(
    {"index", "assets", "search", "findings", "transcripts", "codebook", "participants",
     "downloads", "source-check", "analysis", "find", "404", "sitemap", "releases"}
)

HOME = "index.md"
FINDINGS_INDEX = "findings/index.md"
TRANSCRIPTS_INDEX = "transcripts/index.md"
CODEBOOK_INDEX = "codebook/index.md"
PARTICIPANTS_INDEX = "participants/index.md"
DOWNLOADS_INDEX = "downloads/index.md"
SOURCE_CHECK = "source-check/index.md"
ANALYSIS_INDEX = "analysis/index.md"
COOCCURRENCE = "analysis/cooccurrence.md"
MATRIX_PAGE_SIZE = 25
"""Participants per page of the code × participant matrix, once there are more than `MATRIX_SPLIT_ABOVE`."""
MATRIX_SPLIT_ABOVE = 30
SEGMENTS_CSV = "downloads/segments.csv"
CITATIONS_CSV = "downloads/citations.csv"
DATA_ZIP = "downloads/data.zip"
STUDY_QDPX = "downloads/study.qdpx"
"""The whole study as a REFI-QDA project, for NVivo, ATLAS.ti, MAXQDA and QualCoder (`qualsite.refiqda`)."""
CODEBOOK_QDC = "downloads/codebook.qdc"
"""The codebook as a REFI-QDA codebook."""
EVIDENCE_JSONLD = "downloads/evidence.jsonld"
"""Every reference of every citation as a W3C Web Annotation: claim → quote → row, status and selectors."""
CITATION_CFF = "downloads/CITATION.cff"
"""The study's citation metadata in the Citation File Format 1.2.0."""
ZENODO_JSON = "downloads/zenodo.json"
"""Zenodo's deposit metadata; `.zenodo.json` in a repository's root (MkDocs skips dotfiles, so it is served bare)."""
DATAPACKAGE_JSON = "downloads/datapackage.json"
"""A Frictionless Data Package describing the downloads, with the CSVs' table schemas."""
STYLESHEET = "assets/qualsite.css"
RELEASES_INDEX = "releases/index.md"
"""The list of the study's releases, each with its date and what changed."""
_VERSION = re.compile(r"[0-9]+(\.[0-9]+){0,3}")


def is_safe_id(value: str) -> bool:
    """Whether `value` may become part of a file name or anchor."""
    return bool(SAFE_ID.fullmatch(value))


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """A stable ASCII slug: `4.1.1 Undertema 1.1: Digitaliseringsstrategi` → `4-1-1-undertema-1-1-digitaliseringsstrategi`.

    Swedish letters fold to their base letter (å, ä → a; ö → o), so slugs stay
    readable in URLs without percent-encoding.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:80].rstrip("-") or "section"


# --- Pages ------------------------------------------------------------------------


def transcript_page(transcript: Transcript | str) -> str:
    """`transcripts/r5.md` for transcript `R5`."""
    return f"transcripts/{_lower_id(transcript)}.md"


def document_page(document: Document) -> str:
    """`findings/4-1-strategi.md` for a finding, `metod.md` for another chapter."""
    _check_slug(document.slug)
    return f"findings/{document.slug}.md" if document.kind == "finding" else f"{document.slug}.md"


def code_page(code: Code | str) -> str:
    """`codebook/digmed.md` for code `DIGMED` (`SHÅLL` → `codebook/shall.md`)."""
    return f"codebook/{code_slug(code)}.md"


def participant_page(participant_id: str) -> str:
    """`participants/r1.md`: the participant's profile."""
    return f"participants/{_lower_id(participant_id)}.md"


def analysis_matrix_page(number: int = 1) -> str:
    """`analysis/index.md` for the first page of the code × participant matrix, `analysis/matrix-2.md` for the second.

    Studies with many participants get their matrix split into pages of `MATRIX_PAGE_SIZE` participants.
    """
    if number < 1:
        raise ValueError(f"matrix pages count from 1, not {number}")
    return ANALYSIS_INDEX if number == 1 else f"analysis/matrix-{number}.md"


def pair_page(code_a: Code | str, code_b: Code | str) -> str:
    """`analysis/pairs/digmed/shall.md`: the rows coded with both codes. The slugs sort, so (A, B) and (B, A) share it."""
    first, second = sorted((code_slug(code_a), code_slug(code_b)))
    if first == second:
        raise ValueError(f"a code pairs with another code, not itself: {first!r}")
    return f"analysis/pairs/{first}/{second}.md"


def code_slug(code: Code | str) -> str:
    """Slug of a code id; the loader rejects codebooks where two codes share one."""
    return slugify(code if isinstance(code, str) else code.id)


def area_slug(area: Area) -> str:
    """Slug of an area, used in CSS class names (`qs-area-hallbarhet`)."""
    return area.id


def forward_page(version: str, page: str) -> str:
    """`v1.0/transcripts/r5/index.html`: a static page served at the address of `release_page(version, page)` that
    forwards to the current `page`. MkDocs copies it as it is (no theme), so a release of an unchanged transcript
    costs a few hundred bytes, not a rendered page."""
    return site_url(release_page(version, page)) + "index.html"


def release_anchor(version: str) -> str:
    """`v1-0`: the section of the releases page about version 1.0."""
    release_page(version, HOME)  # the same check of the version
    return "v" + version.replace(".", "-")


def release_page(version: str, page: str) -> str:
    """`v1.0/transcripts/r5.md`: `page` as release 1.0 published it. Every release keeps the current layout under
    its own folder, so an anchor that was valid in a release stays valid under that release's address."""
    if not _VERSION.fullmatch(version):
        raise ValueError(f"unsafe version reached urls: {version!r}")  # the loader must have rejected it
    return f"v{version}/{page}"


# --- Anchors ----------------------------------------------------------------------


def row_anchor(row: Row | FrozenRow) -> str:
    """`r5-4` for row 4 of R5; `r4-52-2` for the second row printed as 52."""
    return place_anchor(row.transcript, row.n, row.occurrence)


def place_anchor(transcript: str, n: int, occurrence: int = 1) -> str:
    """The anchor of the row at a place (transcript, number, occurrence), in any version: `r4-52-2`."""
    base = f"{_lower_id(transcript)}-{n}"
    return base if occurrence == 1 else f"{base}-{occurrence}"


def interview_anchor(transcript: Transcript | str) -> str:
    """`interview-r1`: the section of a code page listing the code's rows in transcript R1."""
    return f"interview-{_lower_id(transcript)}"


def code_anchor(code: Code | str) -> str:
    """`code-digmed`: a code's line in the analysis tables and profiles."""
    return f"code-{code_slug(code)}"


def citation_anchor(ordinal: int) -> str:
    """`cite-3` for a document's third citation."""
    return f"cite-{ordinal}"


def quote_anchor(ordinal: int) -> str:
    """`quote-3`: the start of the quote a document's third citation backs (the whole quote, up to and including the
    citation; just the citation when it backs no quote). A row's "cited in" links and the way back from a row lead
    here, so a long quote is seen from its first word; `citation_anchor` stays on the citation itself."""
    return f"quote-{ordinal}"


def heading_anchor(text: str) -> str:
    """Anchor of a heading in a document; renderers de-duplicate with `unique_anchor`."""
    return slugify(text)


def unique_anchor(anchor: str, taken: set[str]) -> str:
    """`anchor`, or `anchor-2`, `anchor-3`… if already taken; records the result in `taken`."""
    candidate, n = anchor, 1
    while candidate in taken:
        n += 1
        candidate = f"{anchor}-{n}"
    taken.add(candidate)
    return candidate


# --- Links ------------------------------------------------------------------------


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative Markdown link target from one page source to another (`../transcripts/r5.md#r5-4`).

    MkDocs validates these and rewrites them to directory URLs, so a broken one fails the strict build.
    """
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


def row_link(from_page: str, row: Row) -> str:
    """Link from a page to a transcript row."""
    return link(from_page, transcript_page(row.transcript), row_anchor(row))


def site_url(page: str, anchor: str = "") -> str:
    """The URL path MkDocs serves a page source at, relative to the site root (`transcripts/r5/#r5-4`)."""
    if page.endswith("index.md"):
        path = page[: -len("index.md")]
    elif page.endswith(".md"):
        path = page[: -len(".md")] + "/"
    else:
        path = page
    return f"{path}#{anchor}" if anchor else path


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link target for raw HTML, relative to the URL MkDocs serves `from_page` at (`../../transcripts/r5/#r5-4`).

    MkDocs rewrites only Markdown links; raw HTML keeps its `href` as written, so it must already point at the
    served URL. Assumes MkDocs' default `use_directory_urls: true` (`transcripts/r5.md` → `transcripts/r5/`).
    """
    target = _served_relpath(from_page, to_page)
    if not target:
        return f"#{anchor}" if anchor else "./"
    return f"{target}#{anchor}" if anchor else target


def _served_relpath(from_page: str, to_page: str) -> str:
    """The relative URL between two served pages, or "" for the same page.

    Served URLs are directories (`transcripts/r5/`) or files (`downloads/segments.csv`) under one root, so the
    relative URL is "up to the common folder, then down": no file system, no `posixpath.relpath`, which was a
    fifth of rendering a large corpus."""
    here, depth, top = _served(from_page)
    there, _, there_top = _served(to_page)
    if here == there:
        return ""
    if top != there_top:  # most links go to another part of the site: no folder in common, nothing to compare
        return "../" * depth + there or "./"
    return _served_relpath_within(here, there)


@functools.lru_cache(maxsize=65536)
def _served(page: str) -> tuple[str, int, str]:
    """A page's served URL, how many folders deep it is, and its first folder ("" for none). Cached: 200,000 links
    of a large corpus come from and go to a few thousand pages."""
    url = site_url(page)
    parts = url.split("/")
    return url, sum(1 for part in parts if part), parts[0] if len(parts) > 1 else ""


@functools.lru_cache(maxsize=65536)
def _served_relpath_within(here: str, there: str) -> str:
    here_parts = [part for part in here.split("/") if part]
    there_parts = there.split("/")  # a directory URL ends in "", a file URL in its name
    common = 0
    while common < min(len(here_parts), len(there_parts) - 1) and here_parts[common] == there_parts[common]:
        common += 1
    return "../" * (len(here_parts) - common) + "/".join(there_parts[common:]) or "./"


def permalink(base_url: str, version: str, page: str, anchor: str = "") -> str:
    """The address to cite `page` (and `anchor`) by: under the release's folder when the study has a version
    (`https://…/v1.0/transcripts/r5/#r5-4`), so the words it points at never change; else the page's own address.
    Relative to the site root when the study names no `base_url`."""
    target = site_url(release_page(version, page) if version else page, anchor)
    return f"{base_url.rstrip('/')}/{target}" if base_url else target


def evidence_id(document_slug: str, ordinal: int, number: int) -> str:
    """`4-1-strategi-cite-3-2`: in `downloads/evidence.jsonld`, the annotation of the second reference of a document's
    third citation."""
    _check_slug(document_slug)
    return f"{document_slug}-{citation_anchor(ordinal)}-{number}"


CITE_PARAM = "cite"
"""The query parameter of a citation's link to its row (`?cite=4-3-social-hallbarhet.1`): it names the citation, so
the transcript page's script marks the words that citation quotes, among all that cite the row."""


def citation_key(document_slug: str, ordinal: int) -> str:
    """`4-3-social-hallbarhet.1`: a document's first citation, as its link to a row names it (`CITE_PARAM`); a slug
    holds no dot, so the key reads back unambiguously."""
    _check_slug(document_slug)
    return f"{document_slug}.{ordinal}"


def cited_row_href(from_page: str, row: Row, document_slug: str, ordinal: int, text_fragment: str = "") -> str:
    """A citation's link to its row (`../../transcripts/r1/?cite=4-3-social-hallbarhet.1#r1-12`), naming the
    citation; `text_fragment`, when given, is an encoded text directive (`text=hur%20ser,alla`) that browsers
    without the site's script scroll to and highlight (`#r1-12:~:text=…`)."""
    target = _served_relpath(from_page, transcript_page(row.transcript)) or "./"
    fragment = row_anchor(row) + (f":~:{text_fragment}" if text_fragment else "")
    return f"{target}?{CITE_PARAM}={citation_key(document_slug, ordinal)}#{fragment}"


def source_check_anchor(document_slug: str, ordinal: int) -> str:
    """`check-4-1-strategi-3`: the source-check entry of a document's third citation."""
    _check_slug(document_slug)
    return f"check-{document_slug}-{ordinal}"


def uncited_anchor(index: int) -> str:
    """`uncited-2`: the source-check entry of the second quotation without a citation."""
    return f"uncited-{index}"


def codebook_slugs(codebook: Codebook) -> dict[str, list[str]]:
    """Code ids grouped by slug: any group of two or more would share a page, which the loader reports."""
    groups: dict[str, list[str]] = {}
    for code in codebook.codes:
        groups.setdefault(code_slug(code), []).append(code.id)
    return groups


def _lower_id(value: Transcript | str) -> str:
    """The id in lower case, as paths and anchors hold it, once it is known to be safe."""
    return _safe_lower(value if isinstance(value, str) else value.id)


@functools.lru_cache(maxsize=65536)
def _safe_lower(ident: str) -> str:
    # Cached: a large corpus asks for the same thousand ids half a million times (every row anchor and link).
    if not is_safe_id(ident):
        raise ValueError(f"unsafe id reached urls: {ident!r}")  # the loader must have rejected it
    return ident.lower()


def _check_slug(slug: str) -> None:
    if not SAFE_SLUG.fullmatch(slug) or slug in RESERVED:
        raise ValueError(f"unsafe slug reached urls: {slug!r}")  # the loader must have rejected it
