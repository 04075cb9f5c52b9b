"""What every renderer needs to know, computed once: indexes from rows to citations and from codes to rows.

Built in one pass over the data so that pages stay linear in the size of the
corpus (a transcript page asks `citing(row)` in constant time; it never scans
all citations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Hashable, Mapping, Sequence, TypeVar

from ..citations import ParsedDocument, parsed_document
from ..labels import Labels, labels
from ..memo import Memo, remembered
from ..model import Area, CheckedCitation, Code, Document, Evidence, Project, Row, Speaker, Transcript
from ..problems import Problem

if TYPE_CHECKING:
    from ..selectors import CitedPassage

T = TypeVar("T")
RowKey = tuple[str, int, int]
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK_COLOUR = "#757575"
_MISSING = object()


def row_key(row: Row) -> RowKey:
    """Identity of a row: transcript, printed number, occurrence."""
    return (row.transcript, row.n, row.occurrence)


@dataclass(frozen=True)
class Context:
    """The project, its evidence and the indexes derived from them. Read-only."""

    project: Project
    evidence: Evidence
    warnings: tuple[Problem, ...]
    labels: Labels
    documents: Mapping[str, Document]
    checked: Mapping[tuple[str, int], CheckedCitation]
    citing_rows: Mapping[RowKey, tuple[CheckedCitation, ...]]
    rows_by_code: Mapping[str, tuple[Row, ...]]
    codes: Mapping[str, Code]
    areas: Mapping[str, Area]
    speakers: Mapping[tuple[str, str], Speaker]
    transcripts_by_participant: Mapping[str, Transcript]
    base_url: str = ""
    """The site's own address (`mkdocs.yml`'s `site_url`), or "" when unknown: permalinks are then relative."""
    passages: Mapping[tuple[str, int, RowKey], CitedPassage] = field(default_factory=dict)
    """The passage each citation quotes in each row it cites, by (document slug, ordinal, row): previews and the
    marks on a transcript page select the same words (`selectors.cited_passages`)."""
    cited: tuple[CitedPassage, ...] = ()
    """Every one of those passages, in citation then reference order (`selectors.cited_passages`), as
    `downloads/evidence.jsonld` lists them."""
    citations_by_transcript: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    """Transcript id → the positions in `evidence.citations` of the citations citing a row of it, in order."""
    memo: Memo | None = field(default=None, compare=False)
    """What the last build rendered (`qualsite.memo`), for renderers to reuse the pages whose inputs are unchanged;
    None for a one-off build."""
    site_wide: tuple = ()
    """What any page may read besides its own data: the study, codebook, participants, releases, the documents'
    titles and addresses, the site's address. A page is reused only if these are unchanged too (`page`)."""
    utf8: bool = False
    """Whether the kinds with many large pages hand each page over as UTF-8 bytes as soon as it is made (`whole`)."""
    fragments: dict = field(default_factory=dict, compare=False, repr=False)
    """Pieces of HTML that many pages show alike (a code's chip, a link to a row, a row's passage), made once per
    build and kept here by what they are made of, so that they die with the build (`fragment`)."""

    def page(self, name: Hashable, inputs: tuple, render: Callable[[], T]) -> T:
        """`render()`, or the page it gave at the last build if `inputs` and `site_wide` are unchanged. `inputs`
        must hold everything the page reads from the project and the evidence beyond `site_wide`."""
        return remembered(self.memo, ("page", name), (self.site_wide, inputs), render)

    def whole(self, name: Hashable, inputs: tuple, render: Callable[[], str]) -> str | bytes:
        """`page`, for a page of its own (a transcript's, a code's…): as UTF-8 bytes when `utf8`. A one-off build
        keeps its pages as bytes (`build._utf8`); encoded here, each page's text is freed before the next is made,
        and the next reuses its memory, where texts encoded a kind at a time leave holes the heap keeps."""
        page = self.page(name, inputs, render)
        return page.encode("utf-8") if self.utf8 else page

    def fragment(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, made once per build under `key`, which must name everything it is made of (`fragments`)."""
        found = self.fragments.get(key, _MISSING)
        if found is _MISSING:
            found = self.fragments[key] = make()
        return found  # type: ignore[return-value]

    def parsed(self, document: Document) -> ParsedDocument:
        """`document` parsed: as the checks parsed it, or (for a document they did not read) parsed now, once per
        build and, with a memo, once per change (`citations.parsed_document`). Renderers must not change its
        tokens: the checks' findings and the findings index read the same ones."""
        found = self.evidence.parsed_as_checked(document)
        return found if found is not None else parsed_document(document, self.memo)

    @property
    def language(self) -> str:
        """The study's language, in which the site says everything (`labels.say`)."""
        return self.project.study.language

    def citing(self, row: Row) -> tuple[CheckedCitation, ...]:
        """Citations pointing at `row`, in document then reading order."""
        return self.citing_rows.get(row_key(row), ())

    def citing_in(self, transcript: Transcript) -> tuple:
        """What the citations of rows of `transcript` show on any page but the source check, row by row: the key
        of a page that shows them (`page`)."""
        return tuple((row_key(row), tuple(unplaced(item) for item in self.citing(row)))
                     for row in transcript.rows if row_key(row) in self.citing_rows)

    def citations_of(self, transcripts: frozenset[str]) -> list[CheckedCitation]:
        """The citations citing a row of any of these transcripts, in document then reading order."""
        at = sorted({i for t in transcripts for i in self.citations_by_transcript.get(t, ())})
        return [self.evidence.citations[i] for i in at]

    def checked_citation(self, slug: str, ordinal: int) -> CheckedCitation | None:
        """The checked citation number `ordinal` of document `slug`, if the checks produced one."""
        return self.checked.get((slug, ordinal))

    def passage(self, slug: str, ordinal: int, row: Row) -> CitedPassage | None:
        """The passage citation `ordinal` of document `slug` quotes in `row`, if it cites that row."""
        return self.passages.get((slug, ordinal, row_key(row)))

    def area_of(self, code_id: str) -> Area | None:
        """The area of a code, or None for a code not in the codebook."""
        code = self.codes.get(code_id)
        return self.areas.get(code.area) if code else None

    def colour_of(self, code_id: str) -> str:
        """The `#rrggbb` colour of a code's area; a neutral grey when unknown or malformed."""
        area = self.area_of(code_id)
        return area_colour(area) if area else FALLBACK_COLOUR

    def speaker_of(self, row: Row) -> Speaker | None:
        """The declared speaker of a row."""
        return self.speakers.get((row.transcript, row.speaker))

    def transcript_of(self, participant_id: str) -> Transcript | None:
        """The transcript of a participant (the first, should they have several)."""
        return self.transcripts_by_participant.get(participant_id)


def unplaced(item: CheckedCitation) -> tuple:
    """A citation as any page but the source check shows it: everything but the lines it stands on in its document,
    so that a sentence added above a quote does not make every page citing it stale."""
    citation = item.citation
    return (citation.document, citation.ordinal, tuple((r.transcript, r.n) for r in citation.references),
            citation.section_id, citation.section_title, citation.quote, item.rows, item.status, item.detail, item.diff)


def area_colour(area: Area) -> str:
    """The area's `#rrggbb` colour, or a neutral grey if it is malformed (it lands in a `style` attribute)."""
    return area.colour if COLOUR.fullmatch(area.colour) else FALLBACK_COLOUR


def build_context(
    project: Project, evidence: Evidence, warnings: Sequence[Problem], *, base_url: str = "", memo: Memo | None = None,
    utf8: bool = False,
) -> Context:
    """Index the project and evidence once (with a `memo`, each index only when what it indexes changed). `utf8`:
    see `Context.whole`."""
    rows = remembered(memo, "context-rows", (project.transcripts,), lambda: _row_indexes(project))
    cited = _cited_passages(evidence, memo)
    citations = remembered(memo, "context-citations", (evidence.citations,), lambda: _citation_indexes(evidence, cited))
    return Context(
        project=project,
        evidence=evidence,
        warnings=tuple(p for p in warnings),
        labels=labels(project.study.language),
        documents={d.slug: d for d in project.documents},
        **citations,
        **rows,
        codes={c.id: c for c in project.codebook.codes},
        areas={a.id: a for a in project.codebook.areas},
        base_url=base_url,
        memo=memo,
        utf8=utf8,
        site_wide=_site_wide(project, base_url),
    )


def _site_wide(project: Project, base_url: str) -> tuple:
    documents = tuple((d.kind, d.slug, d.title, d.number, d.order) for d in project.documents)
    every = (project.study, project.codebook, project.participants, project.releases, project.moves, base_url, documents)
    # A study with releases shows each row's earlier texts and the rows that moved, which `history` works out from
    # the whole study: every page then depends on all of it (slower edits, never a stale page).
    return every + ((project.transcripts, project.documents) if project.releases else ())


def _cited_passages(evidence: Evidence, memo: Memo | None) -> tuple[CitedPassage, ...]:
    """`selectors.cited_passages` of every citation, worked out document by document: with a `memo`, only for the
    documents whose citations changed."""
    # Imported here: selectors needs the checks package, whose release checks import selectors in turn.
    from ..selectors import cited_passages

    by_document: dict[str, list[CheckedCitation]] = {}
    for item in evidence.citations:
        by_document.setdefault(item.citation.document, []).append(item)
    found: list[CitedPassage] = []
    for slug, items in by_document.items():
        found += remembered(memo, ("passages", slug), (tuple(items),), lambda: cited_passages(tuple(items), memo))
    return tuple(found)


def _citation_indexes(evidence: Evidence, cited: tuple[CitedPassage, ...]) -> dict[str, Mapping | tuple]:
    citing: dict[RowKey, list[CheckedCitation]] = {}
    checked: dict[tuple[str, int], CheckedCitation] = {}
    by_transcript: dict[str, dict[int, None]] = {}
    for at, item in enumerate(evidence.citations):
        checked[(item.citation.document, item.citation.ordinal)] = item
        for row in item.rows:
            if row is not None:
                by_transcript.setdefault(row.transcript, {})[at] = None
        seen: set[RowKey] = set()
        for row in item.rows:
            if row is not None and row_key(row) not in seen:
                seen.add(row_key(row))
                citing.setdefault(row_key(row), []).append(item)
    return {
        "checked": checked,
        "citing_rows": {k: tuple(v) for k, v in citing.items()},
        "citations_by_transcript": {k: tuple(v) for k, v in by_transcript.items()},
        "passages": {(p.citation.citation.document, p.citation.citation.ordinal, row_key(p.row)): p
                     for p in reversed(cited)},
        "cited": cited,
    }


def _row_indexes(project: Project) -> dict[str, Mapping]:
    by_code: dict[str, list[Row]] = {}
    speakers: dict[tuple[str, str], Speaker] = {}
    for transcript in project.transcripts:
        for speaker in transcript.speakers:
            speakers.setdefault((transcript.id, speaker.id), speaker)
        for row in transcript.rows:
            for code in row.codes:
                by_code.setdefault(code, []).append(row)
    return {
        "rows_by_code": {k: tuple(v) for k, v in by_code.items()},
        "speakers": speakers,
        "transcripts_by_participant": {t.participant: t for t in reversed(project.transcripts)},
    }
